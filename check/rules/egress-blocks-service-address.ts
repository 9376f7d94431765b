/**
 * A workload configured to dial an in-cluster Service (`REDIS_URL:
 * redis://redis.honeydue.svc.cluster.local:6379/0`) must be allowed to by the egress
 * NetworkPolicies that select it. The policies see the connection after the Service's
 * address is translated: to the backing pod, on the Service's target port. A rule removed or
 * narrowed leaves the client with connections that hang, and nothing else in the config
 * disagrees.
 */
import type { NetworkPolicy, Service, Workload } from '../../engine/index.ts';
import { runningContainers } from '../../engine/index.ts';
import { settingsOf, type Setting } from '../lib/config-reads.ts';
import {
  allowsTcp,
  egressLine,
  egressPolicies,
  namespaceLabels,
  type PodPort,
} from '../lib/egress.ts';
import { labelsOnly } from '../lib/selectors.ts';
import { portOf, serviceAddresses, serviceOf, type ServiceAddress } from '../lib/service-urls.ts';
import { defineRule, type RuleContext } from '../rule.ts';

/** The pods behind the Service and the port each listens on for `port`; [] when unknown. */
function destinations(context: RuleContext, s: Service, port: number): PodPort[] {
  if (s.type === 'ExternalName' || !Object.keys(s.selector).length) return [];
  const sp = s.ports.find((p) => p.port === port);
  // A headless Service's name is its pods' addresses: the client dials the pods' port itself.
  if (!sp && !s.headless) return [];
  const target = sp ? sp.targetPort : port;
  return context.shared.podsOf(s.namespace, labelsOnly(s.selector)).flatMap((w) => {
    const ports = runningContainers(w).flatMap((c) => c.ports);
    const found =
      typeof target === 'number'
        ? (ports.find((p) => p.containerPort === target) ?? { containerPort: target, name: null })
        : ports.find((p) => p.name === target);
    if (!found) return [];
    return [{ pods: w, port: found.containerPort, portName: found.name }];
  });
}

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
    const { ex } = context;
    const namespaces = namespaceLabels(context.result);
    // The pods behind a Service's port, once per Service and port however many clients dial it.
    const behind = new Map<string, PodPort[]>();
    const blocked = (w: Workload, egress: NetworkPolicy[], a: ServiceAddress, setting: Setting) => {
      const s = serviceOf(ex.services, a);
      const port = portOf(a);
      if (!s || port === undefined) return;
      const key = `${s.namespace}/${s.name}:${port}`;
      const dests = behind.get(key) ?? behind.set(key, destinations(context, s, port)).get(key)!;
      if (!dests.length) return;
      const rules = egress.flatMap((p) => p.egress);
      if (dests.some((d) => rules.some((r) => allowsTcp(r, w.namespace, d, namespaces)))) return;
      context.report({
        messageId: 'blocked',
        data: {
          workload: w.name,
          setting: setting.label,
          host: a.host,
          port,
          policies: egress.map((p) => p.name).join(', '),
          service: s.name,
          target: [...new Set(dests.map((d) => d.port))].join(' or '),
        },
        file: setting.source.file,
        line: setting.source.line,
        config: egressLine(context.shared, egress),
      });
    };
    return {
      workload(w) {
        if (!w.applied) return;
        const egress = egressPolicies(ex.networkPolicies, w);
        if (!egress.length) return;
        const seen = new Set<string>();
        for (const c of runningContainers(w))
          for (const setting of settingsOf(c, w.namespace, ex.configMaps))
            for (const a of serviceAddresses(setting.value)) {
              const once = `${setting.source.file}:${setting.source.line}:${a.host}`;
              if (seen.has(once)) continue;
              seen.add(once);
              blocked(w, egress, a, setting);
            }
      },
    };
  },
});
