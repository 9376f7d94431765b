/** A NetworkPolicy whose podSelector matches no pod protects nothing (kube-linter: dangling-networkpolicy). */
import { isEmptySelector, showSelector } from '../../engine/index.ts';
import { policySelector } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-networkpolicy',
    code: 'INCONSISTENT',
    description:
      'An applied NetworkPolicy whose podSelector matches no pod of an applied workload: it silently protects nothing.',
    messages: {
      dangling:
        'NetworkPolicy `{{name}}` selects pods labelled {{selector}}, and no pod has those labels.',
    },
    hints: {
      dangling:
        "Fix the podSelector or the pods' labels; as written the policy applies to nothing.",
    },
    fix: "Fix the podSelector or the pods' labels.",
    docs: '#rule-dangling-networkpolicy',
  },
  create(context) {
    const { shared } = context;
    return {
      networkPolicy(p) {
        // An empty podSelector selects every pod of the namespace.
        const selector = policySelector(p);
        if (!p.applied || isEmptySelector(selector)) return;
        if (
          shared.podsOf(p.namespace, selector).length ||
          shared.operatorPods(p.namespace, selector)
        )
          return;
        context.report({
          messageId: 'dangling',
          data: {
            name: p.name,
            selector: showSelector(selector),
          },
          ...p.podSelectorSource,
        });
      },
    };
  },
});
