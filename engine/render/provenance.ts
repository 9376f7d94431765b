/**
 * Which line set each value of a rendered object.
 *
 * Kustomize's build metadata says which file an object came from
 * (`config.kubernetes.io/origin`) and which transformers ran over it, in
 * order (`alpha.config.kubernetes.io/transformations`). A value is then
 * located by asking, from the last transformer back to the first, "did you
 * set this path to this value?" — the overlay's `images:` entry for a tag,
 * `replicas:` for a count, the patch line for a patched field, the
 * `labels:` pair for a label — and otherwise finding it in the source file.
 * A value equal to the source file's is the source file's: a patch that
 * restates a base value (a container's `name`, the merge key) did not set it.
 *
 * Object names changed by `namePrefix`/`nameSuffix` (and the references
 * Kustomize renames with them) point at the source's `metadata.name`: the
 * prefix line is the same for every object and says nothing about this one.
 */
import type { Position } from '../errors.ts';
import { parseSelector, selects } from '../selector.ts';
import { displayPath, type ObjectView, type PathSeg, type Provenance } from '../load.ts';
import type { Kustomization, Patch, Selector } from './kustomization.ts';
import { getPath, isObj, matchPath, pointer, pointerCovers, sameValue, type Obj } from './paths.ts';
import { posIn, type LocatedDoc } from './sources.ts';
import { PATCHED_DATA_PATH } from '../redact.ts';

/** One transformer that ran over the object, and the kustomization that configured it. */
export interface Step {
  k: Kustomization;
  transformer: string;
}

/** Where a rendered object came from. */
export type Origin =
  | { type: 'file'; view: ObjectView }
  | {
      type: 'generator';
      k: Kustomization;
      field: 'configMapGenerator' | 'secretGenerator';
      index: number;
    }
  | { type: 'unknown'; at: { k: Kustomization; path: PathSeg[] } };

type Located = { pos: Position; lines: readonly string[] };

interface Query {
  path: PathSeg[];
  value: unknown;
}

/** Splits an image reference as the image transformer does: repository, tag, digest. */
function splitImage(image: string): {
  repository: string;
  tag: string | null;
  digest: string | null;
} {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : null;
  const ref = at >= 0 ? image.slice(0, at) : image;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash
    ? { repository: ref.slice(0, colon), tag: ref.slice(colon + 1), digest }
    : { repository: ref, tag: null, digest };
}

/**
 * Whether a patch target's `labelSelector` or `annotationSelector` holds for
 * an object's labels or annotations, with Kubernetes semantics. A form this
 * reader does not know holds: the patch is then credited by its path and value alone.
 */
function targetSelects(selector: unknown, map: Obj): boolean {
  if (typeof selector !== 'string') return true;
  const parsed = parseSelector(selector);
  const labels = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
  return !parsed || selects(parsed, labels);
}

export class KustomizeProvenance implements Provenance {
  readonly rendered: Provenance['rendered'];
  private readonly obj: Obj;
  private readonly origin: Origin;
  private readonly steps: Step[];
  /** Every kustomization of the build, root first: generators may merge into a base's object. */
  private readonly all: Kustomization[];
  /** The object's name at each layer (before and after each prefix and suffix). */
  readonly names: ReadonlySet<string>;
  /** Its namespace as its file writes it and as rendered. */
  readonly namespaces: ReadonlySet<string>;
  private readonly cache = new Map<string, Located>();

  /** The other rendered objects, for a value a replacement copies from one of them. */
  private readonly peers: () => readonly ObjectView[];

  constructor(
    rendered: Provenance['rendered'],
    obj: Obj,
    origin: Origin,
    steps: Step[],
    all: Kustomization[],
    peers: () => readonly ObjectView[] = () => [],
  ) {
    this.peers = peers;
    this.rendered = rendered;
    this.obj = obj;
    this.origin = origin;
    this.steps = steps;
    this.all = all;
    this.names = this.layerNames();
    const ns = getPath(obj, ['metadata', 'namespace']);
    this.namespaces = new Set([
      ...(origin.type === 'file' ? [origin.view.namespace] : []),
      typeof ns === 'string' && ns ? ns : 'default',
    ]);
  }

  private get kind(): string {
    return typeof this.obj.kind === 'string' ? this.obj.kind : '';
  }

  private layerNames(): Set<string> {
    const names = new Set<string>();
    const rendered = getPath(this.obj, ['metadata', 'name']);
    let name =
      this.origin.type === 'file'
        ? this.origin.view.name
        : this.origin.type === 'generator'
          ? String(getPath(this.origin.k.obj, [this.origin.field, this.origin.index, 'name']) ?? '')
          : String(rendered ?? '');
    names.add(name);
    for (const s of this.steps) {
      if (s.transformer === 'PrefixTransformer') name = `${s.k.str('namePrefix') ?? ''}${name}`;
      else if (s.transformer === 'SuffixTransformer')
        name = `${name}${s.k.str('nameSuffix') ?? ''}`;
      else continue;
      names.add(name);
    }
    if (typeof rendered === 'string') names.add(rendered);
    return names;
  }

  get stableName(): string | null {
    if (this.origin.type !== 'generator') return null;
    const name = String(getPath(this.obj, ['metadata', 'name']) ?? '');
    const stable = [...this.names].find(
      (n) => name.startsWith(`${n}-`) && /^-[a-z0-9]+$/.test(name.slice(n.length)),
    );
    return stable ?? null;
  }

  sourcePath(path: PathSeg[]): PathSeg[] | null {
    if (this.origin.type !== 'file') return null;
    const m = matchPath(this.obj, this.origin.view.obj, path);
    return m.complete ? m.path : null;
  }

  locate(path: PathSeg[]): Located {
    const key = JSON.stringify(path);
    let hit = this.cache.get(key);
    if (!hit) this.cache.set(key, (hit = this.find(path)));
    return hit;
  }

  private find(path: PathSeg[]): Located {
    // A path the object does not have is located at its nearest ancestor, as in a source file.
    let p = path;
    while (p.length && getPath(this.obj, p) === undefined) p = p.slice(0, -1);
    const q: Query = { path: p, value: getPath(this.obj, p) };
    const origin = this.origin;
    if (origin.type === 'file') {
      const m = matchPath(this.obj, origin.view.obj, p);
      if (m.complete && sameValue(origin.view.get(m.path), q.value))
        return viewAt(origin.view, m.path);
    }
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const found = this.bySetter(this.steps[i], q);
      if (found) return found;
    }
    const generated = this.byGenerator(q);
    if (generated) return generated;
    if (origin.type === 'file')
      return viewAt(origin.view, matchPath(this.obj, origin.view.obj, p).path);
    if (origin.type === 'generator') {
      const isName = p.join('.') === 'metadata.name';
      return kAt(origin.k, [origin.field, origin.index, ...(isName ? ['name'] : [])]);
    }
    return kAt(origin.at.k, origin.at.path);
  }

  private bySetter(s: Step, q: Query): Located | null {
    switch (s.transformer) {
      case 'ImageTagTransformer':
        return this.byImage(s.k, q);
      case 'ReplicaCountTransformer':
        return this.byReplicas(s.k, q);
      case 'NamespaceTransformer':
        return q.path.at(-1) === 'namespace' && q.value === s.k.str('namespace')
          ? kAt(s.k, ['namespace'])
          : null;
      case 'LabelTransformer':
        return this.byLabel(s.k, q);
      case 'AnnotationsTransformer': {
        const k = q.path.at(-1);
        const common = s.k.map('commonAnnotations');
        return q.path.at(-2) === 'annotations' && typeof k === 'string' && common[k] === q.value
          ? kAt(s.k, ['commonAnnotations', k])
          : null;
      }
      case 'PatchTransformer':
      case 'PatchStrategicMergeTransformer':
      case 'PatchJson6902Transformer':
        return this.byPatch(s.k, s.transformer, q);
      case 'ReplacementTransformer':
        return this.byReplacement(s.k, q);
      default:
        return null;
    }
  }

  private byImage(k: Kustomization, q: Query): Located | null {
    if (q.path.at(-1) !== 'image' || typeof q.value !== 'string') return null;
    const img = splitImage(q.value);
    const entries = k.list('images');
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (!isObj(e)) continue;
      const newName = e.newName === undefined ? undefined : String(e.newName);
      if ((newName ?? String(e.name)) !== img.repository) continue;
      if (e.digest !== undefined && img.digest === String(e.digest))
        return kAt(k, ['images', i, 'digest']);
      if (e.newTag !== undefined && img.tag === String(e.newTag))
        return kAt(k, ['images', i, 'newTag']);
      if (newName !== undefined) return kAt(k, ['images', i, 'newName']);
    }
    return null;
  }

  private byReplicas(k: Kustomization, q: Query): Located | null {
    if (q.path.join('.') !== 'spec.replicas') return null;
    const entries = k.list('replicas');
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (isObj(e) && this.names.has(String(e.name)) && Number(e.count) === q.value)
        return kAt(k, ['replicas', i, 'count']);
    }
    return null;
  }

  private byLabel(k: Kustomization, q: Query): Located | null {
    const key = q.path.at(-1);
    const parent = q.path.at(-2);
    if (typeof key !== 'string' || !['labels', 'matchLabels', 'selector'].includes(String(parent)))
      return null;
    const labels = k.list('labels');
    for (let i = labels.length - 1; i >= 0; i--) {
      const pairs = isObj(labels[i]) ? (labels[i] as Obj).pairs : null;
      if (isObj(pairs) && key in pairs && String(pairs[key]) === String(q.value))
        return kAt(k, ['labels', i, 'pairs', key]);
    }
    const common = k.map('commonLabels');
    return key in common && String(common[key]) === String(q.value)
      ? kAt(k, ['commonLabels', key])
      : null;
  }

  private targets(selector: Selector | null, doc: LocatedDoc): boolean {
    const md = isObj(this.obj.metadata) ? this.obj.metadata : {};
    if (!selector) {
      const d = isObj(doc.value) ? doc.value : {};
      const name = isObj(d.metadata) ? d.metadata.name : undefined;
      return d.kind === this.kind && this.names.has(String(name));
    }
    if (selector.kind && selector.kind !== this.kind) return false;
    if (selector.name) {
      let re: RegExp | null = null;
      try {
        re = new RegExp(`^(?:${selector.name})$`);
      } catch {
        re = null;
      }
      if (![...this.names].some((n) => (re ? re.test(n) : n === selector.name))) return false;
    }
    return (
      targetSelects(selector.labelSelector, isObj(md.labels) ? md.labels : {}) &&
      targetSelects(selector.annotationSelector, isObj(md.annotations) ? md.annotations : {})
    );
  }

  private byPatch(k: Kustomization, transformer: string, q: Query): Located | null {
    const patches = k.patches().filter((p) => p.transformer === transformer);
    for (let i = patches.length - 1; i >= 0; i--) {
      const patch = patches[i];
      for (let d = patch.docs.length - 1; d >= 0; d--) {
        const doc = patch.docs[d];
        const hit = Array.isArray(doc.value)
          ? this.inJsonPatch(patch, doc, q)
          : this.targets(patch.target, doc)
            ? this.inMergePatch(doc, q)
            : null;
        if (hit) return hit;
      }
    }
    return null;
  }

  private inMergePatch(doc: LocatedDoc, q: Query): Located | null {
    const m = matchPath(this.obj, doc.value, q.path);
    if (!m.complete || !sameValue(getPath(doc.value, m.path), q.value)) return null;
    return docAt(doc, m.path);
  }

  private inJsonPatch(patch: Patch, doc: LocatedDoc, q: Query): Located | null {
    if (!patch.target || !this.targets(patch.target, doc)) return null;
    const ops = doc.value as unknown[];
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i];
      if (!isObj(op) || typeof op.path !== 'string') continue;
      const at = pointer(op.path);
      if (!pointerCovers(at, q.path)) continue;
      const rest = q.path.slice(at.length);
      if (op.op === 'add' || op.op === 'replace') {
        // A value written under `/data` is blanked at load (engine/redact.ts), in a patch file
        // too: the rendered value is Kustomize's, the blank stands where the value is written.
        if (op.value === '' && PATCHED_DATA_PATH.test(op.path)) return docAt(doc, [i, 'value']);
        if (!sameValue(getPath(op.value, rest), q.value)) continue;
        return docAt(doc, [i, 'value', ...rest]);
      }
      if (op.op === 'copy' || op.op === 'move') return docAt(doc, [i, 'from']);
    }
    return null;
  }

  /**
   * A value a replacement copied from another object's field: where that
   * field is set (a ConfigMap value, another object's name).
   */
  private byReplacement(k: Kustomization, q: Query): Located | null {
    const entries = k.replacements();
    for (let i = entries.length - 1; i >= 0; i--) {
      const { source, targets } = entries[i];
      if (!isObj(source) || !Array.isArray(targets)) continue;
      const hit = targets.some(
        (t) =>
          isObj(t) &&
          this.selected(t.select) &&
          (Array.isArray(t.fieldPaths) ? t.fieldPaths : []).some(
            (fp) => JSON.stringify(fieldPath(String(fp), this.obj)) === JSON.stringify(q.path),
          ),
      );
      if (!hit) continue;
      const from = this.peers().find((v) => isSourceOf(v, source));
      const at = from && fieldPath(String(source.fieldPath ?? 'metadata.name'), from.obj);
      if (from && at) return { pos: from.loc(at), lines: from.linesAt(at) };
    }
    return null;
  }

  private selected(select: unknown): boolean {
    if (!isObj(select)) return true;
    if (select.kind !== undefined && select.kind !== this.kind) return false;
    return select.name === undefined || [...this.names].some((n) => n === String(select.name));
  }

  /** A ConfigMap or Secret key a generator wrote: its literal, env-file line or file entry. */
  private byGenerator(q: Query): Located | null {
    const [field, key] = q.path;
    if (q.path.length !== 2 || typeof key !== 'string') return null;
    if (!['data', 'binaryData', 'stringData'].includes(String(field))) return null;
    const gen =
      this.kind === 'Secret'
        ? 'secretGenerator'
        : this.kind === 'ConfigMap'
          ? 'configMapGenerator'
          : null;
    if (!gen) return null;
    for (const k of this.all) {
      const entries = k.list(gen);
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i];
        if (isObj(e) && this.names.has(String(e.name))) {
          const hit = generatorKey(k, gen, i, e, key);
          if (hit) return hit;
        }
      }
    }
    return null;
  }
}

/**
 * Whether a rendered object is the one a replacement's `source` names: its
 * kind, a name it had at some layer (before or after a prefix or suffix) and,
 * when the source says one, its namespace, as Kustomize matches any of an
 * object's ids.
 */
function isSourceOf(v: ObjectView, source: Obj): boolean {
  if (v.kind !== source.kind || typeof source.name !== 'string') return false;
  const p = v.provenance instanceof KustomizeProvenance ? v.provenance : null;
  if (!(p ? p.names.has(source.name) : v.name === source.name)) return false;
  if (source.namespace === undefined) return true;
  return p ? p.namespaces.has(String(source.namespace)) : v.namespace === source.namespace;
}

/**
 * A Kustomize field path (`spec.template.spec.containers.[name=api].image`,
 * `…containers.0.image`) as path segments into an object; null if it is not there.
 */
export function fieldPath(fp: string, obj: unknown): PathSeg[] | null {
  const out: PathSeg[] = [];
  let cur = obj;
  for (const part of fp.match(/\[[^\]]*\]|[^.[\]]+/g) ?? []) {
    if (part.startsWith('[')) {
      const [key, value] = part.slice(1, -1).split('=');
      const i = Array.isArray(cur)
        ? cur.findIndex((x) => isObj(x) && String(x[key]) === value)
        : -1;
      if (i < 0) return null;
      out.push(i);
      cur = (cur as unknown[])[i];
    } else if (Array.isArray(cur) && /^\d+$/.test(part)) {
      out.push(Number(part));
      cur = cur[Number(part)];
    } else if (isObj(cur) && part in cur) {
      out.push(part);
      cur = cur[part];
    } else return null;
  }
  return out;
}

function generatorKey(
  k: Kustomization,
  gen: string,
  i: number,
  e: Obj,
  key: string,
): Located | null {
  const list = (f: string) => (Array.isArray(e[f]) ? (e[f] as unknown[]) : []);
  const literals = list('literals');
  for (let j = literals.length - 1; j >= 0; j--)
    if (String(literals[j]).split('=')[0] === key) return kAt(k, [gen, i, 'literals', j]);
  const files = list('files');
  for (let j = files.length - 1; j >= 0; j--) {
    const f = String(files[j]);
    const name = f.includes('=') ? f.slice(0, f.indexOf('=')) : f.split('/').pop();
    if (name === key) return kAt(k, [gen, i, 'files', j]);
  }
  const envs = [...list('envs'), ...(typeof e.env === 'string' ? [e.env] : [])];
  for (let j = envs.length - 1; j >= 0; j--) {
    const env = k.envKeys(String(envs[j]));
    const line = env?.keys.get(key);
    if (env && line) return { pos: { file: displayPath(env.file), line, col: 1 }, lines: [] };
  }
  return null;
}

function viewAt(v: ObjectView, path: PathSeg[]): Located {
  return { pos: v.loc(path), lines: v.source.lines };
}

function kAt(k: Kustomization, path: PathSeg[]): Located {
  return { pos: k.at(path), lines: k.source.lines };
}

function docAt(d: LocatedDoc, path: PathSeg[]): Located {
  return { pos: posIn(d, path), lines: d.source.lines };
}
