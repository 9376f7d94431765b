/**
 * In-cluster addresses written into config: `redis.honeydue.svc.cluster.local:6379`,
 * `http://api.honeydue.svc/`, a StatefulSet pod's `redis-0.redis.honeydue.svc.cluster.local`.
 * Cluster DNS gives a Service the name `<service>.<namespace>.svc.<cluster domain>`, and a
 * pod behind a headless Service `<hostname>.<service>.<namespace>.svc.<cluster domain>`
 * (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/). Shorter forms
 * (`redis`, `redis.honeydue`) depend on the pod's search path and read like any other host
 * name, so they are not taken for Services.
 */

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

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const ADDRESS = new RegExp(
  // An optional scheme and user info; the host must not continue a longer name on its left.
  `(?:([a-z][a-z0-9+.-]*)://(?:[^@/\\s]*@)?)?(?<![a-z0-9.-])` +
    `((?:${LABEL}\\.)+svc(?:\\.cluster\\.local)?)\\.?` +
    // …nor on its right (`svc.example.com` is someone's domain).
    `(?![a-z0-9-]|\\.[a-z0-9])(?::(\\d{1,5})(?!\\d))?`,
  'gi',
);

/** Every in-cluster Service address in a config value. */
export function serviceAddresses(value: string): ServiceAddress[] {
  const out: ServiceAddress[] = [];
  for (const m of value.matchAll(ADDRESS)) {
    const host = m[2].toLowerCase();
    const labels = host.replace(/\.svc(?:\.cluster\.local)?$/, '').split('.');
    // `<service>.<namespace>`, or a pod's `<hostname>.<service>.<namespace>`; nothing deeper.
    if (labels.length < 2 || labels.length > 3) continue;
    const port = m[3] === undefined ? null : Number(m[3]);
    // Not a port at all: no client would connect there, and no Service can have it.
    if (port !== null && (port < 1 || port > 65535)) continue;
    const [service, namespace] = labels.slice(-2);
    out.push({ host, service, namespace, port, scheme: m[1]?.toLowerCase() ?? null });
  }
  return out;
}
