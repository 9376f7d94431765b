/**
 * One value, two documents: the path of a rendered value in the document it
 * came from (the base file, a patch). Kustomize merges lists of objects by a
 * key (containers by `name`, ports by `containerPort`…), so a list item is
 * matched by that key, not by its position: a patch that adds a container
 * or deletes an env entry moves the others.
 */
import type { PathSeg } from '../load.ts';

export type Obj = Record<string, unknown>;
/** A mapping (not null, not a list). */
export const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * The keys that identify an item of a merged list, in the order tried
 * (the strategic-merge keys of the core/v1 and apps/v1 types).
 */
const IDENTITY = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'port', 'key'];

/** The value at a path of a plain object. */
export function getPath(obj: unknown, path: readonly PathSeg[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/**
 * Where the same item as the one at `index` of `items` sits in `list`, or -1. An id written
 * twice in one list (an env variable set twice) pairs in order: the second with the second.
 */
function sameItem(list: unknown[], items: readonly unknown[], index: number): number {
  const item = items[index];
  if (isObj(item)) {
    for (const key of IDENTITY) {
      const id = item[key];
      if (id === undefined || typeof id === 'object') continue;
      const has = (x: unknown) => isObj(x) && x[key] === id;
      let nth = 0;
      for (let i = 0; i < index; i++) if (has(items[i])) nth++;
      let first = -1;
      for (let j = 0; j < list.length; j++) {
        if (!has(list[j])) continue;
        if (first < 0) first = j;
        if (nth-- === 0) return j;
      }
      return first;
    }
    return list.length === items.length ? index : -1;
  }
  if (list[index] === item) return index;
  return list.indexOf(item);
}

/**
 * The path in `target` of the value at `path` in `from`; `complete` is false
 * when `target` lacks it (then `path` is the part it has).
 */
export function matchPath(
  from: unknown,
  target: unknown,
  path: readonly PathSeg[],
): { path: PathSeg[]; complete: boolean } {
  const out: PathSeg[] = [];
  let a = from;
  let b = target;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(a) || !Array.isArray(b)) return { path: out, complete: false };
      const j = sameItem(b, a, seg);
      if (j < 0) return { path: out, complete: false };
      out.push(j);
      a = a[seg];
      b = b[j];
    } else {
      if (!isObj(b) || !(seg in b)) return { path: out, complete: false };
      out.push(seg);
      a = isObj(a) ? a[seg] : undefined;
      b = b[seg];
    }
  }
  return { path: out, complete: true };
}

/** Whether a value in a source sets the rendered one: equal scalars, or a collection that is there. */
export function sameValue(source: unknown, rendered: unknown): boolean {
  if (source === undefined) return false;
  if (source !== null && typeof source === 'object')
    return rendered !== null && typeof rendered === 'object';
  return source === rendered;
}

/** A JSON pointer (RFC 6901) as path segments. */
export function pointer(p: string): string[] {
  if (p === '' || p === '/') return [];
  return p
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Whether a JSON patch operation's path is `path` or one of its ancestors (`-` is any list index). */
export function pointerCovers(op: string[], path: readonly PathSeg[]): boolean {
  if (op.length > path.length) return false;
  return op.every((s, i) => (s === '-' ? typeof path[i] === 'number' : s === String(path[i])));
}

/**
 * The rendered value with its mappings' keys in the order the source writes
 * them (Kustomize sorts keys; a ConfigMap's keys read in file order), keys
 * the source lacks after them. Lists keep the rendered order.
 */
export function inSourceOrder(rendered: unknown, source: unknown): unknown {
  if (Array.isArray(rendered)) {
    if (!Array.isArray(source)) return rendered;
    return rendered.map((item, i) => {
      const j = sameItem(source, rendered, i);
      return j >= 0 ? inSourceOrder(item, source[j]) : item;
    });
  }
  if (!isObj(rendered) || !isObj(source)) return rendered;
  const keys = [
    ...Object.keys(source).filter((k) => k in rendered),
    ...Object.keys(rendered).filter((k) => !(k in source)),
  ];
  return Object.fromEntries(keys.map((k) => [k, inSourceOrder(rendered[k], source[k])]));
}
