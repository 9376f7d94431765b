/** An HPA's minReplicas may not exceed its maxReplicas (the API server rejects it). */
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'hpa-bounds',
    code: 'INCONSISTENT',
    description: 'An HPA whose minReplicas is above its maxReplicas.',
    messages: { inverted: 'HPA `{{name}}` has minReplicas {{min}} above maxReplicas {{max}}.' },
    hints: { inverted: 'Swap or fix the bounds.' },
    fix: 'Swap or fix the bounds.',
    docs: '#rule-hpa-bounds',
  },
  create(context) {
    return {
      hpa(h) {
        if (h.minReplicas <= h.maxReplicas) return;
        const at = (path: string[]) =>
          context.shared.at('HorizontalPodAutoscaler', h.namespace, h.name, path, h.source);
        context.report({
          messageId: 'inverted',
          data: { name: h.name, min: h.minReplicas, max: h.maxReplicas },
          ...at(['spec', 'minReplicas']),
          config: at(['spec', 'maxReplicas']),
        });
      },
    };
  },
});
