/**
 * Located reads: each YAML path is written once, and the same path both
 * reads the value and locates it, so a fact's value and its `file:line`
 * cannot drift apart. `r.at('spec', 'replicas').int()` is `{ value, source }`
 * or null when the field is absent; a value of the wrong shape is a
 * positioned WRONG_TYPE error (collected, not thrown) and reads as absent.
 */
import { inputError, type InputError } from '../errors.ts';
import { foundAs, type ObjectView, type PathSeg } from '../load.ts';
import { parseQuantity, toNumber } from '../quantity.ts';
import { rangeText, RANGES, type IntRange } from './ranges.ts';
import type { Quantity, Source } from '../types.ts';

export type Obj = Record<string, unknown>;

/** A value with the manifest line it was read from. */
export interface Located<T> {
  value: T;
  source: Source;
}

/** One path into one object. */
export class Field {
  readonly view: ObjectView;
  readonly path: PathSeg[];
  private readonly errors: InputError[];

  constructor(view: ObjectView, path: PathSeg[], errors: InputError[]) {
    this.view = view;
    this.path = path;
    this.errors = errors;
  }

  /** A path below this one. */
  at(...segs: PathSeg[]): Field {
    return new Field(this.view, [...this.path, ...segs], this.errors);
  }

  /** The plain value (undefined when absent). */
  get raw(): unknown {
    return this.view.get(this.path);
  }

  get present(): boolean {
    const x = this.raw;
    return x !== undefined && x !== null;
  }

  /** Where the value is written, or its nearest written ancestor. */
  get source(): Source {
    const { file, line } = this.view.loc(this.path);
    return { file, line };
  }

  private located<T>(value: T): Located<T> {
    return { value, source: this.source };
  }

  private wrongType(shape: string, expected: string, found = ''): null {
    const field = String(this.path[this.path.length - 1] ?? 'document');
    this.errors.push(
      inputError(
        'WRONG_TYPE',
        this.view.loc(this.path),
        { field, expected, found, shape },
        this.view.linesAt(this.path),
      ),
    );
    return null;
  }

  /** The value as written, for a message (see foundAs). */
  private written(): string {
    return foundAs(this.view, this.path, this.raw);
  }

  str(): Located<string> | null {
    const x = this.raw;
    if (x === undefined || x === null) return null;
    if (typeof x === 'object') return this.wrongType('string', 'a string', this.written());
    return this.located(String(x));
  }

  /**
   * An integer field, within `range` (an int32 unless a narrower range is given). A numeric
   * string (`"3"`) is refused as Kubernetes refuses it; so is a value outside the range
   * (`replicas: -1`, `containerPort: 70000`, `replicas: 1e10`), quoted as written.
   */
  int(range: IntRange = RANGES.int32): Located<number> | null {
    const x = this.raw;
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isInteger(x)) return this.inRange(x, range);
    return this.wrongType(
      'integer',
      range.what,
      `${typeof x === 'string' ? 'the string ' : ''}${this.written()}`,
    );
  }

  /** int-or-string fields (ports by name, percentages); a number must lie within `range`. */
  intOrString(range: IntRange = RANGES.int32): Located<number | string> | null {
    const x = this.raw;
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isInteger(x)) return this.inRange(x, range);
    if (typeof x === 'string') return this.located(x);
    return this.wrongType('int-or-string', 'an integer or a string', this.written());
  }

  private inRange(x: number, range: IntRange): Located<number> | null {
    if (x >= range.min && x <= range.max) return this.located(x);
    return this.wrongType('integer-range', rangeText(range), this.written());
  }

  bool(): Located<boolean> | null {
    const x = this.raw;
    if (x === undefined || x === null) return null;
    if (typeof x === 'boolean') return this.located(x);
    return this.wrongType('boolean', 'true or false', this.written());
  }

  /**
   * A string field of a built-in kind (an env value) whose value the API server takes only as
   * a string: an unquoted number or boolean (`8000`, `true`, YAML 1.1's `yes`) is refused, as
   * decoding it into the Go string field fails.
   */
  text(): Located<string> | null {
    const x = this.raw;
    if (typeof x === 'number' || typeof x === 'boolean')
      return this.wrongType('quoted-string', 'a string', this.written());
    return this.str();
  }

  /**
   * A mapping of strings (labels, selectors, nodeSelector, a ConfigMap's data): each value
   * must be a string, as for text(); null is an empty string, as Go decodes it.
   */
  labels(): Located<Record<string, string>> | null {
    const x = this.raw;
    if (x === undefined || x === null) return null;
    if (typeof x !== 'object' || Array.isArray(x))
      return this.wrongType('string-map', 'a mapping of strings');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(x as Obj)) {
      if (v !== null && typeof v === 'object') this.at(k).wrongType('string', 'a string');
      else if (v !== null && typeof v !== 'string') this.at(k).text();
      out[k] = v === null ? '' : String(v);
    }
    return this.located(out);
  }

  /** The items of a list field, each as a Field ([] when absent). */
  items(): Field[] {
    const x = this.raw;
    if (x === undefined || x === null) return [];
    if (!Array.isArray(x)) {
      this.wrongType('list', 'a list');
      return [];
    }
    return x.map((_, i) => this.at(i));
  }

  /** The entries of a mapping field, each as [key, Field] ([] when absent). */
  entries(): [string, Field][] {
    const x = this.raw;
    if (x === undefined || x === null) return [];
    if (typeof x !== 'object' || Array.isArray(x)) {
      this.wrongType('mapping', 'a mapping');
      return [];
    }
    return Object.keys(x as Obj).map((k) => [k, this.at(k)]);
  }

  /** A resource quantity, its text as written (`1e3`, `0.50` and `"128Mi"` keep their form). */
  qty(): Located<Quantity> | null {
    const x = this.raw;
    if (x === undefined || x === null) return null;
    if (typeof x === 'object') return this.wrongType('string', 'a quantity', this.written());
    const raw = this.view.raw(this.path) ?? String(x);
    const q = parseQuantity(raw);
    if (!q) {
      this.errors.push(
        inputError(
          'INVALID_QUANTITY',
          this.view.loc(this.path),
          { raw },
          this.view.linesAt(this.path),
        ),
      );
      return null;
    }
    return this.located({ raw, value: toNumber(q) });
  }
}

/** The root of one object's fields. */
export class Reader extends Field {
  constructor(view: ObjectView, errors: InputError[]) {
    super(view, [], errors);
  }
}
