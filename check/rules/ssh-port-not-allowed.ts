/**
 * The node inventory gives each node the port an operator's ssh dials (`sshPort`, the node's own
 * or the defaults'); the book's commands and its `~/.ssh/config` follow it. When UFW denies
 * incoming connections by default, one of its rules that applies to the node must allow that
 * port over TCP, or an operator following the book is locked out. A UFW rule that opens SSH
 * on another port (22, or a rule named or commented `ssh`) says that the inventory or the
 * firewall is wrong; the finding names it. A rule counts unless every address it admits is a
 * node's own or lies in the cluster's pod or Service range (the inventory's clusterCidr and
 * serviceCidr): those rules let the cluster in, never an operator. Any other source may be the
 * operator's (an office address, a VPN's private range), so it is not judged further.
 */
import type { Node, Source, UfwRule } from '../../engine/index.ts';
import { ipv4Range } from '../lib/network-policy.ts';
import { portRange } from '../lib/ports.ts';
import { ufwRulesLine } from '../lib/ufw.ts';
import { defineRule } from '../rule.ts';

/** The port OpenSSH listens on and dials when none is written. */
const SSH_WELL_KNOWN_PORT = 22;

const appliesTo = (r: UfwRule, n: Node) =>
  r.nodes.some((x) => x === 'all' || x === n.sshAlias || x === n.hostname || x === n.publicIp);

/** Whether a UFW rule lets TCP in on a port (`any` port, a range, one port). */
function opens(r: UfwRule, port: number): boolean {
  if (!['tcp', 'any'].includes(r.protocol.toLowerCase())) return false;
  if (r.port === 'any') return true;
  const ports = portRange(r.port);
  return !!ports && ports[0] <= port && port <= ports[1];
}

/** IPv4 ranges as first and last address; a single address is its own /32. */
const ranges = (addresses: readonly string[]): [number, number][] =>
  addresses.map((a) => ipv4Range(a.includes('/') ? a : `${a}/32`)).filter((r) => r !== null);

/**
 * Whether an operator may be among a rule's sources: one of them is `any`, or reaches outside
 * the cluster's own addresses (the nodes, the pod and Service ranges).
 */
function admitsOperators(r: UfwRule, cluster: readonly [number, number][]): boolean {
  return r.from.some((f) => {
    if (f.toLowerCase() === 'any') return true;
    const [source] = ranges([f]);
    return !source || !cluster.some(([lo, hi]) => lo <= source[0] && source[1] <= hi);
  });
}

/** A rule that opens SSH: on its well-known port, or named or commented so. */
const opensSsh = (r: UfwRule) =>
  opens(r, SSH_WELL_KNOWN_PORT) || [r.name, r.comment ?? ''].some((t) => /\bssh\b/i.test(t));

export default defineRule({
  meta: {
    id: 'ssh-port-not-allowed',
    code: 'INCONSISTENT',
    description:
      'The node inventory gives a node an SSH port (`sshPort`) that no UFW rule applying to the node lets in over TCP from outside the cluster (the nodes, the pod and Service ranges), while UFW denies incoming connections by default: an operator following the book is locked out.',
    messages: {
      closed:
        'The inventory gives {{nodes}} SSH port {{port}}, but no UFW rule lets {{port}}/tcp in from outside the cluster on {{them}}: an operator following the book cannot log in.',
      elsewhere:
        'The inventory gives {{nodes}} SSH port {{port}}, but UFW rule `{{rule}}` opens SSH on {{ufwPort}}/tcp and none lets {{port}}/tcp in from outside the cluster on {{them}}: the inventory or the firewall is wrong, and an operator following the book is locked out.',
    },
    hints: {
      closed:
        'Allow the SSH port in the UFW rules (before the firewall is enabled on the node), or correct `sshPort` in the inventory.',
      elsewhere:
        "Make `sshPort` and the UFW rule's port the same: the port sshd listens on (`ss -tlnp` on the node says which).",
    },
    fix: 'Make the inventory’s SSH port and the UFW rule that opens SSH agree.',
    docs: '#rule-ssh-port-not-allowed',
  },
  create(context) {
    const { ex, result } = context;
    return {
      configEnd() {
        const ufw = ex.ufw;
        if (!ufw || (ufw.defaults.incoming ?? 'deny').toLowerCase() === 'allow') return;
        const cidrs = ['cluster.clusterCidr', 'cluster.serviceCidr'].map(
          (k) => result.registry.get(k)?.value,
        );
        const cluster = ranges([
          ...ex.nodes.map((n) => n.publicIp),
          ...cidrs.filter((c) => typeof c === 'string'),
        ]);
        const lets = (r: UfwRule, n: Node, port: number) =>
          appliesTo(r, n) && opens(r, port) && admitsOperators(r, cluster);
        // Nodes grouped by the line their port is written on: the defaults give many nodes one.
        const byLine = new Map<string, { port: number; nodes: Node[]; at: Source }>();
        for (const n of ex.nodes) {
          // An inventory that gives no port claims none, and the book follows none.
          const fact = result.registry.get(`node/${n.sshAlias}.sshPort`);
          if (typeof fact?.value !== 'number') continue;
          const port = fact.value;
          if (ufw.rules.some((r) => lets(r, n, port))) continue;
          const at = fact.source;
          const key = `${at.file}:${at.line}`;
          const group = byLine.get(key) ?? byLine.set(key, { port, nodes: [], at }).get(key)!;
          group.nodes.push(n);
        }
        for (const { port, nodes, at } of byLine.values()) {
          const names = nodes.map((n) => `\`${n.sshAlias}\``).join(', ');
          const data = {
            nodes: nodes.length > 1 ? `nodes ${names}` : `node ${names}`,
            them: nodes.length > 1 ? 'them' : 'it',
            port,
          };
          const ssh = ufw.rules.find(
            (r) => nodes.some((n) => appliesTo(r, n)) && opensSsh(r) && admitsOperators(r, cluster),
          );
          context.report({
            messageId: ssh ? 'elsewhere' : 'closed',
            data: ssh ? { ...data, rule: ssh.name, ufwPort: ssh.port } : data,
            file: at.file,
            line: at.line,
            config: ssh?.source ?? ufwRulesLine(result) ?? ufw.source,
          });
        }
      },
    };
  },
});
