/**
 * Reads the fields of one manifest object, validating types as it goes and
 * collecting a positioned error for every value of the wrong shape.
 */
import type { InputError } from '../errors.ts';
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
  private fail(code: InputError['code'], path: PathSeg[], message: string, hint: string): void {
    const pos = this.v.loc(path);
    this.errors.push({ code, ...pos, message, hint, excerpt: this.v.source.lines[pos.line - 1] });
  }
  str(path: PathSeg[]): string | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'object') {
      this.fail(
        'WRONG_TYPE',
        path,
        `\`${path.join('.')}\` must be a string, found a ${Array.isArray(x) ? 'list' : 'mapping'}.`,
        'Write a single string value here.',
      );
      return null;
    }
    return String(x);
  }
  /** An integer field. A numeric string (`"3"`) is refused as Kubernetes refuses it. */
  int(path: PathSeg[], what = 'an integer'): number | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isInteger(x)) return x;
    const raw = this.v.text(path) ?? JSON.stringify(x);
    this.fail(
      'WRONG_TYPE',
      path,
      `\`${path[path.length - 1]}\` must be ${what}, found ${typeof x === 'string' ? 'the string ' : ''}\`${raw}\`.`,
      `Write ${what} without quotes, e.g. \`${String(path[path.length - 1])}: 3\`.`,
    );
    return null;
  }
  /** int-or-string fields (ports by name, percentages). */
  intOrString(path: PathSeg[]): number | string | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isInteger(x)) return x;
    if (typeof x === 'string') return x;
    this.fail(
      'WRONG_TYPE',
      path,
      `\`${path[path.length - 1]}\` must be an integer or a string, found \`${this.v.text(path) ?? JSON.stringify(x)}\`.`,
      'Write a whole number (e.g. 2) or a percentage string (e.g. "50%").',
    );
    return null;
  }
  bool(path: PathSeg[]): boolean | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'boolean') return x;
    this.fail(
      'WRONG_TYPE',
      path,
      `\`${path[path.length - 1]}\` must be true or false, found \`${this.v.text(path) ?? JSON.stringify(x)}\`.`,
      'Write true or false without quotes.',
    );
    return null;
  }
  map(path: PathSeg[]): Record<string, string> {
    const x = this.v.get(path);
    if (x === undefined || x === null) return {};
    if (typeof x !== 'object' || Array.isArray(x)) {
      this.fail(
        'WRONG_TYPE',
        path,
        `\`${path[path.length - 1]}\` must be a mapping of strings.`,
        'Write `key: value` pairs under this field.',
      );
      return {};
    }
    return Object.fromEntries(Object.entries(x as Obj).map(([k, val]) => [k, String(val)]));
  }
  list<T = unknown>(path: PathSeg[]): T[] {
    const x = this.v.get(path);
    if (x === undefined || x === null) return [];
    if (!Array.isArray(x)) {
      this.fail(
        'WRONG_TYPE',
        path,
        `\`${path[path.length - 1]}\` must be a list.`,
        'Write each entry on its own line starting with `- `.',
      );
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
      this.fail(
        'INVALID_QUANTITY',
        path,
        `\`${raw}\` is not a Kubernetes quantity.`,
        'Use a number with an optional suffix: m (milli) for CPU, Ki/Mi/Gi (powers of 1024) or k/M/G (powers of 1000) for memory, e.g. `250m` or `512Mi`.',
      );
      return null;
    }
    return { raw, value: toNumber(q) };
  }
}
