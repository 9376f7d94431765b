/**
 * In-cluster addresses written into config: `redis.honeydue.svc.cluster.local:6379`,
 * `http://api.honeydue.svc/`, a StatefulSet pod's `redis-0.redis.honeydue.svc.cluster.local`.
 * Cluster DNS gives a Service the name `<service>.<namespace>.svc.<cluster domain>`, and a
 * pod behind a headless Service `<hostname>.<service>.<namespace>.svc.<cluster domain>`
 * (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/). Shorter forms
 * (`redis`, `redis.honeydue`) depend on the pod's search path and read like any other host
 * name, so they are not taken for Services.
 */
import type { Service } from '../../engine/index.ts';

export interface ServiceAddress {
  /** The host as written, lower-cased. */
  host: string;
  service: string;
  namespace: string;
  /** The port written after the host, or null. */
  port: number | null;
  /** The URL scheme in front of the host (`redis`, `http`), or null. */
  scheme: string | null;
}

/**
 * Ports a client uses when a URL of the scheme gives none: HTTP and WebSocket by their RFCs
 * (9110, 6455), Redis and PostgreSQL by their IANA registrations, which their clients follow.
 */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  redis: 6379,
  rediss: 6379,
  postgres: 5432,
  postgresql: 5432,
};

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+svc(?:\.cluster\.local)?$/;
const NAME_CHAR = /[a-z0-9.-]/;
/** The longest DNS name (RFC 1035): a longer run of name characters is no host. */
const MAX_NAME = 253;
const CLUSTER_DOMAIN = '.cluster.local';

/**
 * The scheme of the URL whose host starts at `start` (`redis://`, `http://user:pw@`), or null.
 * Bounded: user info longer than a kilobyte, or a scheme longer than 32 characters, is none.
 */
function schemeBefore(text: string, start: number): string | null {
  let at = start;
  if (text[at - 1] === '@') {
    const from = Math.max(0, at - 1024);
    at--;
    while (at > from && !/[@/\s]/.test(text[at - 1])) at--;
  }
  if (!text.startsWith('://', at - 3)) return null;
  const m = /[a-z][a-z0-9+.-]{0,31}$/.exec(text.slice(Math.max(0, at - 35), at - 3));
  return m ? m[0] : null;
}

/**
 * The whole host name in `text` whose last characters, from `at` to `end`, were found: the
 * run of name characters before them (at most a DNS name long) and nothing after. Null when
 * the name goes on either way: `svc.example.com` is someone's domain.
 */
export function nameEndingAt(
  text: string,
  at: number,
  end: number,
): { host: string; start: number } | null {
  let start = at;
  while (start > 0 && at - start <= MAX_NAME && NAME_CHAR.test(text[start - 1])) start--;
  const next = text.slice(end, end + 2);
  const continues = /^[a-z0-9-]/.test(next) || /^\.[a-z0-9]/.test(next);
  if (continues || (start > 0 && NAME_CHAR.test(text[start - 1]))) return null;
  return { host: text.slice(start, end), start };
}

/**
 * Every in-cluster Service address in a config value. Linear in the value's length: it looks
 * only around each `.svc`, never more than a DNS name's length away.
 */
export function serviceAddresses(value: string): ServiceAddress[] {
  const text = value.toLowerCase();
  const out: ServiceAddress[] = [];
  for (let at = text.indexOf('.svc'); at !== -1; at = text.indexOf('.svc', at + 4)) {
    let end = at + 4;
    if (text.startsWith(CLUSTER_DOMAIN, end)) end += CLUSTER_DOMAIN.length;
    const found = nameEndingAt(text, at, end);
    if (!found || !HOST.test(found.host)) continue;
    const { host, start } = found;
    const labels = host.replace(/\.svc(?:\.cluster\.local)?$/, '').split('.');
    // `<service>.<namespace>`, or a pod's `<hostname>.<service>.<namespace>`; nothing deeper.
    if (labels.length < 2 || labels.length > 3) continue;
    if (text[end] === '.') end++;
    const digits = /^:(\d{1,5})(?!\d)/.exec(text.slice(end, end + 7));
    const port = digits ? Number(digits[1]) : null;
    // Not a port at all: no client would connect there, and no Service can have it.
    if (port !== null && (port < 1 || port > 65535)) continue;
    const [service, namespace] = labels.slice(-2);
    out.push({ host, service, namespace, port, scheme: schemeBefore(text, start) });
  }
  return out;
}

/** The port a client dials: the one written, else the scheme's default; undefined when unknown. */
export const portOf = (a: ServiceAddress): number | undefined =>
  a.port ?? (a.scheme ? DEFAULT_PORTS[a.scheme] : undefined);

/** Applied Services by `namespace/name`, per list of Services (a run's), built once. */
const servicesByName = new WeakMap<readonly Service[], Map<string, Service>>();

/** The applied Service an address names. */
export function serviceOf(services: readonly Service[], a: ServiceAddress): Service | undefined {
  let byName = servicesByName.get(services);
  if (!byName) {
    byName = new Map();
    for (const s of services) if (s.applied) byName.set(`${s.namespace}/${s.name}`, s);
    servicesByName.set(services, byName);
  }
  return byName.get(`${a.namespace}/${a.service}`);
}

/**
 * Every host name under a domain (the domain itself or a subdomain) in a config value,
 * lower-cased, each with the URL scheme before it. The domain of an email address
 * (`noreply@example.com`) is no host a client connects to, and is left out. Linear, as
 * serviceAddresses.
 */
export function hostsUnder(
  value: string,
  domain: string,
): { host: string; scheme: string | null }[] {
  const text = value.toLowerCase();
  const d = domain.toLowerCase();
  const out: { host: string; scheme: string | null }[] = [];
  if (!d) return out;
  for (let at = text.indexOf(d); at !== -1; at = text.indexOf(d, at + d.length)) {
    const found = nameEndingAt(text, at, at + d.length);
    if (!found || (found.host !== d && !found.host.endsWith(`.${d}`))) continue;
    const scheme = schemeBefore(text, found.start);
    if (!scheme && text[found.start - 1] === '@') continue;
    out.push({ host: found.host.replace(/^\.+/, ''), scheme });
  }
  return out;
}
