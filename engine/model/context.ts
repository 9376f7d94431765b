/**
 * What every kind module works with: the extracted facts being built, the
 * fact registry (keys through engine/keys.ts), the error list, and whether an
 * object is applied.
 */
import type { InputError } from '../errors.ts';
import { FactRegistry, type FactClass } from '../facts.ts';
import { objectFactKeys } from '../keys.ts';
import type { ObjectView } from '../load.ts';
import type { Extracted, Source } from '../types.ts';
import { Reader, type Located } from './reader.ts';

export type FactValue = Parameters<FactRegistry['add']>[1];

export interface ModelContext {
  ex: Extracted;
  reg: FactRegistry;
  errors: InputError[];
  /** Whether `kubectl apply -k` would apply the object (or it is one of the book's own kinds). */
  applied(v: ObjectView): boolean;
  /**
   * Whether the object is left out while an applied object has its kind, namespace and name
   * (a spare copy beside the one the kustomization lists): the two share every fact key, and
   * the applied one's values are the facts.
   */
  shadowed(v: ObjectView): boolean;
}

/** The facts of one object: every field under `<kind>/<ns>/<name>.`, with its short aliases. */
export class ObjectFacts {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  private readonly reg: FactRegistry;

  constructor(reg: FactRegistry, kind: string, namespace: string, name: string) {
    this.reg = reg;
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  /** The full key of a field of this object. */
  key(field: string): string {
    return objectFactKeys(this.kind, this.namespace, this.name, field).full;
  }

  put(field: string, value: FactValue, source: Source, cls: FactClass = 'text', display?: string) {
    const { full, aliases } = objectFactKeys(this.kind, this.namespace, this.name, field);
    this.reg.add(full, value, source, cls, display);
    for (const a of aliases) this.reg.alias(a, full);
  }

  /** A located value as a fact; nothing when the field is absent. */
  located<T extends FactValue>(
    field: string,
    v: Located<T> | null,
    cls: FactClass = 'text',
    display?: (x: T) => string,
  ): void {
    if (v) this.put(field, v.value, v.source, cls, display?.(v.value));
  }
}

/** The reader and fact sink of one object; a shadowed object's facts go nowhere. */
export function begin(v: ObjectView, ctx: ModelContext): { r: Reader; facts: ObjectFacts } {
  const reg = ctx.shadowed(v) ? new FactRegistry() : ctx.reg;
  return {
    r: new Reader(v, ctx.errors),
    facts: new ObjectFacts(reg, v.kind, v.namespace, v.name),
  };
}

/** Records an object of a kind the model passes over. */
export function skip(ctx: ModelContext, v: ObjectView): void {
  const { file, line } = v.loc([]);
  ctx.ex.documents.skipped.push({
    kind: v.kind,
    apiVersion: v.apiVersion,
    name: v.name,
    source: { file, line },
  });
}
