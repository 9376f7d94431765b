/**
 * Derived facts for the invariants the book argues from, so a paragraph can
 * declare them (`{/* assume: ufw.https.cloudflareOnly == true *\/}`) and the
 * check fails there when the config stops holding them. Each fact points at
 * the config line that decides it.
 */
import type { FactRegistry } from '../facts.ts';
import type { Extracted, Source, UfwRule } from '../types.ts';

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
