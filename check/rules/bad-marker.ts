/** Assume and drift-ignore markers must be readable, give a reason, and name rules that exist. */
import { parseAssumption } from '../lib/assume.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'bad-marker',
    code: 'BAD_MARKER',
    description:
      'An assume marker that cannot be read, or a drift-ignore marker without a reason, that cannot be read, or that names a rule that does not exist.',
    messages: {
      clause: 'The assumption `{{clause}}` cannot be read.',
      noReason: 'A drift-ignore marker gives no reason.',
      unreadable: 'The marker `{{text}}` cannot be read.',
      unknownRule: 'The drift-ignore marker names the rule `{{rule}}`, which does not exist.',
    },
    hints: {
      clause:
        'Write `key OP value` with OP one of == != < <= > >=, e.g. {/* assume: deployment/worker.replicas == 1 */}.',
      noReason:
        'Say why the literal must stay, e.g. {/* drift-ignore: Swarm-era value, history */}.',
      unreadable:
        'Write {/* drift-ignore: reason */}, or {/* drift-ignore rule-id, rule-id: reason */} to silence named rules only.',
      unknownRule: 'Rules: {{rules}} (`npm run check -- --help` describes each).',
    },
    fix: 'Fix the marker: `key OP value` for assume, a reason (and known rule ids) for drift-ignore.',
    docs: '#rule-bad-marker',
  },
  create(context) {
    return {
      chapter(ch) {
        for (const b of ch.badMarkers)
          context.report({
            messageId: 'unreadable',
            data: { text: b.text },
            file: ch.file,
            line: b.line,
            col: b.col,
          });
      },
      assumption(a, ch) {
        for (const c of parseAssumption(a.expr))
          if (typeof c === 'string')
            context.report({
              messageId: 'clause',
              data: { clause: c },
              file: ch.file,
              line: a.line,
              col: a.col,
            });
      },
      ignore(i, ch) {
        if (!i.reason)
          context.report({ messageId: 'noReason', file: ch.file, line: i.line, col: 1 });
        for (const rule of i.rules)
          if (!context.ruleIds.has(rule))
            context.report({
              messageId: 'unknownRule',
              data: { rule, rules: [...context.ruleIds].sort().join(', ') },
              file: ch.file,
              line: i.line,
              col: i.col,
            });
      },
    };
  },
});
