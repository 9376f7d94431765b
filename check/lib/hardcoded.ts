/**
 * The literal rules (rules/hardcoded-*.ts) share one way of reading the book:
 * prose, `<Cmd>` code and code blocks that are not manifest excerpts; each
 * rule keeps the kinds of literal it owns. A literal that states a fact is
 * not drift when the paragraph around it is guarded by an assume marker on
 * that fact: when the value changes, the marker breaks at the paragraph.
 */
import type { Chapter } from '../../mdx/index.ts';
import { parseAssumption } from './assume.ts';
import type { Resolution } from './facts-index.ts';
import { sentenceAt } from './facts-index.ts';
import type { Literal, LiteralKind } from './literals.ts';
import { defineRule, type Rule, type RuleContext, type RuleMeta } from '../rule.ts';
import type { Shared } from '../shared.ts';
import { commandCode } from '../rules/broken-command-ref.ts';
import { manifestTitle } from '../rules/stale-excerpt.ts';

export interface LiteralPolicy {
  kinds: LiteralKind[];
  /** Whether a literal with no fact of its kind (or stating another value) is still a finding. */
  report(lit: Literal, res: Resolution | null): boolean;
}

export const MESSAGES = {
  fact: 'The {{what}} `{{text}}` is typed by hand; it is the fact `{{key}}`.',
  differs: 'The {{what}} `{{text}}` is typed by hand; it states `{{key}}`, which is {{value}} now.',
  literal: 'The {{what}} `{{text}}` is typed by hand.',
};
export const HINTS = {
  fact: 'Render it: <V k="{{key}}" />, or guard the paragraph with {/* assume: {{key}} == {{expected}} */}. For history, put {/* drift-ignore: reason */} on the line above.',
  differs:
    'Correct the value and render it (<V k="{{key}}" />); if the text is history, put {/* drift-ignore: reason */} on the line above.',
  literal:
    'Render the value with <V k="…" /> (find the key with `npm run extract -- --format keys`), or mark history with {/* drift-ignore: reason */}.',
};

/** A value as an assume marker's operand: numbers and quantities bare, text quoted. */
const operand = (v: string) => (/^-?[\d.]+(?:[a-zA-Z]{1,2})?$/.test(v) ? v : JSON.stringify(v));

/** Full keys of the facts each assume marker of a chapter names, with the lines it covers. */
/** The guards and texts of a chapter are the same for every literal rule: computed once a run. */
const guards = (ch: Chapter, context: RuleContext) =>
  context.shared.once(ch, 'guards', () => computeGuards(ch, context));
const texts = (ch: Chapter, context: RuleContext) =>
  context.shared.once(ch, 'texts', () => computeTexts(ch, context));

function computeGuards(
  ch: Chapter,
  context: RuleContext,
): { from: number; to: number; keys: Set<string> }[] {
  const reg = context.result.registry;
  return ch.assumptions
    .filter((a) => a.covers)
    .map((a) => {
      const keys = new Set<string>();
      for (const c of parseAssumption(a.expr))
        if (typeof c !== 'string')
          for (const o of [c.left, c.right])
            if (o.kind === 'fact') keys.add(reg.get(o.key)?.key ?? o.key);
      return { from: a.covers!.line, to: a.covers!.endLine, keys };
    });
}

function computeTexts(ch: Chapter, context: RuleContext) {
  const out: { line: number; text: string; at: (col: number) => { line: number; col: number } }[] =
    [];
  for (const p of ch.prose)
    out.push({ line: p.line, text: p.text, at: (col) => ({ line: p.line, col }) });
  for (const el of ch.elements) {
    const code = commandCode(el);
    if (!code) continue;
    const text = code.raw.replace(/\{\{[^}]*\}\}/g, (m) => ' '.repeat(m.length));
    const first = ch.locate(code.offset);
    out.push({ line: first.line, text, at: (col) => ch.locate(code.offset + col - 1) });
  }
  for (const b of ch.codeBlocks) {
    if (manifestTitle(b, context.result)) continue;
    b.body.forEach((text, i) =>
      out.push({
        line: b.line + 1 + i,
        text,
        at: (col) => ({ line: b.line + 1 + i, col: col + b.indent }),
      }),
    );
  }
  return out;
}

/** The literals of a text that a policy reports, with the fact each states. */
export function stated(
  shared: Shared,
  text: string,
  policy: LiteralPolicy,
): { lit: Literal; res: Resolution | null }[] {
  const out: { lit: Literal; res: Resolution | null }[] = [];
  for (const lit of shared.literals(text)) {
    if (!policy.kinds.includes(lit.kind)) continue;
    const { sentence, col } = sentenceAt(text, lit.col + lit.valueAt);
    const res = shared.facts().resolve(lit, sentence, col);
    if (policy.report(lit, res)) out.push({ lit, res });
  }
  return out;
}

/** A literal rule: its meta, and the policy saying which literals it reports. */
export type LiteralRule = Rule & { policy: LiteralPolicy };

/** Declares a literal rule: the meta, and which literals it reports. */
export function literalRule(
  meta: Omit<RuleMeta, 'code' | 'messages' | 'hints'>,
  policy: LiteralPolicy,
): LiteralRule {
  const rule = defineRule({
    meta: { ...meta, code: 'HARDCODED_VALUE', messages: MESSAGES, hints: HINTS },
    create(context) {
      const { shared } = context;
      return {
        chapter(ch) {
          const guarded = guards(ch, context);
          // A citation's title names a document, not the config ("Full (strict) — SSL/TLS modes").
          const cited = (line: number) =>
            ch.footnotes.some((f) => f.line <= line && line <= f.endLine);
          for (const t of texts(ch, context))
            for (const { lit, res } of stated(shared, t.text, policy)) {
              if ((lit.kind === 'enum' || lit.kind === 'count') && cited(t.line)) continue;
              shared.stats.literals++;
              const pos = t.at(lit.col);
              if (
                res?.equal &&
                guarded.some(
                  (g) => g.from <= pos.line && pos.line <= g.to && g.keys.has(res.fact.key),
                )
              ) {
                shared.stats.marked++;
                continue;
              }
              context.report({
                messageId: res ? (res.equal ? 'fact' : 'differs') : 'literal',
                data: {
                  what: lit.what,
                  text: lit.text,
                  key: res?.key ?? '',
                  value: res?.fact.display ?? '',
                  expected: res ? operand(res.fact.display) : '',
                },
                file: ch.file,
                line: pos.line,
                col: pos.col,
                config: res && res.fact.source.line > 0 ? res.fact.source : undefined,
              });
            }
        },
      };
    },
  });
  return { ...rule, policy };
}
