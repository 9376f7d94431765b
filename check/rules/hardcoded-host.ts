/** Public host names, URLs and in-cluster DNS names the facts hold, typed by hand (in commands too). */
import { literalRule } from '../lib/hardcoded.ts';

export default literalRule(
  {
    id: 'hardcoded-host',
    description:
      'A host name or URL the facts hold (ingress hosts, the zone, external services, ConfigMap URLs, node and Service DNS names) typed into prose, a `<Cmd>` or a code block.',
    fix: 'Render it: `<V k="ingressroute/admin.host" />` in prose, `{{ingressroute/admin.host}}` in a `<Cmd>`.',
    docs: '#rule-hardcoded-host',
  },
  { kinds: ['host'], report: () => true },
);
