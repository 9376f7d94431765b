/** A host with A records needs one for every node, so Cloudflare spreads requests over all of them. */
import { aRecordsByHost } from '../lib/dns.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dns-missing-node',
    code: 'INCONSISTENT',
    description: 'A host of the Cloudflare zone has no A record for one of the nodes.',
    messages: { missing: '{{host}} has no A record for node `{{node}}` ({{ip}}).' },
    hints: { missing: 'Add the record so Cloudflare spreads requests over every node.' },
    fix: 'Add an A record for the node.',
    docs: '#rule-dns-missing-node',
  },
  create(context) {
    return {
      configEnd(ex) {
        for (const [host, records] of aRecordsByHost(ex))
          for (const n of ex.nodes)
            if (!records.some((r) => r.content === n.publicIp))
              context.report({
                messageId: 'missing',
                data: { host, node: n.sshAlias, ip: n.publicIp },
                file: records[0].source.file,
                line: records[0].source.line,
                config: n.source,
              });
      },
    };
  },
});
