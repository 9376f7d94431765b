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
      'The manifests create their namespaces, but an applied object is in a namespace no Namespace manifest creates (and not one every cluster has): kubectl refuses it.',
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
        for (const o of applied) {
          const ns = written(o);
          if (!ns || created.has(ns) || BUILT_IN.has(ns)) continue;
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
