/**
 * A container mounts volumes by name, and the name must be one of its pod's `volumes`: the API
 * server refuses a pod template whose volumeMount names no volume
 * (`spec.containers[0].volumeMounts[0].name: Not found`), so a rename of the volume alone stops
 * every rollout of the workload. A StatefulSet's volumeClaimTemplates are volumes of their pods too.
 */
import { containerAt, podSpecPath, workloadAt } from '../lib/locate.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-volume-mount',
    code: 'INCONSISTENT',
    description:
      "A container mounts a volume its pod does not define (a volumeMount's name is none of the pod's volumes): the API server refuses the workload.",
    messages: {
      missing:
        'Container `{{workload}}/{{container}}` mounts volume `{{volume}}` at `{{path}}`, and the pod has no volume of that name ({{volumes}}).',
    },
    hints: {
      missing: 'Name one of the pod’s volumes, or add the volume to the pod spec.',
    },
    fix: "Name one of the pod's volumes in the mount, or add the volume.",
    docs: '#rule-dangling-volume-mount',
  },
  create(context) {
    const { shared } = context;
    return {
      container(c, w) {
        if (!w.applied) return;
        const names = new Set([...w.volumes.map((v) => v.name), ...shared.claimTemplates(w)]);
        c.volumeMounts.forEach((m, i) => {
          if (names.has(m.name)) return;
          context.report({
            messageId: 'missing',
            data: {
              workload: w.name,
              container: c.name,
              volume: m.name,
              path: m.mountPath,
              volumes: names.size
                ? `it has ${[...names].map((n) => `\`${n}\``).join(', ')}`
                : 'it has none',
            },
            ...containerAt(shared, w, c, ['volumeMounts', i, 'name']),
            config: workloadAt(shared, w, [
              ...podSpecPath(w.kind),
              names.size ? 'volumes' : 'containers',
            ]),
          });
        });
      },
    };
  },
});
