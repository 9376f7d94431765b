/**
 * What the NetworkPolicies of a pod let through, either way. A pod that some applied policy
 * with `Egress` in its policyTypes selects may open only the connections one of their egress
 * rules allows, and one that a policy with `Ingress` selects may accept only the connections
 * one of their ingress rules allows; a pod no such policy selects is open that way
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/). A rule's peers
 * name the other end: for egress the destination, for ingress the source. Either way the
 * policy sees the destination pod's port.
 */
import type {
  Extracted,
  ExtractResult,
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyRule,
  Service,
  Source,
  Workload,
} from '../../engine/index.ts';
import { runningContainers, selects, selectsPodOf } from '../../engine/index.ts';
import type { Shared } from '../shared.ts';
import { settingsOf, type Setting } from './config-reads.ts';
import { policyPortAllows } from './ports.ts';
import { labelsOnly, peerSelector, policySelector } from './selectors.ts';
import { portOf, serviceAddresses, serviceOf, type ServiceAddress } from './service-urls.ts';

export type Direction = 'Ingress' | 'Egress';

/** Applied policies of a direction by namespace, per list of policies (a run's), built once. */
const byNamespace = new WeakMap<readonly NetworkPolicy[], Map<string, NetworkPolicy[]>>();

/** The applied policies of a direction that select a workload's pods; none means it is open. */
export function policiesOf(
  policies: readonly NetworkPolicy[],
  direction: Direction,
  w: Workload,
): NetworkPolicy[] {
  let byNs = byNamespace.get(policies);
  if (!byNs) {
    byNs = new Map();
    for (const p of policies)
      if (p.applied)
        for (const d of ['Ingress', 'Egress'] as const)
          if (p.policyTypes.includes(d)) {
            const key = `${d} ${p.namespace}`;
            (byNs.get(key) ?? byNs.set(key, []).get(key)!).push(p);
          }
    byNamespace.set(policies, byNs);
  }
  return (byNs.get(`${direction} ${w.namespace}`) ?? []).filter((p) =>
    selectsPodOf(policySelector(p), w),
  );
}

/** The applied egress policies that select a workload's pods; none means egress is open. */
export const egressPolicies = (policies: readonly NetworkPolicy[], w: Workload) =>
  policiesOf(policies, 'Egress', w);

/** The applied ingress policies that select a workload's pods; none means ingress is open. */
export const ingressPolicies = (policies: readonly NetworkPolicy[], w: Workload) =>
  policiesOf(policies, 'Ingress', w);

const rulesOf = (p: NetworkPolicy, direction: Direction): NetworkPolicyRule[] =>
  direction === 'Egress' ? p.egress : p.ingress;

/**
 * Whether a rule of the policies lets a connection out on a port (over `protocol`, null: any)
 * to a peer `to` accepts: a rule without ports allows every port, one without `to` every
 * destination.
 */
export function egressAllowsPort(
  policies: readonly NetworkPolicy[],
  port: number,
  protocol: string | null,
  to: (peer: NetworkPolicyPeer) => boolean = () => true,
): boolean {
  return policies.some((p) =>
    p.egress.some(
      (r) =>
        (r.ports.length === 0 || r.ports.some((x) => policyPortAllows(x, port, null, protocol))) &&
        (r.peers.length === 0 || r.peers.some(to)),
    ),
  );
}

/**
 * Where a finding's other side is: the rules of a direction of the most specific of the
 * policies (the one that selects the fewest pods), where a missing rule belongs; without
 * rules in any, the policyTypes of the most specific.
 */
export function policyLine(
  shared: Shared,
  policies: readonly NetworkPolicy[],
  direction: Direction,
): Source {
  // Counted once a run per policy: a finding sorts all the policies of its pods.
  const reach = (p: NetworkPolicy) =>
    shared.once(p, 'reach', () => shared.podsOf(p.namespace, policySelector(p)).length);
  const ruled = (p: NetworkPolicy) => (rulesOf(p, direction).length ? 0 : 1);
  const [p] = [...policies].sort((a, b) => ruled(a) - ruled(b) || reach(a) - reach(b));
  const field = direction === 'Egress' ? 'egress' : 'ingress';
  return shared.at(
    'NetworkPolicy',
    p.namespace,
    p.name,
    ['spec', ruled(p) ? 'policyTypes' : field],
    p.source,
  );
}

/** Where an egress finding's other side is (policyLine, egress). */
export const egressLine = (shared: Shared, policies: readonly NetworkPolicy[]): Source =>
  policyLine(shared, policies, 'Egress');

/** A destination: the workload whose pods it is, and the port they listen on (number and name). */
export interface PodPort {
  pods: Workload;
  port: number;
  portName: string | null;
}

/**
 * The far end of a connection as a policy's peers see it: the namespace its pods run in, the
 * workload they are (null: pods whose labels the manifests do not give), and whether they use
 * the node's network, so that their address is the node's and not a pod's.
 */
export interface Peer {
  namespace: string;
  pods: Workload | null;
  hostNetwork: boolean;
}

/** A workload's pods as a peer. */
export const podsPeer = (w: Workload): Peer => ({
  namespace: w.namespace,
  pods: w,
  hostNetwork: false,
});

/** The pods behind each Service port, per run, worked out once however many clients dial it. */
const behind = new WeakMap<Shared, Map<string, PodPort[]>>();

/** The pods behind a Service and the port each listens on for `port`; [] when unknown. */
export function serviceDestinations(shared: Shared, s: Service, port: number): PodPort[] {
  const cache = behind.get(shared) ?? behind.set(shared, new Map()).get(shared)!;
  const key = `${s.namespace}/${s.name}:${port}`;
  let found = cache.get(key);
  if (!found) cache.set(key, (found = podPorts(shared, s, port)));
  return found;
}

function podPorts(shared: Shared, s: Service, port: number): PodPort[] {
  if (s.type === 'ExternalName' || !Object.keys(s.selector).length) return [];
  const sp = s.ports.find((p) => p.port === port);
  // A headless Service's name is its pods' addresses: the client dials the pods' port itself.
  if (!sp && !s.headless) return [];
  const target = sp ? sp.targetPort : port;
  return shared.podsOf(s.namespace, labelsOnly(s.selector)).flatMap((w) => {
    const ports = runningContainers(w).flatMap((c) => c.ports);
    const found =
      typeof target === 'number'
        ? (ports.find((p) => p.containerPort === target) ?? { containerPort: target, name: null })
        : ports.find((p) => p.name === target);
    if (!found) return [];
    return [{ pods: w, port: found.containerPort, portName: found.name }];
  });
}

/** A connection a workload's config sets up: the setting, the address, the pods it reaches. */
export interface Dial {
  setting: Setting;
  address: ServiceAddress;
  service: Service;
  port: number;
  dests: PodPort[];
}

/**
 * The in-cluster Service addresses an applied workload's settings dial, each setting line and
 * host once, with the pods behind them; an address whose Service, port or pods are unknown
 * is left out.
 */
export function serviceDials(shared: Shared, ex: Extracted, w: Workload): Dial[] {
  if (!w.applied) return [];
  const seen = new Set<string>();
  const out: Dial[] = [];
  for (const c of runningContainers(w))
    for (const setting of settingsOf(c, w.namespace, ex.configMaps))
      for (const address of serviceAddresses(setting.value)) {
        const once = `${setting.source.file}:${setting.source.line}:${address.host}`;
        if (seen.has(once)) continue;
        seen.add(once);
        const service = serviceOf(ex.services, address);
        const port = portOf(address);
        if (!service || port === undefined) continue;
        const dests = serviceDestinations(shared, service, port);
        if (dests.length) out.push({ setting, address, service, port, dests });
      }
  return out;
}

/**
 * Labels of each namespace a Namespace object declares, with the `kubernetes.io/metadata.name`
 * label the API server sets on every namespace. A namespace without an object here has labels
 * nobody can know, but for that one.
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
].map(([ip, bits]) => ipv4Range(`${ip}/${bits}`)!);

/** An IPv4 CIDR as its first and last address; null for anything else (IPv6). */
export function ipv4Range(cidr: string): [number, number] | null {
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
  const cidr = ipv4Range(block.cidr);
  if (!cidr) return true;
  const excepts = block.except.map(ipv4Range);
  return PRIVATE.some(
    ([lo, hi]) =>
      cidr[0] <= hi &&
      lo <= cidr[1] &&
      !excepts.some(
        (e) => e !== null && e[0] <= Math.max(lo, cidr[0]) && Math.min(hi, cidr[1]) <= e[1],
      ),
  );
}

/**
 * Whether an ipBlock lets a pod out to the internet: it holds some address outside the RFC 1918
 * ranges that its `except` list does not take out. `0.0.0.0/0` except the private ranges does,
 * `10.42.0.0/16` does not. An IPv6 block may.
 */
export function coversPublic(block: NonNullable<NetworkPolicyPeer['ipBlock']>): boolean {
  const cidr = ipv4Range(block.cidr);
  if (!cidr) return true;
  const out = [...PRIVATE, ...block.except.map(ipv4Range).filter((e) => e !== null)].sort(
    (a, b) => a[0] - b[0],
  );
  // Walk the block from its first address, skipping each range taken out that starts at or before it.
  let at = cidr[0];
  for (const [lo, hi] of out) {
    if (lo > at) break;
    if (hi >= at) at = hi + 1;
  }
  return at <= cidr[1];
}

const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Whether a namespace selector may select a namespace. A namespace the manifests do not
 * declare may carry any labels but its name label, so only what the selector asks of that
 * label is judged.
 */
function namespaceMayMatch(
  selector: LabelSelector,
  ns: string,
  namespaces: ReadonlyMap<string, Record<string, string>>,
): boolean {
  const labels = namespaces.get(ns);
  if (labels) return selects(selector, labels);
  const onName: LabelSelector = {
    matchLabels: Object.fromEntries(
      Object.entries(selector.matchLabels).filter(([k]) => k === NAME_LABEL),
    ),
    matchExpressions: selector.matchExpressions.filter((e) => e.key === NAME_LABEL),
  };
  return selects(onName, { [NAME_LABEL]: ns });
}

/**
 * Whether a peer of a rule of a policy in namespace `policyNs` may be the far end. Pods whose
 * labels are unknown may match any podSelector; the node address of a host-network pod may
 * fall in any ipBlock.
 */
function peerMatches(
  peer: NetworkPolicyPeer,
  policyNs: string,
  end: Peer,
  namespaces: ReadonlyMap<string, Record<string, string>>,
): boolean {
  if (peer.ipBlock) return end.hostNetwork || mayHoldPods(peer.ipBlock);
  const pods = peerSelector(peer);
  if (pods && end.pods && !selectsPodOf(pods, end.pods)) return false;
  if (!peer.namespaceSelector) return end.namespace === policyNs;
  const selector = {
    matchLabels: peer.namespaceSelector,
    matchExpressions: peer.namespaceSelectorExpressions,
  };
  return namespaceMayMatch(selector, end.namespace, namespaces);
}

/**
 * Whether a rule of a policy in namespace `policyNs` allows a TCP connection to a pod port
 * with `peer` at the far end: the destination for an egress rule, the source for an ingress
 * rule. No ports is every port, no peers every peer.
 */
export function allowsTcp(
  rule: NetworkPolicyRule,
  policyNs: string,
  peer: Peer,
  to: Pick<PodPort, 'port' | 'portName'>,
  namespaces: ReadonlyMap<string, Record<string, string>>,
): boolean {
  const port =
    rule.ports.length === 0 || rule.ports.some((p) => policyPortAllows(p, to.port, to.portName));
  return (
    port &&
    (rule.peers.length === 0 || rule.peers.some((p) => peerMatches(p, policyNs, peer, namespaces)))
  );
}
