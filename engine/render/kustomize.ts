/**
 * Renders the root kustomization with the real Kustomize and turns each
 * rendered object into an ObjectView whose values are the rendered ones and
 * whose positions are the source lines that set them.
 *
 * The user's files are never edited: a wrapper kustomization in a temporary
 * folder lists the root as its one resource (its one component, when the root
 * is a Component, which `kubectl kustomize` also builds on its own) and asks
 * for Kustomize's build metadata (origin and transformer annotations). The
 * wrapper adds no transformer, so the objects are exactly those
 * `kubectl apply -k` applies; the annotations are stripped before anything
 * else sees them.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { inputError, type InputError, type Position } from '../errors.ts';
import { displayPath, ObjectView, readText, type LoadSink } from '../load.ts';
import type { Kustomization, Walk } from './kustomization.ts';
import { inSourceOrder, isObj, type Obj } from './paths.ts';
import { KustomizeProvenance, type Origin, type Step } from './provenance.ts';
import { posIn, type SourceIndex } from './sources.ts';
import { run, type Tool } from './tools.ts';

const ORIGIN = 'config.kubernetes.io/origin';
const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';

/** A path with symbolic links resolved, as Kustomize reports them. */
function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The build metadata of one rendered object, removed from it. */
function takeBuildMetadata(obj: Obj): { origin: Obj; steps: Obj[] } {
  const md = isObj(obj.metadata) ? obj.metadata : {};
  const ann = isObj(md.annotations) ? md.annotations : {};
  const read = (key: string): unknown => {
    const text = ann[key];
    delete ann[key];
    try {
      return typeof text === 'string' ? parseYaml(text) : null;
    } catch {
      return null;
    }
  };
  const origin = read(ORIGIN);
  const steps = read(TRANSFORMATIONS);
  if (isObj(md.annotations) && Object.keys(ann).length === 0) delete md.annotations;
  return {
    origin: isObj(origin) ? origin : {},
    steps: Array.isArray(steps) ? steps.filter(isObj) : [],
  };
}

export interface Rendered {
  objects: ObjectView[];
}

/** Renders the walk's root; null when Kustomize refused it (the error is in `sink`). */
export function renderKustomization(
  walk: Walk,
  index: SourceIndex,
  tool: Tool,
  sink: LoadSink,
): Rendered | null {
  const wrapper = mkdtempSync(join(tmpdir(), 'book-kustomize-'));
  let out;
  try {
    const target = relative(wrapper, real(walk.root.dir)) || '.';
    // A Component cannot be a resource; as the one component of a kustomization with no
    // resources, it renders as `kubectl kustomize` renders it on its own.
    const field = walk.root.view.kind === 'Component' ? 'components' : 'resources';
    writeFileSync(
      join(wrapper, 'kustomization.yaml'),
      `${field}:\n  - ${JSON.stringify(target)}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`,
    );
    out = run(tool, [wrapper]);
    if (!out.ok) {
      sink.errors.push(failure(walk, tool, out.error, wrapper));
      return null;
    }
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
  // The rendered text is read like a manifest (checked, redacted); what it reports is about
  // the sources, which were read already, so only its errors count.
  const scratch: LoadSink = { errors: [], warnings: [], redactions: [], emptyDocuments: 0 };
  const label = `${displayPath(walk.root.dir)} (${tool.name})`;
  const read = readText(out.stdout, label, label, scratch);
  if (!read) {
    sink.errors.push(...scratch.errors);
    return null;
  }
  const byPath = new Map([...walk.all.values()].map((k) => [real(k.abs), k]));
  const objects: ObjectView[] = [];
  const peers = () => objects;
  objects.push(...read.objects.map((v) => toView(v, walk, index, byPath, wrapper, peers)));
  return { objects };
}

function toView(
  v: ObjectView,
  walk: Walk,
  index: SourceIndex,
  byPath: Map<string, Kustomization>,
  wrapper: string,
  peers: () => readonly ObjectView[],
): ObjectView {
  const meta = takeBuildMetadata(v.obj);
  const steps: Step[] = [];
  for (const s of meta.steps) {
    const k =
      typeof s.configuredIn === 'string' ? byPath.get(resolve(wrapper, s.configuredIn)) : undefined;
    const by = isObj(s.configuredBy) ? String(s.configuredBy.kind ?? '') : '';
    const last = steps.at(-1);
    if (k && by && !(last && last.k === k && last.transformer === by))
      steps.push({ k, transformer: by });
  }
  const origin = originOf(meta.origin, v.obj, walk, index, byPath, wrapper);
  // Kustomize sorts keys; the model reads them in the order the source writes them.
  const obj = origin.type === 'file' ? (inSourceOrder(v.obj, origin.view.obj) as Obj) : v.obj;
  const prov = new KustomizeProvenance(
    { source: v.source, doc: v.doc, base: v.base },
    obj,
    origin,
    steps,
    [...walk.all.values()],
    peers,
  );
  if (origin.type === 'file') {
    const o = origin.view;
    return new ObjectView(o.source, o.doc, o.docIndex, o.base, obj, prov);
  }
  const k = origin.type === 'generator' ? origin.k : origin.at.k;
  const base = origin.type === 'generator' ? [origin.field, origin.index] : [];
  return new ObjectView(
    k.source,
    k.view.doc,
    k.view.docIndex,
    [...k.view.base, ...base],
    obj,
    prov,
  );
}

function originOf(
  o: Obj,
  obj: Obj,
  walk: Walk,
  index: SourceIndex,
  byPath: Map<string, Kustomization>,
  wrapper: string,
): Origin {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const name = String((isObj(obj.metadata) ? obj.metadata.name : '') ?? '');
  if (typeof o.path === 'string' && o.repo === undefined) {
    const f = index.file(resolve(wrapper, o.path)) ?? index.file(real(resolve(wrapper, o.path)));
    const view = f ? bestMatch(index.objectsOf(f), kind, name, (x) => x.name) : null;
    if (view) return { type: 'file', view };
  }
  const k =
    typeof o.configuredIn === 'string' ? byPath.get(resolve(wrapper, o.configuredIn)) : undefined;
  const by = isObj(o.configuredBy) ? o.configuredBy.kind : '';
  if (k && (by === 'ConfigMapGenerator' || by === 'SecretGenerator')) {
    const field = by === 'ConfigMapGenerator' ? 'configMapGenerator' : 'secretGenerator';
    const entries = k.list(field).map((e, i) => ({ e, i }));
    const hit = bestMatch(entries, null, name, ({ e }) => String(isObj(e) ? e.name : ''));
    if (hit) return { type: 'generator', k, field, index: hit.i };
  }
  return { type: 'unknown', at: { k: k ?? walk.root, path: [] } };
}

/** The candidate named as the rendered object is, or whose name it contains (after a prefix or suffix). */
function bestMatch<T>(
  list: T[],
  kind: string | null,
  name: string,
  nameOf: (x: T) => string,
): T | null {
  const same = kind === null ? list : list.filter((x) => (x as ObjectView).kind === kind);
  const exact = same.find((x) => nameOf(x) === name);
  if (exact) return exact;
  const inside = same
    .filter((x) => nameOf(x) && name.includes(nameOf(x)))
    .sort((a, b) => nameOf(b).length - nameOf(a).length);
  return inside[0] ?? (same.length === 1 ? same[0] : null);
}

/**
 * Kustomize's refusal as bad input, at the entry of a kustomization its
 * message names (a missing resource, a patch file), else at the root.
 */
function failure(walk: Walk, tool: Tool, message: string, wrapper: string): InputError {
  const rootDisplay = displayPath(walk.root.dir);
  const root = real(walk.root.dir);
  const target = relative(wrapper, root);
  // The wrapper's own layer of the message says nothing about the user's files.
  const layer = `accumulating resources: accumulation err='accumulating resources from '${target}': '${root}' must resolve to a file': `;
  // …then `recursed accumulation of path 'ROOT': ` before an error below the root, or
  // `couldn't make target for path 'ROOT': ` before one in the root's kustomization.
  const rootLayers = [
    `recursed accumulation of path '${root}': `,
    `couldn't make target for path '${root}': `,
  ];
  // Around a Component, the layer quotes the rest of the message.
  const componentLayer = `accumulating components: accumulateDirectory: "recursed accumulation of path '${root}': `;
  const inner =
    message.startsWith(componentLayer) && message.endsWith('"')
      ? message.slice(componentLayer.length, -1).replaceAll('\\"', '"')
      : rootLayers.reduce((m, l) => m.replace(layer + l, ''), message);
  const details = inner
    .split(root)
    .join(rootDisplay)
    .split(target)
    .join(rootDisplay)
    .split(wrapper)
    .join('(build)');
  const at = blame(walk, message);
  return inputError(
    'RENDER_FAILED',
    at?.pos ?? { file: walk.root.source.file, line: 1, col: 1 },
    { tool: `${tool.name} ${rootDisplay}`, details },
    at?.lines ?? walk.root.source.lines,
  );
}

/** The entry a Kustomize message is most likely about: the longest path or patched name it quotes. */
function blame(walk: Walk, message: string): { pos: Position; lines: readonly string[] } | null {
  let best: Blame | null = null;
  const consider = (score: number, k: Kustomization, pos: Position) => {
    best = better(best, score, pos, k.source.lines);
  };
  for (const k of walk.all.values()) {
    walkStrings(k.obj, [], (value, path) => {
      if (!value || value.includes('\n')) return;
      const abs = resolve(k.dir, value.replace(/^[^=]*=/, ''));
      if (message.includes(abs)) consider(1000 + abs.length, k, k.at(path));
      else if (new RegExp(`['"\\[ ]${escape(value)}['"\\] ]`).test(message))
        consider(value.length, k, k.at(path));
    });
    // `couldn't make target for path 'DIR': invalid Kustomization: json: cannot unmarshal string
    // into Go struct field Kustomization.patches of type types.Patch`: that field of DIR's.
    const field = FIELD_TYPE.exec(message);
    if (field && real(k.dir) === field[1] && k.obj[field[2]] !== undefined)
      best = better(best, 2000, k.at([field[2]]), k.source.lines);
    // `no resource matches strategic merge patch "Deployment.v1.apps/api.[noNs]"`: the patch naming it.
    for (const m of message.matchAll(/"[\w.]+\/([a-z0-9.-]+)\.[^"]*"/g))
      k.patches().forEach((p) =>
        p.docs.forEach((d) => {
          const md = isObj(d.value) && isObj(d.value.metadata) ? d.value.metadata : null;
          if (md?.name === m[1])
            best = better(best, 500, posIn(d, ['metadata', 'name']), d.source.lines);
        }),
      );
  }
  return best;
}

const FIELD_TYPE =
  /couldn't make target for path '([^']+)': invalid Kustomization: json: cannot unmarshal \w+ into Go struct field \w+\.(\w+)/;

type Blame = { score: number; pos: Position; lines: readonly string[] };

function better(best: Blame | null, score: number, pos: Position, lines: readonly string[]): Blame {
  return best && best.score >= score ? best : { score, pos, lines };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function walkStrings(
  x: unknown,
  path: (string | number)[],
  f: (s: string, path: (string | number)[]) => void,
) {
  if (typeof x === 'string') f(x, path);
  else if (Array.isArray(x)) x.forEach((y, i) => walkStrings(y, [...path, i], f));
  else if (isObj(x)) for (const [k, y] of Object.entries(x)) walkStrings(y, [...path, k], f);
}
