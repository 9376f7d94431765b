/** The report formats: human (the terminal), github (workflow commands and a job summary), json. */
import { firstOf, notListed, SHOWN_PROBLEMS, visible } from '../engine/index.ts';
import type { Finding } from './codes.ts';
import type { CheckReport } from './check.ts';

export interface FormatOptions {
  /** List every drift-ignore marker (human) or annotate each as a notice (github). */
  verbose?: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `63 pages agree with 55 manifest objects`, `1 page agrees with 1 manifest object`. */
const agree = (r: CheckReport) =>
  `${plural(r.docs, 'page')} ${r.docs === 1 ? 'agrees' : 'agree'} with ${plural(r.objects, 'manifest object')}`;

function counts(findings: Finding[]): string {
  const by = new Map<string, number>();
  for (const f of findings) by.set(f.code, (by.get(f.code) ?? 0) + 1);
  return [...by].map(([c, n]) => `${c} ×${n}`).join(', ');
}

/** One finding as the terminal shows it: the head line, the config lines it depends on, the hint. */
export function humanFinding(f: Finding): string {
  const head = `${visible(f.file)}:${f.line}:${f.col}  ${f.code}  ${f.message}  [${f.ruleId}]`;
  const cfg =
    (f.config && f.config.file !== f.file
      ? `\n  config: ${visible(f.config.file)}:${f.config.line}`
      : '') + (f.related ?? []).map((x) => `\n  also:   ${visible(x.file)}:${x.line}`).join('');
  return `${head}${cfg}\n  hint: ${f.hint}`;
}

export function human(r: CheckReport, opts: FormatOptions = {}): string {
  const out = firstOf(r.findings, humanFinding, 'finding');
  if (r.warnings.length)
    out.push(
      `${plural(r.warnings.length, 'warning')} (they do not fail the check):\n${r.warnings.map((w) => `  ${visible(w.file)}:${w.line}:${w.col}  ${w.ruleId}  ${w.message}\n    hint: ${w.hint}`).join('\n')}`,
    );
  if (r.ignores.length)
    out.push(
      opts.verbose
        ? `${plural(r.ignores.length, 'drift-ignore marker')}:\n${r.ignores.map((i) => `  ${visible(i.file)}:${i.line}  ${i.reason || '(no reason)'}`).join('\n')}`
        : `${plural(r.ignores.length, 'drift-ignore marker')} (--verbose lists them).`,
    );
  out.push(
    r.findings.length
      ? `${plural(r.findings.length, 'finding')} (${counts(r.findings)}) in ${plural(r.docs, 'page')} against ${plural(r.objects, 'manifest object')}.`
      : `No drift: ${agree(r)}.`,
  );
  return `${out.join('\n\n')}\n`;
}

/** Text of a GitHub workflow command's message, escaped as the runner reads it. */
const ghEscape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A workflow command's property value (`file=…`, `title=…`), escaped. */
const ghProp = (s: string) => ghEscape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A GitHub workflow command (`::error file=…,line=…,title=…::message`), every part escaped. */
export function workflowCommand(
  level: 'error' | 'warning' | 'notice',
  props: Record<string, string | number>,
  message: string,
): string {
  const list = Object.entries(props).map(([k, v]) => `${k}=${ghProp(String(v))}`);
  return `::${level}${list.length ? ` ${list.join(',')}` : ''}::${ghEscape(message)}`;
}

function annotation(
  level: 'error' | 'warning',
  file: string,
  line: number,
  col: number,
  title: string,
  body: string,
) {
  const at = { file, line: Math.max(1, line), col: Math.max(1, col), title };
  return workflowCommand(level, at, body);
}

/**
 * One `::error` per finding at the book line (or the manifest line), naming its
 * rule; when the other side is another file, a `::warning` there too, so the
 * line a pull request changed carries the finding. GitHub shows ten errors and
 * ten warnings of a step and fifty annotations of a job, so at most
 * SHOWN_PROBLEMS annotations are printed, then one line counting the rest and
 * saying where they are listed (the job summary, `--format json`).
 */
export function github(r: CheckReport, opts: FormatOptions = {}): string {
  const lines: string[] = [];
  const room = () => lines.length < SHOWN_PROBLEMS;
  let findings = 0;
  for (const f of r.findings) {
    if (!room()) break;
    findings++;
    const cfg = f.config ? ` (config: ${visible(f.config.file)}:${f.config.line})` : '';
    lines.push(
      annotation(
        'error',
        f.file,
        f.line,
        f.col,
        f.code,
        `${f.message}${cfg} — ${f.hint} [${f.ruleId}]`,
      ),
    );
    for (const side of [...(f.config ? [f.config] : []), ...(f.related ?? [])])
      if (side.file !== f.file && room())
        lines.push(
          annotation(
            'warning',
            side.file,
            side.line,
            1,
            f.code,
            `${f.message} (reported at ${visible(f.file)}:${f.line}) — ${f.hint} [${f.ruleId}]`,
          ),
        );
  }
  let warnings = 0;
  for (const w of r.warnings) {
    if (!room()) break;
    warnings++;
    lines.push(
      annotation(
        'warning',
        w.file,
        w.line,
        w.col,
        w.code,
        `${w.message} — ${w.hint} [${w.ruleId}]`,
      ),
    );
  }
  let notices = 0;
  if (opts.verbose)
    for (const i of r.ignores) {
      if (!room()) break;
      notices++;
      lines.push(
        workflowCommand(
          'notice',
          { file: i.file, line: i.line, title: 'drift-ignore' },
          i.reason || '(no reason)',
        ),
      );
    }
  const left = {
    findings: r.findings.length - findings,
    warnings: r.warnings.length - warnings,
    notices: opts.verbose ? r.ignores.length - notices : 0,
  };
  if (left.findings || left.warnings || left.notices) lines.push(notAnnotated(r, left));
  lines.push(r.findings.length ? `${plural(r.findings.length, 'drift finding')}.` : 'No drift.');
  return `${lines.join('\n')}\n`;
}

/** The plain line after the annotations: what was left unannotated, and where it is listed. */
function notAnnotated(
  r: CheckReport,
  left: { findings: number; warnings: number; notices: number },
): string {
  const what = [
    left.findings ? plural(left.findings, 'finding') : '',
    left.warnings ? plural(left.warnings, 'warning') : '',
    left.notices ? plural(left.notices, 'drift-ignore marker') : '',
  ].filter(Boolean);
  const summaryLists =
    r.findings.length > SUMMARY_ROWS ? `the first ${SUMMARY_ROWS} findings` : 'every finding';
  return [
    `Not annotated: ${what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what.at(-1)}` : what[0]}`,
    ' (GitHub shows the first ten errors and ten warnings of a step); ',
    left.findings ? `the job summary lists ${summaryLists}, and ` : '',
    '`npm run check -- --format json` lists every one.',
  ].join('');
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Findings the job summary lists: GitHub refuses a summary of more than 1 MiB. */
const SUMMARY_ROWS = 1000;

/**
 * The job summary (`$GITHUB_STEP_SUMMARY`): the findings grouped by file, the first
 * SUMMARY_ROWS of them. GitHub shows only the first ten error annotations of a step.
 */
export function summary(r: CheckReport): string {
  if (!r.findings.length) return `### Drift check\n\nNo drift: ${agree(r)}.\n`;
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings.slice(0, SUMMARY_ROWS))
    (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
  const out = [
    `### Drift check: ${plural(r.findings.length, 'finding')}`,
    '',
    counts(r.findings),
    '',
  ];
  for (const [file, list] of byFile) {
    out.push(
      `#### \`${visible(file)}\``,
      '',
      '| line | rule | finding | config | fix |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const f of list)
      out.push(
        `| ${f.line}:${f.col} | \`${f.code}\` ${f.ruleId} | ${md(f.message)} | ${f.config ? `\`${visible(f.config.file)}:${f.config.line}\`` : ''} | ${md(f.hint)} |`,
      );
    out.push('');
  }
  const left = r.findings.length - SUMMARY_ROWS;
  if (left > 0) out.push(notListed(left, 'finding'), '');
  return `${out.join('\n')}\n`;
}

export const json = (r: CheckReport): string => `${JSON.stringify(r, null, 2)}\n`;

/** `--stats`: how the config-derived statements of the book are kept true. */
export function statsText(r: CheckReport): string {
  const s = r.stats;
  const typed = s.guarded + s.ignored + s.unmarked;
  const pad = (n: number) => String(n).padStart(6);
  return [
    `Config-derived statements in ${r.docs} pages:`,
    `${pad(s.rendered)}  rendered from the manifests (<V k>, {{key}} in commands)`,
    `${pad(s.guarded)}  typed, under an assume marker on the fact they state`,
    `${pad(s.ignored)}  typed, under a drift-ignore marker (history, examples)`,
    `${pad(s.unmarked)}  typed and unmarked: findings`,
    `${pad(s.assumptions)}  assume markers (${s.clauses} clauses) guarding the paragraphs that argue from a value`,
    `${typed ? Math.round((100 * s.unmarked) / (s.rendered + typed)) : 0} % of the statements are unmarked.`,
    '',
  ].join('\n');
}
