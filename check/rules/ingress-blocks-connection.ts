/**
 * A connection the config sets up must be let in by the ingress NetworkPolicies that select
 * the pods it reaches: a workload configured to dial an in-cluster Service (`REDIS_URL:
 * redis://redis.honeydue.svc.cluster.local:6379/0`), and a route whose backend is a Service,
 * which Traefik connects to. The policies see the connection at the backing pod, on the
 * Service's target port. A rule removed or narrowed drops the connection at the pod, and the
 * site or its cache is down while nothing else in the config disagrees.
 *
 * A route's source is k3s's Traefik, judged only when its HelmChartConfig is in the manifests:
 * its pods run in the config's namespace, and their labels (the chart's) are not written
 * anywhere, so any podSelector may match them; with hostNetwork its connections come from
 * node addresses, which any ipBlock may hold.
 */
import type { NetworkPolicy, Route, Service, Source } from '../../engine/index.ts';
import { crossNamespaceRefused, hostOf } from '../lib/routes.ts';
import {
  allowsTcp,
  ingressPolicies,
  namespaceLabels,
  podsPeer,
  policyLine,
  serviceDestinations,
  serviceDials,
  type Peer,
  type PodPort,
} from '../lib/network-policy.ts';
import { defineRule, type RuleContext } from '../rule.ts';

/** The ingress classes Traefik serves: its own, and none (k3s makes it the default class). */
const TRAEFIK_CLASS = 'traefik';

/** Whether Traefik serves an Ingress: one that names no other controller's class. */
function servedByTraefik(context: RuleContext, r: Route): boolean {
  if (r.kind === 'IngressRoute') return true;
  const o = context.result.load.objects.find(
    (x) => x.kind === 'Ingress' && x.namespace === r.namespace && x.name === r.name,
  );
  const named = o?.get(['spec', 'ingressClassName']);
  const annotated = o?.get(['metadata', 'annotations', 'kubernetes.io/ingress.class']);
  const cls = typeof named === 'string' ? named : typeof annotated === 'string' ? annotated : null;
  return cls === null || cls === TRAEFIK_CLASS;
}

/** The Service port a route names (its number or name; the only one when it names none). */
function routePort(r: Route, s: Service): number | undefined {
  if (r.port === null) return s.ports.length === 1 ? s.ports[0].port : undefined;
  return s.ports.find((p) => p.port === r.port || p.name === r.port)?.port;
}

export default defineRule({
  meta: {
    id: 'ingress-blocks-connection',
    code: 'INCONSISTENT',
    description:
      'A workload is configured to dial an in-cluster Service address, or a route sends traffic through Traefik to a Service, but none of the ingress NetworkPolicies selecting the pods behind that Service lets the source in on their port.',
    messages: {
      setting:
        '{{workload}} reads {{setting}}, which dials `{{host}}:{{port}}`, but no ingress NetworkPolicy selecting the pods of Service `{{service}}` ({{policies}}) lets {{workload}} in on port {{target}}.',
      route:
        'Route for {{host}} sends traffic to Service `{{service}}`, but no ingress NetworkPolicy selecting its pods ({{policies}}) lets Traefik (namespace {{namespace}}) in on port {{target}}.',
    },
    hints: {
      setting:
        "Allow ingress from {{workload}}'s pods on port {{target}} in one of those policies, or correct the setting.",
      route:
        'Allow ingress from Traefik on port {{target}} in one of those policies (with hostNetwork, from the node addresses, as an ipBlock), or route elsewhere.',
    },
    fix: "Allow ingress from the client, or from Traefik for a route, on the pods' port.",
    docs: '#rule-ingress-blocks-connection',
  },
  create(context) {
    const { ex, shared } = context;
    const namespaces = namespaceLabels(context.result);
    /** The ingress policies of the destinations, or null when one of them lets `from` in. */
    const blocking = (from: Peer, dests: PodPort[]): NetworkPolicy[] | null => {
      const seen = new Set<NetworkPolicy>();
      for (const d of dests) {
        const policies = ingressPolicies(ex.networkPolicies, d.pods);
        const rules = policies.flatMap((p) => p.ingress);
        if (rules.some((r) => allowsTcp(r, d.pods.namespace, from, d, namespaces))) return null;
        if (!policies.length) return null;
        for (const p of policies) seen.add(p);
      }
      return [...seen];
    };
    const report = (
      messageId: 'setting' | 'route',
      data: Record<string, string | number>,
      at: Source,
      policies: NetworkPolicy[],
      dests: PodPort[],
    ) =>
      context.report({
        messageId,
        data: {
          ...data,
          policies: policies.map((p) => p.name).join(', '),
          target: [...new Set(dests.map((d) => d.port))].join(' or '),
        },
        file: at.file,
        line: at.line,
        config: policyLine(shared, policies, 'Ingress'),
      });
    const traefik = ex.traefik;
    const traefikNamespace = context.result.load.objects.find(
      (o) => o.kind === 'HelmChartConfig' && o.name === 'traefik',
    )?.namespace;
    return {
      workload(w) {
        for (const { setting, address, service, port, dests } of serviceDials(shared, ex, w)) {
          const policies = blocking(podsPeer(w), dests);
          if (!policies) continue;
          const data = {
            workload: w.name,
            setting: setting.label,
            host: address.host,
            port,
            service: service.name,
          };
          report('setting', data, setting.source, policies, dests);
        }
      },
      route(r) {
        if (!traefik || !traefikNamespace || !r.applied || r.serviceKind === 'TraefikService')
          return;
        if (!servedByTraefik(context, r)) return;
        // Traefik refuses a Service of another namespace (dangling-ingress says so).
        if (r.serviceNamespace !== r.namespace && crossNamespaceRefused(context.result)) return;
        const s = ex.services.find(
          (x) => x.applied && x.namespace === r.serviceNamespace && x.name === r.service,
        );
        const port = s && routePort(r, s);
        if (!s || port === undefined) return;
        const dests = serviceDestinations(shared, s, port);
        const from = { namespace: traefikNamespace, pods: null, hostNetwork: traefik.hostNetwork };
        const policies = dests.length ? blocking(from, dests) : null;
        if (!policies) return;
        const data = { host: hostOf(r), service: s.name, namespace: traefikNamespace };
        report('route', data, r.serviceSource, policies, dests);
      },
    };
  },
});
