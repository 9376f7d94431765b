/**
 * Rendered input: what `kubectl apply -k` (or `helm template`) would apply,
 * read from the manifests folder with every value traced to its source line.
 *
 * - A folder with a kustomization at its root is read as Kustomize builds
 *   it. Only that kustomization is a root; nested ones are bases or
 *   components reached through it. Files it does not reach are defined, not
 *   applied; files it reads as patches or generator inputs are no objects.
 *   A root that is a plain `resources` list of local files needs no
 *   renderer: its objects are those files' objects, exactly as Kustomize
 *   would emit them (a test renders the real manifests both ways). Anything
 *   more is rendered with Kustomize itself (engine/render/kustomize.ts).
 * - A folder with a `Chart.yaml` at its root is rendered with `helm template`.
 * - Any other folder is read as `kubectl apply -R -f` reads it: every YAML
 *   file, except kustomization files, which are no objects; of an object
 *   defined twice, the last copy.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { visit } from 'yaml';
import { inputError, inputWarning, type InputError, type Position } from '../errors.ts';
import {
  appliedAsFiles,
  isKubeObject,
  type Applied,
  type LoadResult,
  type ObjectView,
  type SourceFile,
} from '../load.ts';
import { renderChart } from './helm.ts';
import {
  isKustomizationFile,
  kustomizationIn,
  walkKustomizations,
  type Walk,
} from './kustomization.ts';
import { renderKustomization } from './kustomize.ts';
import { SourceIndex } from './sources.ts';
import { findKustomize, findHelm } from './tools.ts';

export interface RenderOptions {
  /** Render a plain `resources` list with Kustomize too, instead of reading its files (for tests). */
  alwaysRender?: boolean;
  /** Where to look for the renderers (default: the process environment). */
  env?: NodeJS.ProcessEnv;
}

/** Applies the root kustomization (or chart) of a loaded folder to it. */
export function renderManifests(raw: LoadResult, opts: RenderOptions = {}): LoadResult {
  const load = withoutBareKustomizations(raw);
  const chart = join(load.dir, 'Chart.yaml');
  if (existsSync(chart)) return renderChart(load, chart, findHelm(opts.env), opts.env);
  const rootFile = kustomizationIn(load.dir);
  if (!rootFile) return withoutRoot(load);
  const index = new SourceIndex(load);
  const walk = walkKustomizations(rootFile, index);
  // A kustomization that cannot be read is reported by the loader already.
  if (!walk) return withoutRoot(load);
  // Nothing rendered: a patch is still no object of its own, so what the loader said of it as
  // one (a JSON patch file is a list) is dropped; what the walk and the renderer found stays.
  const loaded = load.errors.length;
  const unrendered = (errors: InputError[] = []): LoadResult => {
    const inputs = inputNames([...load.files, ...index.extra], walk, index);
    const asObjects = load.errors.slice(0, loaded).filter((e) => !inputs.has(e.file));
    return {
      ...load,
      errors: [...asObjects, ...load.errors.slice(loaded), ...errors],
      objects: [],
    };
  };
  if (walk.remote.length) return unrendered(walk.remote);
  const differs = walk.plain ? readDifferently(load, walk, index) : null;
  if (walk.plain && !differs && !opts.alwaysRender) return fromResourcesList(load, walk, index);
  const tool = findKustomize(opts.env);
  if (!tool) {
    if (differs) {
      load.errors.push(
        inputError(
          'RENDERER_NOT_FOUND',
          differs.pos,
          {
            file: walk.root.source.file,
            fields: `\`resources\` files that Kustomize reads its own way (\`${differs.token}\` here is ${differs.meaning})`,
          },
          differs.lines,
        ),
      );
      return unrendered();
    }
    const fields = walk.plain ? ['resources'] : needsRenderer(walk);
    const first = walk.root.extraFields()[0];
    load.errors.push(
      inputError(
        'RENDERER_NOT_FOUND',
        walk.root.at(first ? [first] : []),
        { file: walk.root.source.file, fields: fields.map((f) => `\`${f}\``).join(', ') },
        walk.root.source.lines,
      ),
    );
    return unrendered();
  }
  const rendered = renderKustomization(walk, index, tool, load);
  if (!rendered) return unrendered();
  return assemble(load, walk, index, rendered.objects, tool.name);
}

/**
 * Plain scalars that `kubectl apply -f` and `kubectl apply -k` read differently. The files
 * are read as apply -f reads them (engine/yaml-dialect.ts: go-yaml v2, YAML 1.1); Kustomize
 * reads them with go-yaml v3, where `yes`, `no`, `on`, `off`, `y` and `n` are strings, not
 * booleans, and a date is, in most places, a timestamp it writes out in full
 * (`2024-01-01T00:00:00Z`).
 */
const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]|$)/;

/**
 * The first plain scalar of a listed file that Kustomize would read differently from the
 * files as loaded, or null. With one, the plain list is rendered by Kustomize after all.
 */
function readDifferently(
  load: LoadResult,
  walk: Walk,
  index: SourceIndex,
): { token: string; meaning: string; pos: Position; lines: readonly string[] } | null {
  const docs = new Set<ObjectView['doc']>();
  for (const o of load.objects) {
    if (!walk.resources.has(index.absOf(o.source)) || docs.has(o.doc)) continue;
    docs.add(o.doc);
    let found: { token: string; meaning: string; offset: number } | null = null;
    visit(o.doc, {
      Scalar(_, node) {
        if (node.type !== 'PLAIN' || !node.range) return;
        const token = o.source.text.slice(node.range[0], node.range[1]).trim();
        const meaning = YAML11_BOOLEAN.test(token)
          ? 'a string to Kustomize and a boolean to kubectl apply -f'
          : TIMESTAMP.test(token)
            ? 'a timestamp to Kustomize and a string to kubectl apply -f'
            : null;
        if (!meaning) return;
        found = { token, meaning, offset: node.range[0] };
        return visit.BREAK;
      },
    });
    if (found) {
      const { token, meaning, offset } = found;
      const pos = { file: o.source.file, ...o.source.lineCounter.linePos(offset) };
      return { token, meaning, pos, lines: o.source.lines };
    }
  }
  return null;
}

/** The root's fields that need Kustomize (for the message). */
function needsRenderer(walk: Walk): string[] {
  const extra = walk.root.extraFields();
  return extra.length ? extra : ['resources (folders or remote bases)'];
}

/**
 * A kustomization file is no Kubernetes object. One written with its kind
 * (`Kustomization`, `Component`) stays among the documents, which the model
 * passes over; one without a kind would be read as an object of no known kind.
 */
const bare = (o: ObjectView) =>
  isKustomizationFile(o.source.rel) && o.kind !== 'Kustomization' && o.kind !== 'Component';

function withoutBareKustomizations(load: LoadResult): LoadResult {
  if (!load.objects.some(bare)) return load;
  return {
    ...load,
    objects: load.objects.filter((o) => !bare(o)),
    consumed: [...load.consumed, ...load.objects.filter(bare)],
  };
}

/**
 * `kubectl apply -R -f`: every object applied, file by file in path order (the order the
 * loader walks them). An object defined twice (same kind, namespace and name) is applied
 * twice, the later copy over the earlier, so the cluster ends with the last one: only that
 * one counts as applied (its facts, the totals), and it warns, naming the copy it replaces.
 * It is no error: kubectl applies the folder.
 */
function withoutRoot(load: LoadResult): LoadResult {
  const applied = appliedAsFiles(load.objects, load.files);
  const last = new Map<string, ObjectView>();
  const replaced = new Set<ObjectView>();
  const warnings = [...load.warnings];
  for (const o of applied.objects) {
    // A generateName prefix names no object: each apply would create a new one.
    if (typeof o.get(['metadata', 'name']) !== 'string') continue;
    const id = `${o.kind}/${o.namespace}/${o.name}`;
    const earlier = last.get(id);
    last.set(id, o);
    if (!earlier) continue;
    replaced.add(earlier);
    const at = earlier.loc();
    warnings.push(
      inputWarning(
        'REPEATED_OBJECT',
        o.loc(['metadata', 'name']),
        { id, earlier: `${at.file}:${at.line}` },
        o.source.lines,
      ),
    );
  }
  if (!replaced.size) return { ...load, applied };
  const objects = new Set([...applied.objects].filter((o) => !replaced.has(o)));
  return { ...load, warnings, applied: { ...applied, objects } };
}

/** A plain list of local files: their objects as they are, checked as Kustomize checks them. */
function fromResourcesList(load: LoadResult, walk: Walk, index: SourceIndex): LoadResult {
  load.errors.push(...walk.errors);
  const applied = load.objects.filter(
    (o) => walk.resources.has(index.absOf(o.source)) && isKubeObject(o),
  );
  const seen = new Map<string, ObjectView>();
  // In the order the list names the files, as Kustomize adds them.
  const listed = [...walk.resources];
  const byEntry = [...applied].sort(
    (a, b) => listed.indexOf(index.absOf(a.source)) - listed.indexOf(index.absOf(b.source)),
  );
  for (const o of byEntry) {
    const id = `${o.kind}/${o.namespace}/${o.name}`;
    const first = seen.get(id);
    if (!first) {
      seen.set(id, o);
      continue;
    }
    const at = first.loc();
    load.errors.push(
      inputError(
        'DUPLICATE_OBJECT',
        o.loc(['metadata', 'name']),
        { id, first: `${at.file}:${at.line}` },
        o.source.lines,
      ),
    );
  }
  return {
    ...load,
    applied: summary(load.objects, load.files, new Set(applied), walk, 'resources list'),
  };
}

/** The folder's objects with the rendered ones in place of the files they came from. */
function assemble(
  load: LoadResult,
  walk: Walk,
  index: SourceIndex,
  rendered: ObjectView[],
  via: Applied['via'],
): LoadResult {
  const files = [...load.files, ...index.extra];
  const isInput = inputTest(walk, index);
  const isResource = (f: SourceFile) => walk.resources.has(index.absOf(f));
  // Kustomize accepted the inputs, so what the loader said about them as objects
  // (a JSON patch is a list, a patch has no name of its own) does not apply.
  const inputs = inputNames(files, walk, index);
  const keep = <T extends { file: string }>(list: T[]) => list.filter((e) => !inputs.has(e.file));
  const extra = index.extraObjects.filter((o) => !bare(o));
  const all = [...load.objects, ...extra];
  const defined = all.filter(
    (o) => !isResource(o.source) && !(isInput(o.source) && !isKustomization(o.source)),
  );
  const order = new Map(files.map((f, i) => [f, i]));
  const objects = [...defined, ...rendered].sort(
    (a, b) => (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0) || rank(a) - rank(b),
  );
  return {
    ...load,
    files,
    objects,
    errors: keep(load.errors).filter((e) => !substitutedName(e, walk)),
    warnings: keep(load.warnings),
    consumed: [
      ...load.consumed,
      ...index.extraObjects.filter(bare),
      ...all.filter((o) => isInput(o.source) && !isKustomization(o.source)),
    ],
    applied: summary(objects, files, new Set(rendered), walk, via),
  };
}

/** `$(NAME)`: a reference Kustomize's `vars` replace in the rendered objects. */
const VAR_REFERENCE = /\$\([A-Za-z0-9_.-]+\)/;

/**
 * A name written as a Kustomize var (`name: $(kfp-namespace)`, as Kubeflow's pipelines do) is no
 * error in the file: Kustomize puts the var's value there when a kustomization declares `vars`.
 */
function substitutedName(e: InputError, walk: Walk): boolean {
  if (e.code !== 'INVALID_NAME' || !VAR_REFERENCE.test(e.excerpt ?? '')) return false;
  return [...walk.all.values()].some((k) => k.list('vars').length > 0);
}

/** Whether a file is one the kustomizations read as input (a patch, a generator's file). */
function inputTest(walk: Walk, index: SourceIndex): (f: SourceFile) => boolean {
  const inputFiles = new Set([...walk.inputs].map((p) => resolve(p)));
  return (f) => inputFiles.has(index.absOf(f));
}

/** The names of the input files other than kustomizations: what the loader says of them as objects does not apply. */
function inputNames(files: SourceFile[], walk: Walk, index: SourceIndex): Set<string> {
  const isInput = inputTest(walk, index);
  return new Set(files.filter((f) => isInput(f) && !isKustomization(f)).map((f) => f.file));
}

function isKustomization(f: SourceFile): boolean {
  return isKustomizationFile(f.rel);
}

/** Document order inside a file; a generated object after its kustomization's own document. */
function rank(v: ObjectView): number {
  const item = v.base.length >= 2 && typeof v.base[1] === 'number' ? v.base[1] : 0;
  const generated = v.provenance && isKustomizationFile(v.source.rel) ? 1 : 0;
  return (generated * 1e6 + v.docIndex) * 1e6 + item;
}

function summary(
  objects: ObjectView[],
  files: SourceFile[],
  applied: Set<ObjectView>,
  walk: Walk,
  via: Applied['via'],
): Applied {
  const appliedFiles = new Set([...applied].map((o) => o.source.rel));
  const kube = new Set(objects.filter(isKubeObject).map((o) => o.source.rel));
  const rels = files.map((f) => f.rel);
  return {
    root: { file: walk.root.source.file, line: 1 },
    via,
    objects: applied,
    files: rels.filter((f) => appliedFiles.has(f)),
    notApplied: rels.filter((f) => kube.has(f) && !appliedFiles.has(f)),
  };
}
