/**
 * An HTTPS URL a workload is configured with (a ConfigMap entry it reads, a literal env value,
 * a command-line flag) names a host on the internet it connects to: the object store, the
 * telemetry collector, the analytics host. When egress NetworkPolicies select the workload,
 * one of their rules must let it out on that port to a public address (no `to` at all, or an
 * ipBlock holding addresses outside the private ranges); otherwise the connection hangs.
 * A URL the app only hands to browsers is no connection: its own public address, printed into
 * e-mails (`BASE_URL`), the origins it accepts (`CORS_ALLOWED_ORIGINS`), where a login sends
 * the browser back to (`OAUTH_REDIRECT_URI`). The setting's name says which (handedOut), and a
 * policy that keeps the pod from such a host blocks nothing the app needs.
 * Every URL of a container that goes out through an HTTPS proxy is passed over: it dials the proxy.
 * Hosts in the cluster (`*.svc`, a name without a dot, a private address) are left to
 * egress-blocks-service-address.
 */
import { runningContainers, type Container, type Workload } from '../../engine/index.ts';
import { flagSettings, handedOut, settingsOf } from '../lib/config-reads.ts';
import {
  coversPublic,
  egressAllowsPort,
  egressLine,
  egressPolicies,
} from '../lib/network-policy.ts';
import { defineRule } from '../rule.ts';

/** A whole value that is one HTTPS URL: its host and port (443 unless written). */
function httpsTarget(value: string): { host: string; port: number } | null {
  const m = /^https:\/\/(?:[^@/\s]*@)?([a-z0-9.-]+)(?::(\d{1,5}))?(?:[/?#]\S*)?$/i.exec(
    value.trim(),
  );
  if (!m) return null;
  const host = m[1].toLowerCase().replace(/\.$/, '');
  if (!host.includes('.') || /\.svc(\.cluster\.local)?$/.test(host) || host.endsWith('.local'))
    return null;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) && !coversPublic({ cidr: `${host}/32`, except: [] }))
    return null;
  const port = m[2] ? Number(m[2]) : 443;
  return port >= 1 && port <= 65535 ? { host, port } : null;
}

/** The variables through which HTTP clients (curl, Go, Python, Node's proxy agents) reach HTTPS hosts. */
const PROXY_VARIABLES = new Set(['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']);

/** Whether a container sends its HTTPS connections through a proxy: then it dials the proxy, not the host. */
const proxied = (c: Container): boolean =>
  c.env.some((e) => PROXY_VARIABLES.has(e.name) && (e.from !== 'value' || !!e.value?.trim()));

export default defineRule({
  meta: {
    id: 'egress-blocks-external-url',
    code: 'INCONSISTENT',
    description:
      'A workload is configured with an HTTPS URL on the internet that it connects to (not one it only hands to browsers: its own public address, CORS origins, redirect URLs), but none of the egress NetworkPolicies selecting it lets it out to a public address on that port.',
    messages: {
      blocked:
        '{{setting}} is `{{url}}`, which {{workload}} connects to on port {{port}}, but no egress NetworkPolicy selecting {{workload}} ({{policies}}) lets it out to a public address on port {{port}}.',
    },
    hints: {
      blocked:
        'Allow TCP {{port}} to an ipBlock such as 0.0.0.0/0 (except the private ranges) in the workload’s egress policy, or correct the URL.',
    },
    fix: "Let the workload out to the internet on the URL's port, or correct the URL.",
    docs: '#rule-egress-blocks-external-url',
  },
  create(context) {
    const { ex, shared } = context;
    return {
      workload(w: Workload) {
        if (!w.applied) return;
        const egress = egressPolicies(ex.networkPolicies, w);
        if (!egress.length) return;
        /** A port the policies let out to the internet: no `to`, or an ipBlock of public addresses. */
        const allowed = (port: number) =>
          egressAllowsPort(egress, port, 'TCP', (p) => !!p.ipBlock && coversPublic(p.ipBlock));
        const reported = new Set<string>();
        for (const c of runningContainers(w)) {
          if (proxied(c)) continue;
          for (const s of [...settingsOf(c, w.namespace, ex.configMaps), ...flagSettings(c)]) {
            if (handedOut(s.name)) continue;
            const target = httpsTarget(s.value);
            const once = `${s.source.file}:${s.source.line}`;
            if (!target || reported.has(once) || allowed(target.port)) continue;
            reported.add(once);
            context.report({
              messageId: 'blocked',
              data: {
                setting: s.label,
                url: s.value.trim(),
                workload: w.name,
                port: target.port,
                policies: egress.map((p) => p.name).join(', '),
              },
              ...s.source,
              config: egressLine(shared, egress),
            });
          }
        }
      },
    };
  },
});
