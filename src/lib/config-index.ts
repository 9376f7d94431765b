/**
 * The Config page as data: every fact, grouped by the object it belongs to (Deployment
 * `api`, Service `web`, node `hetzner1`, the Cloudflare zone…), each with its short and
 * full key, value, source, and the places in the book that render it.
 *
 * Node-only (build time). The sections, objects and their ids are the engine's
 * (configLayout), so the drift check knows every id this page carries.
 */
import { configLayout, type Fact } from '../../engine/index.ts';
import { chapters, pages, type Chapter } from './book.ts';
import { facts, repositoryHref, sourceLabel } from './facts.ts';
import { lastChanged } from './history.ts';
import { memoOn } from './process-store.ts';
import { procedures, sharedBlockRefs } from './procedures.ts';
import { keysOfViews, TABLE_COMPONENTS } from './views.ts';

export interface Usage {
  /** e.g. "07 › Resources". */
  label: string;
  href: string;
}

export interface ConfigFact {
  anchor: string;
  /** The field within its object, e.g. `containers.api.limits.memory`. */
  field: string;
  key: string;
  /** The shortest alias a chapter may use, when it differs from the key. */
  short: string | null;
  display: string;
  source: string;
  repo: string | null;
  used: Usage[];
  /** When the value last changed in git (`a1b2c3d, 2026-11-30`), or null (unknown). */
  changed: { text: string } | null;
}

export interface ConfigObject {
  id: string;
  /** e.g. "api" or "honeydue-config". */
  name: string;
  namespace: string | null;
  facts: ConfigFact[];
}

export interface ConfigSection {
  id: string;
  title: string;
  objects: ConfigObject[];
}

/** Full key → the shortest alias writers use (`service/api.port` for `service/honeydue/api.port`). */
function shortKeys(): Map<string, string> {
  const { registry } = facts();
  const out = new Map<string, string>();
  for (const alias of registry.keys()) {
    if (registry.facts.has(alias)) continue;
    const full = registry.get(alias)!.key;
    const had = out.get(full);
    if (!had || alias.length < had.length) out.set(full, alias);
  }
  return out;
}

/** A heading's text as the page shows it, for a place's label: `<V>` values written in. */
function headingText(raw: string): string {
  const { registry } = facts();
  return raw
    .replace(/<V\s+k="([^"]+)"[^>]*\/>/g, (_, k: string) => registry.get(k)?.display ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '');
}

/**
 * For each line of a page, the heading above it (or on it) as a link target, by the id the MDX
 * reader gives the heading: the one the page carries and the link check knows.
 */
function placesOf(c: Chapter): (line: number) => Usage {
  const heads = c.model.headings
    .filter((h) => h.depth >= 2)
    .map((h) => ({ line: h.line, text: headingText(h.source), slug: h.slug }));
  const appendix = /^appendix-([a-z])-/.exec(c.slug)?.[1];
  const num =
    /^\d\d/.exec(c.slug)?.[0] ?? (appendix ? `Appendix ${appendix.toUpperCase()}` : c.title);
  return (line) => {
    const h = heads.filter((x) => x.line <= line).at(-1);
    return h
      ? { label: `${num} › ${h.text}`, href: `${c.href}#${h.slug}` }
      : { label: num, href: c.href };
  };
}

/**
 * Every fact key → the places that render it (a `<V>`, a `{{key}}`, a shared command block or a
 * generated table), on every page written by hand, in reading order.
 */
export function factPlaces(): Map<string, Usage[]> {
  const { registry } = facts();
  const out = new Map<string, Usage[]>();
  const add = (key: string, u: Usage) => {
    const full = registry.get(key)?.key ?? key;
    const list = out.get(full) ?? out.set(full, []).get(full)!;
    if (!list.some((x) => x.href === u.href)) list.push(u);
  };
  for (const c of pages()) {
    const at = placesOf(c);
    for (const r of c.model.refs) add(r.key, at(r.line));
    for (const t of c.model.elements) {
      const table = TABLE_COMPONENTS[t.name];
      if (table) for (const key of keysOfViews(table(t.attrs))) add(key, at(t.line));
      // A shared command block's placeholders count where the page shows it.
      if (t.name === 'Block' && t.attrs.name)
        for (const r of sharedBlockRefs(t.attrs.name)) add(r.key, at(t.line));
    }
  }
  return out;
}

function entry(
  f: Fact,
  at: { field: string; anchor: string },
  short: string | undefined,
  used: Usage[],
): ConfigFact {
  return {
    anchor: at.anchor,
    field: at.field,
    key: f.key,
    short: short && short !== f.key ? short : null,
    display: f.display,
    source: sourceLabel(f),
    repo: repositoryHref(f),
    used,
    changed: changedOf(f.key),
  };
}

function changedOf(key: string): ConfigFact['changed'] {
  const c = lastChanged(key);
  if (c === null) return null;
  if (c === 'uncommitted') return { text: 'not committed yet' };
  return { text: `${c.short}, ${c.date.slice(0, 10)}` };
}

/** The engine's layout of the page (the ids the check knows too), each row filled in. */
function computeConfigIndex(): ConfigSection[] {
  const result = facts();
  const shorts = shortKeys();
  const places = factPlaces();
  return configLayout(result).map((s) => ({
    id: s.id,
    title: s.title,
    objects: s.objects.map((o) => ({
      id: o.id,
      name: o.name,
      namespace: o.namespace,
      facts: o.facts.map((at) =>
        entry(result.registry.facts.get(at.key)!, at, shorts.get(at.key), places.get(at.key) ?? []),
      ),
    })),
  }));
}

/**
 * The Config page's sections, objects and rows; computed once per facts and pages (the
 * route middleware lists the sections in the table of contents, the page renders them).
 */
export const configIndex: () => ConfigSection[] = memoOn(
  () => [facts(), chapters(), procedures()],
  computeConfigIndex,
);
