/**
 * `npm run check`: drift between the book and the manifests.
 * A function, not a process (tests call it in-process); cli/bin.js is thin.
 */
import { statSync } from 'node:fs';
import { ChangesError, compareRevisions, formatChangesError } from '../changes/index.ts';
import { extract, type ExtractResult } from '../engine/index.ts';
import { readBook, type Book } from '../mdx/index.ts';
import {
  ALL_RULES,
  checkParsedBook,
  CODES,
  github,
  human,
  INPUT_CODES,
  inputFindings,
  json,
  statsText,
  summary,
  type CheckReport,
  type Finding,
  type FormatOptions,
} from '../check/index.ts';
import { parseArgs, type CliResult } from './args.ts';

/** The usage text; the rule list comes from the registry. */
export function usage(): string {
  const width = Math.max(...ALL_RULES.map((r) => r.meta.id.length));
  const byCode = Object.keys(CODES).map(
    (code) =>
      `  ${code}\n${ALL_RULES.filter((r) => r.meta.code === code)
        .map((r) => `    ${r.meta.id.padEnd(width)}  ${r.meta.description.replace(/`/g, '')}`)
        .join('\n')}`,
  );
  return `usage: npm run check -- [--manifests DIR] [--docs DIR] [--format human|github|json] [--verbose] [--stats] [--base REV]

  --manifests DIR   folder of plain-YAML manifests (default: manifests)
  --docs DIR        folder of the book's MDX chapters (default: src/content/docs)
  --format FORMAT   human (default), github (workflow commands and a job summary), json
  --verbose         also list every drift-ignore marker
  --stats           how many config-derived statements are rendered, guarded, ignored or unmarked
  --base REV        the revision a pull request targets (origin/main): a broken assumption
                    then points at the value that changed since REV

Exit codes: 0 no drift, 1 drift found, 2 bad input or usage.
Silence one finding with {/* drift-ignore RULE-ID: reason */} on the line above it.

Rules, by the code they report under:
${byCode.join('\n')}`;
}

const FORMATS = ['human', 'github', 'json'];

function render(report: CheckReport, format: string, opts: FormatOptions): string {
  return format === 'json'
    ? json(report)
    : format === 'github'
      ? github(report, opts)
      : human(report, opts);
}

/** Bad input: the findings are reported like drift, but go to stderr in human format and exit 2. */
function badInput(findings: Finding[], format: string): CliResult {
  const report: CheckReport = {
    findings,
    warnings: [],
    ignores: [],
    docs: 0,
    objects: 0,
    stats: { rendered: 0, guarded: 0, ignored: 0, unmarked: 0, assumptions: 0, clauses: 0 },
  };
  const text = render(report, format, {});
  return {
    code: 2,
    stdout: format === 'human' ? '' : text,
    stderr: format === 'human' ? text : '',
    ...(format === 'github' ? { summary: summary(report) } : {}),
  };
}

const usageError = (message: string): CliResult => ({
  code: 2,
  stdout: '',
  stderr: `${message}\n\n${usage()}\n`,
});

/** Reads the inputs; a problem with them is the finding list of exit 2. */
function load(manifests: string, docs: string): { result: ExtractResult; book: Book } | Finding[] {
  try {
    const result = extract(manifests);
    return { result, book: readBook(docs) };
  } catch (e) {
    const bad = inputFindings(e);
    if (bad) return bad;
    throw e;
  }
}

/**
 * The facts that changed since a base revision (the pull request's target),
 * so a broken assumption points at the value that changed; or the reason it
 * cannot be told, as the message of exit 2.
 */
function changedSince(
  base: string,
  manifests: string,
  current: ExtractResult,
): Set<string> | string {
  try {
    // The repository is the one holding the manifests; the working tree's side is the extraction
    // the check already made, and the book places of the changes are not needed.
    const r = compareRevisions({
      cwd: manifests,
      from: base,
      manifests: '.',
      current,
      places: false,
    });
    return new Set(r.changes.map((c) => c.fullKey));
  } catch (e) {
    if (e instanceof ChangesError) return `${formatChangesError(e)}\n`;
    throw e;
  }
}

export function runCheck(argv: string[]): CliResult {
  if (argv.includes('--help') || argv.includes('-h'))
    return { code: 0, stdout: `${usage()}\n`, stderr: '' };
  const args = parseArgs(argv, {
    manifests: 'value',
    docs: 'value',
    format: 'value',
    verbose: 'switch',
    stats: 'switch',
    base: 'value',
  });
  if (typeof args === 'string') return usageError(args);
  const format = String(args.rest.format ?? 'human');
  if (!FORMATS.includes(format))
    return {
      code: 2,
      stdout: '',
      stderr: `unknown format \`${format}\`: use human, github or json\n`,
    };
  const docs = String(args.rest.docs ?? 'src/content/docs');
  let isFolder: boolean | null = null;
  try {
    isFolder = statSync(docs).isDirectory();
  } catch {
    // Absent (or unreadable): said so below.
  }
  if (!isFolder) {
    const what = isFolder === null ? 'does not exist' : 'is a file, not a folder';
    return {
      code: 2,
      stdout: '',
      stderr: `The docs folder \`${docs}\` ${what}.\n  hint: pass --docs DIR (default: src/content/docs).\n`,
    };
  }
  const input = load(args.manifests, docs);
  if (Array.isArray(input)) return badInput(input, format);
  const changed = args.rest.base
    ? changedSince(String(args.rest.base), args.manifests, input.result)
    : null;
  if (typeof changed === 'string') return { code: 2, stdout: '', stderr: changed };
  const report = checkParsedBook(input.book, input.result, undefined, {
    changed: changed ?? undefined,
  });
  const stats = args.rest.stats === true && format !== 'json' ? `${statsText(report)}\n` : '';
  return {
    // A rule that finds bad input (code in a chapter) makes it bad input, as a parse error does.
    code: report.findings.some((f) => INPUT_CODES.has(f.code)) ? 2 : report.findings.length ? 1 : 0,
    stdout: stats + render(report, format, { verbose: args.rest.verbose === true }),
    stderr: '',
    ...(format === 'github' ? { summary: summary(report) } : {}),
  };
}
