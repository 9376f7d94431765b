/**
 * In SSL mode Full (strict), Cloudflare verifies the certificate the origin presents and
 * refuses the connection (error 526) when it is not valid for the host. A route served with
 * the zone's origin certificate (its `tls.secretName` is the certificate's `kubernetesSecret`)
 * for a host the certificate does not name is therefore unreachable through Cloudflare. A
 * wildcard names one label: `*.example.com` covers `api.example.com`, not `example.com` or
 * `a.b.example.com` (RFC 6125, as browsers and Cloudflare match them). A route with another
 * Secret may hold any publicly trusted certificate, which strict mode accepts: it is not judged.
 */
import type { Route } from '../../engine/index.ts';
import { namedHost } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

/** Whether a certificate name (`api.example.com`, `*.example.com`) is valid for a host. */
export function certificateCovers(name: string, host: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!n.startsWith('*.')) return n === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === n.slice(2);
}

/** The Secret `namespace/name` (or `name`) names, as the route in `namespace` would name it. */
function sameSecret(ref: string, r: Route): boolean {
  const [ns, name] = ref.includes('/') ? ref.split('/', 2) : [r.namespace, ref];
  return ns === r.namespace && name === r.tlsSecret;
}

export default defineRule({
  meta: {
    id: 'route-host-not-in-origin-certificate',
    code: 'INCONSISTENT',
    description:
      "An applied route is served with the Cloudflare origin certificate's Secret for a host the certificate does not name, while the zone's SSL mode is Full (strict): Cloudflare refuses the origin's certificate (error 526).",
    messages: {
      uncovered:
        'Route for {{host}} is served with the origin certificate (Secret `{{secret}}`), which names {{names}}, not {{host}}: in SSL mode Full (strict) Cloudflare refuses the connection with error 526.',
    },
    hints: {
      uncovered:
        'Issue an origin certificate that names {{host}} (a wildcard covers one label), or serve the route with a certificate for it.',
    },
    fix: 'Add the host to the origin certificate (reissue it), or serve the route with another certificate.',
    docs: '#rule-route-host-not-in-origin-certificate',
  },
  create(context) {
    const cf = context.ex.cloudflare;
    const cert = cf?.originCertificate;
    const names = cert?.hosts;
    const secret = cert?.kubernetesSecret;
    if (cf?.sslMode !== 'strict' || !Array.isArray(names) || typeof secret !== 'string') return {};
    const zone = context.result.load.objects.find((o) => o.kind === 'CloudflareZone');
    const hostsAt = zone?.loc(['spec', 'originCertificate', 'hosts']);
    return {
      route(r) {
        if (!r.applied || !namedHost(r) || !r.tlsSecret || !sameSecret(secret, r)) return;
        // Only what Cloudflare proxies is verified by Cloudflare.
        if (!cf.dns.some((d) => d.proxied && d.name.toLowerCase() === r.host.toLowerCase())) return;
        if (names.some((n) => certificateCovers(n, r.host))) return;
        context.report({
          messageId: 'uncovered',
          data: {
            host: r.host,
            secret,
            names: names.map((n) => `\`${n}\``).join(', '),
          },
          file: r.source.file,
          line: r.source.line,
          config: hostsAt ? { file: hostsAt.file, line: hostsAt.line } : cf.source,
        });
      },
    };
  },
});
