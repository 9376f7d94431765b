/**
 * A drift-ignore marker that silences nothing: the value it excused was
 * rendered or removed, or the marker names the wrong rule. The runner applies
 * markers and reports these (ESLint's reportUnusedDisableDirectives).
 */
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'unused-drift-ignore',
    code: 'BAD_MARKER',
    description: 'A drift-ignore marker that silences no finding.',
    messages: {
      unused:
        'This drift-ignore marker silences nothing: no finding of {{rules}} in the block below it.',
      nothing: 'This drift-ignore marker stands above nothing it could cover.',
    },
    hints: {
      default: 'Delete the marker, or move it onto the line above the value it excuses.',
    },
    fix: 'Delete the marker, or move it onto the line above the value it excuses.',
    docs: '#rule-unused-drift-ignore',
  },
  create: () => ({}),
});
