/**
 * Ports typed by hand, in any phrasing: "port 6379", ":443", "6379/tcp",
 * "Redis listens on 6379", and four- or five-digit ports the manifests use
 * wherever they appear.
 */
import { literalRule } from '../lib/hardcoded.ts';

export default literalRule(
  {
    id: 'hardcoded-port',
    description:
      'A port the manifests use, typed by hand in any phrasing ("port 6379", ":443", "6379/tcp", "Redis listens on 6379"); the hint names the port of the object the sentence talks about.',
    fix: 'Render the object\'s port (`<V k="service/redis.port" />`) or guard the paragraph with an assume marker on it.',
    docs: '#rule-hardcoded-port',
  },
  { kinds: ['port'], report: (_lit, res) => res !== null },
);
