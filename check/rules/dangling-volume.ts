/** A pod volume must name a Secret, ConfigMap or PersistentVolumeClaim the manifests declare. */
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
    const { ex, shared } = context;
    const declared = (kind: string, ns: string, name: string) =>
      kind === 'Secret'
        ? ex.secrets.some((s) => s.namespace === ns && s.name === name)
        : kind === 'ConfigMap'
          ? ex.configMaps.some((m) => m.namespace === ns && m.name === name)
          : ex.pvcs.some((p) => p.namespace === ns && p.name === name);
    return {
      workload(w) {
        if (!w.applied) return;
        w.volumes.forEach((v, i) => {
          const refKind = KINDS[v.type];
          if (!refKind || !v.ref || declared(refKind, w.namespace, v.ref)) return;
          // Secret templates may be left out of a folder on purpose; only judge when some are declared.
          if (refKind === 'Secret' && !ex.secrets.length) return;
          context.report({
            messageId: 'missing',
            data: { kind: w.kind, name: w.name, volume: v.name, refKind, ref: v.ref },
            ...workloadAt(shared, w, [...podSpecPath(w.kind), 'volumes', i, v.type]),
          });
        });
      },
    };
  },
});
