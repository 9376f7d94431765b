/**
 * Loads every YAML file under a folder with source positions.
 *
 * Node-only. Each file is decoded (engine/decode.ts), parsed in kubectl's
 * dialect (engine/yaml-dialect.ts), redacted (engine/redact.ts) and checked
 * against bounded resources before anything else sees it. Each
 * Kubernetes-style object found (one per YAML document, or one per item of a
 * `kind: List`) comes back with a view that can answer "which file:line holds
 * the value at this path?" — the basis of every fact's provenance.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isAlias, isCollection, isMap, isScalar, isSeq, type LineCounter } from 'yaml';
import type { Alias, Document, Node as YamlNode, YAMLMap } from 'yaml';
import { decodeManifest, type Decoded } from './decode.ts';
import {
  inputError,
  InputErrors,
  inputWarning,
  type InputError,
  type InputWarning,
  type Position,
} from './errors.ts';
import { asPrefix, nameRule, namespaceRule } from './names.ts';
import {
  applySpans,
  findSpans,
  HAS_SECRET,
  isMergeKey,
  maskExcerptLine,
  type Redaction,
  type Span,
} from './redact.ts';
import { getPath } from './render/paths.ts';
import { parseKubectlYaml } from './yaml-dialect.ts';

export type PathSeg = string | number;

export interface SourceFile {
  /** Display path (relative to the working directory when inside it). */
  file: string;
  /** Path relative to the manifests folder, with forward slashes. */
  rel: string;
  /** The text as parsed: redacted, so it never holds a credential. */
  text: string;
  lines: string[];
  lineCounter: LineCounter;
}

type Obj = Record<string, unknown>;
const meta = (obj: Obj) => (obj.metadata ?? {}) as Obj;

/**
 * Where the values of a rendered object were set (engine/render/): the
 * object's values are what Kustomize or Helm rendered, and each is located in
 * the file that set it (a base file, the overlay's `images:` entry, a patch).
 */
export interface Provenance {
  /** Where the value at a path was set, with that file's lines (for an error's excerpt). */
  locate(path: PathSeg[]): { pos: Position; lines: readonly string[] };
  /** The same value's path in the object's source document (list items matched by name), or null. */
  sourcePath(path: PathSeg[]): PathSeg[] | null;
  /** The rendered document, for values as Kustomize wrote them. */
  readonly rendered: { source: SourceFile; doc: Document.Parsed; base: PathSeg[] };
  /** A generated object's name without the content hash Kustomize appends, or null. */
  readonly stableName: string | null;
}

/** One manifest object with a way back to its source. */
export class ObjectView {
  readonly source: SourceFile;
  readonly doc: Document.Parsed;
  /** Path of this object inside its YAML document (non-empty for List items). */
  readonly base: PathSeg[];
  readonly obj: Obj;
  readonly docIndex: number;
  /**
   * Set on a rendered object: `obj` is then what the renderer produced, and
   * `source`/`doc`/`base` are the document it came from (for a generated
   * object, its generator's entry in the kustomization).
   */
  readonly provenance: Provenance | null;

  constructor(
    source: SourceFile,
    doc: Document.Parsed,
    docIndex: number,
    base: PathSeg[],
    obj: Obj,
    provenance: Provenance | null = null,
  ) {
    this.source = source;
    this.doc = doc;
    this.docIndex = docIndex;
    this.base = base;
    this.obj = obj;
    this.provenance = provenance;
  }

  get kind(): string {
    return typeof this.obj.kind === 'string' ? this.obj.kind : '';
  }
  get apiVersion(): string {
    return typeof this.obj.apiVersion === 'string' ? this.obj.apiVersion : '';
  }
  /** `metadata.name`, or the `generateName` prefix of an object the server names. */
  get name(): string {
    const md = meta(this.obj);
    if (typeof md.name === 'string' && md.name) return md.name;
    return typeof md.generateName === 'string' ? md.generateName : '';
  }
  get namespace(): string {
    const md = meta(this.obj);
    return typeof md.namespace === 'string' && md.namespace ? md.namespace : 'default';
  }

  /** The value at a path, from the plain-JS form of the object. */
  get(path: PathSeg[]): unknown {
    return getPath(this.obj, path);
  }

  /**
   * The YAML node at a path in the object's source document, or the deepest
   * ancestor that exists. For a rendered object the path is matched to the
   * source first (a list item by its name), so an excerpt shows the source.
   */
  node(path: PathSeg[]): WalkedNode {
    if (!this.provenance) return walkNode(this.doc, [...this.base, ...path]);
    const at = this.provenance.sourcePath(path);
    if (at) return walkNode(this.doc, [...this.base, ...at]);
    return { node: walkNode(this.doc, this.base).node, value: null, exact: false };
  }

  /** file:line:col of the value at a path (or of its nearest ancestor): where it was set. */
  loc(path: PathSeg[] = []): Position {
    if (this.provenance) return this.provenance.locate(path).pos;
    const { node } = this.node(path);
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.source.lineCounter.linePos(offset);
    return { file: this.source.file, line, col };
  }

  /**
   * file:line:col of the key a path ends in (`binaryData.logo.png`: the key `logo.png`), where
   * loc() gives its value; loc(path) for a rendered object or a key merged in with `<<`.
   */
  keyLoc(path: PathSeg[]): Position {
    const parent = this.provenance
      ? null
      : walkNode(this.doc, [...this.base, ...path.slice(0, -1)]);
    const last = String(path.at(-1));
    const pair =
      parent?.exact && path.length && isMap(parent.value)
        ? parent.value.items.find((p) => isScalar(p.key) && String(p.key.value) === last)
        : undefined;
    const at = (pair?.key as YamlNode | undefined)?.range?.[0];
    if (at === undefined) return this.loc(path);
    return { file: this.source.file, ...this.source.lineCounter.linePos(at) };
  }

  /** The lines of the file `loc(path)` points into, for an error's excerpt. */
  linesAt(path: PathSeg[] = []): readonly string[] {
    return this.provenance ? this.provenance.locate(path).lines : this.source.lines;
  }

  /** The node and text a value is written with: the rendered document for a rendered object. */
  private written(path: PathSeg[]): { node: YamlNode | null; exact: boolean; text: string } {
    if (!this.provenance) return { ...this.node(path), text: this.source.text };
    const { source, doc, base } = this.provenance.rendered;
    return { ...walkNode(doc, [...base, ...path]), text: source.text };
  }

  /** The value's source text, quotes included (for messages: `"3"` is not `3`). */
  text(path: PathSeg[]): string | undefined {
    const { node, exact, text } = this.written(path);
    if (!exact || !node?.range) return undefined;
    return text.slice(node.range[0], node.range[1]).trim();
  }

  /** A scalar's text as written, unquoted (for quantities like `1e3`, `0.50` or `"128Mi"`). */
  raw(path: PathSeg[]): string | undefined {
    const { node, exact } = this.written(path);
    if (!exact || !isScalar(node)) return undefined;
    return node.type === 'PLAIN' ? this.text(path) : String(node.value);
  }
}

/**
 * Where a path leads in a document: `node` is the line a reader looks for
 * (a collection's key), `value` the value itself (where an excerpt ends).
 */
export interface WalkedNode {
  node: YamlNode | null;
  /** The value at the path when it exists (an alias as written), else null. */
  value: YamlNode | null;
  exact: boolean;
}

/** The node at a path of a document, or the deepest ancestor that exists. */
export function walkNode(doc: Document.Parsed, path: PathSeg[]): WalkedNode {
  let cur: unknown = doc.contents;
  let found: YamlNode | null = cur as YamlNode | null;
  for (const seg of path) {
    if (isAlias(cur)) cur = cur.resolve(doc);
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return { node: found, value: null, exact: false };
      // Point at the key when the value is a collection: that is the line a reader looks for.
      cur = pair.value;
      found =
        (isCollection(pair.value) && isScalar(pair.key) ? pair.key : (pair.value as YamlNode)) ??
        (pair.key as YamlNode);
    } else if (isSeq(cur) && typeof seg === 'number') {
      const item = cur.items[seg];
      if (item === undefined) return { node: found, value: null, exact: false };
      cur = item;
      found = item as YamlNode;
    } else {
      return { node: found, value: null, exact: false };
    }
  }
  return { node: found, value: (cur as YamlNode | null) ?? null, exact: true };
}

export interface LoadResult {
  dir: string;
  files: SourceFile[];
  objects: ObjectView[];
  /** Documents with no content (empty files, comments only). */
  emptyDocuments: number;
  /** Problems found while reading; the model adds its own before anything is thrown. */
  errors: InputError[];
  /** Problems that do not stop the load (a key repeated with the same value). */
  warnings: InputWarning[];
  /** Every value blanked before anything else saw it. */
  redactions: Redaction[];
  /** What `kubectl apply` would apply (engine/render/ sets it for a kustomization or a chart). */
  applied: Applied;
  /**
   * Documents Kustomize reads that are no objects of their own (patches):
   * kept for excerpts of their file, never modelled.
   */
  consumed: ObjectView[];
}

/** What `kubectl apply -k` (or `-R -f`, without a root kustomization) would apply. */
export interface Applied {
  /** The root kustomization or chart; null when the folder is read as `kubectl apply -R -f` reads it. */
  root: { file: string; line: number } | null;
  /** How the applied objects were found. */
  via: 'files' | 'resources list' | 'kubectl kustomize' | 'kustomize build' | 'helm template';
  objects: ReadonlySet<ObjectView>;
  /** Files (relative to the manifests folder) whose Kubernetes objects are applied. */
  files: string[];
  /** Files holding Kubernetes objects that nothing applies: defined, not applied. */
  notApplied: string[];
}

/** The book's own kinds describe hosts and SaaS: nothing applies them, and they are never "not applied". */
export const BOOK_API = 'book.honeydue.dev/';

/** A Kubernetes object kubectl could apply (not one of the book's own kinds, not a kustomization). */
export function isKubeObject(v: ObjectView): boolean {
  return !v.apiVersion.startsWith(BOOK_API) && v.kind !== 'Kustomization' && v.kind !== 'Component';
}

/**
 * Every Kubernetes object applied, as `kubectl apply -R -f DIR` reads a
 * folder: each YAML file, except kustomization files.
 */
export function appliedAsFiles(objects: ObjectView[], files: SourceFile[]): Applied {
  const kube = objects.filter(isKubeObject);
  const rels = new Set(kube.map((o) => o.source.rel));
  return {
    root: null,
    via: 'files',
    objects: new Set(kube),
    files: files.map((f) => f.rel).filter((f) => rels.has(f)),
    notApplied: [],
  };
}

/**
 * Bounds on what one file may cost. kubectl has no file limit, but the API
 * server refuses an object over 3 MiB, so a file of many times that is not a
 * manifest; the depth stays far below where the YAML parser runs out of
 * stack (no Kubernetes object nests more than a few dozen levels); the
 * number of YAML tokens bounds the parse itself; aliases
 * may repeat structure, not multiply it (go-yaml refuses alias bombs too).
 */
export const LIMITS = {
  fileBytes: 16 * 2 ** 20,
  /** About 4 MB of dense YAML; parsing it takes a few seconds and a few hundred MB. */
  lexemes: 1_000_000,
  depth: 256,
  aliasNodes: 100_000,
  /**
   * Syntax errors listed per file: after its first, a parser mostly reports the lines it could
   * not fit around that one (an unclosed `[` makes every later line an error).
   */
  syntaxErrorsPerFile: 3,
} as const;

const YAML_FILE = /\.ya?ml$/i;

export function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return (rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

/** Why the walk did not follow a symbolic link (see walkFiles). */
export type UnfollowedLink =
  'outside-file' | 'outside-folder' | 'missing' | 'loop' | 'unresolvable';

const skippedName = (name: string) => name.startsWith('.') || name === 'node_modules';

/** A read error in words, without the path: `permission denied`, `i/o error`. */
function ioReason(e: unknown): string {
  const { code, message } = e as NodeJS.ErrnoException;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return /^[A-Z]+: ([^,]+)/.exec(message ?? '')?.[1] ?? code ?? String(e);
}

/**
 * Every file under a folder that passes `keep`, in sorted order; dot-files,
 * dot-folders and node_modules are skipped. The engine's one directory walk.
 *
 * A symbolic link whose target (its real path) lies inside the folder is
 * walked like the file or folder it points to, with `keep` judging the
 * link's own name. Each file is listed once: at its own path when the walk
 * reaches it directly, else at the path of the first link that reaches it
 * (a link is then the only way in, e.g. to a dot-folder); a folder reached
 * again through a link is not walked again, so a loop of links ends. A link
 * whose target lies outside the folder, or that leads nowhere, is not
 * followed: the folder is the boundary of what is read. `unfollowed` hears
 * of each one that would otherwise have been read (an outside file only when
 * `keep` takes its name). A folder that cannot be listed goes to `unreadable`
 * (it throws without one).
 */
export function walkFiles(
  dir: string,
  keep: (name: string) => boolean = () => true,
  report: {
    unfollowed?: (link: string, why: UnfollowedLink) => void;
    unreadable?: (dir: string, e: unknown) => void;
  } = {},
): string[] {
  const { unfollowed, unreadable } = report;
  const out: string[] = [];
  let rootReal: string | undefined;
  /** Real paths of the files and folders reached through links, each listed or walked once. */
  const viaLink = new Set<string>();
  /** Whether the plain walk reaches a real path (relative to the root) by itself. */
  const reachedDirectly = (rel: string, isFile: boolean) => {
    const segs = rel.split(sep);
    return !segs.some(skippedName) && (!isFile || keep(segs[segs.length - 1]));
  };
  const follow = (link: string, name: string) => {
    rootReal ??= realpathSync(dir);
    let real: string;
    try {
      real = realpathSync(link);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' || code === 'ENOTDIR'
          ? 'missing'
          : code === 'ELOOP'
            ? 'loop'
            : 'unresolvable';
      unfollowed?.(link, why);
      return;
    }
    const rel = relative(rootReal, real);
    const stat = statSync(real);
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
      if (stat.isDirectory()) unfollowed?.(link, 'outside-folder');
      else if (keep(name)) unfollowed?.(link, 'outside-file');
      return;
    }
    // The folder itself, or a place the plain walk reaches anyway, is not read twice.
    if (rel === '' || viaLink.has(real) || reachedDirectly(rel, stat.isFile())) return;
    if (stat.isDirectory()) {
      viaLink.add(real);
      visit(link, real);
    } else if (stat.isFile() && keep(name)) {
      viaLink.add(real);
      out.push(link);
    }
  };
  /** `real` is set inside a folder reached through a link: its entries are marked as reached. */
  const visit = (d: string, real?: string) => {
    let listed;
    try {
      listed = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      if (!unreadable) throw e;
      unreadable(d, e);
      return;
    }
    const entries = listed.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (skippedName(entry.name)) continue;
      const full = join(d, entry.name);
      const at = real && join(real, entry.name);
      if (entry.isSymbolicLink()) follow(full, entry.name);
      else if (at && viaLink.has(at)) continue;
      else if (entry.isDirectory()) {
        if (at) viaLink.add(at);
        visit(full, at);
      } else if (entry.isFile() && keep(entry.name)) {
        if (at) viaLink.add(at);
        out.push(full);
      }
    }
  };
  visit(dir);
  return out;
}

/** Where an unterminated quoted scalar opens: the last line with an odd number of unescaped quotes. */
function openQuote(lines: string[], before: number): { line: number; col: number } | null {
  for (let i = Math.min(before, lines.length) - 1; i >= 0; i--) {
    const text = lines[i].replace(/\\./g, '  ');
    for (const q of ['"', "'"]) {
      const count = text.split(q).length - 1;
      if (count % 2 === 1) return { line: i + 1, col: text.lastIndexOf(q) + 1 };
    }
  }
  return null;
}

/** The offset of the last bracket before `end` that is never closed (quotes skipped). */
function openBracket(text: string, end: number): number {
  const stack: number[] = [];
  let quote = '';
  for (let i = 0; i < end; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\n' && quote === '#') quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && /\s/.test(text[i - 1] ?? ' ')) quote = '#';
    else if (ch === '[' || ch === '{') stack.push(i);
    else if (ch === ']' || ch === '}') stack.pop();
  }
  return stack.length ? stack[stack.length - 1] : -1;
}

/** The parser's own words, without the source text it may quote (which could hold a credential). */
function parserReason(code: string, message: string): string {
  const first = message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+.*$/, '')
    .replace(/(token in YAML stream): .*$/, '$1')
    .replace(/: .*$/, '');
  return `${first} (${code}).`;
}

/** Classifies a yaml parse error into the catalogue, using the offending line. */
function classifyYamlError(
  code: string,
  message: string,
  pos: Position,
  lines: string[],
): InputError {
  const text = lines[pos.line - 1] ?? '';
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  if (code === 'TAB_AS_INDENT' || indent.includes('\t')) {
    const col = indent.indexOf('\t') + 1 || pos.col;
    return inputError('TAB_INDENT', { ...pos, col }, {}, lines);
  }
  const template = TEMPLATE_START.exec(text);
  if (template) return templateError({ ...pos, col: template.index + 1 }, lines);
  if (code === 'RESOURCE_EXHAUSTION')
    return inputError('TOO_DEEP', deepestPoint(lines, pos), { limit: LIMITS.depth }, lines);
  return inputError('YAML_SYNTAX', pos, { reason: parserReason(code, message) }, lines);
}

/**
 * Where nesting first passes the limit, found from the text when the parser
 * itself ran out of stack (it reports wherever that happened): block levels
 * by indentation plus flow brackets outside quotes, as DocCheck counts them.
 */
function deepestPoint(lines: string[], fallback: Position): Position {
  const indents: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const indent = line.length - line.trimStart().length;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    while (indents.length && indents[indents.length - 1] > indent) indents.pop();
    if (!indents.length || indents[indents.length - 1] < indent) indents.push(indent);
    if (indents.length > LIMITS.depth) return { ...fallback, line: i + 1, col: indent + 1 };
    let flow = 0;
    let quote = '';
    for (let c = indent; c < line.length; c++) {
      const ch = line[c];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[' || ch === '{') {
        if (indents.length + ++flow > LIMITS.depth) return { ...fallback, line: i + 1, col: c + 1 };
      } else if (ch === ']' || ch === '}') flow--;
    }
  }
  return fallback;
}

/**
 * A template expression: Helm's and Go's `{{ … }}`, and the `%{NAME}%` placeholders k3s fills in
 * its bundled manifests (`clusterIP: %{CLUSTER_DNS}%`) before it applies them.
 */
const TEMPLATE_START = /\{\{|%\{[A-Z0-9_]+\}%/;
const TEMPLATE_EXPR = /\{\{.*?\}\}|%\{[A-Z0-9_]+\}%/;

function templateError(pos: Position, lines: string[]): InputError {
  const expr = TEMPLATE_EXPR.exec(lines[pos.line - 1] ?? '')?.[0] ?? '{{ … }}';
  return inputError('UNRENDERED_TEMPLATE', pos, { expr }, lines);
}

/** Reports a file that is not UTF-8 text, naming what it is instead. */
function encodingError(d: Exclude<Decoded, { ok: true }>, file: string, rel: string): InputError {
  const pos = { file, line: d.line, col: d.col };
  const hex = (n = 0, w = 2) => n.toString(16).toUpperCase().padStart(w, '0');
  switch (d.problem) {
    case 'binary':
      return inputError('BINARY_FILE', pos, { file: rel });
    case 'control-character':
      return inputError('CONTROL_CHARACTER', pos, {
        char: d.value === 0 ? 'NUL (U+0000)' : `U+${hex(d.value, 4)}`,
      });
    case 'invalid-utf8':
      return inputError('INVALID_ENCODING', pos, {
        file: rel,
        what: `the byte 0x${hex(d.value)} cannot start or continue a UTF-8 character`,
      });
    case 'utf16-no-bom':
      return inputError('INVALID_ENCODING', pos, {
        file: rel,
        what: 'it looks like UTF-16 without a byte order mark',
      });
    case 'utf32':
      return inputError('INVALID_ENCODING', pos, { file: rel, what: 'it is UTF-32' });
  }
}

/** One file's text, parsed and redacted; or the errors that stop it. */
interface Parsed {
  text: string;
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  spans: Span[];
  starts: number[];
  /** Original text of each blanked value by where its blank now starts: for DocCheck only. */
  originals: Map<number, string>;
}

/** The 1-based line and column of an offset, counted in the text itself. */
function positionIn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, col: offset - text.lastIndexOf('\n', offset - 1) };
}

function parseAndRedact(
  text: string,
  file: string,
  rel: string,
  errors: InputError[],
): Parsed | null {
  const first = parseKubectlYaml(text, LIMITS.lexemes);
  let { docs, lineCounter } = first;
  if (first.stoppedAt !== null) {
    // From the text: the line counter knows only the lines the parser had taken in by then.
    const pos = { file, ...positionIn(text, first.stoppedAt) };
    errors.push(inputError('TOO_MANY_TOKENS', pos, { file: rel, limit: LIMITS.lexemes }));
    return null;
  }
  const bad = docs.flatMap((d) => d.errors);
  if (bad.length) {
    reportParseErrors(bad, text, lineCounter, file, errors);
    return null;
  }
  const spans = findSpans(docs, text, (t) => parseKubectlYaml(t).docs);
  if (!spans.length) return { text, docs, lineCounter, spans, starts: [], originals: new Map() };
  // Parse the redacted text again: the first parse holds the values and is dropped.
  const redacted = applySpans(text, spans);
  ({ docs, lineCounter } = parseKubectlYaml(redacted.text));
  const still = docs.flatMap((d) => d.errors);
  if (still.length) {
    reportParseErrors(still, redacted.text, lineCounter, file, errors);
    return null;
  }
  const originals = new Map(redacted.starts.map((at, i) => [at, spans[i].original]));
  return { text: redacted.text, docs, lineCounter, spans, starts: redacted.starts, originals };
}

function reportParseErrors(
  bad: { code: string; message: string; pos?: [number, number] }[],
  text: string,
  lineCounter: LineCounter,
  file: string,
  errors: InputError[],
): void {
  // Structure could not be read, so the excerpts are masked by line instead.
  const secret = HAS_SECRET.test(text);
  const lines = text.split(/\r?\n/).map((l) => maskExcerptLine(l, secret));
  const seen = new Set<string>();
  const found: InputError[] = [];
  for (const e of bad) {
    const offset = e.pos?.[0] ?? 0;
    let { line, col } = lineCounter.linePos(offset);
    // An unterminated string is reported by the parser where input ends; point at where it opens.
    if (
      offset >= text.trimEnd().length &&
      /quote|MISSING_CHAR|UNEXPECTED_END/i.test(`${e.code} ${e.message}`)
    ) {
      const open = openQuote(text.split(/\r?\n/), line);
      if (open) ({ line, col } = open);
    }
    // An unclosed flow collection is reported where input ends too; point at its bracket.
    if (/^Flow (?:sequence|map)/.test(e.message) && offset >= text.trimEnd().length) {
      const at = openBracket(text, offset);
      if (at >= 0) ({ line, col } = lineCounter.linePos(at));
    }
    const error = classifyYamlError(e.code, e.message, { file, line, col }, lines);
    // The parser can report one bad line several times (once per recovery attempt).
    const key = `${error.line}:${error.code}`;
    if (!seen.has(key)) found.push(error);
    seen.add(key);
  }
  const shown = found.slice(0, LIMITS.syntaxErrorsPerFile);
  const more = found.length - shown.length;
  if (more > 0) {
    const last = shown[shown.length - 1];
    last.hint = `${last.hint} ${more} more error${more === 1 ? '' : 's'} in this file ${more === 1 ? 'is' : 'are'} not listed: most follow from the first, so fix ${shown.length === 1 ? 'it' : 'these'} and run again.`;
  }
  errors.push(...shown);
}

/**
 * Walks one document once, before it becomes JavaScript: keys repeated in a
 * mapping, unrendered templates, nesting depth, and what aliases expand to
 * (sizes and depths are memoised per node, so a bomb is measured, not expanded).
 */
class DocCheck {
  readonly errors: InputError[] = [];
  readonly warnings: InputWarning[] = [];
  private readonly size = new Map<YamlNode, { size: number; depth: number }>();
  private readonly open = new Set<YamlNode>();
  private biggest: { alias: Alias; size: number } | null = null;
  private written = 0;
  private readonly doc: Document.Parsed;
  private readonly src: Parsed;
  private readonly file: string;
  private readonly lines: string[];

  constructor(doc: Document.Parsed, src: Parsed, file: string, lines: string[]) {
    this.doc = doc;
    this.src = src;
    this.file = file;
    this.lines = lines;
  }

  private pos(node: YamlNode | null | undefined): Position {
    return { file: this.file, ...this.src.lineCounter.linePos(node?.range?.[0] ?? 0) };
  }

  /** Where a conversion error most likely comes from: the first merge key or alias, else the document. */
  firstAliasOr(): Position {
    return this.pos(this.firstAlias ?? (this.doc.contents as YamlNode | null));
  }
  private firstAlias: YamlNode | null = null;

  run(): boolean {
    const root = this.doc.contents as YamlNode | null;
    if (!root) return true;
    if (!this.measure(root, 1)) return false;
    const total = this.size.get(root)!.size;
    if (this.biggest && total - this.written > LIMITS.aliasNodes) {
      this.errors.push(
        inputError(
          'ALIAS_LIMIT',
          this.pos(this.biggest.alias),
          {
            alias: this.biggest.alias.source,
            expanded: total,
            limit: this.written + LIMITS.aliasNodes,
          },
          this.lines,
        ),
      );
      return false;
    }
    return this.errors.length === 0;
  }

  /** Post-order: the size and depth of a node with its aliases expanded. False stops the walk. */
  private measure(node: YamlNode, depth: number): boolean {
    if (isAlias(node)) return this.measureAlias(node, depth);
    this.written++;
    if (!isCollection(node)) {
      this.size.set(node, { size: 1, depth: 0 });
      return true;
    }
    // Depth counts collections: the document's mapping is level 1.
    if (depth > LIMITS.depth) {
      this.errors.push(inputError('TOO_DEEP', this.pos(node), { limit: LIMITS.depth }, this.lines));
      return false;
    }
    if (node.flow && this.src.text.startsWith('{{', node.range?.[0] ?? -1)) {
      this.errors.push(templateError(this.pos(node), this.lines));
      return false;
    }
    this.open.add(node);
    let size = 1;
    let deepest = 0;
    const children = isMap(node)
      ? node.items.flatMap((p) => [p.key, p.value] as unknown[])
      : node.items;
    for (const child of children) {
      if (!child || typeof child !== 'object') continue;
      const c = child as YamlNode;
      if (!this.measure(c, depth + 1)) return false;
      const m = this.size.get(c)!;
      size = Math.min(size + m.size, Number.MAX_SAFE_INTEGER);
      deepest = Math.max(deepest, m.depth);
    }
    this.open.delete(node);
    if (isMap(node) && !this.mergesMappings(node)) return false;
    if (isMap(node)) this.repeatedKeys(node);
    this.size.set(node, { size, depth: deepest + 1 });
    return true;
  }

  private measureAlias(node: Alias, depth: number): boolean {
    const target = node.resolve(this.doc) as YamlNode | undefined;
    if (!target) {
      // Anchors are per document: one set above a `---` is not seen below it.
      const reason = `The alias \`*${node.source}\` names no anchor set before it in this document (an anchor above a \`---\` is not seen below it).`;
      this.errors.push(inputError('YAML_SYNTAX', this.pos(node), { reason }, this.lines));
      return false;
    }
    if (target && this.open.has(target)) {
      this.errors.push(
        inputError('ALIAS_CYCLE', this.pos(node), { alias: node.source }, this.lines),
      );
      return false;
    }
    const m = target ? this.size.get(target) : undefined;
    const size = m?.size ?? 1;
    if (m && depth + m.depth - 1 > LIMITS.depth) {
      this.errors.push(inputError('TOO_DEEP', this.pos(node), { limit: LIMITS.depth }, this.lines));
      return false;
    }
    this.size.set(node, { size, depth: m?.depth ?? 0 });
    this.firstAlias ??= node;
    if (!this.biggest || size > this.biggest.size) this.biggest = { alias: node, size };
    return true;
  }

  /** A `<<` merge of anything but mappings is refused at the source it names, not at the first alias. */
  private mergesMappings(map: YAMLMap): boolean {
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const src of sources) {
        const target = isAlias(src) ? src.resolve(this.doc) : src;
        if (isMap(target)) continue;
        const what = isAlias(src) ? `\`*${src.source}\`` : 'this value';
        const reason = `A \`<<\` merge takes mappings (or aliases of them); ${what} is not one.`;
        this.errors.push(
          inputError('YAML_SYNTAX', this.pos(src as YamlNode), { reason }, this.lines),
        );
        return false;
      }
    }
    return true;
  }

  /**
   * A key written twice: the same value is a warning (kubectl applies the
   * file); different values are an error, because which one wins depends on
   * kubectl's version and validation mode.
   */
  private repeatedKeys(map: YAMLMap): void {
    const seen = new Map<string, { key: YamlNode; value: unknown }>();
    for (const pair of map.items) {
      if (!isScalar(pair.key) || isMergeKey(pair.key)) continue;
      const name = String(pair.key.value);
      const first = seen.get(name);
      if (!first) {
        seen.set(name, { key: pair.key, value: pair.value });
        continue;
      }
      const params = { key: name, first: this.pos(first.key).line };
      if (this.sameValue(first.value, pair.value))
        this.warnings.push(inputWarning('REPEATED_KEY', this.pos(pair.key), params, this.lines));
      else this.errors.push(inputError('DUPLICATE_KEY', this.pos(pair.key), params, this.lines));
    }
  }

  /** Compared as written before redaction: two different passwords are not the same blank. */
  private sameValue(a: unknown, b: unknown): boolean {
    const original = (n: unknown) => {
      const r = (n as YamlNode | null)?.range;
      return r ? this.src.originals.get(r[0]) : undefined;
    };
    const [oa, ob] = [original(a), original(b)];
    if (oa !== undefined || ob !== undefined) return oa === ob;
    if (isScalar(a) && isScalar(b)) return Object.is(a.value, b.value);
    const text = (n: unknown) => {
      const r = (n as YamlNode | null)?.range;
      return r ? this.src.text.slice(r[0], r[1]).trim() : String(n);
    };
    return text(a) === text(b);
  }
}

/** The objects of one document: itself, or the items of a List (typed lists too), flattened. */
/** An object of a document, or an item of a List that is none (`- 42`), at its path. */
type Found = { obj: Obj; base: PathSeg[] } | { notObject: unknown; base: PathSeg[] };

function objectsOf(value: Obj, base: PathSeg[]): Found[] {
  const kind = typeof value.kind === 'string' ? value.kind : '';
  if (!kind.endsWith('List') || !Array.isArray(value.items)) return [{ obj: value, base }];
  const itemKind = kind === 'List' ? null : kind.slice(0, -4);
  return value.items.flatMap((item, i): Found[] => {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      return [{ notObject: item, base: [...base, 'items', i] }];
    const obj = item as Obj;
    // `kubectl get --raw` lists (`SecretList`) leave kind and apiVersion off their items.
    if (itemKind && obj.kind === undefined) {
      obj.kind = itemKind;
      obj.apiVersion ??= value.apiVersion;
    }
    return objectsOf(obj, [...base, 'items', i]);
  });
}

/**
 * A value of the wrong type, for a message: a list or mapping by its shape (its located node
 * is its key, whose text would name the field, not the value), a scalar as written (`"3"` is
 * not `3`).
 */
export function foundAs(v: ObjectView, at: PathSeg[], value: unknown): string {
  return typeof value === 'object' && value !== null
    ? `a ${Array.isArray(value) ? 'list' : 'mapping'}`
    : `\`${v.text(at) ?? JSON.stringify(value)}\``;
}

/**
 * WRONG_TYPE at `metadata` or one of its name fields when it is not a mapping or a string:
 * the API server refuses such an object, and it is no missing name. True when reported.
 */
function metadataTypeError(v: ObjectView, errors: InputError[]): boolean {
  const wrong = (at: PathSeg[], expected: 'a mapping' | 'a string'): boolean => {
    const value = v.get(at);
    if (value === undefined || value === null) return false;
    const isMap = typeof value === 'object' && !Array.isArray(value);
    if (expected === 'a mapping' ? isMap : typeof value === 'string') return false;
    const shape = expected === 'a mapping' ? 'mapping' : 'string';
    const params = { field: at.join('.'), expected, found: foundAs(v, at, value), shape };
    errors.push(inputError('WRONG_TYPE', v.loc(at), params, v.source.lines));
    return true;
  };
  return (
    wrong(['metadata'], 'a mapping') ||
    ['name', 'generateName', 'namespace'].some((f) => wrong(['metadata', f], 'a string'))
  );
}

/**
 * `kind` and `apiVersion` as kubectl reads them. A `kind` that is not a string is WRONG_TYPE
 * (kubectl cannot decode the object); an object with a kind and no `apiVersion` is
 * MISSING_FIELD at its start (kubectl: "apiVersion not set"), and one that is not a string is
 * WRONG_TYPE. A document without a kind is no Kubernetes object (a Helm values file, a
 * kustomization written without one) and is passed over as before; so is a kustomization's
 * missing `apiVersion`, which Kustomize does not require.
 */
function checkKind(v: ObjectView, errors: InputError[]): void {
  const typeError = (field: 'kind' | 'apiVersion', value: unknown, expected: string) => {
    const params = { field, expected, found: foundAs(v, [field], value), shape: 'string' };
    errors.push(inputError('WRONG_TYPE', v.loc([field]), params, v.source.lines));
  };
  const kind = v.get(['kind']);
  if (kind === undefined || kind === null) return;
  if (typeof kind !== 'string') return typeError('kind', kind, 'a string such as `Deployment`');
  // Written but empty: kubectl refuses it ("Object 'Kind' is missing"), as it does no kind.
  if (kind === '')
    return void errors.push(
      inputError(
        'MISSING_FIELD',
        v.loc(['kind']),
        { field: 'kind', what: 'This document' },
        v.source.lines,
      ),
    );
  if (kind === 'Kustomization' || kind === 'Component') return;
  const api = v.get(['apiVersion']);
  if (api !== undefined && api !== null && typeof api !== 'string')
    return typeError('apiVersion', api, 'a string such as `apps/v1`');
  if (!api)
    errors.push(
      inputError(
        'MISSING_FIELD',
        v.loc([]),
        { field: 'apiVersion', what: `This ${kind}` },
        v.source.lines,
      ),
    );
}

/** Object names and namespaces against the Kubernetes rules. */
function checkName(v: ObjectView, errors: InputError[]): void {
  const rule = nameRule(v.apiVersion, v.kind);
  if (!rule) return;
  if (metadataTypeError(v, errors)) return;
  const md = meta(v.obj);
  const own = typeof md.name === 'string' && md.name !== '';
  if (!own && typeof md.generateName !== 'string') {
    errors.push(
      inputError(
        'MISSING_FIELD',
        v.loc(['metadata']),
        { field: 'metadata.name', what: `This ${v.kind}` },
        v.source.lines,
      ),
    );
    return;
  }
  const field = own ? 'name' : 'generateName';
  const name = own ? String(md.name) : asPrefix(String(md.generateName));
  if (name.includes('{{')) {
    errors.push(templateError(v.loc(['metadata', field]), v.source.lines));
    return;
  }
  if (!rule.ok(name))
    errors.push(
      inputError(
        'INVALID_NAME',
        v.loc(['metadata', field]),
        { name: String(md[field]), kind: v.kind, rule: rule.says },
        v.source.lines,
      ),
    );
  if (typeof md.namespace === 'string' && md.namespace && !namespaceRule.ok(md.namespace))
    errors.push(
      inputError(
        'INVALID_NAME',
        v.loc(['metadata', 'namespace']),
        { name: md.namespace, kind: 'namespace', rule: namespaceRule.says },
        v.source.lines,
      ),
    );
}

/**
 * One document's objects, once it passed its checks; null when it did not.
 * An empty document adds to `emptyDocuments`.
 */
function documentObjects(
  doc: Document.Parsed,
  docIndex: number,
  parsed: Parsed,
  source: SourceFile,
  out: LoadSink,
): ObjectView[] | null {
  const { file, lines } = source;
  const check = new DocCheck(doc, parsed, file, lines);
  const ok = check.run();
  out.warnings.push(...check.warnings);
  out.errors.push(...check.errors);
  if (!ok) return null;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    // The parser accepts a few things only conversion refuses (a merge of a scalar).
    const reason = `${(e as Error).message.split('\n')[0]}.`;
    out.errors.push(inputError('YAML_SYNTAX', check.firstAliasOr(), { reason }, lines));
    return null;
  }
  if (value === null || value === undefined) {
    out.emptyDocuments++;
    return [];
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    const pos = { file, ...parsed.lineCounter.linePos(doc.contents?.range?.[0] ?? 0) };
    const params = {
      field: `document ${docIndex + 1}`,
      expected: 'one object (a mapping with `kind` and `apiVersion`)',
      found: `a ${Array.isArray(value) ? 'sequence' : typeof value}`,
      shape: 'mapping',
    };
    out.errors.push(inputError('WRONG_TYPE', pos, params, lines));
    return [];
  }
  return objectsOf(value as Obj, []).flatMap((f) => {
    if ('obj' in f) return [new ObjectView(source, doc, docIndex, f.base, f.obj)];
    // kubectl refuses a List whose item is no object; dropping it would lose it silently.
    const node = doc.getIn(f.base, true) as YamlNode | undefined;
    const pos = { file, ...parsed.lineCounter.linePos(node?.range?.[0] ?? 0) };
    const params = {
      field: f.base
        .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
        .join('')
        .slice(1),
      expected: 'an object (a mapping with `kind` and `apiVersion`)',
      found:
        f.notObject === null
          ? 'nothing'
          : `a ${Array.isArray(f.notObject) ? 'sequence' : typeof f.notObject}`,
      shape: 'mapping',
    };
    out.errors.push(inputError('WRONG_TYPE', pos, params, lines));
    return [];
  });
}

/** What reading a text reports besides its objects. */
export type LoadSink = Pick<LoadResult, 'errors' | 'warnings' | 'redactions' | 'emptyDocuments'>;

/** Reads one file into documents; collects errors instead of stopping at the first. */
export function loadFile(abs: string, manifestsDir: string, out: LoadResult): void {
  const file = displayPath(abs);
  const rel = relative(manifestsDir, abs).split(sep).join('/');
  const unreadable = (e: unknown) =>
    out.errors.push(
      inputError('UNREADABLE_FILE', { file, line: 1, col: 1 }, { file: rel, reason: ioReason(e) }),
    );
  let size: number;
  try {
    size = statSync(abs).size;
  } catch (e) {
    unreadable(e);
    return;
  }
  if (size > LIMITS.fileBytes) {
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    out.errors.push(
      inputError(
        'FILE_TOO_LARGE',
        { file, line: 1, col: 1 },
        { file: rel, size: mib(size), limit: mib(LIMITS.fileBytes) },
      ),
    );
    return;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    unreadable(e);
    return;
  }
  const decoded = decodeManifest(bytes);
  if (!decoded.ok) {
    out.errors.push(encodingError(decoded, file, rel));
    return;
  }
  const read = readText(decoded.text, file, rel, out);
  if (!read) return;
  out.files.push(read.source);
  out.objects.push(...read.objects);
}

/**
 * Parses, checks and redacts one YAML text (a file's, or a renderer's
 * output) into its source and objects; null when it cannot be read (the
 * errors are in `out`).
 */
export function readText(
  text: string,
  file: string,
  rel: string,
  out: LoadSink,
): { source: SourceFile; objects: ObjectView[] } | null {
  const parsed = parseAndRedact(text, file, rel, out.errors);
  if (!parsed) return null;
  const lines = parsed.text.split(/\r?\n/);
  const source: SourceFile = {
    file,
    rel,
    text: parsed.text,
    lines,
    lineCounter: parsed.lineCounter,
  };
  parsed.spans.forEach((s, i) => {
    const { line, col } = parsed.lineCounter.linePos(parsed.starts[i]);
    const { kind, name, object, credential } = s;
    const r: Redaction = { file, line, col, kind, name, object, credential };
    // The key's column as written: a value blanked before it on its line moved it in the redacted text.
    if (s.refused) r.refused = { ...s.refused.why, ...positionIn(text, s.refused.keyAt) };
    out.redactions.push(r);
  });
  // An empty or comments-only file is one empty document.
  if (parsed.docs.length === 0) out.emptyDocuments++;
  const found = parsed.docs.map((doc, i) => documentObjects(doc, i, parsed, source, out));
  // The originals served the repeated-key check; nothing returned holds them, and now nothing at all.
  parsed.originals.clear();
  for (const s of parsed.spans) s.original = '';
  if (found.includes(null)) return null;
  const objects = found.flat() as ObjectView[];
  for (const v of objects) {
    checkKind(v, out.errors);
    checkName(v, out.errors);
  }
  return { source, objects };
}

/**
 * Loads a manifests folder (or a single YAML file). A missing path throws
 * InputErrors; problems inside files are collected in `errors`, so the model
 * can add its own and every problem is reported in one run.
 */
/**
 * The files outside Helm charts nested in the folder: a chart's templates are no YAML until
 * Helm renders them (local-path-provisioner keeps its chart beside its kustomization). A chart
 * at the root is the folder itself, rendered whole (engine/render/helm.ts).
 */
function withoutNestedCharts(root: string, files: string[], warnings: InputWarning[]): string[] {
  const charts = files
    .filter((f) => basename(f) === 'Chart.yaml' && dirname(f) !== root)
    .map((f) => dirname(f));
  if (!charts.length || files.includes(join(root, 'Chart.yaml'))) return files;
  for (const c of charts.filter((c) => !charts.some((o) => c.startsWith(o + sep))))
    warnings.push(
      inputWarning(
        'NESTED_CHART',
        { file: displayPath(join(c, 'Chart.yaml')), line: 1, col: 1 },
        { chart: relative(root, c).split(sep).join('/') },
      ),
    );
  return files.filter((f) => !charts.some((c) => f.startsWith(c + sep)));
}

export function loadManifests(dirOrFile: string): LoadResult {
  const abs = resolve(dirOrFile);
  const out: LoadResult = {
    dir: abs,
    files: [],
    objects: [],
    emptyDocuments: 0,
    errors: [],
    warnings: [],
    redactions: [],
    applied: appliedAsFiles([], []),
    consumed: [],
  };
  let stat;
  try {
    stat = statSync(abs);
  } catch {
    throw new InputErrors([
      inputError(
        'PATH_NOT_FOUND',
        { file: displayPath(abs), line: 0, col: 0 },
        { path: dirOrFile },
      ),
    ]);
  }
  if (stat.isDirectory()) {
    const unfollowed = (link: string, why: UnfollowedLink) =>
      out.warnings.push(
        inputWarning(
          'SYMLINK_NOT_FOLLOWED',
          { file: displayPath(link), line: 1, col: 1 },
          { link: relative(abs, link).split(sep).join('/'), why },
        ),
      );
    const unreadable = (d: string, e: unknown) => {
      const params = { file: relative(abs, d).split(sep).join('/') || '.', reason: ioReason(e) };
      out.errors.push(
        inputError('UNREADABLE_FILE', { file: displayPath(d), line: 0, col: 0 }, params),
      );
    };
    const files = walkFiles(abs, (name) => YAML_FILE.test(name), { unfollowed, unreadable });
    for (const p of withoutNestedCharts(abs, files, out.warnings)) loadFile(p, abs, out);
  } else {
    loadFile(abs, resolve(abs, '..'), out);
  }
  out.applied = appliedAsFiles(out.objects, out.files);
  return out;
}
