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

/**
 * The ports a container's flags tell it to listen on: an address flag's port
 * (`--health-probe-bind-address=:8081`, as every kubebuilder operator is started) or a port
 * flag's number (`--healthz-port=10254`). A probe there is on a port the config opens.
 */
export function flaggedPorts(c: Container): Set<string> {
  const out = new Set<string>();
  for (const f of c.flags) {
    const v = f.value.trim();
    const address = /^(?:[\w.-]*|\[[\da-f:.]*\]):(\d{1,5})$/i.exec(v);
    if (address && /(?:addr|address|bind|listen)/i.test(f.flag)) out.add(address[1]);
    else if (/port$/i.test(f.flag) && /^\d{1,5}$/.test(v)) out.add(v);
  }
  return out;
}
