/**
 * Loads every YAML file under a folder with source positions.
 *
 * Node-only. Each Kubernetes-style object found (one per YAML document, or one
 * per item of a `kind: List`) comes back with a view that can answer "which
 * file:line holds the value at this path?" — the basis of every fact's
 * provenance.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isCollection, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { InputErrors, type InputError, type InputErrorCode, type Position } from './errors.ts';

export type PathSeg = string | number;

export interface SourceFile {
  /** Display path (relative to the working directory when inside it). */
  file: string;
  /** Path relative to the manifests folder, with forward slashes. */
  rel: string;
  text: string;
  lines: string[];
  lineCounter: LineCounter;
}

/** One manifest object with a way back to its source. */
export class ObjectView {
  readonly source: SourceFile;
  readonly doc: Document.Parsed;
  /** Path of this object inside its YAML document (non-empty for List items). */
  readonly base: PathSeg[];
  readonly obj: Record<string, unknown>;
  readonly docIndex: number;

  constructor(
    source: SourceFile,
    doc: Document.Parsed,
    docIndex: number,
    base: PathSeg[],
    obj: Record<string, unknown>,
  ) {
    this.source = source;
    this.doc = doc;
    this.docIndex = docIndex;
    this.base = base;
    this.obj = obj;
  }

  get kind(): string {
    return typeof this.obj.kind === 'string' ? this.obj.kind : '';
  }
  get apiVersion(): string {
    return typeof this.obj.apiVersion === 'string' ? this.obj.apiVersion : '';
  }
  get name(): string {
    const md = this.obj.metadata as Record<string, unknown> | undefined;
    return typeof md?.name === 'string' ? md.name : '';
  }
  get namespace(): string {
    const md = this.obj.metadata as Record<string, unknown> | undefined;
    return typeof md?.namespace === 'string' && md.namespace ? md.namespace : 'default';
  }

  /** The value at a path, from the plain-JS form of the object. */
  get(path: PathSeg[]): unknown {
    let cur: unknown = this.obj;
    for (const seg of path) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string | number, unknown>)[seg];
    }
    return cur;
  }

  /** The YAML node at a path, or the deepest ancestor that exists. */
  node(path: PathSeg[]): { node: YamlNode | null; exact: boolean } {
    let cur: unknown = this.doc.contents;
    let found: YamlNode | null = cur as YamlNode | null;
    for (const seg of [...this.base, ...path]) {
      if (isMap(cur)) {
        const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return { node: found, exact: false };
        // Point at the key when the value is a collection: that is the line a reader looks for.
        cur = pair.value;
        found =
          (isCollection(pair.value) && isScalar(pair.key) ? pair.key : (pair.value as YamlNode)) ??
          (pair.key as YamlNode);
      } else if (isSeq(cur) && typeof seg === 'number') {
        const item = cur.items[seg];
        if (item === undefined) return { node: found, exact: false };
        cur = item;
        found = item as YamlNode;
      } else {
        return { node: found, exact: false };
      }
    }
    return { node: found, exact: true };
  }

  /** file:line:col of the value at a path (or of its nearest ancestor). */
  loc(path: PathSeg[] = []): Position {
    const { node } = this.node(path);
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.source.lineCounter.linePos(offset);
    return { file: this.source.file, line, col };
  }

  /** The value's source text, quotes included (for messages: `"3"` is not `3`). */
  text(path: PathSeg[]): string | undefined {
    const { node, exact } = this.node(path);
    if (!exact || !node?.range) return undefined;
    return this.source.text.slice(node.range[0], node.range[1]).trim();
  }

  /** A scalar's text as written, unquoted (for quantities like `1e3`, `0.50` or `"128Mi"`). */
  raw(path: PathSeg[]): string | undefined {
    const { node, exact } = this.node(path);
    if (!exact || !isScalar(node)) return undefined;
    return node.type === 'PLAIN' ? this.text(path) : String(node.value);
  }
}

export interface LoadResult {
  dir: string;
  files: SourceFile[];
  objects: ObjectView[];
  /** Documents with no content (empty files, comments only). */
  emptyDocuments: number;
  /** Problems found while reading; the model adds its own before anything is thrown. */
  errors: InputError[];
}

const YAML_FILE = /\.ya?ml$/i;

function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return (rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && YAML_FILE.test(entry.name)) out.push(full);
  }
}

function err(
  code: InputErrorCode,
  pos: Position,
  message: string,
  hint: string,
  lines?: string[],
): InputError {
  return { code, ...pos, message, hint, excerpt: lines?.[pos.line - 1] };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
    return err(
      'TAB_INDENT',
      { ...pos, col },
      'A tab character is used for indentation; YAML allows only spaces.',
      'Replace the tabs at the start of the line with spaces (configure your editor to insert spaces in YAML files).',
      lines,
    );
  }
  if (text.includes('{{')) {
    const col = text.indexOf('{{') + 1;
    return templateError({ ...pos, col }, text, lines);
  }
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*-?\s*([^:#]+):/.exec(text)?.[1]?.trim();
    return err(
      'DUPLICATE_KEY',
      pos,
      `The key \`${key ?? '?'}\` appears twice in the same mapping; YAML keeps neither reliably.`,
      'Delete or rename one of the two keys.',
      lines,
    );
  }
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
  return err(
    'YAML_SYNTAX',
    pos,
    `${first} (${code}).`,
    'Fix the YAML at this position; `npx yaml valid < FILE` shows the same error.',
    lines,
  );
}

function templateError(pos: Position, text: string, lines: string[]): InputError {
  const expr = /\{\{.*?\}\}/.exec(text)?.[0] ?? '{{ … }}';
  return err(
    'UNRENDERED_TEMPLATE',
    pos,
    `The template expression \`${expr}\` was never rendered, so this is not valid manifest YAML.`,
    'Render the chart or template first (`helm template`, `kustomize build`) and point the extractor at the output, or quote the value if it is meant to be a literal string.',
    lines,
  );
}

/** Reads one file into documents; collects errors instead of stopping at the first. */
function loadFile(abs: string, manifestsDir: string, errors: InputError[], out: LoadResult): void {
  const file = displayPath(abs);
  const rel = relative(manifestsDir, abs).split(sep).join('/');
  const buf = readFileSync(abs);
  let text: string;
  try {
    if (buf.subarray(0, 8192).includes(0)) throw new Error('NUL byte');
    text = utf8.decode(buf);
  } catch {
    errors.push(
      err(
        'BINARY_FILE',
        { file, line: 1, col: 1 },
        `\`${rel}\` is not UTF-8 text (it looks binary), so it cannot be a manifest.`,
        'Move the file out of the manifests folder or give it a name that does not end in .yaml/.yml.',
      ),
    );
    return;
  }
  const lines = text.split(/\r?\n/);
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, rel, text, lines, lineCounter };
  out.files.push(source);
  const docs = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const list = Array.isArray(docs) ? docs : [];
  let bad = false;
  const seen = new Set<string>();
  for (const doc of list) {
    for (const e of doc.errors) {
      const offset = e.pos?.[0] ?? 0;
      let { line, col } = lineCounter.linePos(offset);
      // An unterminated string is reported by the parser where input ends; point at where it opens.
      if (
        offset >= text.trimEnd().length &&
        /quote|MISSING_CHAR|UNEXPECTED_END/i.test(`${e.code} ${e.message}`)
      ) {
        const open = openQuote(lines, line);
        if (open) ({ line, col } = open);
      }
      const found = classifyYamlError(e.code, e.message, { file, line, col }, lines);
      // The parser can report one bad line several times (once per recovery attempt).
      const key = `${found.line}:${found.code}`;
      if (!seen.has(key)) errors.push(found);
      seen.add(key);
      bad = true;
    }
  }
  if (bad) return;
  // An empty or comments-only file is one empty document.
  if (list.length === 0) out.emptyDocuments++;
  list.forEach((doc, docIndex) => {
    // A flow mapping that starts with `{{` is an unrendered Go/Helm template.
    let templated = false;
    visit(doc, {
      Node(_key, node) {
        if (templated || !node.range) return;
        if ((isMap(node) || isSeq(node)) && node.flow && text.startsWith('{{', node.range[0])) {
          const { line, col } = lineCounter.linePos(node.range[0]);
          errors.push(templateError({ file, line, col }, lines[line - 1] ?? '', lines));
          templated = true;
          return visit.BREAK;
        }
      },
    });
    if (templated) return;
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (value === null || value === undefined) {
      out.emptyDocuments++;
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      const { line, col } = lineCounter.linePos(doc.contents?.range?.[0] ?? 0);
      errors.push(
        err(
          'WRONG_TYPE',
          { file, line, col },
          `Document ${docIndex + 1} is a ${Array.isArray(value) ? 'sequence' : typeof value}, not a mapping with \`kind\` and \`apiVersion\`.`,
          'Each YAML document in a manifest must be one object (a mapping).',
          lines,
        ),
      );
      return;
    }
    const obj = value as Record<string, unknown>;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      obj.items.forEach((item, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          out.objects.push(
            new ObjectView(source, doc, docIndex, ['items', i], item as Record<string, unknown>),
          );
        }
      });
      return;
    }
    out.objects.push(new ObjectView(source, doc, docIndex, [], obj));
  });
}

/**
 * Loads a manifests folder (or a single YAML file). A missing path throws
 * InputErrors; problems inside files are collected in `errors`, so the model
 * can add its own and every problem is reported in one run.
 */
export function loadManifests(dirOrFile: string): LoadResult {
  const abs = resolve(dirOrFile);
  const out: LoadResult = { dir: abs, files: [], objects: [], emptyDocuments: 0, errors: [] };
  let stat;
  try {
    stat = statSync(abs);
  } catch {
    throw new InputErrors([
      err(
        'PATH_NOT_FOUND',
        { file: displayPath(abs), line: 0, col: 0 },
        `The path \`${dirOrFile}\` does not exist.`,
        'Pass an existing folder with --manifests DIR (the default is ./manifests).',
      ),
    ]);
  }
  const errors: InputError[] = [];
  if (stat.isDirectory()) {
    const paths: string[] = [];
    walk(abs, paths);
    for (const p of paths) loadFile(p, abs, errors, out);
  } else {
    loadFile(abs, resolve(abs, '..'), errors, out);
  }
  out.errors = errors;
  return out;
}
