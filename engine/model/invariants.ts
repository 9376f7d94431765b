/**
 * Derived facts for the invariants the book argues from, so a paragraph can
 * declare them (`{/* assume: ufw.https.cloudflareOnly == true *\/}`) and the
 * check fails there when the config stops holding them. Each fact points at
 * the config line that decides it.
 */
import type { FactRegistry } from '../facts.ts';
import type { Container, Extracted, Source, UfwRule, Workload } from '../types.ts';

const WEBSECURE = 443;
const HTTP = 80;
const ANYWHERE = new Set(['any', 'anywhere', '0.0.0.0/0', '::/0']);

/** RFC 1918 ranges (the cluster's pod and Service CIDRs among them): traffic from inside, not the internet. */
const PRIVATE = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;

/** Whether a rule lets the internet in: a source that is not a private range. */
const fromOutside = (rule: UfwRule) => rule.from.some((f) => !PRIVATE.test(f));

function opens(rule: UfwRule, port: number): boolean {
  const m = /^(\d+)(?:[:–-](\d+))?$/.exec(rule.port);
  if (!m) return rule.port === 'any';
  return Number(m[1]) <= port && port <= Number(m[2] ?? m[1]);
}

/** Adds the invariant facts; call after every other fact of the model is registered. */
export function invariantFacts(ex: Extracted, reg: FactRegistry): void {
  const ufw = ex.ufw;
  if (ufw) {
    // :443 answers Cloudflare only: every rule that opens it to the internet names Cloudflare
    // and allows no source that means "anywhere".
    const https = ufw.rules.filter((r) => opens(r, WEBSECURE) && fromOutside(r));
    const viaCloudflare = (r: (typeof https)[number]) =>
      /cloudflare/i.test(`${r.name} ${r.comment ?? ''}`) &&
      r.from.length > 0 &&
      !r.from.some((f) => ANYWHERE.has(f.toLowerCase()));
    const onlyCloudflare = https.length > 0 && https.every(viaCloudflare);
    // When it is false, the fact is where it breaks: the first rule that does not go through Cloudflare.
    const src: Source =
      https.find((r) => !viaCloudflare(r))?.source ?? https[0]?.source ?? ufw.source;
    reg.add(
      'ufw.https.cloudflareOnly',
      onlyCloudflare,
      src,
      'flag',
      onlyCloudflare ? "only from Cloudflare's ranges" : 'not only from Cloudflare',
    );
    const http = ufw.rules.filter((r) => opens(r, HTTP) && fromOutside(r));
    reg.add(
      'ufw.http.open',
      http.length > 0,
      http[0]?.source ?? ufw.source,
      'flag',
      http.length ? 'open' : 'closed',
    );
  }
  podSecurityFacts(ex, reg);
  const policies = ex.networkPolicies;
  if (policies.length) {
    const unapplied = policies.filter((p) => !p.applied);
    reg.add(
      'networkpolicies.allApplied',
      unapplied.length === 0,
      unapplied[0]?.source ?? ex.applied.kustomization ?? policies[0].source,
      'flag',
      unapplied.length ? `${unapplied.length} not applied` : 'all applied',
    );
  }
}

/** The pod hardening every applied container has (the book's security chapter argues from it). */
const HARDENING: [string, string, (c: Container, w: Workload) => boolean][] = [
  [
    'runAsNonRoot',
    'runs as non-root',
    (c, w) => (c.runAsNonRoot ?? w.securityContext.runAsNonRoot) === true,
  ],
  [
    'readOnlyRootFilesystem',
    'has a read-only root filesystem',
    (c) => c.readOnlyRootFilesystem === true,
  ],
  [
    'noPrivilegeEscalation',
    'sets allowPrivilegeEscalation: false',
    (c) => c.allowPrivilegeEscalation === false,
  ],
  ['capabilitiesDropped', 'drops ALL capabilities', (c) => c.capabilitiesDrop.includes('ALL')],
  [
    'seccomp',
    'has a seccomp profile (RuntimeDefault or Localhost)',
    (c, w) =>
      ['RuntimeDefault', 'Localhost'].includes(
        c.seccompProfile ?? w.securityContext.seccompProfile ?? '',
      ),
  ],
];

/**
 * `pods.<setting>` (true when every container of every applied workload has it, else false at
 * the first container that lacks it), and `pods.apiTokens`: the applied workloads whose pods
 * get a Kubernetes API token (the pod's automountServiceAccountToken, else its ServiceAccount's,
 * else true, as the API server decides).
 */
function podSecurityFacts(ex: Extracted, reg: FactRegistry): void {
  const applied = ex.workloads.filter((w) => w.applied);
  if (!applied.length) return;
  const all = applied.flatMap((w) => [...w.initContainers, ...w.containers].map((c) => ({ c, w })));
  for (const [key, what, holds] of HARDENING) {
    const miss = all.find(({ c, w }) => !holds(c, w));
    reg.add(
      `pods.${key}`,
      !miss,
      miss?.c.source ?? applied[0].source,
      'flag',
      miss ? `not \`${miss.w.name}/${miss.c.name}\`` : `every container ${what}`,
    );
  }
  const tokened = applied.filter((w) => {
    const sa = ex.serviceAccounts.find(
      (s) => s.namespace === w.namespace && s.name === (w.serviceAccountName ?? 'default'),
    );
    return (w.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true) !== false;
  });
  reg.add(
    'pods.apiTokens',
    tokened.map((w) => w.name),
    tokened[0]?.serviceAccountSource ?? tokened[0]?.source ?? applied[0].source,
    'text',
    tokened.length ? tokened.map((w) => w.name).join(', ') : 'none',
  );
}
