/**
 * Reads a chapter with the parser Astro compiles it with (satteri's
 * `mdxToMdast`, the version Astro and Starlight use) and turns the syntax tree
 * into the book model (types.ts). Positions come from the tree, so a tag or a
 * marker spread over several lines is read like one on a single line.
 */
import GithubSlugger from 'github-slugger';
import { markdownToMdast, mdxToMdast } from 'satteri';
import { parseDocument, type Document } from 'yaml';
import { locateAttributes, stringLiteral } from './attributes.ts';
import { commentBody, parseMarker } from './markers.ts';
import type {
  Chapter,
  CodeBlock,
  Covered,
  Element,
  Extent,
  FactRef,
  Link,
  Point,
} from './types.ts';

/** The parts of an mdast node this reader looks at. */
export interface Node {
  type: string;
  position?: {
    start: { line: number; column: number; offset?: number };
    end: { line: number; column: number; offset?: number };
  };
  children?: Node[];
  value?: string;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  lang?: string | null;
  meta?: string | null;
  depth?: number;
  identifier?: string;
  label?: string;
  url?: string;
}

interface WalkState {
  heading: string | null;
  slugger: GithubSlugger;
}

/** A chapter that the MDX parser refuses; the build would refuse it too. */
export class MdxSyntaxError extends Error {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly reason: string;
  /** What to do, when it is more specific than fixing the MDX there. */
  readonly hint: string | null;
  constructor(file: string, line: number, col: number, reason: string, hint: string | null = null) {
    super(`${file}:${line}:${col}  ${reason}`);
    this.file = file;
    this.line = line;
    this.col = col;
    this.reason = reason;
    this.hint = hint;
  }
}

const PLACEHOLDER = /\{\{\s*([^}\s]+)\s*\}\}/g;
const MANIFEST_TAGS = new Set(['Manifest', 'ManifestExcerpt']);

export function lineLocator(text: string): (offset: number) => Point {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1, offset };
  };
}

const extent = (n: Node): Extent => ({
  line: n.position?.start.line ?? 0,
  col: n.position?.start.column ?? 0,
  endLine: n.position?.end.line ?? 0,
});

/** Plain text of a node: what a reader sees (inline code without backticks). */
export function plainText(n: Node): string {
  if (n.type === 'text' || n.type === 'inlineCode') return n.value ?? '';
  return (n.children ?? []).map(plainText).join('');
}

function parseTree(text: string, file: string, markdown: boolean): Node {
  try {
    return (markdown ? markdownToMdast(text) : mdxToMdast(text)) as unknown as Node;
  } catch (e) {
    const msg = (e as Error).message;
    const at = /^(\d+):(\d+):\s*/.exec(msg);
    const reason = msg
      .replace(/^(\d+):(\d+):\s*/, '')
      .replace(/\s*\(\d+:\d+\)/, '')
      .replace(/\s*\([\w:-]+\)$/, '');
    throw new MdxSyntaxError(file, at ? Number(at[1]) : 1, at ? Number(at[2]) : 1, reason);
  }
}

/**
 * Deeper than any chapter nests (the engine holds manifests to the same depth): the readers
 * below recurse over the tree, and a tree nested thousands deep would exhaust the stack.
 */
const MAX_DEPTH = 256;

/** The first node, in document order, nested deeper than MAX_DEPTH (found without recursion). */
function tooDeep(tree: Node): Node | null {
  // Two parallel stacks rather than a pair per node: most of a chapter's nodes are leaves.
  const nodes: Node[] = [tree];
  const depths: number[] = [0];
  while (nodes.length) {
    const n = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > MAX_DEPTH) return n;
    const kids = n.children;
    if (!kids) continue;
    for (let i = kids.length - 1; i >= 0; i--) {
      nodes.push(kids[i]);
      depths.push(depth + 1);
    }
  }
  return null;
}

/** Reads one chapter. `file` is the path findings are reported under. */
export function readChapter(text: string, file = '', opts: { markdown?: boolean } = {}): Chapter {
  const tree = parseTree(text, file, opts.markdown ?? false);
  const deep = tooDeep(tree);
  if (deep) {
    const { line, col } = extent(deep);
    const reason = `Elements nest more than ${MAX_DEPTH} levels deep here; look for tags or quotes that are never closed`;
    throw new MdxSyntaxError(file, line || 1, col || 1, reason);
  }
  const locate = lineLocator(text);
  const ch: Chapter = {
    file,
    text,
    lines: text.split(/\r?\n/),
    frontmatter: {},
    title: null,
    headings: [],
    links: [],
    ids: [],
    elements: [],
    refs: [],
    manifestRefs: [],
    codeBlocks: [],
    prose: [],
    assumptions: [],
    ignores: [],
    badMarkers: [],
    code: [],
    imports: [],
    footnotes: [],
    blocks: [],
    locate,
  };
  const prose = new Uint8Array(text.length);
  const state: WalkState = { heading: null, slugger: new GithubSlugger() };
  for (const n of tree.children ?? [])
    if (n.type !== 'yaml') ch.blocks.push({ type: n.type, ...extent(n) });
  walk(tree, null, 0, ch, prose, state);
  ch.prose = proseLines(text, prose);
  ch.links.sort((a, b) => a.line - b.line || a.col - b.col);
  if (ch.footnotes.length)
    ch.ids.push(
      'footnote-label',
      ...ch.footnotes.flatMap((f) => [`user-content-fn-${f.id}`, `user-content-fnref-${f.id}`]),
    );
  ch.title ??= ch.headings.find((h) => h.depth === 1)?.text ?? null;
  return ch;
}

function walk(
  n: Node,
  parent: Node | null,
  index: number,
  ch: Chapter,
  prose: Uint8Array,
  state: WalkState,
): void {
  const start = n.position?.start.offset;
  const end = n.position?.end.offset;
  switch (n.type) {
    case 'yaml':
      frontmatter(ch, n.value ?? '');
      frontmatterLinks(ch, n);
      return;
    case 'text':
    case 'inlineCode':
      if (start !== undefined && end !== undefined) prose.fill(1, start, end);
      return;
    case 'heading': {
      const src = ch.text
        .slice(start, end)
        .replace(/^#+\s*/, '')
        .replace(/\s+#+\s*$/, '')
        .trim();
      const shown = plainText(n);
      const text = shown.trim();
      ch.headings.push({
        depth: n.depth ?? 1,
        text,
        source: src,
        line: extent(n).line,
        slug: state.slugger.slug(shown),
      });
      state.heading = text;
      break;
    }
    case 'code':
      ch.codeBlocks.push(codeBlock(n));
      return;
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      if (commentBody(n.value ?? '') === null && stringLiteral(n.value ?? '') === null)
        ch.code.push({ kind: 'expression', text: folded(n.value ?? ''), ...extent(n) });
      else marker(n, parent, index, ch);
      return;
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement':
      if (n.name) element(n, ch, state.heading);
      break;
    case 'link':
      markdownLink(n, ch);
      break;
    case 'definition':
      markdownLink(n, ch);
      return;
    case 'html':
      htmlLinksAndIds(n, ch);
      return;
    case 'footnoteDefinition': {
      const kids = n.children ?? [];
      const from = kids[0]?.position?.start.offset;
      const to = kids.at(-1)?.position?.end.offset;
      const body = from !== undefined ? ch.text.slice(from, to).replace(/\s*\n\s*/g, ' ') : '';
      ch.footnotes.push({
        id: n.label ?? n.identifier ?? '',
        text: body.trim(),
        line: extent(n).line,
        endLine: extent(n).endLine,
      });
      break;
    }
    case 'mdxjsEsm':
      for (const st of esmStatements(n.value ?? '')) {
        if (COMPONENT_IMPORT.test(st.text)) {
          ch.imports.push(...importedNames(st.text));
          continue;
        }
        const { line, col } = extent(n);
        ch.code.push({
          kind: 'esm',
          text: folded(st.text),
          line: line + st.line,
          col: st.line ? st.col : col + st.col - 1,
        });
      }
      return;
  }
  const kids = n.children;
  if (kids) for (let i = 0; i < kids.length; i++) walk(kids[i], n, i, ch, prose, state);
}

/**
 * What a chapter may import: components, by name, from the book's components
 * (`import { V } from '../../components'`, `import ChangeLog from '../../components/ChangeLog.astro'`)
 * or Starlight's (`@astrojs/starlight/components`).
 */
const COMPONENT_IMPORT =
  /^import\s+(\{[\w\s,]*\}|\w+)\s+from\s+(['"])(?:(?:\.\.?\/)+(?:src\/)?components(?:\/[\w-]+(?:\.astro|\.ts)?)?|@astrojs\/starlight\/components)\2$/;

/** The local names an allowed import statement binds (`{ A, B as C }` binds A and C). */
function importedNames(statement: string): string[] {
  const what = COMPONENT_IMPORT.exec(statement)?.[1] ?? '';
  if (!what.startsWith('{')) return what ? [what] : [];
  return what
    .slice(1, -1)
    .split(',')
    .map((s) =>
      s
        .trim()
        .split(/\s+as\s+/)
        .at(-1)!,
    )
    .filter(Boolean);
}

/**
 * An ESM block's statements, each with its line in the block (0 for the first) and column:
 * a statement starts at a line that begins with `import` or `export`. Comments are blanked
 * first, so positions stay those of the source.
 */
function esmStatements(value: string): { text: string; line: number; col: number }[] {
  const blank = value.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
  const starts = [...blank.matchAll(/^([ \t]*)(?:import|export)\b/gm)].map((m) => ({
    at: m.index + m[1].length,
    col: m[1].length + 1,
  }));
  // Anything before the first statement (an expression statement, say) is code too.
  if (blank.trim() && (!starts.length || blank.slice(0, starts[0].at).trim()))
    starts.unshift({ at: blank.search(/\S/), col: 1 });
  return starts.map((s, i) => ({
    text: blank
      .slice(s.at, starts[i + 1]?.at ?? blank.length)
      .trim()
      .replace(/;$/, ''),
    line: blank.slice(0, s.at).split('\n').length - 1,
    col: s.col,
  }));
}

/** Code as a message quotes it: on one line, at most 80 characters. */
export function folded(code: string): string {
  const one = code.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}

/**
 * The frontmatter, parsed when first read (most readers only need the title, and
 * YAML parsing is most of the cost of reading a chapter).
 */
function frontmatter(ch: Chapter, yaml: string): void {
  let parsed: Record<string, unknown> | null = null;
  Object.defineProperty(ch, 'frontmatter', {
    enumerable: true,
    get() {
      if (parsed) return parsed;
      const doc = frontmatterDocument(ch, yaml);
      // Astro reports bad frontmatter with its own position; the book model just has none.
      const fm = doc.errors.length ? null : (doc.toJS() as unknown);
      parsed = fm && typeof fm === 'object' ? (fm as Record<string, unknown>) : {};
      return parsed;
    },
  });
  // A plain one-line title needs no parser. Anything else asks YAML: quotes and escapes, a block
  // scalar (`>-`, `|`), an anchor or alias, a tag, a flow collection, a reserved indicator, a
  // title continued on the next, indented line.
  const plain = /^title:[ \t]*([^'"\s#>|&*!%@[{`][^#\n]*?)[ \t]*$(?!\n[ \t]+\S)/m.exec(yaml);
  const title = plain ? plain[1] : ch.frontmatter.title;
  ch.title = typeof title === 'string' ? title : null;
}

/** A chapter's front matter document, parsed once for the model and for frontmatterProblem. */
const frontmatterDocs = new WeakMap<Chapter, { yaml: string; doc: Document.Parsed }>();

function frontmatterDocument(ch: Chapter, yaml: string): Document.Parsed {
  const hit = frontmatterDocs.get(ch);
  if (hit?.yaml === yaml) return hit.doc;
  const doc = parseDocument(yaml, { prettyErrors: false });
  frontmatterDocs.set(ch, { yaml, doc });
  return doc;
}

/**
 * Why a page's front matter would stop the site build, and where; null when it would not.
 * Starlight needs front matter that is a YAML mapping with a `title` string: without one,
 * the build fails with a schema error that names no line.
 */
export function frontmatterProblem(
  ch: Chapter,
): { line: number; col: number; reason: string } | null {
  const m = /^(\ufeff?---[ \t]*\r?\n)([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(ch.text);
  if (!m)
    return {
      line: 1,
      col: 1,
      reason:
        'The page has no front matter: Starlight needs one, between `---` lines, with a `title`',
    };
  const doc = frontmatterDocument(ch, m[2]);
  // An offset in the front matter, placed in the chapter.
  const inFile = (offset: number) => {
    const { line, col } = ch.locate(m[1].length + offset);
    return { line, col };
  };
  if (doc.errors.length) {
    const e = doc.errors[0];
    return {
      ...inFile(e.pos[0]),
      reason: `The front matter is not valid YAML: ${e.message.split('\n')[0]}`,
    };
  }
  const fm = doc.toJS() as unknown;
  if (!fm || typeof fm !== 'object' || Array.isArray(fm))
    return { line: 2, col: 1, reason: 'The front matter is not a mapping of keys to values' };
  const title = (fm as Record<string, unknown>).title;
  if (typeof title === 'string' && title.trim()) return null;
  const at = /^title\s*:/m.exec(m[2]);
  return {
    ...(at ? inFile(at.index) : { line: 2, col: 1 }),
    reason:
      title === undefined
        ? 'The front matter has no `title`: Starlight needs one for the page heading, the sidebar and search'
        : 'The front matter `title` is not a text: Starlight needs a non-empty string',
  };
}

function codeBlock(n: Node): CodeBlock {
  const meta = n.meta ?? '';
  const title = /\btitle=(?:"([^"]*)"|'([^']*)')/.exec(meta);
  const e = extent(n);
  return {
    lang: n.lang ?? '',
    meta,
    title: title ? (title[1] ?? title[2]) : null,
    line: e.line,
    endLine: e.endLine,
    body: (n.value ?? '') === '' ? [] : (n.value ?? '').split('\n'),
    indent: e.col - 1,
  };
}

function link(ch: Chapter, url: string, offset: number, via: Link['via']): void {
  const at = ch.locate(offset);
  ch.links.push({ url, line: at.line, col: at.col, via });
}

/** `[text](url)` or `[label]: url`; the position is the target's, found after the text. */
function markdownLink(n: Node, ch: Chapter): void {
  const url = n.url ?? '';
  const start = n.position?.start.offset ?? 0;
  const end = n.position?.end.offset ?? ch.text.length;
  // The target follows the link's text (a title after it may hold `](` too).
  const textEnd = n.children?.at(-1)?.position?.end.offset ?? start;
  const from = ch.text.indexOf(n.type === 'definition' ? ']:' : '](', textEnd);
  // A bare URL (`https://…`) or a link whose target is escaped: the node's own start.
  const found = url && from >= start ? ch.text.indexOf(url, from) : -1;
  link(ch, url, found >= start && found < end ? found : start, 'markdown');
}

/** A Markdown page's raw HTML: its `href`s are links, its `id`s anchors. */
function htmlLinksAndIds(n: Node, ch: Chapter): void {
  const html = n.value ?? '';
  const start = n.position?.start.offset ?? 0;
  for (const m of html.matchAll(/<[a-z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/gi))
    ch.ids.push(m[1] ?? m[2]);
  for (const m of html.matchAll(/<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const url = m[1] ?? m[2];
    link(ch, url, start + (m.index ?? 0) + m[0].lastIndexOf(url), 'element');
  }
}

/** Starlight's front matter links: a hero's actions and the prev/next overrides (`link:`). */
function frontmatterLinks(ch: Chapter, n: Node): void {
  const yaml = n.value ?? '';
  const open = ch.text.indexOf(yaml, n.position?.start.offset ?? 0);
  if (open < 0) return;
  for (const m of yaml.matchAll(
    /^[ \t-]*link:[ \t]*(["']?)([^"'\s#][^"'\n#]*?)\1[ \t]*(?:#.*)?$/gm,
  ))
    link(ch, m[2], open + (m.index ?? 0) + m[0].indexOf(m[2]), 'frontmatter');
}

function element(n: Node, ch: Chapter, heading: string | null): void {
  const start = n.position?.start.offset ?? 0;
  const attributes = locateAttributes(ch.text, start, n.attributes ?? [], ch.locate);
  const attrs: Record<string, string> = {};
  for (const a of attributes) if (a.value !== null && a.name) attrs[a.name] = a.value;
  // An HTML element (lower case) keeps its id in the page; a component's `id` is a prop.
  if (/^[a-z]/.test(n.name ?? '') && attrs.id) ch.ids.push(attrs.id);
  if (n.name === 'a' && attrs.href !== undefined) {
    const href = attributes.find((a) => a.name === 'href');
    link(ch, attrs.href, href?.rawAt?.offset ?? href?.at.offset ?? start, 'element');
  }
  const el: Element = {
    name: n.name ?? '',
    attrs,
    attributes,
    flow: n.type === 'mdxJsxFlowElement',
    heading,
    ...extent(n),
  };
  ch.elements.push(el);
  const refs: FactRef[] = [];
  for (const a of attributes) {
    if (a.name === 'k' && a.value !== null)
      refs.push({ key: a.value, line: a.at.line, col: a.at.col, element: el.name, via: 'k' });
    if (a.raw === null || !a.rawAt) continue;
    for (const m of a.raw.matchAll(PLACEHOLDER)) {
      const at = ch.locate(a.rawAt.offset + (m.index ?? 0));
      refs.push({ key: m[1], line: at.line, col: at.col, element: el.name, via: 'placeholder' });
    }
  }
  ch.refs.push(...refs.sort((a, b) => a.line - b.line || a.col - b.col));
  if (MANIFEST_TAGS.has(el.name) && attrs.file)
    ch.manifestRefs.push({
      file: attrs.file,
      path: attrs.path ?? null,
      line: el.line,
      col: el.col,
    });
}

/** The block a marker covers: the next sibling that is not itself a comment, or the enclosing block of an inline marker. */
function covered(n: Node, parent: Node | null, index: number): Covered | null {
  if (!parent) return null;
  if (n.type === 'mdxTextExpression') return { type: parent.type, ...extent(parent) };
  const rest = parent.children ?? [];
  for (let i = index + 1; i < rest.length; i++) {
    const s = rest[i];
    if (s.type === 'mdxFlowExpression' && commentBody(s.value ?? '') !== null) continue;
    return { type: s.type, ...extent(s) };
  }
  return null;
}

function marker(n: Node, parent: Node | null, index: number, ch: Chapter): void {
  const body = commentBody(n.value ?? '');
  if (body === null) return;
  const m = parseMarker(body);
  if (!m) return;
  const { line, col } = extent(n);
  if (m.kind === 'bad') {
    ch.badMarkers.push({ text: m.text, line, col });
    return;
  }
  const covers = covered(n, parent, index);
  if (m.kind === 'assume') ch.assumptions.push({ expr: m.expr, line, col, covers });
  else ch.ignores.push({ rules: m.rules, reason: m.reason, line, col, covers });
}

/** Lines that hold prose, with every character that is not prose blanked. */
function proseLines(text: string, mask: Uint8Array): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    // Runs of prose and of everything else, sliced whole rather than char by char.
    let s = '';
    let j = start;
    while (j < end) {
      const keep = mask[j];
      let k = j + 1;
      while (k < end && mask[k] === keep) k++;
      s += keep ? text.slice(j, k).replace(/\r/g, ' ') : ' '.repeat(k - j);
      j = k;
    }
    if (s.trim()) out.push({ line, text: s.trimEnd() });
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}
