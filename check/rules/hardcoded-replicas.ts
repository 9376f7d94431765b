/**
 * Replica counts typed by hand ("3 replicas", "three api pods",
 * `--replicas=3`). The fact is the replicas of the workload the sentence
 * names, never another number that happens to be equal.
 */
import { literalRule } from '../lib/hardcoded.ts';

export default literalRule(
  {
    id: 'hardcoded-replicas',
    description:
      'A replica count typed by hand ("3 replicas", "three api pods", `--replicas=3`); the hint names the replicas of the workload the sentence talks about.',
    fix: 'Render the workload\'s replicas (`<V k="deployment/api.replicas" />`) or guard the paragraph with an assume marker on it.',
    docs: '#rule-hardcoded-replicas',
  },
  {
    kinds: ['replicas'],
    // Digits are a count whatever their value; a number word only when it states a workload's replicas.
    report: (lit, res) => /^\d/.test(lit.text) || lit.text.startsWith('--') || res?.equal === true,
  },
);
