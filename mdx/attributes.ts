/**
 * Where each attribute of a JSX tag sits in the source. The parser gives the
 * attributes' names and values but not their positions, and a fact key's
 * column is what a finding points at; so the opening tag, already known to be
 * valid, is walked once more to find each attribute's name and value.
 */
import type { Attribute, Point } from './types.ts';

/** One attribute as written: name position and the raw value's span (offsets into the source). */
export interface RawAttribute {
  name: string;
  nameAt: number;
  kind: Attribute['kind'];
  raw: string | null;
  rawAt: number | null;
}

const NAME = /[A-Za-z_$][\w$:.-]*/y;

/** The offset just past a `{…}` expression starting at `i` (which holds `{`), skipping strings and comments. */
function skipBraces(src: string, i: number): number {
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 1;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  return src.length;
}

/** Reads the attributes of the opening tag that starts at `start` (the `<`). */
export function tagAttributes(src: string, start: number): RawAttribute[] {
  const out: RawAttribute[] = [];
  let i = start + 1;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const name = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  ws();
  if (!name()) return out;
  for (;;) {
    ws();
    const c = src[i];
    if (c === undefined || c === '>' || (c === '/' && src[i + 1] === '>')) return out;
    if (c === '{') {
      const end = skipBraces(src, i);
      out.push({
        name: '',
        nameAt: i,
        kind: 'spread',
        raw: src.slice(i + 1, end - 1),
        rawAt: i + 1,
      });
      i = end;
      continue;
    }
    const nameAt = i;
    const n = name();
    if (!n) return out;
    ws();
    if (src[i] !== '=') {
      out.push({ name: n, nameAt, kind: 'boolean', raw: null, rawAt: null });
      continue;
    }
    i++;
    ws();
    const q = src[i];
    if (q === '"' || q === "'") {
      const end = src.indexOf(q, i + 1);
      out.push({ name: n, nameAt, kind: 'string', raw: src.slice(i + 1, end), rawAt: i + 1 });
      i = end + 1;
    } else if (q === '{') {
      const end = skipBraces(src, i);
      out.push({
        name: n,
        nameAt,
        kind: 'expression',
        raw: src.slice(i + 1, end - 1),
        rawAt: i + 1,
      });
      i = end;
    } else return out;
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/**
 * The string an expression evaluates to when it is one string literal
 * (`"…"`, `'…'`, or a template without `${}`); null for anything else.
 */
export function stringLiteral(expr: string): string | null {
  const t = expr.trim();
  const q = t[0];
  if (!(q === '"' || q === "'" || q === '`') || t.length < 2 || t[t.length - 1] !== q) return null;
  const body = t.slice(1, -1);
  if (q === '`' && body.includes('${')) return null;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === q) return null;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === 'u' || e === 'x') {
      const braced = e === 'u' && body[i + 1] === '{';
      const len = e === 'x' ? 2 : braced ? body.indexOf('}', i) - i - 2 : 4;
      const hex = body.slice(i + (braced ? 2 : 1), i + (braced ? 2 : 1) + len);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += len + (braced ? 2 : 0);
    } else if (e === '\n') continue;
    else out += ESCAPES[e] ?? e;
  }
  return out;
}

/** Joins the parser's attribute values with their positions. */
export function locateAttributes(
  src: string,
  start: number,
  parsed: { type: string; name?: string; value?: unknown }[],
  locate: (offset: number) => Point,
): Attribute[] {
  const raw = tagAttributes(src, start);
  return parsed.map((a, i) => {
    const r = raw[i];
    const at = locate(r?.nameAt ?? start);
    const rawAt = r?.rawAt != null ? locate(r.rawAt) : null;
    if (a.type !== 'mdxJsxAttribute')
      return { name: '', value: null, kind: 'spread', raw: r?.raw ?? null, at, rawAt };
    const v = a.value;
    if (v === null || v === undefined)
      return { name: a.name ?? '', value: null, kind: 'boolean', raw: null, at, rawAt: null };
    if (typeof v === 'string')
      return { name: a.name ?? '', value: v, kind: 'string', raw: r?.raw ?? v, at, rawAt };
    const expr = String((v as { value?: unknown }).value ?? '');
    return {
      name: a.name ?? '',
      value: stringLiteral(expr),
      kind: 'expression',
      raw: r?.raw ?? expr,
      at,
      rawAt,
    };
  });
}
