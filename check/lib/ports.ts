import type { Container } from '../../engine/index.ts';

/** Port ranges as UFW and the node inventory write them: `443`, `6443`, `30000:32767`, `8000-8080`. */
export function portRange(p: string): [number, number] | null {
  const m = /^(\d+)(?:[:-](\d+))?$/.exec(p);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
}

export const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;

/** The single addresses of a UFW rule's sources (`10.0.0.1`, `10.0.0.1/32`). */
export const singleAddresses = (from: string[]): string[] =>
  from.map((f) => f.replace(/\/32$/, '')).filter((f) => IPV4.test(f));

/** One port of a NetworkPolicy rule: a number or a container port's name, a range up to endPort. */
export interface PolicyPort {
  protocol: string;
  port: number | string | null;
  endPort: number | null;
}

/**
 * Whether a NetworkPolicy port lets a connection through to a pod port (its number, and its
 * name when the container names it) over `protocol` (null: any): no port is every port of
 * the protocol, a number with endPort every port from one to the other, a name the container
 * port of that name.
 */
export function policyPortAllows(
  p: PolicyPort,
  port: number,
  name: string | null = null,
  protocol: string | null = 'TCP',
): boolean {
  if (protocol !== null && (p.protocol || 'TCP').toUpperCase() !== protocol) return false;
  if (p.port === null) return true;
  if (typeof p.port === 'string') return name !== null && p.port === name;
  return p.endPort !== null ? p.port <= port && port <= p.endPort : p.port === port;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/** A port number written as text (`8081`), 1 to 65535; null for anything else. */
export function portNumber(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : null;
}

/**
 * The port of a `host:port` address to listen on (`:8081`, `0.0.0.0:9100`, `[::]:80`); null
 * for a loopback one, which only the pod itself reaches (a sidecar's upstream), and for
 * anything that is no such address.
 */
export function listenAddressPort(value: string): number | null {
  const m = /^(.*):(\d+)$/.exec(value.trim());
  return m && !LOOPBACK.test(m[1]) ? portNumber(m[2]) : null;
}

/**
 * The ports a container's flags tell it to listen on, named or not in its ports: an address
 * flag's port (`--health-probe-bind-address=:8081`, as every kubebuilder operator is started)
 * or a port flag's number (`--healthz-port=10254`). A probe or a Service there reaches a port
 * the config opens.
 */
export function flaggedPorts(c: Container): Set<number> {
  const out = new Set<number>();
  for (const f of c.flags) {
    const port = /(?:addr|address|bind|listen)/i.test(f.flag)
      ? listenAddressPort(f.value)
      : /port$/i.test(f.flag)
        ? portNumber(f.value.trim())
        : null;
    if (port !== null) out.add(port);
  }
  return out;
}

/** A container's declared ports as a message lists them: `8000 (http), 9090`. */
export const declaredPorts = (c: Container): string =>
  c.ports.map((x) => (x.name ? `${x.containerPort} (${x.name})` : x.containerPort)).join(', ');
