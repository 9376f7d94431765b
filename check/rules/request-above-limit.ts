/** A container's request may not exceed its limit; the API server rejects the pod. */
import { containerAt } from '../lib/locate.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'request-above-limit',
    code: 'INCONSISTENT',
    description:
      "A container's CPU or memory request is above its limit (the API server rejects the pod).",
    messages: {
      above:
        'Container `{{workload}}/{{container}}` requests {{request}} {{resource}}, above its limit of {{limit}}.',
    },
    hints: { above: 'Lower the request to the limit or below, or raise the limit.' },
    fix: 'Lower the request to the limit or below, or raise the limit.',
    docs: '#rule-request-above-limit',
  },
  create(context) {
    const { shared } = context;
    return {
      container(c, w) {
        for (const resource of ['cpu', 'memory'] as const) {
          const req = c.requests[resource];
          const lim = c.limits[resource];
          if (!req || !lim || req.value <= lim.value) continue;
          context.report({
            messageId: 'above',
            data: {
              workload: w.name,
              container: c.name,
              request: req.raw,
              limit: lim.raw,
              resource,
            },
            ...containerAt(shared, w, c, ['resources', 'requests', resource]),
            config: containerAt(shared, w, c, ['resources', 'limits', resource]),
          });
        }
      },
    };
  },
});
