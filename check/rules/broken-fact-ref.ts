/** A fact key the book names (`<V k>`, a `{{key}}` placeholder, an assume marker) must exist. */
import type { ExtractResult } from '../../engine/index.ts';
import { parseAssumption } from '../lib/assume.ts';
import { defineRule } from '../rule.ts';

const closest = (result: ExtractResult, key: string) =>
  result.registry
    .closest(key)
    .map((k) => `\`${k}\``)
    .join(', ');

export default defineRule({
  meta: {
    id: 'broken-fact-ref',
    code: 'BROKEN_REF',
    description:
      "A fact key in `<V k>`, a `{{key}}` placeholder or an assume marker that the manifests do not define, or a `<V>` whose `k` is missing or has no value (only the build would find it; a computed `k` is code-in-chapter's).",
    messages: {
      ref: 'The fact key `{{key}}` does not exist.',
      assumption: 'The assumption names the fact `{{key}}`, which does not exist.',
      noKey: '`<V>` names no fact: its `k` is {{why}}.',
    },
    hints: {
      ref: 'Closest keys: {{closest}}. `npm run extract -- --format keys` lists them all.',
      assumption: 'Closest keys: {{closest}}.',
      noKey:
        'Write the key as a string, `<V k="deployment/api.replicas" />`: the check reads it, and the build renders it.',
    },
    fix: 'Use one of the keys the hint lists (`npm run extract -- --format keys` lists them all).',
    docs: '#rule-broken-fact-ref',
  },
  create(context) {
    const { registry } = context.result;
    return {
      // A `<V>` whose key is missing or given no value is checked by nothing, and fails only the
      // build. A key computed by an expression or a spread is code in the chapter, which
      // code-in-chapter reports (bad input): it is not reported twice.
      element(el, ch) {
        if (el.name !== 'V' || 'k' in el.attrs) return;
        if (el.attributes.some((a) => a.kind === 'spread')) return;
        const k = el.attributes.find((a) => a.name === 'k');
        if (k?.kind === 'expression') return;
        const why = k ? 'given no value (`k` alone)' : 'missing';
        context.report({
          messageId: 'noKey',
          data: { why },
          file: ch.file,
          line: el.line,
          col: el.col,
        });
      },
      factRef(ref, ch) {
        if (registry.has(ref.key)) return;
        context.report({
          messageId: 'ref',
          data: { key: ref.key, closest: closest(context.result, ref.key) },
          file: ch.file,
          line: ref.line,
          col: ref.col,
        });
      },
      assumption(a, ch) {
        for (const c of parseAssumption(a.expr)) {
          if (typeof c === 'string') continue;
          // One finding per clause, for its first unknown key.
          const missing = [c.left, c.right].find((o) => o.kind === 'fact' && !registry.has(o.key));
          if (missing?.kind !== 'fact') continue;
          context.report({
            messageId: 'assumption',
            data: { key: missing.key, closest: closest(context.result, missing.key) },
            file: ch.file,
            line: a.line,
            col: a.col,
          });
        }
      },
    };
  },
});
