#!/usr/bin/env node
/** The one executable: `node cli/bin.ts <command> [args]` maps a command's result onto the process. */
import type { CliResult } from './args.ts';

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
  process.exitCode = result.code;
}
