/**
 * Enumerated settings typed as text ("Full (strict)", "Recreate",
 * "ClusterIP"), in a sentence about an object that has that setting. The same
 * word in a sentence about no object is the concept, not the config.
 */
import { literalRule } from '../lib/hardcoded.ts';

export default literalRule(
  {
    id: 'hardcoded-setting',
    description:
      'An enumerated setting typed as text ("Full (strict)", "Recreate", "ClusterIP") in a sentence about an object that has it.',
    fix: 'Render the setting (`<V k="cloudflare.ssl.mode" />`) or guard the paragraph with an assume marker on it.',
    docs: '#rule-hardcoded-setting',
  },
  { kinds: ['enum'], report: (_lit, res) => res?.equal === true },
);
