/**
 * The drift check over a docs folder and the extracted manifests: every rule
 * of the registry, run once. cli/check.ts is the command around it; the build
 * integration calls it before Astro writes a page.
 */
import type { ExtractResult } from '../engine/index.ts';
import { readBook, type Book } from '../mdx/index.ts';
import type { Finding } from './codes.ts';
import { ALL_RULES, RULES, RUNNER_RULES } from './registry.ts';
import { finding, runRules, type RunResult } from './runner.ts';
import { stated, type LiteralRule } from './lib/hardcoded.ts';
import { Shared } from './shared.ts';

/** How the book's config-derived statements are kept true (`npm run check -- --stats`). */
export interface Stats {
  /** Values rendered from facts: `<V k>` and `{{key}}` placeholders. */
  rendered: number;
  /** Typed values under an assume marker on the fact they state. */
  guarded: number;
  /** Typed values under a drift-ignore marker. */
  ignored: number;
  /** Typed values reported as findings. */
  unmarked: number;
  /** Assume markers, and the clauses they hold. */
  assumptions: number;
  clauses: number;
}

export interface CheckReport {
  findings: Finding[];
  /** Printed, never failing: drift-ignore markers that silence nothing, the engine's warnings. */
  warnings: Finding[];
  ignores: RunResult['ignores'];
  docs: number;
  objects: number;
  stats: Stats;
}

function stats(book: Book, run: RunResult): Stats {
  const literal = (f: Finding) => f.code === 'HARDCODED_VALUE';
  const markers = book.chapters.flatMap((c) => c.assumptions);
  return {
    rendered: book.chapters.reduce((n, c) => n + c.refs.length, 0),
    guarded: run.stats.marked,
    ignored: run.silenced.filter(literal).length,
    unmarked: run.findings.filter(literal).length,
    assumptions: markers.length,
    clauses: markers.reduce((n, a) => n + a.expr.split('&&').length, 0),
  };
}

const RUNNER = {
  unusedIgnore: RUNNER_RULES.unusedDriftIgnore,
  ruleIds: new Set(ALL_RULES.map((r) => r.meta.id)),
};

/** Runs the rules (all of them unless `only` names some) over a book already read. */
export function checkParsedBook(
  book: Book,
  result: ExtractResult,
  only?: string[],
  opts: { changed?: ReadonlySet<string> } = {},
): CheckReport {
  const rules = only ? RULES.filter((r) => only.includes(r.meta.id)) : RULES;
  const run = runRules(rules, result, book, { ...RUNNER, changed: opts.changed ?? null });
  // The engine's warnings (a key repeated with the same value…) are printed, never failing.
  const engine = (result.warnings ?? []).map(({ file, line, col, code, message, hint }) =>
    finding(RUNNER_RULES.manifestWarning, {
      messageId: 'warning',
      data: { code, message, hint },
      file,
      line,
      col,
    }),
  );
  return {
    findings: run.findings,
    warnings: [...engine, ...run.warnings],
    ignores: run.ignores,
    docs: book.chapters.length,
    objects: result.load.objects.length,
    stats: stats(book, run),
  };
}

/** Runs every rule over a docs folder. Throws MdxErrors when a chapter does not parse. */
export function checkBook(docsDir: string, result: ExtractResult): CheckReport {
  return checkParsedBook(readBook(docsDir), result);
}

/**
 * The hand-typed config values in a piece of text outside the chapters (a
 * procedure's symptoms, a search keyword), as the literal rules would report
 * them: the text as written, the rule, and the fact it states.
 */
export function hardcodedIn(
  text: string,
  result: ExtractResult,
): { text: string; ruleId: string; key: string | null }[] {
  const shared = new Shared(result);
  return RULES.flatMap((r) =>
    'policy' in r
      ? stated(shared, text, (r as LiteralRule).policy).map(({ lit, res }) => ({
          text: lit.text,
          ruleId: r.meta.id,
          key: res?.key ?? null,
        }))
      : [],
  );
}
