/**
 * The fact registry: every config value the book may render, under a stable
 * key, with its display text and the manifest file:line it came from.
 *
 * Keys read like `deployment/api.replicas`, `node/hetzner1.publicIp`,
 * `configmap/honeydue-config.DB_HOST`. Objects outside the default book
 * namespace can always be named in full (`deployment/kube-system/traefik`);
 * the short form exists when the name is unique for its kind.
 */
import type { Source } from './types.ts';
import { nearest } from './nearest.ts';

/** What a value is, so the drift check knows which literals in prose to look for. */
export type FactClass =
  | 'ip'
  | 'cidr'
  | 'image'
  | 'quantity'
  | 'hostname'
  | 'domain'
  | 'port'
  | 'replicas'
  | 'version'
  | 'price'
  | 'text'
  | 'number'
  | 'flag'
  | 'path'
  | 'url';

export interface Fact {
  key: string;
  value: string | number | boolean | null | string[];
  display: string;
  class: FactClass;
  source: Source;
}

export class FactRegistry {
  readonly facts = new Map<string, Fact>();
  /** Short alias → full key; null when the alias is ambiguous. */
  private readonly aliases = new Map<string, string | null>();
  /** An ambiguous alias → every full key it was given. */
  private readonly ambiguous = new Map<string, Set<string>>();

  add(
    key: string,
    value: Fact['value'],
    source: Source,
    cls: FactClass = 'text',
    display?: string,
  ): void {
    const shown =
      display ?? (Array.isArray(value) ? value.join(', ') : value === null ? '—' : String(value));
    this.facts.set(key, { key, value, display: shown, class: cls, source });
  }

  alias(short: string, full: string): void {
    if (short === full) return;
    const before = this.aliases.get(short);
    if (before === undefined || before === full) {
      this.aliases.set(short, full);
      return;
    }
    this.aliases.set(short, null);
    const all = this.ambiguous.get(short) ?? new Set(before === null ? [] : [before]);
    this.ambiguous.set(short, all.add(full));
  }

  /** The facts a short key names when it names more than one (two objects share a name). */
  meanings(key: string): string[] {
    return [...(this.ambiguous.get(key) ?? [])].filter((k) => this.facts.has(k)).sort();
  }

  /** Looks a key up directly or through a unique alias. */
  get(key: string): Fact | undefined {
    const direct = this.facts.get(key);
    if (direct) return direct;
    const full = this.aliases.get(key);
    return full ? this.facts.get(full) : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Every key a writer may use (full keys and unambiguous aliases), sorted. */
  keys(): string[] {
    const out = new Set(this.facts.keys());
    for (const [alias, full] of this.aliases) if (full && this.facts.has(full)) out.add(alias);
    return [...out].sort();
  }

  /**
   * The closest existing keys, for "did you mean" hints. Only keys of the same
   * family (`deployment/…`, `node/…`, `cloudflare.…`) and of similar length
   * are compared, so a hint stays cheap with many thousands of facts.
   */
  closest(key: string, n = 3): string[] {
    const family = (k: string) => /^[^/.]+/.exec(k)?.[0] ?? '';
    const all = this.keys();
    const similar = (k: string) => Math.abs(k.length - key.length) <= Math.max(8, key.length / 2);
    const near = all.filter((k) => family(k) === family(key) && similar(k));
    // Keys are already sorted, so ties stay alphabetical.
    return nearest(key, near.length ? near : all.filter(similar), n);
  }
}
