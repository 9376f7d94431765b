/** A DNS host that no route serves answers every request with a 404 from Traefik. */
import { aRecordsByHost } from '../lib/dns.ts';
import { routed } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dns-host-without-route',
    code: 'INCONSISTENT',
    description:
      'A host with A records in the Cloudflare zone is routed by no Ingress or IngressRoute.',
    messages: { unrouted: 'DNS host {{host}} is routed by no Ingress or IngressRoute.' },
    hints: { unrouted: 'Add a route for the host or delete the DNS records.' },
    fix: 'Add a route for the host or delete its DNS records.',
    docs: '#rule-dns-host-without-route',
  },
  create(context) {
    return {
      configEnd(ex) {
        if (!ex.routes.length) return;
        for (const [host, records] of aRecordsByHost(ex))
          if (!routed(ex.routes, host))
            context.report({
              messageId: 'unrouted',
              data: { host },
              file: records[0].source.file,
              line: records[0].source.line,
            });
      },
    };
  },
});
