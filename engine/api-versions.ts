/**
 * The group/versions at which the API server serves each kind the model reads, so that an object
 * `kubectl apply` would refuse with "no matches for kind … in version …" is told apart from one
 * it applies. The versions are those Kubernetes 1.32 serves; each removed version says the
 * release that stopped serving it, as the Kubernetes deprecated API migration guide lists them
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/):
 *
 * - 1.16 stopped serving Deployment, DaemonSet and ReplicaSet in extensions/v1beta1,
 *   apps/v1beta1 and apps/v1beta2, StatefulSet in apps/v1beta1 and apps/v1beta2, and
 *   NetworkPolicy in extensions/v1beta1;
 * - 1.22: Ingress in extensions/v1beta1 and networking.k8s.io/v1beta1, and the RBAC kinds in
 *   rbac.authorization.k8s.io/v1beta1;
 * - 1.25: CronJob in batch/v1beta1, PodDisruptionBudget in policy/v1beta1, and
 *   HorizontalPodAutoscaler in autoscaling/v2beta1;
 * - 1.26: HorizontalPodAutoscaler in autoscaling/v2beta2.
 *
 * Every version listed here, served or removed, is one kubernetes-models (the OpenAPI models the
 * tests validate manifests/ with) has a model of, and it has no other: a test holds the two
 * together. Traefik serves IngressRoute and Middleware at traefik.io/v1alpha1, and Traefik 2 at
 * traefik.containo.us/v1alpha1 too; k3s's Helm controller serves HelmChartConfig at
 * helm.cattle.io/v1.
 *
 * An object whose group is none of these (a custom resource that shares a kind's name, such as
 * Knative's `serving.knative.dev/v1` Service) is no object of that kind: it is passed over with
 * the other custom resources, and never judged.
 */

interface Served {
  /** Oldest first: the last is the one to write. */
  served: readonly string[];
  /** A version that was served once, with the Kubernetes release that stopped serving it. */
  removed?: Readonly<Record<string, string>>;
}

const APPS_REMOVED = {
  'extensions/v1beta1': '1.16',
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
};
const RBAC: Served = {
  served: ['rbac.authorization.k8s.io/v1'],
  removed: { 'rbac.authorization.k8s.io/v1beta1': '1.22' },
};
const CORE: Served = { served: ['v1'] };
const TRAEFIK: Served = { served: ['traefik.containo.us/v1alpha1', 'traefik.io/v1alpha1'] };

export const API_VERSIONS: Readonly<Record<string, Served>> = {
  Deployment: { served: ['apps/v1'], removed: APPS_REMOVED },
  DaemonSet: {
    served: ['apps/v1'],
    removed: { 'extensions/v1beta1': '1.16', 'apps/v1beta2': '1.16' },
  },
  ReplicaSet: {
    served: ['apps/v1'],
    removed: { 'extensions/v1beta1': '1.16', 'apps/v1beta2': '1.16' },
  },
  StatefulSet: {
    served: ['apps/v1'],
    removed: { 'apps/v1beta1': '1.16', 'apps/v1beta2': '1.16' },
  },
  Job: { served: ['batch/v1'] },
  CronJob: { served: ['batch/v1'], removed: { 'batch/v1beta1': '1.25' } },
  Service: CORE,
  ConfigMap: CORE,
  Secret: CORE,
  ServiceAccount: CORE,
  PersistentVolumeClaim: CORE,
  Ingress: {
    served: ['networking.k8s.io/v1'],
    removed: { 'extensions/v1beta1': '1.22', 'networking.k8s.io/v1beta1': '1.22' },
  },
  NetworkPolicy: { served: ['networking.k8s.io/v1'], removed: { 'extensions/v1beta1': '1.16' } },
  PodDisruptionBudget: { served: ['policy/v1'], removed: { 'policy/v1beta1': '1.25' } },
  HorizontalPodAutoscaler: {
    served: ['autoscaling/v1', 'autoscaling/v2'],
    removed: { 'autoscaling/v2beta1': '1.25', 'autoscaling/v2beta2': '1.26' },
  },
  Role: RBAC,
  ClusterRole: RBAC,
  RoleBinding: RBAC,
  ClusterRoleBinding: RBAC,
  IngressRoute: TRAEFIK,
  Middleware: TRAEFIK,
  HelmChartConfig: { served: ['helm.cattle.io/v1'] },
};

/** The API group of an apiVersion: `apps` of `apps/v1`, the core group `""` of `v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Every group the table names: an object of another group is a custom resource. */
const KNOWN_GROUPS = new Set(
  Object.values(API_VERSIONS).flatMap((s) =>
    [...s.served, ...Object.keys(s.removed ?? {})].map(groupOf),
  ),
);

export type ApiVersionVerdict =
  /**
   * Served; or a kind the table does not list (`unjudged`); or a custom resource of another
   * group that shares a listed kind's name (`custom`), which is no object of that kind.
   */
  | { status: 'served' | 'unjudged' | 'custom' }
  /** Served once; `release` is the Kubernetes release that stopped serving it. */
  | { status: 'removed'; served: readonly string[]; release: string }
  /** Never served for this kind (`apps/v2`, `networking.k8s.io/v2`, `apps/v1` for a Service). */
  | { status: 'unserved'; served: readonly string[] };

/** Whether the API server serves `kind` at `apiVersion`, and if not, why and where it does. */
export function apiVersionVerdict(apiVersion: string, kind: string): ApiVersionVerdict {
  const spec = Object.hasOwn(API_VERSIONS, kind) ? API_VERSIONS[kind] : undefined;
  if (!spec) return { status: 'unjudged' };
  if (!KNOWN_GROUPS.has(groupOf(apiVersion))) return { status: 'custom' };
  if (spec.served.includes(apiVersion)) return { status: 'served' };
  const release =
    spec.removed && Object.hasOwn(spec.removed, apiVersion) ? spec.removed[apiVersion] : null;
  return release
    ? { status: 'removed', served: spec.served, release }
    : { status: 'unserved', served: spec.served };
}
