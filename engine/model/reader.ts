/**
 * Reads the fields of one manifest object, validating types as it goes and
 * collecting a positioned error for every value of the wrong shape.
 */
import { inputError, type InputError } from '../errors.ts';
import type { ObjectView, PathSeg } from '../load.ts';
import { parseQuantity, toNumber } from '../quantity.ts';
import type { Quantity, Source } from '../types.ts';
export type Obj = Record<string, unknown>;

/** Reads fields of one object, validating types and collecting errors. */
export class Reader {
  readonly v: ObjectView;
  readonly errors: InputError[];
  constructor(v: ObjectView, errors: InputError[]) {
    this.v = v;
    this.errors = errors;
  }
  src(path: PathSeg[] = []): Source {
    const { file, line } = this.v.loc(path);
    return { file, line };
  }
  private wrongType(path: PathSeg[], shape: string, expected: string, found = ''): void {
    const field = String(path[path.length - 1]);
    this.errors.push(
      inputError(
        'WRONG_TYPE',
        this.v.loc(path),
        { field, expected, found, shape },
        this.v.linesAt(path),
      ),
    );
  }
  /** The value as written, for a message: `"3"` is not `3`. */
  private written(path: PathSeg[], x: unknown): string {
    return `\`${this.v.text(path) ?? JSON.stringify(x)}\``;
  }
  str(path: PathSeg[]): string | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'object') {
      this.wrongType(path, 'string', 'a string', `a ${Array.isArray(x) ? 'list' : 'mapping'}`);
      return null;
    }
    return String(x);
  }
  /** An integer field. A numeric string (`"3"`) is refused as Kubernetes refuses it. */
  int(path: PathSeg[], what = 'an integer'): number | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isInteger(x)) return x;
    const found = `${typeof x === 'string' ? 'the string ' : ''}${this.written(path, x)}`;
    this.wrongType(path, 'integer', what, found);
    return null;
  }
  /** int-or-string fields (ports by name, percentages). */
  intOrString(path: PathSeg[]): number | string | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isInteger(x)) return x;
    if (typeof x === 'string') return x;
    this.wrongType(path, 'int-or-string', 'an integer or a string', this.written(path, x));
    return null;
  }
  bool(path: PathSeg[]): boolean | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'boolean') return x;
    this.wrongType(path, 'boolean', 'true or false', this.written(path, x));
    return null;
  }
  map(path: PathSeg[]): Record<string, string> {
    const x = this.v.get(path);
    if (x === undefined || x === null) return {};
    if (typeof x !== 'object' || Array.isArray(x)) {
      this.wrongType(path, 'string-map', 'a mapping of strings');
      return {};
    }
    return Object.fromEntries(Object.entries(x as Obj).map(([k, val]) => [k, String(val)]));
  }
  list<T = unknown>(path: PathSeg[]): T[] {
    const x = this.v.get(path);
    if (x === undefined || x === null) return [];
    if (!Array.isArray(x)) {
      this.wrongType(path, 'list', 'a list');
      return [];
    }
    return x as T[];
  }
  qty(path: PathSeg[]): Quantity | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    const raw = this.v.raw(path) ?? String(x);
    const q = typeof x === 'object' ? null : parseQuantity(raw);
    if (!q) {
      this.errors.push(
        inputError('INVALID_QUANTITY', this.v.loc(path), { raw }, this.v.linesAt(path)),
      );
      return null;
    }
    return { raw, value: toNumber(q) };
  }
}
