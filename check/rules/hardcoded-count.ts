/**
 * Counts of objects typed by hand ("three nodes", "five Secrets", "11
 * NetworkPolicies"), number words included, when they state a count fact.
 */
import { literalRule } from '../lib/hardcoded.ts';

export default literalRule(
  {
    id: 'hardcoded-count',
    description:
      'A count of objects typed by hand ("three nodes", "five Secrets"), number words included, that states a count the facts hold (`cluster.nodes`, `secrets.count`…).',
    fix: 'Render the count (`<V k="cluster.nodes" />`) or guard the paragraph with an assume marker on it (`{/* assume: cluster.nodes == 3 */}`).',
    docs: '#rule-hardcoded-count',
  },
  { kinds: ['count'], report: (_lit, res) => res?.equal === true },
);
