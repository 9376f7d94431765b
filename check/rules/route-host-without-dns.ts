/** An ingress host needs a DNS record in the zone, or nobody reaches it. */
import { namedHost } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'route-host-without-dns',
    code: 'INCONSISTENT',
    description:
      'An applied Ingress or IngressRoute host has no DNS record in the Cloudflare zone.',
    messages: { missing: 'Ingress host {{host}} has no DNS record in the {{zone}} zone.' },
    hints: { missing: 'Add a proxied DNS record for the host, or remove the route.' },
    fix: 'Add a proxied DNS record for the host, or remove the route.',
    docs: '#rule-route-host-without-dns',
  },
  create(context) {
    const cf = context.ex.cloudflare;
    const zone = context.result.load.objects.find((o) => o.kind === 'CloudflareZone');
    const dnsAt = zone
      ? { file: zone.loc(['spec', 'dns']).file, line: zone.loc(['spec', 'dns']).line }
      : null;
    return {
      route(r) {
        if (!cf || !r.applied || !namedHost(r) || cf.dns.some((d) => d.name === r.host)) return;
        context.report({
          messageId: 'missing',
          data: { host: r.host, zone: cf.zone },
          file: r.source.file,
          line: r.source.line,
          config: dnsAt ?? cf.source,
        });
      },
    };
  },
});
