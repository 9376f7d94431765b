/**
 * Config values typed into the book by hand: in prose, in a `<Cmd>` and in
 * code blocks (not in manifest excerpts, which stale-excerpt compares whole).
 * What counts is described in lib/literals.ts.
 */
import type { Literal } from '../lib/literals.ts';
import { defineRule, type RuleContext } from '../rule.ts';
import { manifestTitle } from './stale-excerpt.ts';
import { commandCode } from './broken-command-ref.ts';

function report(context: RuleContext, file: string, line: number, col: number, lit: Literal) {
  const f = lit.fact;
  context.report({
    messageId: f ? 'fact' : 'literal',
    data: { what: lit.what, text: lit.text, key: f?.key ?? '' },
    file,
    line,
    col,
    config: f && f.source.line > 0 ? f.source : undefined,
  });
}

export default defineRule({
  meta: {
    id: 'hardcoded-value',
    code: 'HARDCODED_VALUE',
    description:
      'A config value typed into prose, a table, a `<Cmd>` or a code block: IPv4 addresses and CIDRs, image references and tags, quantities (`128Mi`, CPU values the manifests use), k3s hostnames, `replicas: 3` / `port: 8000`-style settings, "N replicas", known ports as `:443` or "port 443", versions and prices the facts hold.',
    messages: {
      fact: 'The {{what}} `{{text}}` is typed by hand; it is the fact `{{key}}`.',
      literal: 'The {{what}} `{{text}}` is typed by hand.',
    },
    hints: {
      fact: 'Render it: <V k="{{key}}" />. For history, put {/* drift-ignore: reason */} on the line above.',
      literal:
        'Render the value with <V k="…" /> (find the key with `npm run extract -- --format keys`), or mark history with {/* drift-ignore: reason */}.',
    },
    fix: 'Render it with `<V k="…" />`; for history, put `{/* drift-ignore: reason */}` on the line above (`--verbose` lists every ignore).',
    docs: '#rule-hardcoded-value',
  },
  create(context) {
    const matcher = context.shared.literals();
    return {
      prose(p, ch) {
        for (const lit of matcher.scan(p.text)) report(context, ch.file, p.line, lit.col, lit);
      },
      element(el, ch) {
        const code = commandCode(el);
        if (!code) return;
        const blanked = code.raw.replace(/\{\{[^}]*\}\}/g, (m) => ' '.repeat(m.length));
        for (const lit of matcher.scan(blanked)) {
          const at = ch.locate(code.offset + lit.col - 1);
          report(context, ch.file, at.line, at.col, lit);
        }
      },
      codeBlock(b, ch) {
        if (manifestTitle(b, context.result)) return;
        b.body.forEach((l, i) => {
          for (const lit of matcher.scan(l))
            report(context, ch.file, b.line + 1 + i, lit.col + b.indent, lit);
        });
      },
    };
  },
});
