/** A fact key the book names (`<V k>`, a `{{key}}` placeholder, an assume marker) must exist. */
import type { ExtractResult } from '../../engine/index.ts';
import { parseAssumption } from '../lib/assume.ts';
import { defineRule } from '../rule.ts';

/** The facts an ambiguous key names, five at most. */
const listed = (keys: string[]) =>
  keys
    .slice(0, 5)
    .map((k) => `\`${k}\``)
    .join(', ') + (keys.length > 5 ? ` and ${keys.length - 5} more` : '');

/** The finding on a key that names several facts: which they are; null for one that names none. */
const about = (result: ExtractResult, key: string) => {
  const meanings = result.registry.meanings(key);
  return meanings.length
    ? { messageId: 'ambiguous', data: { key, meanings: listed(meanings) } }
    : null;
};

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
      "A fact key in `<V k>`, a `{{key}}` placeholder or an assume marker that the manifests do not define (or that names several facts, of objects sharing a name), or a `<V>` whose `k` is missing or has no value (only the build would find it; a computed `k` is code-in-chapter's).",
    messages: {
      ref: 'The fact key `{{key}}` does not exist.',
      ambiguous:
        'The fact key `{{key}}` names more than one fact, of objects that share a name: {{meanings}}.',
      assumption: 'The assumption names the fact `{{key}}`, which does not exist.',
      noKey: '`<V>` names no fact: its `k` is {{why}}.',
    },
    hints: {
      ref: 'Closest keys: {{closest}}. `npm run extract -- --format keys` lists them all.',
      ambiguous: 'Write the full key of the one meant.',
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
          ...(about(context.result, ref.key) ?? {
            messageId: 'ref',
            data: { key: ref.key, closest: closest(context.result, ref.key) },
          }),
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
            ...(about(context.result, missing.key) ?? {
              messageId: 'assumption',
              data: { key: missing.key, closest: closest(context.result, missing.key) },
            }),
            file: ch.file,
            line: a.line,
            col: a.col,
          });
        }
      },
    };
  },
});
