/** A Service whose selector matches no pod has no endpoints (kube-linter: dangling-service). */
import { isEmptySelector, showSelector } from '../../engine/index.ts';
import { labelsOnly } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-service',
    code: 'INCONSISTENT',
    description: 'An applied Service whose selector matches no pod of an applied workload.',
    messages: { dangling: 'Service `{{name}}` selects {{selector}}, which matches no pod.' },
    hints: {
      dangling: 'Fix the selector or the pod template labels; the Service has no endpoints.',
    },
    fix: 'Fix the selector or the pod template labels.',
    docs: '#rule-dangling-service',
  },
  create(context) {
    return {
      service(s) {
        const selector = labelsOnly(s.selector);
        // A Service without a selector has endpoints managed by hand.
        if (!s.applied || isEmptySelector(selector)) return;
        const { shared } = context;
        if (
          shared.podsOf(s.namespace, selector).length ||
          shared.operatorPods(s.namespace, selector)
        )
          return;
        context.report({
          messageId: 'dangling',
          data: {
            name: s.name,
            selector: showSelector(selector),
          },
          ...s.selectorSource,
        });
      },
    };
  },
});
