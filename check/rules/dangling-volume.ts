/** A pod volume must name a Secret, ConfigMap or PersistentVolumeClaim the manifests declare. */
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
      'A pod volume names a Secret, ConfigMap or PersistentVolumeClaim that the manifests do not declare.',
    messages: {
      missing:
        '{{kind}} `{{name}}` mounts volume `{{volume}}` from {{refKind}} `{{ref}}`, which no manifest declares.',
    },
    hints: {
      missing: 'Declare the {{refKind}} (a Secret as a key-name template) or fix the name.',
    },
    fix: 'Declare the object the volume names, or fix the name.',
    docs: '#rule-dangling-volume',
  },
  create(context) {
    const { ex } = context;
    const declared = (kind: string, ns: string, name: string) =>
      kind === 'Secret'
        ? ex.secrets.some((s) => s.namespace === ns && s.name === name)
        : kind === 'ConfigMap'
          ? ex.configMaps.some((m) => m.namespace === ns && m.name === name)
          : ex.pvcs.some((p) => p.namespace === ns && p.name === name);
    return {
      workload(w) {
        if (!w.applied) return;
        for (const v of w.volumes)
          for (const r of v.refs) {
            const refKind = KINDS[r.kind];
            if (r.optional || declared(refKind, w.namespace, r.name)) continue;
            // Secret templates may be left out of a folder on purpose; only judge when some are declared.
            if (refKind === 'Secret' && !ex.secrets.length) continue;
            context.report({
              messageId: 'missing',
              data: { kind: w.kind, name: w.name, volume: v.name, refKind, ref: r.name },
              ...r.source,
            });
          }
      },
    };
  },
});
