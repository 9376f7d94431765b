/**
 * A pod volume must name a Secret, ConfigMap or PersistentVolumeClaim the manifests declare,
 * and each key it projects with `items` must be one that object holds: the kubelet leaves a pod
 * whose volume names a missing key (not `optional`) in ContainerCreating.
 */
import { leftOut, NOT_APPLIED } from '../lib/applied.ts';
import { podSpecPath, workloadAt } from '../lib/locate.ts';
import { defineRule } from '../rule.ts';

const KINDS: Record<string, 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim'> = {
  secret: 'Secret',
  configMap: 'ConfigMap',
  persistentVolumeClaim: 'PersistentVolumeClaim',
};

export default defineRule({
  meta: {
    id: 'dangling-volume',
    code: 'INCONSISTENT',
    description:
      'A pod volume names a Secret, ConfigMap or PersistentVolumeClaim that the manifests do not declare, or projects (`items`) a key that Secret or ConfigMap does not hold.',
    messages: {
      missing:
        '{{kind}} `{{name}}` mounts volume `{{volume}}` from {{refKind}} `{{ref}}`, which no manifest declares.',
      notApplied: `{{kind}} \`{{name}}\` mounts volume \`{{volume}}\` from {{refKind}} \`{{ref}}\`, which is ${NOT_APPLIED}.`,
      key: '{{kind}} `{{name}}` mounts key `{{key}}` of {{refKind}} `{{ref}}` in volume `{{volume}}`, and the {{refKind}} has no such key (it has {{keys}}).',
    },
    hints: {
      missing: 'Declare the {{refKind}} (a Secret as a key-name template) or fix the name.',
      notApplied: "List the {{refKind}}'s file in the kustomization's resources.",
      key: 'Project one of its keys, or add the key to the {{refKind}}.',
    },
    fix: 'Declare the object the volume names (with the keys it projects), or fix the name.',
    docs: '#rule-dangling-volume',
  },
  create(context) {
    const { shared } = context;
    /** A ConfigMap's `binaryData` keys, which the model does not list among its data. */
    const binaryKeys = (namespace: string, name: string): string[] => {
      const raw = (shared.object('ConfigMap', namespace, name)?.obj as { binaryData?: unknown })
        ?.binaryData;
      return raw && typeof raw === 'object' ? Object.keys(raw) : [];
    };
    return {
      workload(w) {
        if (!w.applied) return;
        // The StatefulSet controller gives each pod its own claim for a volume a template names.
        const claimed = new Set(shared.claimTemplates(w));
        w.volumes.forEach((v, vi) => {
          if (claimed.has(v.name)) return;
          for (const r of v.refs) {
            const refKind = KINDS[r.kind];
            if (r.optional) continue;
            const found = shared.declared(refKind, w.namespace, r.name);
            const data = { kind: w.kind, name: w.name, volume: v.name, refKind, ref: r.name };
            if (found === 'no') {
              context.report({ messageId: 'missing', data, ...r.source });
              continue;
            }
            if (typeof found === 'string') continue;
            // A Secret template is left out on purpose (its values are created by hand); the rest is not.
            const missing = refKind === 'Secret' ? null : leftOut(context.ex, found);
            if (missing) {
              context.report({
                messageId: 'notApplied',
                data,
                ...r.source,
                config: missing,
                related: [found.source],
              });
              continue;
            }
            if (!r.items.length) continue;
            // A claim projects no keys.
            if (!('keys' in found) && !('data' in found)) continue;
            const keys =
              'keys' in found
                ? found.keys.map((k) => k.key)
                : [...found.data.map((d) => d.key), ...binaryKeys(found.namespace, found.name)];
            r.items.forEach((key, i) => {
              if (keys.includes(key)) return;
              // A direct source sits at volumes[vi].<kind>; a projected one at its own line.
              const at =
                v.type === r.kind
                  ? workloadAt(shared, w, [
                      ...podSpecPath(w.kind),
                      'volumes',
                      vi,
                      r.kind,
                      'items',
                      i,
                      'key',
                    ])
                  : r.source;
              context.report({
                messageId: 'key',
                data: { ...data, key, keys: keys.map((k) => `\`${k}\``).join(', ') || 'none' },
                ...at,
                config: found.source,
              });
            });
          }
        });
      },
    };
  },
});
