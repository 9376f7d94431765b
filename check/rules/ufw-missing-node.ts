/** An inter-node UFW rule must allow every node, or the cluster cannot reach that node on the port. */
import { singleAddresses } from '../lib/ports.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'ufw-missing-node',
    code: 'INCONSISTENT',
    description: "An inter-node UFW rule does not allow one of the nodes' public IPs.",
    messages: { missing: 'UFW rule `{{rule}}` does not allow node `{{node}}` ({{ip}}).' },
    hints: {
      missing:
        "Add the node's IP to the rule's sources, or the cluster will not be able to reach it on this port.",
    },
    fix: "Add the node's IP to the rule's sources.",
    docs: '#rule-ufw-missing-node',
  },
  create(context) {
    return {
      ufwRule(r) {
        const singles = singleAddresses(r.from);
        if (!singles.length) return;
        for (const n of context.ex.nodes)
          if (!singles.includes(n.publicIp))
            context.report({
              messageId: 'missing',
              data: { rule: r.name, node: n.sshAlias, ip: n.publicIp },
              file: r.source.file,
              line: r.source.line,
              config: n.source,
            });
      },
    };
  },
});
