/** Every A record of the zone must point at a node of the inventory. */
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dns-record-not-node',
    code: 'INCONSISTENT',
    description: 'A Cloudflare A record points at an address that is no node in the inventory.',
    messages: {
      stranger: 'DNS record {{name}} → {{content}} points at no node in the inventory.',
    },
    hints: { stranger: 'Point the record at a current node IP (hosts/nodes.yaml) or delete it.' },
    fix: 'Point the record at a current node IP (hosts/nodes.yaml) or delete it.',
    docs: '#rule-dns-record-not-node',
  },
  create(context) {
    const nodes = context.ex.nodes;
    const ips = new Set(nodes.map((n) => n.publicIp));
    return {
      dnsRecord(d) {
        if (d.type !== 'A' || !nodes.length || ips.has(d.content)) return;
        context.report({
          messageId: 'stranger',
          data: { name: d.name, content: d.content },
          file: d.source.file,
          line: d.source.line,
          config: nodes[0].source,
        });
      },
    };
  },
});
