/**
 * Kustomization files read with positions, and the walk from the root
 * kustomization through everything it reaches (bases, components, patches,
 * generator inputs). The walk decides which files are objects of the build,
 * which are inputs only (a patch is no object of its own), and whether the
 * root is a plain `resources` list, which needs no renderer.
 *
 * Field names and their meaning: https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { inputError, type InputError, type Position } from '../errors.ts';
import type { ObjectView, PathSeg, SourceFile } from '../load.ts';
import { isObj, type Obj } from './paths.ts';
import { inlineDocs, type LocatedDoc, type SourceIndex } from './sources.ts';

/** The names Kustomize accepts for a kustomization file, in the order it tries them. */
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_NAMES.includes(basename(path));
}

/** The kustomization file of a folder, or null. */
export function kustomizationIn(dir: string): string | null {
  for (const name of KUSTOMIZATION_NAMES) {
    const p = resolve(dir, name);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

/** What a patch applies to: Kustomize's selector (`target:`), or the patch document's own kind and name. */
export interface Selector {
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface Patch {
  type: 'strategic-merge' | 'json6902';
  /** The transformer that applies it, as the transformations annotation names it. */
  transformer: 'PatchTransformer' | 'PatchStrategicMergeTransformer' | 'PatchJson6902Transformer';
  target: Selector | null;
  docs: LocatedDoc[];
}

/** The fields a plain `resources` list may have, and still need no renderer. */
const PLAIN_FIELDS = new Set(['apiVersion', 'kind', 'resources']);

/** A resource or base that Kustomize fetches (a git repository or a URL). */
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/i;

export class Kustomization {
  readonly abs: string;
  readonly dir: string;
  readonly view: ObjectView;
  private patchList: Patch[] | null = null;
  private readonly index: SourceIndex;

  constructor(abs: string, view: ObjectView, index: SourceIndex) {
    this.abs = abs;
    this.dir = dirname(abs);
    this.view = view;
    this.index = index;
  }

  get source(): SourceFile {
    return this.view.source;
  }
  get obj(): Obj {
    return this.view.obj;
  }
  /** Where a field of this kustomization is written. */
  at(path: PathSeg[]): Position {
    return this.view.loc(path);
  }
  list(field: string): unknown[] {
    const x = this.obj[field];
    return Array.isArray(x) ? x : [];
  }
  map(field: string): Obj {
    const x = this.obj[field];
    return isObj(x) ? x : {};
  }
  str(field: string): string | null {
    const x = this.obj[field];
    return typeof x === 'string' || typeof x === 'number' ? String(x) : null;
  }
  /** The top-level fields that make this more than a plain `resources` list. */
  extraFields(): string[] {
    return Object.keys(this.obj).filter((k) => !PLAIN_FIELDS.has(k));
  }

  /** Every patch, in the three ways a kustomization writes them. */
  patches(): Patch[] {
    if (this.patchList) return this.patchList;
    const out: Patch[] = [];
    this.list('patches').forEach((p, i) => {
      if (!isObj(p)) return;
      const docs = this.patchDocs(p, ['patches', i]);
      const json = docs.some((d) => Array.isArray(d.value));
      out.push({
        type: json ? 'json6902' : 'strategic-merge',
        transformer: 'PatchTransformer',
        target: isObj(p.target) ? (p.target as Selector) : null,
        docs,
      });
    });
    this.list('patchesStrategicMerge').forEach((p, i) => {
      const at: PathSeg[] = ['patchesStrategicMerge', i];
      const docs =
        typeof p === 'string' && !p.includes('\n')
          ? this.fileDocs(p)
          : inlineDocs(this.source, this.view.node(at).node);
      out.push({
        type: 'strategic-merge',
        transformer: 'PatchStrategicMergeTransformer',
        target: null,
        docs,
      });
    });
    this.list('patchesJson6902').forEach((p, i) => {
      if (!isObj(p)) return;
      out.push({
        type: 'json6902',
        transformer: 'PatchJson6902Transformer',
        target: isObj(p.target) ? (p.target as Selector) : null,
        docs: this.patchDocs(p, ['patchesJson6902', i]),
      });
    });
    return (this.patchList = out);
  }

  /** Every `replacements` entry, inline or from its file (which may hold one or a list). */
  replacements(): Obj[] {
    return this.list('replacements').flatMap((r) => {
      if (!isObj(r)) return [];
      if (typeof r.path !== 'string') return [r];
      return this.fileDocs(r.path).flatMap((d) =>
        Array.isArray(d.value) ? d.value.filter(isObj) : isObj(d.value) ? [d.value] : [],
      );
    });
  }

  private patchDocs(p: Obj, at: PathSeg[]): LocatedDoc[] {
    if (typeof p.path === 'string') return this.fileDocs(p.path);
    if (typeof p.patch === 'string')
      return inlineDocs(this.source, this.view.node([...at, 'patch']).node);
    return [];
  }

  /** The line of each key of an env file this kustomization names (see SourceIndex.envKeys). */
  envKeys(rel: string): { file: string; keys: ReadonlyMap<string, number> } | null {
    const abs = resolve(this.dir, rel);
    const keys = this.index.envKeys(abs);
    return keys && { file: abs, keys };
  }

  private fileDocs(rel: string): LocatedDoc[] {
    const f = this.index.file(resolve(this.dir, rel));
    return f ? this.index.docsOf(f) : [];
  }
}

/** One entry of a kustomization that names a file or folder. */
interface Entry {
  k: Kustomization;
  at: PathSeg[];
  value: string;
}

/** Everything the root kustomization reaches. */
export interface Walk {
  root: Kustomization;
  /** Every kustomization reached (bases, components), by absolute path, root first. */
  all: Map<string, Kustomization>;
  /** Files whose objects are resources of the build. */
  resources: Set<string>;
  /** Files the build reads that hold no objects of their own (patches, generator inputs, configurations). */
  inputs: Set<string>;
  /** Whether the root is a plain list of local resource files, which needs no renderer. */
  plain: boolean;
  errors: InputError[];
  /** Entries Kustomize would fetch from the network, in any kustomization reached: never rendered. */
  remote: InputError[];
}

/** The paths a kustomization's fields name that are inputs, not resources. */
function inputEntries(k: Kustomization): Entry[] {
  const out: Entry[] = [];
  const add = (at: PathSeg[], value: unknown) => {
    if (typeof value === 'string' && value && !value.includes('\n')) out.push({ k, at, value });
  };
  k.list('patches').forEach((p, i) => add(['patches', i, 'path'], (p as Obj)?.path));
  k.list('patchesStrategicMerge').forEach((p, i) => add(['patchesStrategicMerge', i], p));
  k.list('patchesJson6902').forEach((p, i) =>
    add(['patchesJson6902', i, 'path'], (p as Obj)?.path),
  );
  k.list('replacements').forEach((p, i) => add(['replacements', i, 'path'], (p as Obj)?.path));
  for (const field of ['configMapGenerator', 'secretGenerator'])
    k.list(field).forEach((g, i) => {
      if (!isObj(g)) return;
      for (const key of ['files', 'envs'])
        (Array.isArray(g[key]) ? g[key] : []).forEach((f: unknown, j: number) =>
          // `files: [key=path]` names the key before the path.
          add([field, i, key, j], typeof f === 'string' ? f.replace(/^[^=]*=/, '') : f),
        );
      add([field, i, 'env'], g.env);
    });
  for (const field of ['configurations', 'crds', 'transformers', 'generators', 'validators'])
    k.list(field).forEach((p, i) => add([field, i], p));
  const openapi = k.map('openapi');
  add(['openapi', 'path'], openapi.path);
  return out;
}

/**
 * Walks from the root kustomization. Missing files are reported here only
 * for a plain root (the fast path); otherwise Kustomize itself reports them.
 */
export function walkKustomizations(rootFile: string, index: SourceIndex): Walk | null {
  const root = kustomizationAt(rootFile, index);
  if (!root) return null;
  const walk: Walk = {
    root,
    all: new Map([[root.abs, root]]),
    resources: new Set(),
    inputs: new Set([root.abs]),
    plain: root.extraFields().length === 0 && ['Kustomization', ''].includes(root.view.kind),
    errors: [],
    remote: [],
  };
  // A `resources` that is not a list of strings is Kustomize's to refuse, in its own words.
  const listed = root.obj.resources;
  if (listed != null && (!Array.isArray(listed) || listed.some((r) => typeof r !== 'string')))
    walk.plain = false;
  const queue = [root];
  while (queue.length) {
    const k = queue.shift()!;
    for (const e of inputEntries(k)) walk.inputs.add(resolve(k.dir, e.value));
    for (const field of ['resources', 'bases', 'components'])
      k.list(field).forEach((value, i) => {
        if (typeof value !== 'string') return;
        const entry = { k, at: [field, i], value };
        const next = reach(entry, walk, index);
        if (next && !walk.all.has(next.abs)) {
          walk.all.set(next.abs, next);
          walk.inputs.add(next.abs);
          queue.push(next);
        }
      });
  }
  return walk;
}

/** One `resources`/`components` entry: a file (a resource), a folder (a kustomization), or remote. */
function reach(e: Entry, walk: Walk, index: SourceIndex): Kustomization | null {
  const isRoot = e.k === walk.root;
  if (REMOTE.test(e.value)) {
    walk.plain = false;
    walk.remote.push(entryError('REMOTE_RESOURCE', e));
    return null;
  }
  const abs = resolve(e.k.dir, e.value);
  const stat = existsSync(abs) ? statSync(abs) : null;
  if (stat?.isFile()) {
    // Kustomize loads a resource file once, and only from inside the kustomization's folder
    // (a symlink counts where it leads); anything else it refuses, which it says best.
    // A link to a file the walk read at another path names that file.
    const file = index.loadedPath(abs);
    if (isRoot && (walk.resources.has(file) || !within(abs, e.k.dir))) walk.plain = false;
    walk.resources.add(file);
    return null;
  }
  if (stat?.isDirectory()) {
    if (isRoot) walk.plain = false;
    const file = kustomizationIn(abs);
    return file ? kustomizationAt(file, index) : null;
  }
  // Reported by the fast path; with a renderer, Kustomize's own message says it.
  if (isRoot) walk.errors.push(entryError('MISSING_RESOURCE', e));
  return null;
}

/** An error at a `resources`/`components` entry, naming it and its field. */
const entryError = (code: 'REMOTE_RESOURCE' | 'MISSING_RESOURCE', e: Entry) =>
  inputError(code, e.k.at(e.at), { entry: e.value, field: String(e.at[0]) }, e.k.source.lines);

/** Whether a file is inside a folder, both with symlinks resolved. */
function within(file: string, dir: string): boolean {
  return realpathSync(file).startsWith(`${realpathSync(dir)}${sep}`);
}

function kustomizationAt(abs: string, index: SourceIndex): Kustomization | null {
  const f = index.file(abs);
  if (!f) return null;
  const view = index.objectsOf(f)[0];
  return view ? new Kustomization(abs, view, index) : null;
}
