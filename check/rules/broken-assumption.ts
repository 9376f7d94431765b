/** A paragraph's assume marker must hold against the current facts. */
import type { Fact } from '../../engine/index.ts';
import { evaluateClause, parseAssumption, type Operand } from '../lib/assume.ts';
import { defineRule } from '../rule.ts';

const shown = (o: Operand, v: unknown) =>
  o.kind === 'fact' ? `${o.key} = ${Array.isArray(v) ? v.join(', ') : String(v)}` : String(v);

export default defineRule({
  meta: {
    id: 'broken-assumption',
    code: 'BROKEN_ASSUMPTION',
    description:
      'A paragraph whose argument no longer holds. Declare what it argues from on the line above it: `{/* assume: deployment/worker.replicas == 1 */}`, `{/* assume: pdb/web-pdb.minAvailable < deployment/web.replicas */}` (`== != < <= > >=`, `&&`; keys, numbers, quoted strings, quantities).',
    messages: { broken: 'This paragraph assumes `{{clause}}`, but now {{now}}.' },
    hints: {
      broken:
        'Re-read the paragraph against the new value: rewrite the argument and update the assume marker, or change the config back.',
    },
    fix: 'Re-read the paragraph against the new value: rewrite it and its marker, or revert the config.',
    docs: '#rule-broken-assumption',
  },
  create(context) {
    return {
      assumption(a, ch) {
        for (const c of parseAssumption(a.expr)) {
          if (typeof c === 'string') continue;
          const o = evaluateClause(c, context.result);
          if (o.kind !== 'broken') continue;
          const located = o.facts.filter((f): f is Fact => f !== null && f.source.line > 0);
          // The side that changed since the base revision, when known; otherwise the first.
          const changed = located.find((f) => context.changed?.has(f.key)) ?? located[0];
          const now =
            shown(c.left, o.values[0]) +
            (c.right.kind === 'fact' ? ` and ${shown(c.right, o.values[1])}` : '');
          context.report({
            messageId: 'broken',
            data: { clause: c.text, now },
            file: ch.file,
            line: a.covers?.line ?? a.line,
            config: changed?.source,
            related: located.filter((f) => f !== changed).map((f) => f.source),
          });
        }
      },
    };
  },
});
