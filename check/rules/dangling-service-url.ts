/**
 * An in-cluster address in the config (a ConfigMap value, a container's env value) must name a
 * Service the manifests define, on a port it has: a renamed Service or a changed port otherwise
 * breaks the clients that still dial the old one, and nothing else notices until they fail.
 */
import type { Service, Source } from '../../engine/index.ts';
import { portOf, serviceAddresses, serviceOf, type ServiceAddress } from '../lib/service-urls.ts';
import { configValueVisitors } from '../lib/config-reads.ts';
import { defineRule, type RuleContext } from '../rule.ts';

/** The ports a client may dial on a Service's name: its ports, and a headless one's pods' too. */
function dialable(s: Service): Set<number> {
  const ports = new Set(s.ports.map((p) => p.port));
  // A headless Service's name resolves to the pods: clients reach the ports they listen on.
  if (s.headless)
    for (const p of s.ports) if (typeof p.targetPort === 'number') ports.add(p.targetPort);
  return ports;
}

export default defineRule({
  meta: {
    id: 'dangling-service-url',
    code: 'INCONSISTENT',
    description:
      'A ConfigMap value or a container env value addresses an in-cluster Service (`redis.honeydue.svc.cluster.local:6379`) that the manifests do not define, or a port the Service does not have.',
    messages: {
      service:
        '{{where}} addresses `{{host}}`, but namespace `{{namespace}}` has no Service `{{service}}`.',
      port: '{{where}} connects to port {{port}} of Service `{{service}}` (`{{host}}`), which has ports {{ports}}.',
      defaultPort:
        '{{where}} gives `{{scheme}}://{{host}}` no port, so it connects to {{port}} (the {{scheme}} default), but Service `{{service}}` has ports {{ports}}.',
    },
    hints: {
      service: 'Fix the address, or define the Service. Services in `{{namespace}}`: {{services}}.',
      port: "Use one of the Service's ports, or add the port to the Service.",
      defaultPort: "Write one of the Service's ports after the host.",
    },
    fix: 'Address a Service the manifests define, on one of its ports.',
    docs: '#rule-dangling-service-url',
  },
  create(context) {
    const { ex } = context;
    // Only namespaces the manifests own: kube-system's Services (kube-dns, traefik) are the
    // cluster's, and no folder of manifests lists them.
    const owned = new Set([
      ...ex.services.filter((s) => s.applied).map((s) => s.namespace),
      ...context.result.load.objects.filter((o) => o.kind === 'Namespace').map((o) => o.name),
    ]);
    return configValueVisitors((value, where, at) => {
      for (const a of serviceAddresses(value)) checkAddress(context, a, where, at, owned);
    });
  },
});

const named = (a: ServiceAddress) => ({
  host: a.host,
  service: a.service,
  namespace: a.namespace,
});

function checkAddress(
  context: RuleContext,
  a: ServiceAddress,
  where: string,
  at: Source,
  owned: ReadonlySet<string>,
): void {
  const s = serviceOf(context.ex.services, a);
  const here = { file: at.file, line: at.line };
  if (!s) {
    if (!owned.has(a.namespace)) return;
    // A workload there may create Services (prometheus-operator's `prometheus-operated`).
    if (context.shared.creatable(['/services']).has(a.namespace)) return;
    const services = context.ex.services
      .filter((x) => x.applied && x.namespace === a.namespace)
      .map((x) => `\`${x.name}\``);
    context.report({
      messageId: 'service',
      data: { where, ...named(a), services: services.join(', ') || 'none' },
      ...here,
    });
    return;
  }
  // An ExternalName Service is a DNS alias: the port belongs to the host it names.
  if (s.type === 'ExternalName') return;
  const port = portOf(a);
  if (port === undefined || dialable(s).has(port)) return;
  context.report({
    messageId: a.port === null ? 'defaultPort' : 'port',
    data: {
      where,
      ...named(a),
      scheme: a.scheme ?? '',
      port,
      ports: s.ports.map((p) => p.port).join(', ') || 'none',
    },
    ...here,
    config: context.shared.at('Service', s.namespace, s.name, ['spec', 'ports'], s.source),
  });
}
