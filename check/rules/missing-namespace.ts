/**
 * When the manifests create their namespaces, every object they put in a namespace needs one
 * of them (or one the cluster has from the start): `kubectl apply` refuses an object whose
 * namespace does not exist, so a renamed Namespace leaves every object of the old name
 * unapplied.
 */
import type { ObjectView } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

/** The namespaces every cluster has: Kubernetes creates them itself. */
const BUILT_IN = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Kubernetes' cluster-scoped kinds, as `kubectl api-resources --namespaced=false` lists them
 * (1.32): the API server ignores a namespace written on one (Helm charts write
 * `namespace: {{ .Release.Namespace }}` on their ClusterRoles), so it needs no Namespace.
 */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ComponentStatus',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'VolumeAttributesClass',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'IPAddress',
  'ServiceCIDR',
  'CustomResourceDefinition',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'CertificateSigningRequest',
  'ClusterTrustBundle',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'SelfSubjectReview',
  'TokenReview',
  'SubjectAccessReview',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
]);

/** The kinds the manifests' CustomResourceDefinitions make cluster-scoped (`spec.scope: Cluster`). */
function clusterScopedCustomKinds(objects: ObjectView[]): Set<string> {
  const kinds = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || o.get(['spec', 'scope']) !== 'Cluster') continue;
    const kind = o.get(['spec', 'names', 'kind']);
    const group = o.get(['spec', 'group']);
    if (typeof kind === 'string' && typeof group === 'string') kinds.add(`${group}/${kind}`);
  }
  return kinds;
}

/** The namespace an object's own metadata names; null when it leaves it to kubectl. */
function written(o: ObjectView): string | null {
  const ns = (o.obj.metadata as { namespace?: unknown } | undefined)?.namespace;
  return typeof ns === 'string' && ns ? ns : null;
}

export default defineRule({
  meta: {
    id: 'missing-namespace',
    code: 'INCONSISTENT',
    description:
      'The manifests create their namespaces, but an applied namespaced object is in a namespace no Namespace manifest creates (and not one every cluster has): kubectl refuses it. A cluster-scoped object (a built-in kind, or a custom one whose CRD says `scope: Cluster`) needs none.',
    messages: {
      missing:
        '{{count}} in namespace `{{namespace}}`, which no Namespace manifest creates; the first is {{kind}} `{{name}}`. The manifests create {{created}}.',
    },
    hints: {
      missing:
        'Create the namespace with a Namespace manifest, or move the objects to one that exists.',
    },
    fix: 'Create the namespace, or move the objects to one that exists.',
    docs: '#rule-missing-namespace',
  },
  create(context) {
    return {
      configEnd() {
        const applied = [...context.result.load.applied.objects];
        const namespaces = applied.filter((o) => o.kind === 'Namespace');
        if (!namespaces.length) return;
        const created = new Set(namespaces.map((o) => o.name));
        const orphans = new Map<string, ObjectView[]>();
        const customCluster = clusterScopedCustomKinds(context.result.load.objects);
        const clusterScoped = (o: ObjectView) => {
          const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
          // Kubernetes' own groups: the core group, `apps`, `batch`…, and those under k8s.io.
          const own = !group.includes('.') || group.endsWith('.k8s.io');
          return customCluster.has(`${group}/${o.kind}`) || (own && CLUSTER_SCOPED.has(o.kind));
        };
        for (const o of applied) {
          const ns = written(o);
          if (!ns || created.has(ns) || BUILT_IN.has(ns) || clusterScoped(o)) continue;
          (orphans.get(ns) ?? orphans.set(ns, []).get(ns)!).push(o);
        }
        const first = namespaces[0].loc(['metadata', 'name']);
        for (const [namespace, objects] of orphans) {
          const at = objects[0].loc(['metadata', 'namespace']);
          context.report({
            messageId: 'missing',
            data: {
              count: objects.length === 1 ? '1 object is' : `${objects.length} objects are`,
              namespace,
              kind: objects[0].kind,
              name: objects[0].name,
              created: [...created].map((n) => `\`${n}\``).join(', '),
            },
            file: at.file,
            line: at.line,
            config: { file: first.file, line: first.line },
          });
        }
      },
    };
  },
});
