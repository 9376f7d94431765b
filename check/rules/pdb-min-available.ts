/**
 * A budget whose minAvailable is at least the replica count never allows an
 * eviction, so every drain of its node blocks (kube-linter: pdb-min-available).
 */
import { workloadAt } from '../lib/locate.ts';
import { pdbSelector } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'pdb-min-available',
    code: 'INCONSISTENT',
    description:
      "A PodDisruptionBudget's minAvailable is at least the replicas of the pods it selects, so no pod can be evicted.",
    messages: {
      blocks:
        'PodDisruptionBudget `{{name}}` keeps {{min}} of {{replicas}} pod{{s}} available, so no pod can ever be evicted and every drain of its node blocks.',
    },
    hints: {
      blocks: 'Lower minAvailable below the replica count ({{lower}} or less), or add replicas.',
    },
    fix: 'Lower minAvailable below the replica count, or add replicas.',
    docs: '#rule-pdb-min-available',
  },
  create(context) {
    return {
      pdb(p) {
        // The disruption controller's own arithmetic (engine: pdbBudget), so this rule and the
        // PDB table agree on what a budget allows.
        const { minAvailable: min, expectedPods: replicas } = p.budget;
        const ws = context.shared.podsOf(p.namespace, pdbSelector(p));
        if (!p.applied || !ws.length || min === null || replicas <= 0 || min < replicas) return;
        context.report({
          messageId: 'blocks',
          data: {
            name: p.name,
            min,
            replicas,
            s: replicas === 1 ? '' : 's',
            lower: Math.max(0, replicas - 1),
          },
          ...(p.minAvailableSource ?? p.source),
          config: workloadAt(context.shared, ws[0], ['spec', 'replicas']),
        });
      },
    };
  },
});
