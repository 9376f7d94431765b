/**
 * Assume markers: `{/* assume: deployment/worker.replicas == 1 *\/}` above a
 * paragraph declares the values its argument depends on. Operands are fact
 * keys, numbers, quoted strings or true/false; quantities compare by value
 * (`512Mi` < `1Gi`); `&&` joins clauses.
 */
import type { ExtractResult, Fact } from '../../engine/index.ts';
import { parseQuantity, toNumber } from '../../engine/index.ts';

export type Operand =
  { kind: 'fact'; key: string } | { kind: 'lit'; value: string | number | boolean };
const OPS = ['==', '!=', '<=', '>=', '<', '>'] as const;
export type Op = (typeof OPS)[number];

export interface Clause {
  text: string;
  op: Op;
  left: Operand;
  right: Operand;
}

function operand(text: string): Operand | null {
  const t = text.trim();
  if (!t) return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: 'lit', value: Number(t) };
  if (/^(["']).*\1$/.test(t)) return { kind: 'lit', value: t.slice(1, -1) };
  if (t === 'true' || t === 'false') return { kind: 'lit', value: t === 'true' };
  if (/^[+-]?[\d.]/.test(t) && parseQuantity(t)) return { kind: 'lit', value: t };
  if (/^[\w.\-/]+$/.test(t) && /[./]/.test(t)) return { kind: 'fact', key: t };
  return null;
}

/** The clauses of an expression; a clause that cannot be read is returned as its text. */
export function parseAssumption(expr: string): (Clause | string)[] {
  return expr.split('&&').map((raw) => {
    const text = raw.trim();
    const op = OPS.find((o) => raw.includes(o));
    if (!op) return text;
    const at = raw.indexOf(op);
    const left = operand(raw.slice(0, at));
    const right = operand(raw.slice(at + op.length));
    return left && right ? { text, op, left, right } : text;
  });
}

/** Numbers and quantities compare numerically; everything else as strings. */
function comparable(v: unknown): number | string | boolean {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = Array.isArray(v) ? v.join(', ') : String(v);
  const q = /^[+-]?[\d.]/.test(s) ? parseQuantity(s) : null;
  return q ? toNumber(q) : s;
}

function compare(a: unknown, op: Op, b: unknown): boolean {
  let x = comparable(a);
  let y = comparable(b);
  // `flag == "false"` and `flag == false` mean the same thing to a writer.
  if (typeof x !== typeof y) [x, y] = [String(x), String(y)];
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

export type Outcome =
  | { kind: 'holds' }
  | { kind: 'missing'; key: string }
  | { kind: 'broken'; values: unknown[]; facts: (Fact | null)[] };

/**
 * Whether a clause holds against the facts. A fact compares with its value or
 * with the text the book shows (`"70 %"`, `"Full (strict)"`).
 */
export function evaluateClause(c: Clause, result: ExtractResult): Outcome {
  const values: unknown[] = [];
  const displays: (string | null)[] = [];
  const facts: (Fact | null)[] = [];
  for (const side of [c.left, c.right]) {
    if (side.kind === 'lit') {
      values.push(side.value);
      displays.push(null);
      facts.push(null);
      continue;
    }
    const f = result.registry.get(side.key);
    if (!f) return { kind: 'missing', key: side.key };
    values.push(f.value);
    displays.push(f.display);
    facts.push(f);
  }
  const byValue = compare(values[0], c.op, values[1]);
  const byDisplay =
    (displays[0] !== null || displays[1] !== null) &&
    compare(displays[0] ?? values[0], c.op, displays[1] ?? values[1]);
  const holds = c.op === '!=' ? byValue && byDisplay : byValue || byDisplay;
  return holds ? { kind: 'holds' } : { kind: 'broken', values, facts };
}

/** Whether every clause of an assumption holds (false when one cannot be read or names no fact). */
export function assumptionHolds(expr: string, result: ExtractResult): boolean {
  return parseAssumption(expr).every(
    (c) => typeof c !== 'string' && evaluateClause(c, result).kind === 'holds',
  );
}
