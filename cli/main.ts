/** What cli/bin.js runs: the command named first, its result mapped onto the process. */
import { appendFileSync } from 'node:fs';
import type { CliResult } from './args.ts';

const COMMANDS: Record<string, () => Promise<(argv: string[]) => CliResult>> = {
  extract: async () => (await import('./extract.ts')).runExtract,
  check: async () => (await import('./check.ts')).runCheck,
  changes: async () => (await import('./changes.ts')).runChanges,
};

const [name, ...argv] = process.argv.slice(2);
const load = COMMANDS[name ?? ''];
if (!load) {
  process.stderr.write(`usage: node cli/bin.js <${Object.keys(COMMANDS).join('|')}> [args]\n`);
  process.exitCode = 2;
} else {
  const result = (await load())(argv);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  // On GitHub Actions, the job summary lists every finding (annotations stop at ten per step).
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (result.summary && summaryFile) appendFileSync(summaryFile, result.summary);
  process.exitCode = result.code;
}
