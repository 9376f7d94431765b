/**
 * A NetworkPolicy port must be one the pods on that side listen on: an ingress
 * port on the selected pods, an egress port on the peer pods.
 */
import type { NetworkPolicy, Workload } from '../../engine/index.ts';
import { runningContainers } from '../../engine/index.ts';
import { policyPortAllows } from '../lib/ports.ts';
import { peerSelector, policySelector } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'networkpolicy-port',
    code: 'INCONSISTENT',
    description:
      'A NetworkPolicy allows ingress on a port the pods it selects do not listen on, or egress to peer pods on a port they do not listen on (pods that declare no ports are held to port names only).',
    messages: {
      ingress:
        'NetworkPolicy `{{name}}` allows ingress on port {{port}}, which none of the pods it selects ({{pods}}) listens on.',
      egress:
        'NetworkPolicy `{{name}}` allows egress to {{pods}} on port {{port}}, which they do not listen on.',
    },
    hints: {
      ingress: 'Match the policy port to the container or Service target port.',
      egress: "Match the policy port to the peer's container port.",
    },
    fix: 'Match the policy port to the container port on that side.',
    docs: '#rule-networkpolicy-port',
  },
  create(context) {
    const { shared } = context;
    const ports = (w: Workload) => {
      const c = w.containers.find((x) => x.ports.length);
      return c ? c.ports[0].source : w.source;
    };
    /** Reports each port of `rule` that none of `pods` listens on. */
    const unheard = (
      messageId: 'ingress' | 'egress',
      name: string,
      rule: NetworkPolicy['ingress'][number] | NetworkPolicy['egress'][number],
      pods: Workload[],
    ) => {
      if (!pods.length) return;
      const listening = pods.flatMap((w) => runningContainers(w).flatMap((c) => c.ports));
      for (const port of rule.ports)
        if (
          port.port !== null &&
          // Pods that declare no ports may listen on any number; a name needs a port of that name.
          (listening.length || typeof port.port === 'string') &&
          !listening.some((l) => policyPortAllows(port, l.containerPort, l.name, null))
        )
          context.report({
            messageId,
            data: {
              name,
              port: port.endPort !== null ? `${port.port}-${port.endPort}` : port.port,
              pods: pods.map((w) => w.name).join(', '),
            },
            file: rule.source.file,
            line: rule.source.line,
            config: ports(pods[0]),
          });
    };
    return {
      networkPolicy(p) {
        if (!p.applied) return;
        const selected = shared.podsOf(p.namespace, policySelector(p));
        for (const rule of p.ingress) unheard('ingress', p.name, rule, selected);
        for (const rule of p.egress)
          for (const peer of rule.peers) {
            const selector = peerSelector(peer);
            if (!selector || peer.namespaceSelector) continue;
            const peers = shared.podsOf(p.namespace, selector);
            unheard('egress', p.name, rule, peers);
          }
      },
    };
  },
});
