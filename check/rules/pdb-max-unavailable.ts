/** A budget with maxUnavailable 0 never allows an eviction (kube-linter: pdb-max-unavailable). */
import { pdbSelector } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'pdb-max-unavailable',
    code: 'INCONSISTENT',
    description:
      'A PodDisruptionBudget with maxUnavailable 0 (or 0%): no pod can be evicted, every drain blocks.',
    messages: {
      zero: 'PodDisruptionBudget `{{name}}` allows {{max}} unavailable pods, so no pod can ever be evicted and every drain of its node blocks.',
    },
    hints: {
      zero: 'Allow at least one unavailable pod, or express the budget as minAvailable below the replicas.',
    },
    fix: 'Allow at least one unavailable pod.',
    docs: '#rule-pdb-max-unavailable',
  },
  create(context) {
    const { shared } = context;
    return {
      pdb(p) {
        if (!p.applied || (p.maxUnavailable !== 0 && p.maxUnavailable !== '0%')) return;
        if (!shared.podsOf(p.namespace, pdbSelector(p)).length) return;
        context.report({
          messageId: 'zero',
          data: { name: p.name, max: String(p.maxUnavailable) },
          ...(p.maxUnavailableSource ?? p.source),
        });
      },
    };
  },
});
