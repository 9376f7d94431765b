/** The replicas a workload asks for must lie inside the bounds of the HPA that scales it. */
import { workloadAt } from '../lib/locate.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'hpa-replicas-out-of-bounds',
    code: 'INCONSISTENT',
    description: "A workload's replicas lie outside the min/max bounds of the HPA that scales it.",
    messages: {
      outside:
        'HPA `{{name}}` keeps {{target}} between {{min}} and {{max}} replicas, but the {{kind}} asks for {{replicas}}.',
    },
    hints: {
      outside: "Bring the Deployment's replicas inside the HPA bounds, or change the bounds.",
    },
    fix: "Bring the workload's replicas inside the HPA bounds, or change the bounds.",
    docs: '#rule-hpa-replicas-out-of-bounds',
  },
  create(context) {
    return {
      hpa(h) {
        const w = context.shared.hpaTarget(h);
        // A workload whose manifest leaves replicas out runs as many as the HPA says.
        if (!w || w.replicas === null || w.replicasDefaulted) return;
        if (w.replicas >= h.minReplicas && w.replicas <= h.maxReplicas) return;
        context.report({
          messageId: 'outside',
          data: {
            name: h.name,
            target: h.target.name,
            min: h.minReplicas,
            max: h.maxReplicas,
            kind: w.kind,
            replicas: w.replicas,
          },
          ...context.shared.at(
            'HorizontalPodAutoscaler',
            h.namespace,
            h.name,
            ['spec', w.replicas < h.minReplicas ? 'minReplicas' : 'maxReplicas'],
            h.source,
          ),
          config: workloadAt(context.shared, w, ['spec', 'replicas']),
        });
      },
    };
  },
});
