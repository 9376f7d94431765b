/**
 * Which fact a literal states. A literal is resolved by its kind first (a
 * replica count is one of the workloads' replicas, never the node count that
 * happens to be equal) and then by the object the sentence talks about: "the
 * api has 3 replicas" states `deployment/api.replicas`, "Redis listens on 6379"
 * `deployment/redis.port`. Hints name that fact, by its shortest key.
 */
import { parseFactKey, type ExtractResult, type Fact } from '../../engine/index.ts';
import { values, versionForms, type Literal } from './literals.ts';

export interface Resolution {
  fact: Fact;
  /** The shortest key a writer can use for it. */
  key: string;
  /** Whether the literal states the fact's current value. */
  equal: boolean;
}

/** The object a fact belongs to, as a writer names it: `api`, `hetzner1`, `cloudflare`. */
function objectOf(key: string): string | null {
  const p = parseFactKey(key);
  return p?.type === 'object' ? p.name : (p?.family ?? null);
}

/** Words that name an object without being its name. */
const ALIASES: Record<string, string[]> = {
  cloudflare: ['cloudflare', 'ssl', 'zone', 'tls', 'proxy', 'proxied', 'edge'],
  traefik: ['traefik', 'entrypoint', 'entrypoints', 'ingress'],
  cluster: ['cluster', 'k3s', 'nodes', 'node'],
  ufw: ['ufw', 'firewall'],
  external: ['neon', 'b2', 'backblaze', 'gitea', 'registry', 'postgres'],
};

/** Count facts by the noun that counts them, in order of preference. */
const COUNT_KEYS: [RegExp, string[]][] = [
  [/^(nodes|servers|machines)$/i, ['cluster.nodes']],
  [/^secrets$/i, ['secrets.count']],
  [/^(networkpolicies|network policies)$/i, ['networkpolicies.count']],
  [/^ingressroutes$/i, ['ingressroutes.count']],
  [/^middlewares$/i, ['middlewares.count']],
  [/^(ufw rules|allow rules)$/i, ['ufw.rules.count']],
  [/^entrypoints$/i, ['traefik.entrypoints.count']],
  [/^(dns records|a records)$/i, ['cloudflare.dns.count']],
  [/^(public hosts|hosts)$/i, ['cloudflare.hosts.count', 'routes.hosts.count']],
  [/^(workloads|deployments)$/i, ['workloads.count']],
];

/** A fact's values and, for a version, the other forms it is typed in: what a literal may state. */
const forms = (f: Fact): string[] =>
  f.class === 'version' ? values(f).flatMap((v) => [v, ...versionForms(v)]) : values(f);

export class FactsIndex {
  private readonly facts: Fact[];
  private readonly shortest = new Map<string, string>();
  private readonly byObject = new Map<string, Fact[]>();
  private readonly byValue = new Map<string, Fact[]>();
  /** Lower-cased object names and their aliases → object. */
  readonly mentions = new Map<string, string>();
  private readonly registry: ExtractResult['registry'];

  constructor(result: ExtractResult) {
    this.registry = result.registry;
    this.facts = [...result.registry.facts.values()];
    for (const k of result.registry.keys()) {
      const full = result.registry.get(k)?.key;
      if (full && (!this.shortest.has(full) || k.length < this.shortest.get(full)!.length))
        this.shortest.set(full, k);
    }
    for (const f of this.facts) {
      const o = objectOf(f.key);
      if (o) (this.byObject.get(o) ?? this.byObject.set(o, []).get(o)!).push(f);
      for (const v of forms(f)) (this.byValue.get(v) ?? this.byValue.set(v, []).get(v)!).push(f);
    }
    for (const o of this.byObject.keys()) if (o.length >= 3) this.mentions.set(o.toLowerCase(), o);
    for (const [o, words] of Object.entries(ALIASES))
      for (const w of words) if (!this.mentions.has(w)) this.mentions.set(w, o);
  }

  key(f: Fact): string {
    return this.shortest.get(f.key) ?? f.key;
  }

  /** The objects a sentence names, nearest to `col` first (before it, then after it). */
  objectsNear(sentence: string, col: number): string[] {
    const found: { o: string; d: number }[] = [];
    for (const m of sentence.matchAll(/[A-Za-z][\w.-]*[\w]|[A-Za-z]/g)) {
      const o = this.mentions.get(m[0].toLowerCase());
      if (!o) continue;
      const at = m.index ?? 0;
      found.push({ o, d: at < col ? col - at : 1000 + at - col });
    }
    return [...new Set(found.sort((a, b) => a.d - b.d).map((x) => x.o))];
  }

  /**
   * The best of the candidate facts: for values found as written, a fact that
   * holds exactly that value (not a list containing it) first; then the
   * object the sentence names nearest; then the shortest key.
   */
  private pick(cands: Fact[], value: string, near: string[], exact = false): Resolution | null {
    if (!cands.length) return null;
    const rank = (f: Fact) => {
      const o = objectOf(f.key);
      const i = o ? near.indexOf(o) : -1;
      const scalar = !Array.isArray(f.value) && String(f.value) === value ? 0 : 1;
      return [
        exact ? scalar : 0,
        i < 0 ? 99 : i,
        forms(f).includes(value) ? 0 : 1,
        scalar,
        this.key(f).length,
      ];
    };
    const ranked = cands.map((f) => ({ f, r: rank(f) }));
    ranked.sort((a, b) => {
      for (let i = 0; i < a.r.length; i++) if (a.r[i] !== b.r[i]) return a.r[i] - b.r[i];
      return 0;
    });
    const best = ranked[0].f;
    return { fact: best, key: this.key(best), equal: forms(best).includes(value) };
  }

  /** The fact a literal states, given the sentence around it; null when no fact fits its kind. */
  resolve(lit: Literal, sentence: string, col: number): Resolution | null {
    const near = this.objectsNear(sentence, col);
    const onObjects = (pred: (f: Fact) => boolean) =>
      near.flatMap((o) => this.byObject.get(o) ?? []).filter(pred);
    switch (lit.kind) {
      case 'replicas': {
        const replicas = (f: Fact) => f.class === 'replicas' && /\.replicas$/.test(f.key);
        const own = onObjects(replicas);
        if (own.length) return this.pick(own, lit.value, near);
        const equal = this.facts.filter((f) => replicas(f) && values(f).includes(lit.value));
        return equal.length === 1 ? this.pick(equal, lit.value, near) : null;
      }
      case 'port': {
        const port = (f: Fact) => f.class === 'port';
        const own = onObjects(port).filter((f) => values(f).includes(lit.value));
        const all = this.facts.filter(
          (f) => port(f) && values(f).some((v) => v.split(/[:–-]/).includes(lit.value)),
        );
        return this.pick(own.length ? own : all, lit.value, near);
      }
      case 'count': {
        const keys = COUNT_KEYS.find(([re]) => re.test(lit.noun ?? ''))?.[1] ?? [];
        const f = keys.map((k) => this.registry.get(k)).find((x) => x !== undefined);
        return f ? { fact: f, key: this.key(f), equal: values(f).includes(lit.value) } : null;
      }
      case 'enum': {
        // A setting's value names the setting only in a sentence about an object that has it;
        // a Service type only as "a ClusterIP Service" ("the ClusterIP" is the Service's address).
        const typed = /^\s*Services?\b/.test(sentence.slice(col + lit.value.length));
        const own = onObjects(
          (f) => values(f).includes(lit.value) && (typed || !/^service\/.*\.type$/.test(f.key)),
        );
        return own.length ? this.pick(own, lit.value, near) : null;
      }
      case 'setting': {
        // `replicas: 3` is a replicas fact, `failureThreshold: 3` a failureThreshold: the field says which.
        const field = lit.noun ?? '';
        const ofField = (f: Fact) =>
          f.key.endsWith(`.${field}`) || (/port$/i.test(field) && f.class === 'port');
        const own = onObjects(ofField);
        const equal = this.facts.filter((f) => ofField(f) && values(f).includes(lit.value));
        return this.pick(own.length ? own : equal.length === 1 ? equal : [], lit.value, near);
      }
      case 'quantity':
      case 'ip': {
        const bare = lit.value.replace(/\/\d+$/, '');
        return this.pick(
          this.byValue.get(lit.value) ?? this.byValue.get(bare) ?? [],
          lit.value,
          near,
        );
      }
      default:
        return this.pick(this.byValue.get(lit.value) ?? [], lit.value, near, true);
    }
  }
}

/** The sentence around a column of a line, and the column inside it. */
export function sentenceAt(line: string, col: number): { sentence: string; col: number } {
  const i = col - 1;
  let start = 0;
  for (const m of line.slice(0, i).matchAll(/[.!?;](?=\s)|\s[—–]\s/g))
    start = (m.index ?? 0) + m[0].length;
  const rest = /[.!?;](?=\s|$)/.exec(line.slice(i + 1));
  const end = rest ? i + 1 + rest.index : line.length;
  return { sentence: line.slice(start, end), col: i - start };
}
