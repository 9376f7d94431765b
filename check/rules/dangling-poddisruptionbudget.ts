/** A PodDisruptionBudget that selects no pods protects nothing. */
import { pdbSelector } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-poddisruptionbudget',
    code: 'INCONSISTENT',
    description: 'An applied PodDisruptionBudget whose selector matches no pod.',
    messages: { dangling: 'PodDisruptionBudget `{{name}}` selects no pods.' },
    hints: { dangling: 'Fix the selector, or delete the budget.' },
    fix: 'Fix the selector, or delete the budget.',
    docs: '#rule-dangling-poddisruptionbudget',
  },
  create(context) {
    return {
      pdb(p) {
        const { shared } = context;
        const selector = pdbSelector(p);
        if (!p.applied || shared.podsOf(p.namespace, selector).length) return;
        if (shared.operatorPods(p.namespace, selector)) return;
        context.report({
          messageId: 'dangling',
          data: { name: p.name },
          ...p.selectorSource,
        });
      },
    };
  },
});
