/**
 * Lookups several rules need, built once per run: which applied pods a
 * selector picks, which ports they declare, where a field of an object sits
 * in its manifest.
 */
import type {
  ConfigMap,
  ExtractResult,
  Hpa,
  LabelSelector,
  ObjectView,
  PathSeg,
  Position,
  Pvc,
  Role,
  Secret,
  Source,
  Workload,
} from '../engine/index.ts';
import { FactsIndex } from './lib/facts-index.ts';
import { literalMatcher, type Literal, type Matcher } from './lib/literals.ts';
import { runningContainers, selects, selectsPodOf } from '../engine/index.ts';

/** The objects a pod names by kind, namespace and name. */
interface Declared {
  ConfigMap: ConfigMap;
  Secret: Secret;
  PersistentVolumeClaim: Pvc;
}

/** Labels a controller puts on each pod, never on the template (engine/selector.ts). */
const CONTROLLER_LABELS = new Set([
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
]);
/** The ClusterRoles every cluster has that allow creating pods, workloads and Secrets in a namespace. */
const BUILT_IN_WRITERS = ['cluster-admin', 'admin', 'edit'];
/** What makes pods: the pods themselves and the workloads whose controllers run them. */
const POD_MAKERS = [
  '/pods',
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'apps/replicasets',
  'batch/jobs',
  'batch/cronjobs',
];
/** The ConfigMap the root CA publisher puts in every namespace (Kubernetes 1.21 and later). */
const ROOT_CA = 'kube-root-ca.crt';
const namespace_ = (ns: string) => `${ns}\u0000`;
const pair = (ns: string, k: string, v: string) => `${ns}\u0000${k}=${v}`;

/** Every `labels` mapping of string values in a value, a few levels deep. */
function labelSets(value: unknown, out: Record<string, string>[], depth: number): void {
  if (depth > 8 || !value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const set = v && typeof v === 'object' && !Array.isArray(v) ? Object.values(v) : [];
    if (k === 'labels' && set.length && set.every((x) => typeof x === 'string'))
      out.push(v as Record<string, string>);
    else labelSets(v, out, depth + 1);
  }
}

export class Shared {
  readonly result: ExtractResult;
  private matcher: Matcher | null = null;
  private index: FactsIndex | null = null;
  private readonly scanned = new Map<string, Literal[]>();
  private views: Map<string, ObjectView[]> | null = null;
  private declarations: Map<string, Declared[keyof Declared]> | null = null;
  private readonly memo = new WeakMap<object, Map<string, unknown>>();
  /** Counters for `--stats`, filled by the rules as they run. */
  readonly stats = { literals: 0, marked: 0 };

  constructor(result: ExtractResult) {
    this.result = result;
  }

  /**
   * Applied workloads in a namespace whose pod labels the selector matches. The whole selector,
   * labels and expressions together: half of one selects pods the object does not.
   */
  podsOf(namespace: string, selector: LabelSelector): Workload[] {
    return this.candidates(namespace, selector).filter((w) => selectsPodOf(selector, w));
  }

  /**
   * Whether a selector picks the pods an operator may make from an applied custom resource of the
   * namespace: a `labels` mapping anywhere in the resource's spec is the labels its pods get
   * (prometheus-operator's `spec.podMetadata.labels`, Argo Rollouts' `spec.template.metadata.labels`).
   * The operator's pods are not in the manifests, so a selector no workload matches proves nothing
   * when it matches these; nor in a namespace where a workload may create pods or workloads
   * (creatable), whose labels only its code knows.
   */
  operatorPods(namespace: string, selector: LabelSelector): boolean {
    if (!this.customLabels) {
      this.customLabels = new Map();
      const applied = this.result.load.applied.objects;
      for (const o of this.result.load.objects) {
        const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
        // Kubernetes' own groups end in k8s.io (a CRD's schema has `labels` properties of its own).
        if (!group.includes('.') || group.endsWith('.k8s.io') || !applied.has(o)) continue;
        const sets = this.customLabels.get(o.namespace) ?? [];
        labelSets(o.get(['spec']), sets, 0);
        this.customLabels.set(o.namespace, sets);
      }
    }
    if ((this.customLabels.get(namespace) ?? []).some((labels) => selects(selector, labels)))
      return true;
    return this.creatable(POD_MAKERS).has(namespace);
  }
  private customLabels: Map<string, Record<string, string>[]> | null = null;

  /**
   * The applied workloads of a namespace that can match a selector: those whose template has one
   * of its `matchLabels` pairs, else all of them. A label a controller adds to each pod (a
   * StatefulSet pod's name) is on no template, so it picks no candidates. In workload order.
   */
  private candidates(namespace: string, selector: LabelSelector): Workload[] {
    if (!this.pods) {
      this.pods = new Map();
      for (const w of this.result.extracted.workloads) {
        if (!w.applied) continue;
        const keys = [
          namespace_(w.namespace),
          ...Object.entries(w.podLabels).map(([k, v]) => pair(w.namespace, k, v)),
        ];
        for (const key of keys) {
          const list = this.pods.get(key);
          if (list) list.push(w);
          else this.pods.set(key, [w]);
        }
      }
    }
    const all = this.pods.get(namespace_(namespace)) ?? [];
    const lists = Object.entries(selector.matchLabels)
      .filter(([k]) => !CONTROLLER_LABELS.has(k))
      .map(([k, v]) => this.pods!.get(pair(namespace, k, v)) ?? []);
    return lists.length ? lists.reduce((a, b) => (b.length < a.length ? b : a)) : all;
  }
  private pods: Map<string, Workload[]> | null = null;

  /**
   * The namespaces the manifests own: those they declare a Namespace or a ServiceAccount in.
   * Elsewhere (kube-system) objects come with the cluster or another install, so a name the
   * manifests do not define there proves nothing.
   */
  ownedNamespaces(): ReadonlySet<string> {
    return (this.owned ??= new Set([
      ...this.result.load.objects.filter((o) => o.kind === 'Namespace').map((o) => o.name),
      ...this.result.extracted.serviceAccounts.map((s) => s.namespace),
    ]));
  }
  private owned: Set<string> | null = null;

  /** A value derived from a node of the book, computed once a run whichever rules ask. */
  once<T>(node: object, what: string, make: () => T): T {
    let m = this.memo.get(node);
    if (!m) this.memo.set(node, (m = new Map()));
    if (!m.has(what)) m.set(what, make());
    return m.get(what) as T;
  }

  /** The workload an HPA scales, when the manifests define it; the applied one when a copy shares its name. */
  hpaTarget(h: Hpa): Workload | undefined {
    const named = this.result.extracted.workloads.filter(
      (x) => x.namespace === h.namespace && x.kind === h.target.kind && x.name === h.target.name,
    );
    return named.find((x) => x.applied) ?? named[0];
  }

  /** A StatefulSet's volumeClaimTemplates, which give each pod a volume of their name. */
  claimTemplates(w: Workload): string[] {
    if (w.kind !== 'StatefulSet') return [];
    const spec = (this.object(w.kind, w.namespace, w.name)?.obj as { spec?: unknown })?.spec;
    const list = (spec as { volumeClaimTemplates?: unknown } | undefined)?.volumeClaimTemplates;
    return Array.isArray(list)
      ? list.flatMap((t) => {
          const name = (t as { metadata?: { name?: unknown } })?.metadata?.name;
          return typeof name === 'string' ? [name] : [];
        })
      : [];
  }

  /** Every port number and port name the workloads' containers and native sidecars declare, as strings. */
  containerPorts(ws: Workload[]): Set<string> {
    return new Set(
      ws.flatMap((w) =>
        runningContainers(w).flatMap((c) =>
          c.ports.flatMap((p) => [String(p.containerPort), p.name ?? '']),
        ),
      ),
    );
  }

  /** The literals in a text (see lib/literals.ts), scanned once whichever rules ask. */
  literals(text: string): Literal[] {
    let found = this.scanned.get(text);
    if (!found) {
      this.matcher ??= literalMatcher(this.result);
      found = this.matcher.scan(text);
      this.scanned.set(text, found);
    }
    return found;
  }

  /** Facts by object and value, to tell which fact a literal states. */
  facts(): FactsIndex {
    return (this.index ??= new FactsIndex(this.result));
  }

  /** Every loaded object of a kind, namespace and name: a copy left out may share them. */
  private objectsNamed(kind: string, namespace: string, name: string): ObjectView[] {
    if (!this.views) {
      this.views = new Map();
      for (const o of this.result.load.objects) {
        const id = `${o.kind}/${o.namespace}/${o.name}`;
        const same = this.views.get(id);
        if (same) same.push(o);
        else this.views.set(id, [o]);
      }
    }
    return this.views.get(`${kind}/${namespace}/${name}`) ?? [];
  }

  /** The loaded object of a kind, namespace and name; the applied one when a copy shares them. */
  object(kind: string, namespace: string, name: string): ObjectView | undefined {
    const all = this.objectsNamed(kind, namespace, name);
    const applied = this.result.load.applied.objects;
    return all.findLast((o) => applied.has(o)) ?? all.at(-1);
  }

  /**
   * The ConfigMap, Secret or PersistentVolumeClaim of a namespace and name the manifests declare;
   * `no` when they declare none, `unknown` for a Secret when the folder has no Secret templates
   * at all (they may be left out on purpose, so a missing one proves nothing).
   */
  declared<K extends keyof Declared>(
    kind: K,
    namespace: string,
    name: string,
  ): Declared[K] | 'no' | 'unknown' {
    const ex = this.result.extracted;
    if (!this.declarations) {
      this.declarations = new Map();
      const all: [keyof Declared, Declared[keyof Declared][]][] = [
        ['ConfigMap', ex.configMaps],
        ['Secret', ex.secrets],
        ['PersistentVolumeClaim', ex.pvcs],
      ];
      // The applied object when a copy the kustomization leaves out shares its name.
      for (const [k, objects] of all)
        for (const o of objects) {
          const at = `${k}/${o.namespace}/${o.name}`;
          const seen = this.declarations.get(at);
          if (!seen || (!seen.applied && o.applied)) this.declarations.set(at, o);
        }
    }
    const found = this.declarations.get(`${kind}/${namespace}/${name}`);
    if (found) return found as Declared[K];
    if (kind === 'ConfigMap' && name === ROOT_CA) return 'unknown';
    if (this.madeOnCluster().has(`${kind}/${namespace}/${name}`)) return 'unknown';
    if (kind === 'Secret' && this.creatable(['/secrets']).has(namespace)) return 'unknown';
    return kind === 'Secret' && !ex.secrets.length ? 'unknown' : 'no';
  }

  /**
   * The Secrets that exist on the cluster without a manifest of their own, as
   * `Secret/namespace/name`: the Secret a cert-manager Certificate names in `spec.secretName`, and the TLS
   * Secrets of an Ingress annotated for cert-manager's ingress-shim, which makes a Certificate
   * for each (https://cert-manager.io/docs/usage/ingress/). Their keys are not known.
   */
  private madeOnCluster(): ReadonlySet<string> {
    if (this.made) return this.made;
    const made = new Set<string>();
    const applied = this.result.load.applied.objects;
    for (const o of this.result.load.objects) {
      if (!applied.has(o)) continue;
      const certManager = o.apiVersion.startsWith('cert-manager.io/');
      if (o.kind === 'Certificate' && certManager) {
        const name = o.get(['spec', 'secretName']);
        if (typeof name === 'string') made.add(`Secret/${o.namespace}/${name}`);
      }
      if (o.kind === 'Ingress' && o.apiVersion.startsWith('networking.k8s.io/')) {
        const ann = o.get(['metadata', 'annotations']) as Record<string, unknown> | undefined;
        const shim =
          ann &&
          (typeof ann['cert-manager.io/issuer'] === 'string' ||
            typeof ann['cert-manager.io/cluster-issuer'] === 'string' ||
            ann['kubernetes.io/tls-acme'] === 'true');
        const tls = o.get(['spec', 'tls']);
        if (shim && Array.isArray(tls))
          for (const t of tls) {
            const name = (t as { secretName?: unknown } | null)?.secretName;
            if (typeof name === 'string') made.add(`Secret/${o.namespace}/${name}`);
          }
      }
    }
    return (this.made = made);
  }
  private made: Set<string> | null = null;

  /**
   * The namespaces where an applied workload may create objects of a kind (`group/resource`, the
   * core group written `/secrets`): its ServiceAccount is bound to a role that allows `create` on
   * it, by a RoleBinding of the namespace, or by a ClusterRoleBinding in the ServiceAccount's own
   * namespace (where a controller makes what it runs). The built-in `cluster-admin`, `admin` and
   * `edit` ClusterRoles allow it. What such a workload makes (Argo CD's redis its `argocd-redis`
   * Secret, Longhorn's manager its instance-manager pods) is in no manifest, so a name or selector
   * the manifests do not match there proves nothing.
   */
  creatable(resources: readonly string[]): ReadonlySet<string> {
    const id = resources.join(' ');
    const known = this.creatables.get(id);
    if (known) return known;
    const ex = this.result.extracted;
    const any = (list: string[], v: string) => list.includes(v) || list.includes('*');
    const grants = (r: Role) =>
      r.applied &&
      r.rules.some(
        (x) =>
          any(x.verbs, 'create') &&
          resources.some((gr) => {
            const [group, resource] = gr.split('/');
            return any(x.apiGroups, group) && any(x.resources, resource);
          }),
      );
    const roleId = (kind: string, namespace: string | null, name: string) =>
      `${kind}/${kind === 'Role' ? namespace : ''}/${name}`;
    const defined = new Set(ex.roles.map((r) => roleId(r.kind, r.namespace, r.name)));
    const roles = new Set(ex.roles.filter(grants).map((r) => roleId(r.kind, r.namespace, r.name)));
    for (const builtIn of BUILT_IN_WRITERS)
      if (!defined.has(roleId('ClusterRole', null, builtIn)))
        roles.add(roleId('ClusterRole', null, builtIn));
    const accounts = new Set(
      ex.workloads
        .filter((w) => w.applied)
        .map((w) => `${w.namespace}/${w.serviceAccountName ?? 'default'}`),
    );
    const found = new Set<string>();
    for (const b of ex.roleBindings) {
      if (!b.applied || !roles.has(roleId(b.roleRef.kind, b.namespace, b.roleRef.name))) continue;
      for (const x of b.subjects) {
        const ns = x.namespace ?? b.namespace;
        if (x.kind !== 'ServiceAccount' || !ns || !accounts.has(`${ns}/${x.name}`)) continue;
        found.add(b.kind === 'RoleBinding' && b.namespace ? b.namespace : ns);
      }
    }
    this.creatables.set(id, found);
    return found;
  }
  private readonly creatables = new Map<string, Set<string>>();

  /**
   * file:line of a field of an object, or `fallback` (the object's own line) when the object is
   * not found. When several objects share the kind, namespace and name, the one at `fallback`.
   */
  at(kind: string, namespace: string, name: string, path: PathSeg[], fallback: Source): Source {
    const { file, line } = this.position(kind, namespace, name, path, fallback);
    return { file, line };
  }

  /** As at(), with the column of the field (1 when only the fallback is known). */
  position(
    kind: string,
    namespace: string,
    name: string,
    path: PathSeg[],
    fallback: Source,
  ): Position {
    const all = this.objectsNamed(kind, namespace, name);
    const here = (o: ObjectView) => {
      const p = o.loc([]);
      return p.file === fallback.file && p.line === fallback.line;
    };
    const o = (all.length > 1 && all.find(here)) || this.object(kind, namespace, name);
    return o ? o.loc(path) : { ...fallback, col: 1 };
  }
}
