/**
 * A revision's facts in a plain, serialisable form: what the diff compares
 * and what the history cache stores. Each fact carries the object it belongs
 * to (kind, namespace, name) so facts pair by identity, never by file or line.
 */
import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import type { ExtractResult, Fact, FactClass, Source } from '../engine/index.ts';

export interface ObjectRef {
  kind: string;
  /** null for objects that have none (a node of the inventory, a host listener). */
  namespace: string | null;
  name: string;
}

export interface SnapFact {
  /** The registry's full key. */
  key: string;
  /** The shortest key a chapter may write for it (`deployment/api.replicas`). */
  alias: string;
  display: string;
  value: Fact['value'];
  class: FactClass;
  /** Repository-relative file and line; line 0 for facts derived from many manifests. */
  source: Source;
  object: ObjectRef | null;
  /** The part of the key that names the object (`deployment/honeydue/api`), when the key names one. */
  objectKey: string | null;
}

export interface Snapshot {
  /** The manifests folder, repository-relative. */
  manifests: string;
  facts: Record<string, SnapFact>;
  /** Where each named object starts, by objectKey. */
  objects: Record<string, Source>;
  /** A digest of each loaded object's content without its name, by objectKey: renames keep it. */
  content: Record<string, string>;
}

export const emptySnapshot = (manifests: string): Snapshot => ({
  manifests,
  facts: {},
  objects: {},
  content: {},
});

/** JSON with sorted keys: reordered keys give the same text. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** The object without its name; a Secret's values are left out so no digest of them is kept. */
function contentDigest(obj: Record<string, unknown>): string {
  const { metadata, ...rest } = obj;
  const { name: _name, ...meta } = (metadata ?? {}) as Record<string, unknown>;
  const body: Record<string, unknown> = { ...rest, metadata: meta };
  if (obj.kind === 'Secret')
    for (const k of ['data', 'stringData'])
      if (body[k] && typeof body[k] === 'object') body[k] = Object.keys(body[k] as object).sort();
  return createHash('sha256').update(stable(body)).digest('hex');
}

interface Located {
  ref: ObjectRef;
  prefix: string;
  source: Source;
  digest: string;
}

/** Every loaded object with the key prefix its facts use and its first line. */
function locate(result: ExtractResult, rebase: (file: string) => string): Located[] {
  return result.load.objects
    .filter((o) => o.kind && o.name)
    .map((o) => {
      const at = o.loc([]);
      return {
        ref: { kind: o.kind, namespace: o.namespace, name: o.name },
        prefix: `${o.kind.toLowerCase()}/${o.namespace}/${o.name}`,
        source: { file: rebase(at.file), line: at.line },
        digest: contentDigest(o.obj),
      };
    });
}

/** `family/name.field` and `family/namespace/name.field` keys of things that are not loaded objects. */
const SUB_OBJECT = /^([a-z]+)\/(?:([^/.]+)\/)?([^/.]+)\./;

/**
 * Turns an extraction into a snapshot. `rebase` maps the extraction's file
 * names (a temporary folder for a commit) onto repository-relative ones.
 */
export function snapshot(
  result: ExtractResult,
  manifests: string,
  rebase: (file: string) => string,
): Snapshot {
  const objects = locate(result, rebase);
  const byPrefix = new Map(objects.map((o) => [o.prefix, o]));
  const byFile = new Map<string, Located[]>();
  for (const o of objects)
    (byFile.get(o.source.file) ?? byFile.set(o.source.file, []).get(o.source.file)!).push(o);
  for (const list of byFile.values()) list.sort((a, b) => a.source.line - b.source.line);

  const { registry } = result;
  const alias = new Map<string, string>();
  for (const k of registry.keys()) {
    const full = registry.get(k)?.key;
    if (full && k !== full && k.length < (alias.get(full) ?? full).length) alias.set(full, k);
  }

  const out: Snapshot = {
    manifests,
    facts: {},
    objects: {},
    content: Object.fromEntries(objects.map((o) => [o.prefix, o.digest])),
  };
  for (const f of registry.facts.values()) {
    const source = { file: rebase(f.source.file), line: f.source.line };
    let object: ObjectRef | null = null;
    let objectKey: string | null = null;
    // The longest loaded-object prefix the key starts with (names may contain dots).
    for (let i = f.key.indexOf('.'); i > 0; i = f.key.indexOf('.', i + 1)) {
      const o = byPrefix.get(f.key.slice(0, i));
      if (o) [object, objectKey] = [o.ref, o.prefix];
    }
    const sub = object ? null : SUB_OBJECT.exec(f.key);
    if (sub) {
      object = { kind: sub[1], namespace: sub[2] ?? null, name: sub[3] };
      objectKey = sub[0].slice(0, -1);
    } else if (!object && source.line > 0) {
      // Keys like `cloudflare.ssl.mode` do not name their object: it is the one holding the line.
      object = byFile.get(source.file)?.findLast((o) => o.source.line <= source.line)?.ref ?? null;
    }
    out.facts[f.key] = {
      key: f.key,
      alias: alias.get(f.key) ?? f.key,
      display: f.display,
      value: f.value,
      class: f.class,
      source,
      object,
      objectKey,
    };
    if (objectKey) {
      const start = byPrefix.get(objectKey)?.source ?? source;
      const seen = out.objects[objectKey];
      if (!seen || (seen.file === start.file && start.line < seen.line))
        out.objects[objectKey] = start;
    }
  }
  return out;
}

/** Maps file names under `dir` (as the engine printed them) to `manifests/…`. */
export function rebaser(dir: string, manifests: string): (file: string) => string {
  const abs = resolve(dir);
  return (file) => {
    const p = resolve(file);
    if (p === abs) return manifests;
    return p.startsWith(abs + sep)
      ? `${manifests}/${p
          .slice(abs.length + 1)
          .split(sep)
          .join('/')}`
      : file;
  };
}
