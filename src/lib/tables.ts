/**
 * Tables that fit the screen. Every table of a page (Markdown tables and the generated
 * fact tables alike) passes through `reflowTables` once, in the MarkdownContent override:
 *
 * - each body cell gets its column's header as `data-label`, and each row its own
 *   `<tbody class="hd-row">` (a generated row keeps its note row with it), so CSS can
 *   show rows as cards ("label: value" lines) when the table would not fit;
 * - explicit ARIA table roles, because a table laid out as blocks loses its table
 *   semantics in some browsers;
 * - a class saying when to switch to cards, from an estimate of the width the table
 *   needs without breaking a word: `hd-cards-narrow` (cards when the text column is
 *   under CARDS_BELOW_REM, as on a phone) or `hd-cards` (always: it would not fit the
 *   laptop's text column either).
 *
 * The estimate errs wide; the browser tests check the result at phone and laptop widths.
 */
import { parse, renderSync, ELEMENT_NODE, TEXT_NODE, type ElementNode } from 'ultrahtml';

/** Keep in step with the container query in src/styles/book.css. */
export const CARDS_BELOW_REM = 39;

type Node = ReturnType<typeof parse>;

const isEl = (n: Node, ...names: string[]): n is ElementNode =>
  n?.type === ELEMENT_NODE && (names.length === 0 || names.includes(n.name));
const kids = (n: Node): Node[] => (n?.children ?? []) as Node[];
const els = (n: Node, ...names: string[]) => kids(n).filter((c) => isEl(c, ...names));

function addClass(n: ElementNode, cls: string): void {
  n.attributes.class = n.attributes.class ? `${n.attributes.class} ${cls}` : cls;
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** Visible text, with code spans marked: the unbreakable runs a cell contains. */
function runs(n: Node, nowrapCode: boolean, out: string[] = [], inCode = false): string[] {
  if (n?.type === TEXT_NODE) {
    const text = decode(String(n.value));
    if (inCode && nowrapCode) out.push(`\u0000${text}`);
    else out.push(text);
    return out;
  }
  for (const c of kids(n)) runs(c, nowrapCode, out, inCode || isEl(n, 'code'));
  return out;
}

/** Characters a cell needs: its whole text when short, else it wraps down to eight characters or its longest word. */
function cellNeed(cell: ElementNode, nowrapCode: boolean): { chars: number; code: boolean } {
  const parts = runs(cell, nowrapCode);
  const words = parts.flatMap((p) => (p.startsWith('\u0000') ? [p.slice(1)] : p.split(/\s+/)));
  const total = parts
    .join('')
    .replace(/\u0000/g, '')
    .trim().length;
  const longest = Math.max(0, ...words.map((w) => w.length));
  return {
    chars: Math.min(total, Math.max(longest, 8)),
    code: parts.some((p) => p.startsWith('\u0000')),
  };
}

/** Estimated width in rem the table needs without breaking words. */
export function estimateWidthRem(table: ElementNode): number {
  const facts = /\bhd-facts\b/.test(table.attributes.class ?? '');
  const fontRem = facts ? 0.875 : 1;
  const rows = kids(table)
    .filter((s) => isEl(s, 'thead', 'tbody', 'tfoot'))
    .flatMap((s) => els(s, 'tr'));
  const need: number[] = [];
  for (const tr of rows) {
    let col = 0;
    for (const cell of els(tr, 'th', 'td')) {
      const span = Number(cell.attributes.colspan ?? 1);
      if (span === 1) {
        const { chars, code } = cellNeed(cell, facts);
        // Average advance of the body font and of the monospace code font, in em.
        need[col] = Math.max(need[col] ?? 0, chars * (code ? 0.62 : 0.52));
      }
      col += span;
    }
  }
  const cols = need.length;
  // Cell padding (book.css): each side 0.6rem in fact tables, 1rem in Markdown tables; none
  // outside the first and last columns.
  return need.reduce((a, b) => a + b, 0) * fontRem + Math.max(0, cols - 1) * (facts ? 1.2 : 2);
}

function text(n: Node): string {
  return runs(n, false)
    .join('')
    .replace(/\u0000/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function labelCells(tr: ElementNode, labels: string[]): void {
  tr.attributes.role = 'row';
  let col = 0;
  for (const cell of els(tr, 'th', 'td')) {
    const span = Number(cell.attributes.colspan ?? 1);
    cell.attributes.role = cell.name === 'th' ? 'rowheader' : 'cell';
    if (span === 1 && labels[col] && cell.attributes['data-label'] === undefined)
      cell.attributes['data-label'] = labels[col];
    col += span;
  }
}

function reflowOne(source: string): string {
  const doc = parse(source);
  const table = kids(doc).find((n) => isEl(n, 'table')) as ElementNode | undefined;
  if (!table || source.indexOf('<table', 1) !== -1) return source;
  const head = els(table, 'thead')[0];
  const headRow = head ? els(head, 'tr')[0] : undefined;
  if (!headRow) return source;
  const labels = els(headRow, 'th', 'td').map(text);
  table.attributes.role = 'table';
  head.attributes.role = 'rowgroup';
  headRow.attributes.role = 'row';
  for (const th of els(headRow, 'th', 'td')) th.attributes.role = 'columnheader';
  const body: Node[] = [];
  for (const child of kids(table)) {
    if (!isEl(child, 'tbody', 'tfoot')) {
      body.push(child);
      continue;
    }
    const grouped = /\bhd-row\b/.test(child.attributes.class ?? '');
    if (grouped || child.name === 'tfoot') {
      child.attributes.role = 'rowgroup';
      for (const tr of els(child, 'tr')) labelCells(tr, labels);
      if (!grouped) for (const tr of els(child, 'tr')) addClass(tr, 'hd-row');
      body.push(child);
      continue;
    }
    // One <tbody> per row: the unit that becomes a card.
    for (const tr of els(child, 'tr')) {
      labelCells(tr, labels);
      const group: ElementNode = {
        type: ELEMENT_NODE,
        name: 'tbody',
        attributes: { class: 'hd-row', role: 'rowgroup' },
        children: [tr],
        parent: table,
        loc: child.loc,
      };
      tr.parent = group;
      body.push(group);
    }
  }
  table.children = body;
  addClass(table, estimateWidthRem(table) <= CARDS_BELOW_REM - 1 ? 'hd-cards-narrow' : 'hd-cards');
  return renderSync(doc);
}

/** Rewrites every table in a page's rendered content (see the header). */
export function reflowTables(html: string): string {
  return html.replace(/<table\b[\s\S]*?<\/table>/g, reflowOne);
}
