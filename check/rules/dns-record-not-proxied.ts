/**
 * When UFW opens the HTTPS port to Cloudflare's ranges only, a node is reachable on it through
 * Cloudflare's proxy alone. A record that points a host at a node without the proxy ("DNS
 * only") hands visitors the node's address, and the firewall drops their connections: the
 * host is down for everyone who resolves that record. Only a host a route serves is judged: a
 * record for another use (SSH to a node, say) must bypass the proxy, which carries HTTP alone,
 * and a host no route serves is dns-host-without-route's.
 */
import { routed } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dns-record-not-proxied',
    code: 'INCONSISTENT',
    description:
      "A Cloudflare record points a host at a node without the proxy (DNS only), while UFW opens HTTPS to Cloudflare's ranges only: visitors dial the node and the firewall drops them.",
    messages: {
      direct:
        "DNS record {{name}} → {{content}} is not proxied, so visitors connect to node `{{node}}` directly, and UFW lets only Cloudflare's ranges reach it on HTTPS.",
    },
    hints: {
      direct:
        'Set `proxied: true` on the record, or open the HTTPS rule to the clients that should reach the node.',
    },
    fix: 'Proxy the record through Cloudflare, or open HTTPS to the clients that dial the node.',
    docs: '#rule-dns-record-not-proxied',
  },
  create(context) {
    const nodes = new Map(context.ex.nodes.map((n) => [n.publicIp, n]));
    const cloudflareOnly = context.result.registry.get('ufw.https.cloudflareOnly');
    return {
      dnsRecord(d) {
        if (cloudflareOnly?.value !== true || d.proxied) return;
        if (d.type !== 'A' && d.type !== 'AAAA') return;
        const node = nodes.get(d.content);
        if (!node || !routed(context.ex.routes, d.name)) return;
        context.report({
          messageId: 'direct',
          data: { name: d.name, content: d.content, node: node.sshAlias },
          file: d.source.file,
          line: d.source.line,
          config: cloudflareOnly.source,
        });
      },
    };
  },
});
