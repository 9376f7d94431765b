/**
 * The files a render reads, by absolute path: those the manifests folder
 * already loaded, and those a kustomization reaches outside it (a base in
 * `../base`), loaded on demand through the same reader, so they are
 * decoded, checked and redacted like every other manifest.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Document, Node as YamlNode } from 'yaml';
import type { Position } from '../errors.ts';
import {
  loadFile,
  type LoadResult,
  type ObjectView,
  type PathSeg,
  type SourceFile,
  walkNode,
} from '../load.ts';
import { parseKubectlYaml } from '../yaml-dialect.ts';

/** A YAML document with where each of its nodes is written (in a file, or inline in a kustomization). */
export interface LocatedDoc {
  /** The file the document is written in. */
  source: SourceFile;
  doc: Document.Parsed;
  /** Its plain form. */
  value: unknown;
  /** Where a node of the document is written in `source`. */
  pos(node: YamlNode | null | undefined): Position;
}

/** The node at a path of a located document, and where it is written. */
export function posIn(d: LocatedDoc, path: PathSeg[]): Position {
  return d.pos(walkNode(d.doc, path).node);
}

/** The documents of `text` that parse, written in `source`; `at` maps a position in `text` to the file. */
function locatedDocs(
  source: SourceFile,
  text: string,
  at: (pos: { line: number; col: number }) => Position,
): LocatedDoc[] {
  const { docs, lineCounter } = parseKubectlYaml(text);
  return docs
    .filter((doc) => doc.errors.length === 0)
    .map((doc) => ({
      source,
      doc,
      value: doc.toJS({ maxAliasCount: -1 }),
      pos: (node) => at(lineCounter.linePos(node?.range?.[0] ?? 0)),
    }));
}

/** The documents of a whole file. */
export function fileDocs(source: SourceFile): LocatedDoc[] {
  return locatedDocs(source, source.text, (p) => ({ file: source.file, ...p }));
}

/**
 * The documents of a text written inside a file as a scalar (a kustomization's
 * inline `patch: |-`). A literal block keeps its lines, so every node maps to
 * its own line; any other style maps to the scalar's first line.
 */
export function inlineDocs(source: SourceFile, scalar: YamlNode | null): LocatedDoc[] {
  const node = scalar as (YamlNode & { type?: string; value?: unknown }) | null;
  if (!node?.range || typeof node.value !== 'string') return [];
  const start = source.lineCounter.linePos(node.range[0]);
  const literal = node.type === 'BLOCK_LITERAL';
  // The content of `patch: |-` starts on the line after the indicator, indented.
  const firstLine = start.line + 1;
  const indent = literal ? (/^ */.exec(source.lines[firstLine - 1] ?? '')?.[0].length ?? 0) : 0;
  return locatedDocs(source, node.value, (p) =>
    literal
      ? { file: source.file, line: firstLine + p.line - 1, col: indent + p.col }
      : { file: source.file, ...start },
  );
}

/** Every file a render may read, by absolute path. */
export class SourceIndex {
  readonly load: LoadResult;
  /** Files loaded from outside the manifests folder, in the order they were reached. */
  readonly extra: SourceFile[] = [];
  readonly extraObjects: ObjectView[] = [];
  private readonly byAbs = new Map<string, SourceFile>();
  /** The loaded files by real path, made when a path is first not found as it is written. */
  private byReal: Map<string, SourceFile> | null = null;
  private readonly views = new Map<SourceFile, ObjectView[]>();
  private readonly docs = new Map<SourceFile, LocatedDoc[]>();
  private readonly tried = new Set<string>();
  private readonly envFiles = new Map<string, ReadonlyMap<string, number> | null>();

  constructor(load: LoadResult) {
    this.load = load;
    for (const f of load.files) this.byAbs.set(resolve(load.dir, f.rel), f);
    // Kustomization files without a kind are no objects, but the walk reads them.
    for (const o of [...load.objects, ...load.consumed]) this.viewsOf(o.source).push(o);
  }

  private viewsOf(f: SourceFile): ObjectView[] {
    let list = this.views.get(f);
    if (!list) this.views.set(f, (list = []));
    return list;
  }

  /** The loaded file at a path, loading it when it lies outside the manifests folder; null when unreadable. */
  file(abs: string): SourceFile | null {
    const known = this.byAbs.get(abs);
    if (known || this.tried.has(abs)) return known ?? null;
    this.tried.add(abs);
    if (!existsSync(abs) || !statSync(abs).isFile()) return null;
    const before = { files: this.load.files.length, objects: this.load.objects.length };
    loadFile(abs, this.load.dir, this.load);
    // loadFile appends to the load; keep those apart, the render decides where they belong.
    const files = this.load.files.splice(before.files);
    const objects = this.load.objects.splice(before.objects);
    for (const f of files) {
      this.byAbs.set(abs, f);
      this.extra.push(f);
    }
    for (const o of objects) {
      this.viewsOf(o.source).push(o);
      this.extraObjects.push(o);
    }
    return files[0] ?? null;
  }

  objectsOf(f: SourceFile): ObjectView[] {
    return this.views.get(f) ?? [];
  }

  /** The documents of a file, parsed once. */
  docsOf(f: SourceFile): LocatedDoc[] {
    let d = this.docs.get(f);
    if (!d) this.docs.set(f, (d = fileDocs(f)));
    return d;
  }

  absOf(f: SourceFile): string {
    return resolve(this.load.dir, f.rel);
  }

  /**
   * Where the file at `abs` was loaded: `abs` itself, or the path the walk read it at when
   * `abs` is a symbolic link to it (each file is read once, see walkFiles). Nothing is loaded.
   */
  loadedPath(abs: string): string {
    if (this.byAbs.has(abs)) return abs;
    this.byReal ??= new Map(this.load.files.map((f) => [realOrSelf(this.absOf(f)), f]));
    const f = this.byReal.get(realOrSelf(abs));
    return f ? this.absOf(f) : abs;
  }

  /**
   * The 1-based line of each `KEY=value` of an env file, read once (Kustomize's
   * key is everything before the first `=`; a key written twice is the last);
   * null when unreadable. Only line numbers are kept: the file may hold credentials.
   */
  envKeys(abs: string): ReadonlyMap<string, number> | null {
    if (this.envFiles.has(abs)) return this.envFiles.get(abs)!;
    let keys: Map<string, number> | null = null;
    try {
      const lines = readFileSync(abs, 'utf8').split(/\r?\n/);
      keys = new Map();
      lines.forEach((raw, n) => {
        const line = raw.replace(/^\uFEFF/, '');
        if (line.startsWith('#') || !line.includes('=')) return;
        keys!.set(line.slice(0, line.indexOf('=')).trimStart(), n + 1);
      });
    } catch {
      keys = null;
    }
    this.envFiles.set(abs, keys);
    return keys;
  }
}

/** A path with its symbolic links resolved, or the path itself when it does not resolve. */
function realOrSelf(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}
