#!/usr/bin/env node
/** The one executable: `node cli/bin.ts <command> [args]` maps a command's result onto the process. */
import { appendFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import type { CliResult } from './args.ts';

// The commands load ~100 TypeScript modules (imported below, once the cache is on): Node keeps
// their compiled form on disk between runs.
enableCompileCache();

const COMMANDS: Record<string, () => Promise<(argv: string[]) => CliResult>> = {
  extract: async () => (await import('./extract.ts')).runExtract,
  check: async () => (await import('./check.ts')).runCheck,
  changes: async () => (await import('./changes.ts')).runChanges,
};

const [name, ...argv] = process.argv.slice(2);
const load = COMMANDS[name ?? ''];
if (!load) {
  process.stderr.write(`usage: node cli/bin.ts <${Object.keys(COMMANDS).join('|')}> [args]\n`);
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
