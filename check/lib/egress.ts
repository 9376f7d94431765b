/**
 * What the egress NetworkPolicies of a pod let it reach. A pod that some applied policy with
 * `Egress` in its policyTypes selects may open only the connections one of their rules
 * allows; a pod no such policy selects may open any
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 */
import type {
  ExtractResult,
  NetworkPolicy,
  NetworkPolicyPeer,
  Source,
  Workload,
} from '../../engine/index.ts';
import { selects, selectsPodOf } from '../../engine/index.ts';
import type { Shared } from '../shared.ts';
import { policyPortAllows } from './ports.ts';
import { peerSelector, policySelector } from './selectors.ts';

type EgressRule = NetworkPolicy['egress'][number];

/** Applied Egress policies by namespace, per list of policies (a run's), built once. */
const egressByNamespace = new WeakMap<readonly NetworkPolicy[], Map<string, NetworkPolicy[]>>();

/** The applied egress policies that select a workload's pods; none means egress is open. */
export function egressPolicies(policies: readonly NetworkPolicy[], w: Workload): NetworkPolicy[] {
  let byNs = egressByNamespace.get(policies);
  if (!byNs) {
    byNs = new Map();
    for (const p of policies)
      if (p.applied && p.policyTypes.includes('Egress'))
        (byNs.get(p.namespace) ?? byNs.set(p.namespace, []).get(p.namespace)!).push(p);
    egressByNamespace.set(policies, byNs);
  }
  return (byNs.get(w.namespace) ?? []).filter((p) => selectsPodOf(policySelector(p), w));
}

/**
 * Where an egress finding's other side is: the egress rules of the most specific of the
 * policies (the one that selects the fewest pods), where a missing rule belongs.
 */
export function egressLine(shared: Shared, policies: readonly NetworkPolicy[]): Source {
  const reach = (p: NetworkPolicy) => shared.podsOf(p.namespace, policySelector(p)).length;
  const withRules = policies.filter((p) => p.egress.length).sort((a, b) => reach(a) - reach(b));
  const p = withRules[0] ?? policies[0];
  return shared.at(
    'NetworkPolicy',
    p.namespace,
    p.name,
    ['spec', p.egress.length ? 'egress' : 'policyTypes'],
    p.source,
  );
}

/** A destination: the workload whose pods it is, and the port they listen on (number and name). */
export interface PodPort {
  pods: Workload;
  port: number;
  portName: string | null;
}

/**
 * Labels of each namespace a Namespace object declares, with the `kubernetes.io/metadata.name`
 * label the API server sets on every namespace. A namespace without an object here has labels
 * nobody can know.
 */
export function namespaceLabels(result: ExtractResult): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const o of result.load.objects) {
    if (o.kind !== 'Namespace') continue;
    const meta = (o.obj.metadata ?? {}) as { labels?: unknown };
    const labels = meta.labels && typeof meta.labels === 'object' ? meta.labels : {};
    const strings = Object.entries(labels).filter(([, v]) => typeof v === 'string');
    out.set(o.name, { ...Object.fromEntries(strings), 'kubernetes.io/metadata.name': o.name });
  }
  return out;
}

/** The RFC 1918 ranges, where clusters keep their pod addresses. */
const PRIVATE: [number, number][] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
].map(([ip, bits]) => range(`${ip}/${bits}`)!);

/** An IPv4 CIDR as its first and last address; null for anything else (IPv6). */
function range(cidr: string): [number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return null;
  const bits = Number(m[5]);
  const octets = m.slice(1, 5).map(Number);
  if (bits > 32 || octets.some((o) => o > 255)) return null;
  const ip = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const start = ip - (ip % size);
  return [start, start + size - 1];
}

/**
 * Whether an ipBlock may hold pod addresses. Which range a cluster gives its pods is not in
 * the manifests, so a block counts as reaching pods when it covers some private range that
 * its `except` list does not take out whole: `0.0.0.0/0` except the private ranges (the
 * internet only) reaches none, `10.0.0.0/8` may. An IPv6 block may.
 */
function mayHoldPods(block: NonNullable<NetworkPolicyPeer['ipBlock']>): boolean {
  const cidr = range(block.cidr);
  if (!cidr) return true;
  const excepts = block.except.map(range);
  return PRIVATE.some(
    ([lo, hi]) =>
      cidr[0] <= hi &&
      lo <= cidr[1] &&
      !excepts.some(
        (e) => e !== null && e[0] <= Math.max(lo, cidr[0]) && Math.min(hi, cidr[1]) <= e[1],
      ),
  );
}

/** Whether a peer of a policy in `from` may be the destination pod. */
function peerReaches(
  peer: NetworkPolicyPeer,
  from: string,
  dest: PodPort,
  namespaces: ReadonlyMap<string, Record<string, string>>,
): boolean {
  if (peer.ipBlock) return mayHoldPods(peer.ipBlock);
  const pods = peerSelector(peer);
  if (pods && !selectsPodOf(pods, dest.pods)) return false;
  if (!peer.namespaceSelector) return dest.pods.namespace === from;
  const labels = namespaces.get(dest.pods.namespace);
  // A namespace the manifests do not declare may carry any labels: it may match.
  if (!labels) return true;
  const selector = {
    matchLabels: peer.namespaceSelector,
    matchExpressions: peer.namespaceSelectorExpressions,
  };
  return selects(selector, labels);
}

/** Whether a rule of a policy in `from` allows a TCP connection to the destination pod. */
export function allowsTcp(
  rule: EgressRule,
  from: string,
  dest: PodPort,
  namespaces: ReadonlyMap<string, Record<string, string>>,
): boolean {
  const port =
    rule.ports.length === 0 ||
    rule.ports.some((p) => policyPortAllows(p, dest.port, dest.portName));
  return (
    port &&
    (rule.peers.length === 0 ||
      rule.peers.some((peer) => peerReaches(peer, from, dest, namespaces)))
  );
}
