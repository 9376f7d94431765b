/**
 * A URL in the config whose host is in the Cloudflare zone (the web app's `API_URL`, the
 * `BASE_URL` in emails, a CORS origin) must be a host the zone has a DNS record for, and when
 * its records send it to the nodes, a host a route serves: a renamed route or a removed
 * record otherwise breaks the clients that still use the old name.
 */
import type { DnsRecord, Source } from '../../engine/index.ts';
import { configValueVisitors } from '../lib/config-reads.ts';
import { routed } from '../lib/routes.ts';
import { hostsUnder } from '../lib/service-urls.ts';
import { defineRule, type RuleContext } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'url-host-without-route',
    code: 'INCONSISTENT',
    description:
      'A ConfigMap value or a container env value names a host of the Cloudflare zone that has no DNS record, or whose records point at the nodes but that no Ingress or IngressRoute serves.',
    messages: {
      dns: '{{where}} names `{{host}}`, which has no DNS record in the {{zone}} zone.',
      route:
        '{{where}} names `{{host}}`, whose DNS records point at the nodes, but no Ingress or IngressRoute serves it.',
    },
    hints: {
      dns: 'Fix the host name, or add its DNS record. Hosts in the zone: {{hosts}}.',
      route: 'Fix the host name, or add a route for it.',
    },
    fix: 'Name a host the zone has records for and a route serves.',
    docs: '#rule-url-host-without-route',
  },
  create(context) {
    const { ex } = context;
    const cf = ex.cloudflare;
    if (!cf?.zone) return {};
    const nodeIps = new Set(ex.nodes.map((n) => n.publicIp));
    const names = [...new Set(cf.dns.map((d) => d.name))];
    // DNS names compare without case and without the root's trailing dot.
    const dnsName = (n: string) => n.toLowerCase().replace(/\.$/, '');
    const records = (host: string) =>
      cf.dns.filter((d) => {
        const name = dnsName(d.name);
        return name === host || (name.startsWith('*.') && host.endsWith(name.slice(1)));
      });
    const seen = new Set<string>();
    return configValueVisitors((value, where, at) => {
      for (const { host } of hostsUnder(value, cf.zone)) {
        const once = `${at.file}:${at.line}:${host}`;
        if (seen.has(once)) continue;
        seen.add(once);
        report(context, host, where, at, records(host), nodeIps, names.join(', '));
      }
    });
  },
});

function report(
  context: RuleContext,
  host: string,
  where: string,
  at: Source,
  records: DnsRecord[],
  nodeIps: ReadonlySet<string>,
  hosts: string,
): void {
  const cf = context.ex.cloudflare!;
  const here = { file: at.file, line: at.line };
  if (!records.length) {
    const zone = context.result.load.objects.find((o) => o.kind === 'CloudflareZone');
    const dns = zone?.loc(['spec', 'dns']);
    context.report({
      messageId: 'dns',
      data: { where, host, zone: cf.zone, hosts },
      ...here,
      config: dns ? { file: dns.file, line: dns.line } : cf.source,
    });
    return;
  }
  const toNodes = records.every((r) => r.type === 'A' && nodeIps.has(r.content));
  if (toNodes && !routed(context.ex.routes, host))
    context.report({
      messageId: 'route',
      data: { where, host },
      ...here,
      config: records[0].source,
    });
}
