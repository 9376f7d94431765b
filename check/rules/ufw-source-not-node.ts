/** An inter-node UFW rule (single addresses as sources) may only allow the nodes' own IPs. */
import { singleAddresses } from '../lib/ports.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'ufw-source-not-node',
    code: 'INCONSISTENT',
    description:
      'An inter-node UFW rule allows a single address that is not the public IP of any node in the inventory.',
    messages: {
      stranger:
        'UFW rule `{{rule}}` allows {{ip}}, which is not the public IP of any node in the inventory.',
    },
    hints: { stranger: "Update the rule to the nodes' current IPs (hosts/nodes.yaml)." },
    fix: "Update the rule to the nodes' current IPs (hosts/nodes.yaml).",
    docs: '#rule-ufw-source-not-node',
  },
  create(context) {
    const nodes = context.ex.nodes;
    const ips = new Set(nodes.map((n) => n.publicIp));
    return {
      ufwRule(r) {
        const raw = r.from.filter((f) => singleAddresses([f]).length);
        for (const ip of raw)
          if (!ips.has(ip.replace(/\/32$/, '')))
            context.report({
              messageId: 'stranger',
              data: { rule: r.name, ip },
              file: r.source.file,
              line: r.source.line,
              config: nodes[0]?.source,
            });
      },
    };
  },
});
