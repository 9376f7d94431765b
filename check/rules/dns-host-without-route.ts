/** A DNS host that no route serves answers every request with a 404 from Traefik. */
import { aRecordsByHost } from '../lib/dns.ts';
import { leftOut, NOT_APPLIED } from '../lib/applied.ts';
import { routed } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dns-host-without-route',
    code: 'INCONSISTENT',
    description:
      'A host with A records in the Cloudflare zone is routed by no Ingress or IngressRoute.',
    messages: {
      unrouted: 'DNS host {{host}} is routed by no Ingress or IngressRoute.',
      notApplied: `DNS host {{host}} is routed by no applied Ingress or IngressRoute: {{kind}} \`{{name}}\` routes it, and is ${NOT_APPLIED}.`,
    },
    hints: {
      unrouted: 'Add a route for the host or delete the DNS records.',
      notApplied:
        "List the route's file in the kustomization's resources, or delete the DNS records.",
    },
    fix: 'Add a route for the host or delete its DNS records.',
    docs: '#rule-dns-host-without-route',
  },
  create(context) {
    return {
      configEnd(ex) {
        if (!ex.routes.length) return;
        for (const [host, records] of aRecordsByHost(ex))
          if (!routed(ex.routes, host)) {
            const route = ex.routes.find((r) => r.host === host);
            context.report({
              messageId: route ? 'notApplied' : 'unrouted',
              data: { host, kind: route?.kind ?? '', name: route?.name ?? '' },
              file: records[0].source.file,
              line: records[0].source.line,
              ...(route ? { config: leftOut(ex, route)!, related: [route.source] } : {}),
            });
          }
      },
    };
  },
});
