/**
 * A workload configured to dial an in-cluster Service (`REDIS_URL:
 * redis://redis.honeydue.svc.cluster.local:6379/0`) must be allowed to by the egress
 * NetworkPolicies that select it. The policies see the connection after the Service's
 * address is translated: to the backing pod, on the Service's target port. A rule removed or
 * narrowed leaves the client with connections that hang, and nothing else in the config
 * disagrees.
 */
import {
  allowsTcp,
  egressLine,
  egressPolicies,
  namespaceLabels,
  podsPeer,
  serviceDials,
} from '../lib/network-policy.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'egress-blocks-service-address',
    code: 'INCONSISTENT',
    description:
      'A workload is configured (a ConfigMap entry it reads, an env value) to dial an in-cluster Service address, but none of the egress NetworkPolicies selecting it lets it reach the pods behind that Service on their port.',
    messages: {
      blocked:
        '{{workload}} reads {{setting}}, which dials `{{host}}:{{port}}`, but no egress NetworkPolicy selecting {{workload}} ({{policies}}) lets it reach the pods of Service `{{service}}` on port {{target}}.',
    },
    hints: {
      blocked:
        "Allow egress to Service `{{service}}`'s pods on port {{target}} in one of those policies, or correct the setting.",
    },
    fix: "Allow egress to the Service's pods on their port, or correct the setting.",
    docs: '#rule-egress-blocks-service-address',
  },
  create(context) {
    const { ex, shared } = context;
    const namespaces = namespaceLabels(context.result);
    return {
      workload(w) {
        if (!w.applied) return;
        const egress = egressPolicies(ex.networkPolicies, w);
        if (!egress.length) return;
        const rules = egress.flatMap((p) => p.egress);
        for (const { setting, address, service, port, dests } of serviceDials(shared, ex, w)) {
          const reached = (d: (typeof dests)[number]) =>
            rules.some((r) => allowsTcp(r, w.namespace, podsPeer(d.pods), d, namespaces));
          if (dests.some(reached)) continue;
          context.report({
            messageId: 'blocked',
            data: {
              workload: w.name,
              setting: setting.label,
              host: address.host,
              port,
              policies: egress.map((p) => p.name).join(', '),
              service: service.name,
              target: [...new Set(dests.map((d) => d.port))].join(' or '),
            },
            file: setting.source.file,
            line: setting.source.line,
            config: egressLine(shared, egress),
          });
        }
      },
    };
  },
});
