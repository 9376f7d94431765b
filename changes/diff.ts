/**
 * Two snapshots in, the changes between them out. Facts pair by key, and a
 * key names its object by kind, namespace and name, so a moved file or
 * reordered keys pair up unchanged. Values compare by meaning: quantities by
 * their exact value, numbers and ports as numbers, derived facts by what the
 * book shows.
 */
import { parseQuantity } from '../engine/index.ts';
import type { Source } from '../engine/index.ts';
import type { ObjectRef, SnapFact, Snapshot } from './snapshot.ts';

export type ChangeKind = 'changed' | 'added' | 'removed' | 'renamed';

export interface Side {
  /** The value as the book renders it. */
  value: string;
  source: Source;
}

export interface Change {
  /** The key as a chapter writes it (the short form when there is one). */
  key: string;
  /** The registry's full key. */
  fullKey: string;
  /** Other keys of the same object that show the same value from the same line. */
  also: string[];
  change: ChangeKind;
  object: ObjectRef | null;
  /** The part of the full key that names the object, when the key names one. */
  objectKey: string | null;
  /** For a rename: the object's old identity and key. */
  renamedFrom?: ObjectRef & { key: string };
  before: Side | null;
  after: Side | null;
  /** Computed from many manifests (totals, capacity share), not written on one line. */
  derived: boolean;
  /** Keys of the derived facts that move with this change. */
  moves: string[];
}

const NUMERIC = new Set(['port', 'replicas', 'number', 'price']);

function sameScalar(a: unknown, b: unknown, cls: string): boolean {
  if (a === b) return true;
  if (cls === 'quantity') {
    const x = parseQuantity(String(a));
    const y = parseQuantity(String(b));
    if (x && y) return x.num * y.den === y.num * x.den;
  }
  if (NUMERIC.has(cls) && String(a).trim() !== '' && String(b).trim() !== '')
    return Number(a) === Number(b) && !Number.isNaN(Number(a));
  return String(a) === String(b);
}

/** Whether two facts say the same thing. */
export function sameFact(a: SnapFact, b: SnapFact): boolean {
  // A share of 5.81 % and one of 5.84 % both read "5.8 %": the book does not change.
  if (a.source.line === 0 && b.source.line === 0) return a.display === b.display;
  const cls = a.class === b.class ? a.class : 'text';
  if (Array.isArray(a.value) || Array.isArray(b.value)) {
    const x = Array.isArray(a.value) ? a.value : [a.value];
    const y = Array.isArray(b.value) ? b.value : [b.value];
    return x.length === y.length && x.every((v, i) => sameScalar(v, y[i], cls));
  }
  return sameScalar(a.value, b.value, cls);
}

const side = (f: SnapFact | undefined): Side | null =>
  f ? { value: f.display, source: f.source } : null;

function change(kind: ChangeKind, a: SnapFact | undefined, b: SnapFact | undefined): Change {
  const f = (b ?? a)!;
  return {
    key: f.alias,
    fullKey: f.key,
    also: [],
    change: kind,
    object: f.object,
    objectKey: f.objectKey,
    before: side(a),
    after: side(b),
    derived: f.source.line === 0,
    moves: [],
  };
}

/** The field part of a fact's key: the key minus its object. */
const field = (f: SnapFact) => (f.objectKey ? f.key.slice(f.objectKey.length) : f.key);

/** Facts of each object, by objectKey. */
function byObject(s: Snapshot): Map<string, SnapFact[]> {
  const out = new Map<string, SnapFact[]>();
  for (const f of Object.values(s.facts))
    if (f.objectKey) (out.get(f.objectKey) ?? out.set(f.objectKey, []).get(f.objectKey)!).push(f);
  return out;
}

/**
 * Objects gone from `a` and new in `b` with the same content: renames, old
 * key → new key. A loaded object's content is its whole YAML without the name
 * (key order aside); a part of the book's own kinds (a node of the inventory)
 * is compared by its facts.
 */
function renames(a: Snapshot, b: Snapshot): Map<string, string> {
  const before = byObject(a);
  const after = byObject(b);
  const gone = [...before.keys()].filter((k) => !after.has(k));
  const fresh = [...after.keys()].filter((k) => !before.has(k));
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const sameFacts = (old: SnapFact[], facts: SnapFact[]) => {
    const byField = new Map(old.map((f) => [field(f), f]));
    return (
      facts.length === old.length &&
      facts.every((f) => {
        const o = byField.get(field(f));
        return o !== undefined && sameFact(o, f);
      })
    );
  };
  for (const g of gone) {
    const old = before.get(g)!;
    const match = fresh.find((n) => {
      const facts = after.get(n)!;
      if (taken.has(n) || facts[0].object?.kind !== old[0].object?.kind) return false;
      if (a.content[g] !== undefined || b.content[n] !== undefined)
        return a.content[g] === b.content[n];
      return sameFacts(old, facts);
    });
    if (match) {
      out.set(g, match);
      taken.add(match);
    }
  }
  return out;
}

/**
 * Same object, same line, same values, and one key's field ends with the
 * other's (`.limits.cpu` and `.containers.api.limits.cpu`): one change, the
 * shorter key first.
 */
function mergeDuplicates(changes: Change[], fieldOf: (key: string) => string): Change[] {
  const sig = (c: Change) => JSON.stringify([c.change, c.object, c.before, c.after]);
  const groups = new Map<string, Change[]>();
  for (const c of changes) (groups.get(sig(c)) ?? groups.set(sig(c), []).get(sig(c))!).push(c);
  const out: Change[] = [];
  for (const group of groups.values()) {
    group.sort((x, y) => x.fullKey.length - y.fullKey.length || x.fullKey.localeCompare(y.fullKey));
    const heads: Change[] = [];
    for (const c of group) {
      const head = c.object
        ? heads.find(
            (h) =>
              h.fullKey !== fieldOf(h.fullKey) && fieldOf(c.fullKey).endsWith(fieldOf(h.fullKey)),
          )
        : undefined;
      if (head) head.also.push(c.key);
      else heads.push(c);
    }
    out.push(...heads);
  }
  return out;
}

const sourceOf = (c: Change) => c.after?.source ?? c.before!.source;

export interface ObjectChange {
  /** The object's key as a chapter writes it (`deployment/api`). */
  key: string;
  objectKey: string;
  object: ObjectRef | null;
  change: 'added' | 'removed';
  source: Source;
  /** How many facts it has. */
  facts: number;
}

/** Objects that exist on one side only (not renames): reports fold their facts into one line. */
export function objectChanges(a: Snapshot, b: Snapshot, changes: Change[]): ObjectChange[] {
  const renamed = new Set(
    changes.flatMap((c) => (c.renamedFrom ? [c.renamedFrom.key, c.fullKey] : [])),
  );
  const before = byObject(a);
  const after = byObject(b);
  const out: ObjectChange[] = [];
  for (const [side, other, kind, s] of [
    [before, after, 'removed', a],
    [after, before, 'added', b],
  ] as const)
    for (const [k, facts] of side) {
      if (other.has(k) || renamed.has(k)) continue;
      const f = facts[0];
      out.push({
        key: f.alias.slice(0, f.alias.length - field(f).length),
        objectKey: k,
        object: f.object,
        change: kind,
        source: s.objects[k] ?? f.source,
        facts: facts.length,
      });
    }
  return out.sort(
    (x, y) => x.source.file.localeCompare(y.source.file) || x.source.line - y.source.line,
  );
}

/** The changes from snapshot `a` to snapshot `b`, in manifest order, derived facts last. */
export function diffSnapshots(a: Snapshot, b: Snapshot): Change[] {
  const renamed = renames(a, b);
  const renamedNew = new Set(renamed.values());
  const out: Change[] = [];
  for (const [oldKey, newKey] of renamed) {
    const afterFact = Object.values(b.facts).find((f) => f.objectKey === newKey)!;
    const beforeFact = Object.values(a.facts).find((f) => f.objectKey === oldKey)!;
    const short = (f: SnapFact) => f.alias.slice(0, f.alias.length - field(f).length);
    out.push({
      key: short(afterFact),
      fullKey: newKey,
      also: [],
      change: 'renamed',
      object: afterFact.object,
      objectKey: newKey,
      renamedFrom: beforeFact.object ? { ...beforeFact.object, key: oldKey } : undefined,
      before: { value: short(beforeFact), source: a.objects[oldKey] ?? beforeFact.source },
      after: { value: short(afterFact), source: b.objects[newKey] ?? afterFact.source },
      derived: false,
      moves: [],
    });
  }
  for (const [k, f] of Object.entries(a.facts)) {
    if (f.objectKey && renamed.has(f.objectKey)) continue;
    const g = b.facts[k];
    if (!g) out.push(change('removed', f, undefined));
    else if (!sameFact(f, g)) out.push(change('changed', f, g));
  }
  for (const [k, g] of Object.entries(b.facts))
    if (!a.facts[k] && !(g.objectKey && renamedNew.has(g.objectKey)))
      out.push(change('added', undefined, g));
  const fieldOf = (key: string) => {
    const f = b.facts[key] ?? a.facts[key];
    return f ? field(f) : key;
  };
  const merged = mergeDuplicates(out, fieldOf);
  attachDerived(merged, namespaces(a, b));
  return merged.sort(
    (x, y) =>
      Number(x.derived) - Number(y.derived) ||
      sourceOf(x).file.localeCompare(sourceOf(y).file) ||
      sourceOf(x).line - sourceOf(y).line ||
      x.key.localeCompare(y.key),
  );
}

function namespaces(a: Snapshot, b: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const s of [a, b])
    for (const f of Object.values(s.facts)) if (f.object?.namespace) out.add(f.object.namespace);
  return out;
}

/**
 * Which derived facts move with which change. A derived fact aggregates one
 * field (`totals.honeydue.requests.cpu`, `capacity.share.limits.memory`) over
 * the objects of a namespace or of the whole cluster, multiplied by replicas:
 * it moves with a change of that field, or of replicas, in its scope.
 */
function attachDerived(changes: Change[], spaces: Set<string>): void {
  const derived = changes.filter((c) => c.derived);
  for (const c of changes) {
    if (c.derived) continue;
    const segs = c.fullKey.split('.');
    const tail = segs.slice(-2).join('.');
    const isReplicas = segs.at(-1) === 'replicas';
    for (const d of derived) {
      const ds = d.fullKey.split('.');
      const scope = ds.find((s) => spaces.has(s));
      if (scope && scope !== c.object?.namespace) continue;
      const aggregates = ds.slice(-2).join('.') === tail;
      const multiplies = isReplicas && /^(totals|capacity)\./.test(d.fullKey);
      if (aggregates || multiplies) c.moves.push(d.key);
    }
  }
}
