/**
 * A URL a workload is configured with (a ConfigMap entry it reads, a literal env value, a
 * command-line flag) names a host on the internet it connects to: the object store, the
 * telemetry collector, the analytics host over HTTPS, and as well a managed database, cache or
 * broker by its own scheme (`postgres://`, `rediss://`, `amqps://`…), on the scheme's port
 * unless the URL writes one; or a host setting beside its port setting (`DB_HOST` on the
 * internet with `DB_PORT`, `EMAIL_HOST` with `EMAIL_PORT`). When egress NetworkPolicies select
 * the workload,
 * one of their rules must let it out on that port to a public address (no `to` at all, or an
 * ipBlock holding addresses outside the private ranges); otherwise the connection hangs.
 * A URL the app only hands to browsers is no connection: its own public address, printed into
 * e-mails (`BASE_URL`), the origins it accepts (`CORS_ALLOWED_ORIGINS`), where a login sends
 * the browser back to (`OAUTH_REDIRECT_URI`). The setting's name says which (handedOut), and a
 * policy that keeps the pod from such a host blocks nothing the app needs.
 * An HTTP(S) URL of a container that goes out through a proxy for its scheme is passed over: it
 * dials the proxy (database and cache clients take no proxy from the environment).
 * Hosts in the cluster (`*.svc`, a name without a dot, a private address) are left to
 * egress-blocks-service-address.
 */
import { runningContainers, type Container, type Workload } from '../../engine/index.ts';
import { flagSettings, handedOut, settingsOf, type Setting } from '../lib/config-reads.ts';
import {
  coversPublic,
  egressAllowsPort,
  egressLine,
  egressPolicies,
} from '../lib/network-policy.ts';
import { defineRule } from '../rule.ts';

/**
 * The port a client of each scheme dials when the URL writes none: the schemes' registered
 * ports, as their clients (libpq, redis-py and ioredis, the AMQP and SMTP libraries) default.
 * A scheme that finds its port another way (`mongodb+srv://` asks DNS) is not here.
 */
const SCHEME_PORTS = new Map([
  ['https', 443],
  ['http', 80],
  ['postgres', 5432],
  ['postgresql', 5432],
  ['mysql', 3306],
  ['mariadb', 3306],
  ['redis', 6379],
  ['rediss', 6379],
  ['mongodb', 27017],
  ['amqp', 5672],
  ['amqps', 5671],
  ['nats', 4222],
  ['smtp', 25],
  ['smtps', 465],
]);

/** A whole value that is one URL of a scheme above, naming one host: the host and the port. */
function urlTarget(value: string): { scheme: string; host: string; port: number } | null {
  const m =
    /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?([a-z0-9.-]+)(?::(\d{1,5}))?(?:[/?#]\S*)?$/i.exec(
      value.trim(),
    );
  const scheme = m?.[1].toLowerCase() ?? '';
  const defaultPort = SCHEME_PORTS.get(scheme);
  if (!m || defaultPort === undefined) return null;
  const host = publicHost(m[2]);
  const port = m[3] ? Number(m[3]) : defaultPort;
  return host && port >= 1 && port <= 65535 ? { scheme, host, port } : null;
}

/** A host name or address on the internet, lower-cased; null for one in the cluster or private. */
function publicHost(name: string): string | null {
  const host = name.toLowerCase().replace(/\.$/, '');
  if (!host.includes('.') || /\.svc(\.cluster\.local)?$/.test(host) || host.endsWith('.local'))
    return null;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) && !coversPublic({ cidr: `${host}/32`, except: [] }))
    return null;
  return host;
}

/** A setting that names a host by itself (`DB_HOST`, `SMTP_SERVER`): the prefix its port setting shares. */
const HOST_SETTING = /^(.+)_(?:HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i;

/**
 * The host and port of a bare host setting with its `<prefix>_PORT` beside it among `settings`
 * (`DB_HOST: ep-….neon.tech` and `DB_PORT: "5432"`); null when either is missing or in the
 * cluster. A host setting without its port is passed over: the port the client defaults to is
 * not written anywhere.
 */
function pairTarget(
  s: Setting,
  settings: readonly Setting[],
): { host: string; port: number; portSetting: Setting } | null {
  const m = HOST_SETTING.exec(s.name);
  if (!m || !/^[a-z0-9.-]+$/i.test(s.value.trim())) return null;
  const host = publicHost(s.value.trim());
  const portSetting = settings.find(
    (p) =>
      p.name.toUpperCase() === `${m[1]}_PORT`.toUpperCase() && /^\d{1,5}$/.test(p.value.trim()),
  );
  const port = Number(portSetting?.value.trim());
  return host && portSetting && port >= 1 && port <= 65535 ? { host, port, portSetting } : null;
}

/**
 * The variables through which HTTP clients (curl, Go, Python, Node's proxy agents) reach hosts,
 * by scheme. Database, cache and broker clients take no proxy from the environment.
 */
const PROXY_VARIABLES = new Map([
  ['https', new Set(['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'])],
  ['http', new Set(['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'])],
]);

/** Whether a container sends its connections of a scheme through a proxy: then it dials the proxy, not the host. */
const proxied = (c: Container, scheme: string): boolean => {
  const names = PROXY_VARIABLES.get(scheme);
  return (
    !!names && c.env.some((e) => names.has(e.name) && (e.from !== 'value' || !!e.value?.trim()))
  );
};

export default defineRule({
  meta: {
    id: 'egress-blocks-external-url',
    code: 'INCONSISTENT',
    description:
      'A workload is configured with a URL on the internet that it connects to (HTTPS, or a database, cache or broker scheme such as postgres:// or rediss://, on its port; not one it only hands to browsers: its own public address, CORS origins, redirect URLs), or with a host there beside its port setting (DB_HOST with DB_PORT), but none of the egress NetworkPolicies selecting it lets it out to a public address on that port.',
    messages: {
      blocked:
        '{{setting}} is `{{url}}`, which {{workload}} connects to on port {{port}}, but no egress NetworkPolicy selecting {{workload}} ({{policies}}) lets it out to a public address on port {{port}}.',
    },
    hints: {
      blocked:
        'Allow TCP {{port}} to an ipBlock such as 0.0.0.0/0 (except the private ranges) in the workload’s egress policy, or correct the setting.',
    },
    fix: "Let the workload out to the internet on the setting's port, or correct the setting.",
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
          const settings = [...settingsOf(c, w.namespace, ex.configMaps), ...flagSettings(c)];
          for (const s of settings) {
            if (handedOut(s.name)) continue;
            const url = urlTarget(s.value);
            const pair = url ? null : pairTarget(s, settings);
            const target = url ?? (pair && { scheme: 'tcp', ...pair });
            const once = `${s.source.file}:${s.source.line}`;
            if (!target || proxied(c, target.scheme) || reported.has(once)) continue;
            if (allowed(target.port)) continue;
            // A ConfigMap port no egress rule allows at all is egress-blocks-configured-port's.
            if (pair?.portSetting.configMap && !egressAllowsPort(egress, pair.port, null)) continue;
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
