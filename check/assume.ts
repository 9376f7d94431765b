/**
 * Rule BROKEN_ASSUMPTION: `{/* assume: deployment/worker.replicas == 1 *\/}`
 * above a paragraph declares the value its argument depends on. Operands are
 * fact keys, numbers, quoted strings or true/false; quantities compare by
 * value (`512Mi` < `1Gi`); `&&` joins conditions.
 */
import type { ExtractResult } from '../engine/index.ts';
import { parseQuantity, toNumber } from '../engine/index.ts';
import type { Finding } from './finding.ts';
import type { Assumption } from '../mdx/index.ts';

type Operand = { kind: 'fact'; key: string } | { kind: 'lit'; value: string | number | boolean };
const OPS = ['==', '!=', '<=', '>=', '<', '>'] as const;
type Op = (typeof OPS)[number];

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

export function checkAssumptions(
  docFile: string,
  assumptions: Assumption[],
  result: ExtractResult,
): Finding[] {
  const out: Finding[] = [];
  for (const a of assumptions) {
    for (const clause of a.expr.split('&&')) {
      const op = OPS.find((o) => clause.includes(o));
      const [lhs, rhs] = op
        ? [clause.slice(0, clause.indexOf(op)), clause.slice(clause.indexOf(op) + op.length)]
        : [clause, ''];
      const left = operand(lhs);
      const right = operand(rhs);
      if (!op || !left || !right) {
        out.push({
          code: 'BAD_MARKER',
          file: docFile,
          line: a.line,
          col: a.col,
          message: `The assumption \`${clause.trim()}\` cannot be read.`,
          hint: 'Write `key OP value` with OP one of == != < <= > >=, e.g. {/* assume: deployment/worker.replicas == 1 */}.',
        });
        continue;
      }
      const values: unknown[] = [];
      // A fact may be compared with its value or with the text the book shows (`"70 %"`, `"Full (strict)"`).
      const displays: (string | null)[] = [];
      const sources: { file: string; line: number }[] = [];
      let missing = false;
      for (const side of [left, right]) {
        if (side.kind === 'lit') {
          values.push(side.value);
          displays.push(null);
          continue;
        }
        const f = result.registry.get(side.key);
        if (!f) {
          out.push({
            code: 'BROKEN_REF',
            file: docFile,
            line: a.line,
            col: a.col,
            message: `The assumption names the fact \`${side.key}\`, which does not exist.`,
            hint: `Closest keys: ${result.registry
              .closest(side.key)
              .map((k) => `\`${k}\``)
              .join(', ')}.`,
          });
          missing = true;
          break;
        }
        values.push(f.value);
        displays.push(f.display);
        if (f.source.line > 0) sources.push({ file: f.source.file, line: f.source.line });
      }
      if (missing) continue;
      const holds = (
        op === '!=' ? (x: boolean, y: boolean) => x && y : (x: boolean, y: boolean) => x || y
      )(
        compare(values[0], op, values[1]),
        (displays[0] !== null || displays[1] !== null) &&
          compare(displays[0] ?? values[0], op, displays[1] ?? values[1]),
      );
      if (!holds) {
        const shown = (o: Operand, v: unknown) =>
          o.kind === 'fact'
            ? `${o.key} = ${Array.isArray(v) ? v.join(', ') : String(v)}`
            : String(v);
        out.push({
          code: 'BROKEN_ASSUMPTION',
          file: docFile,
          line: a.covers?.line ?? a.line,
          col: 1,
          message: `This paragraph assumes \`${clause.trim()}\`, but now ${shown(left, values[0])}${right.kind === 'fact' ? ` and ${shown(right, values[1])}` : ''}.`,
          hint: 'Re-read the paragraph against the new value: rewrite the argument and update the assume marker, or change the config back.',
          config: sources[0],
        });
      }
    }
  }
  return out;
}
