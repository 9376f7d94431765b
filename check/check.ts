/**
 * The drift check over a docs folder and the extracted manifests: every rule
 * of the registry, run once. cli/check.ts is the command around it; the build
 * integration calls it before Astro writes a page.
 */
import type { ExtractResult } from '../engine/index.ts';
import { readBook, readChapter, type Assumption, type Book } from '../mdx/index.ts';
import type { Finding } from './codes.ts';
import { ALL_RULES, RULES, RUNNER_RULES } from './registry.ts';
import type { Rule } from './rule.ts';
import { runRules, type RunResult } from './runner.ts';
import { stated, type LiteralRule } from './lib/hardcoded.ts';
import { Shared } from './shared.ts';

export interface CheckReport {
  findings: Finding[];
  /** Printed, never failing: drift-ignore markers that silence nothing, the engine's warnings. */
  warnings: Finding[];
  ignores: RunResult['ignores'];
  docs: number;
  objects: number;
}

const RUNNER = {
  unusedIgnore: RUNNER_RULES.unusedDriftIgnore,
  ruleIds: new Set(ALL_RULES.map((r) => r.meta.id)),
};

/** Runs the rules (all of them unless `only` names some) over a book already read. */
export function checkParsedBook(book: Book, result: ExtractResult, only?: string[]): CheckReport {
  const rules = only ? RULES.filter((r) => only.includes(r.meta.id)) : RULES;
  const run = runRules(rules, result, book, RUNNER);
  return {
    findings: run.findings,
    warnings: run.warnings,
    ignores: run.ignores,
    docs: book.chapters.length,
    objects: result.load.objects.length,
  };
}

/** Runs every rule over a docs folder. Throws MdxErrors when a chapter does not parse. */
export function checkBook(docsDir: string, result: ExtractResult): CheckReport {
  return checkParsedBook(readBook(docsDir), result);
}

const ASSUMPTION_RULES = ['bad-marker', 'broken-fact-ref', 'broken-assumption'];

/**
 * The findings of a chapter's assume markers alone (unreadable, unknown keys,
 * broken), e.g. to tell whether a marker over a changed fact still holds.
 */
export function checkAssumptions(
  file: string,
  assumptions: Assumption[],
  result: ExtractResult,
): Finding[] {
  const ch = { ...readChapter('', file), assumptions };
  const rules: Rule[] = RULES.filter((r) => ASSUMPTION_RULES.includes(r.meta.id));
  return runRules(rules, result, { dir: '', chapters: [ch] }, RUNNER).findings;
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
