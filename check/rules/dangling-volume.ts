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
    const { shared } = context;
    return {
      workload(w) {
        if (!w.applied) return;
        for (const v of w.volumes)
          for (const r of v.refs) {
            const refKind = KINDS[r.kind];
            if (r.optional || shared.declared(refKind, w.namespace, r.name) !== 'no') continue;
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
