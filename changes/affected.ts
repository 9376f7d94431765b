/**
 * What a change means for the book: every chapter place that renders a
 * changed fact (`<V k>`, `{{key}}` in a command), and every assume marker
 * over one, with whether the assumption still holds after the change — as
 * the drift check itself evaluates it.
 */
import type { ExtractResult } from '../engine/index.ts';
import { assumptionHolds } from '../check/index.ts';
import { MdxSyntaxError, readChapter, type Chapter } from '../mdx/index.ts';
import { ChangesError } from './errors.ts';
import type { Change } from './diff.ts';
import type { Snapshot } from './snapshot.ts';

export interface Doc {
  /** Repository-relative path. */
  file: string;
  text: string;
}

export interface Affected {
  file: string;
  line: number;
  col: number;
  /** The key as the chapter writes it. */
  key: string;
  /** The key of the change (in `changes`) this place follows from. */
  change: string;
  use: 'renders' | 'assumes';
  /** For an assume marker: whether it holds after the change. null for a rendered value. */
  holds: boolean | null;
  /** Whether the key still names a fact after the change (false: the reference breaks). */
  resolves: boolean;
  /** The assume marker's expression. */
  expr?: string;
  /** The nearest heading above the place. */
  heading: string | null;
}

/** Full key → the key of the change it belongs to (duplicates and renamed objects' facts included). */
function changeOf(changes: Change[], a: Snapshot, b: Snapshot): Map<string, string> {
  const full = new Map<string, string>();
  for (const s of [a, b]) for (const f of Object.values(s.facts)) full.set(f.alias, f.key);
  const out = new Map<string, string>();
  for (const c of changes) {
    out.set(c.fullKey, c.key);
    for (const k of c.also) out.set(full.get(k) ?? k, c.key);
    if (c.renamedFrom)
      for (const f of Object.values(a.facts))
        if (f.objectKey === c.renamedFrom.key) out.set(f.key, c.key);
  }
  return out;
}

const OPERATORS = /&&|==|!=|<=|>=|<|>/;

export interface Sides {
  before: { snapshot: Snapshot; result: ExtractResult | null };
  after: { snapshot: Snapshot; result: ExtractResult | null };
}

function read(doc: Doc): Chapter {
  try {
    return readChapter(doc.text, doc.file, { markdown: doc.file.endsWith('.md') });
  } catch (e) {
    if (!(e instanceof MdxSyntaxError)) throw e;
    throw new ChangesError(
      'INVALID_CHAPTER',
      `${e.file}:${e.line}:${e.col}  The chapter cannot be read: ${e.reason}`,
      'Fix the MDX at that position (`npm run check` reports the same), or pass --docs another folder.',
    );
  }
}

/** The places in `docs` that render or assume a fact that changed between the two sides. */
export function affectedPlaces(docs: Doc[], changes: Change[], sides: Sides): Affected[] {
  const changed = changeOf(changes, sides.before.snapshot, sides.after.snapshot);
  const before = sides.before.result?.registry;
  const after = sides.after.result?.registry;
  const hit = (key: string) => {
    const b = after?.get(key)?.key;
    const a = before?.get(key)?.key;
    return (
      (b !== undefined ? changed.get(b) : undefined) ??
      (a !== undefined ? changed.get(a) : undefined)
    );
  };
  const out: Affected[] = [];
  for (const doc of docs) {
    const s = read(doc);
    const heading = (line: number) => s.headings.findLast((h) => h.line < line)?.text ?? null;
    for (const r of s.refs) {
      const change = hit(r.key);
      if (change)
        out.push({
          file: doc.file,
          line: r.line,
          col: r.col,
          key: r.key,
          change,
          use: 'renders',
          holds: null,
          resolves: after?.has(r.key) ?? false,
          heading: heading(r.line),
        });
    }
    for (const m of s.assumptions) {
      const keys = m.expr
        .split(OPERATORS)
        .map((t) => t.trim())
        .filter((t) => t && hit(t));
      if (!keys.length) continue;
      const change = hit(keys[0])!;
      const result = sides.after.result;
      out.push({
        file: doc.file,
        line: m.line,
        col: m.col,
        key: keys[0],
        change,
        use: 'assumes',
        holds: result ? assumptionHolds(m.expr, result) : false,
        resolves: keys.every((k) => after?.has(k) ?? false),
        expr: m.expr,
        heading: heading(m.line),
      });
    }
  }
  return out.sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line || x.col - y.col);
}
