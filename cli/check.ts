/**
 * `npm run check`: drift between the book and the manifests.
 * A function, not a process (tests call it in-process); bin.ts is thin.
 */
import { statSync } from 'node:fs';
import { extract, InputErrors, type ExtractResult } from '../engine/index.ts';
import { checkBook, github, human, RULES, type CheckReport, type Finding } from '../check/index.ts';
import { parseArgs, type CliResult } from './args.ts';

const USAGE = `usage: npm run check -- [--manifests DIR] [--docs DIR] [--format human|github|json]

Exit codes: 0 no drift, 1 drift found, 2 bad input or usage.
Rules:
${Object.entries(RULES)
  .map(([c, d]) => `  ${c.padEnd(18)} ${d}`)
  .join('\n')}`;

export function runCheck(argv: string[]): CliResult {
  if (argv.includes('--help') || argv.includes('-h'))
    return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  const args = parseArgs(argv, { manifests: 'value', docs: 'value', format: 'value' });
  if (typeof args === 'string') return { code: 2, stdout: '', stderr: `${args}\n\n${USAGE}\n` };
  const format = String(args.rest.format ?? 'human');
  if (!['human', 'github', 'json'].includes(format))
    return {
      code: 2,
      stdout: '',
      stderr: `unknown format \`${format}\`: use human, github or json\n`,
    };
  const docs = String(args.rest.docs ?? 'src/content/docs');
  try {
    if (!statSync(docs).isDirectory()) throw new Error();
  } catch {
    return {
      code: 2,
      stdout: '',
      stderr: `The docs folder \`${docs}\` does not exist.\n  hint: pass --docs DIR (default: src/content/docs).\n`,
    };
  }
  let result: ExtractResult;
  try {
    result = extract(args.manifests);
  } catch (e) {
    if (!(e instanceof InputErrors)) throw e;
    const findings: Finding[] = e.errors.map((x) => ({
      code: 'INVALID_MANIFEST',
      file: x.file,
      line: x.line,
      col: x.col,
      message: `${x.code}: ${x.message}`,
      hint: x.hint,
    }));
    const report: CheckReport = { findings, ignores: [], docs: 0, objects: 0 };
    const text =
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === 'github'
          ? github(report)
          : human(report);
    return {
      code: 2,
      stdout: format === 'human' ? '' : text,
      stderr: format === 'human' ? text : '',
    };
  }
  const report = checkBook(docs, result);
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'github'
        ? github(report)
        : human(report);
  return { code: report.findings.length ? 1 : 0, stdout: text, stderr: '' };
}
