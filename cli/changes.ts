/**
 * `npm run changes`: what changed in the manifests between two revisions, and
 * which places of the book it touches. A function, not a process; bin.ts maps
 * the result onto the process.
 */
import { parseArgs } from 'node:util';
import {
  CHANGES_ERRORS,
  ChangesError,
  compareRevisions,
  format,
  formatChangesError,
  FORMATS,
  type Format,
} from '../changes/index.ts';
import type { CliResult } from './args.ts';

const USAGE = `usage: npm run changes -- [--from REV] [--to REV] [--format human|json|markdown|github]
                           [--manifests DIR] [--docs DIR]

  --from REV        the older revision (default: HEAD)
  --to REV          the newer revision (default: the working tree)
  --format F        human (default), json (docs/changes-schema.md), markdown (a pull-request
                    comment), github (workflow annotations)
  --manifests DIR   the manifests folder (default: manifests)
  --docs DIR        the chapters whose places are reported (default: src/content/docs)

In CI: npm run changes -- --from origin/main --to HEAD --format markdown
Exit codes: 0 it ran (with or without changes), 2 bad input, a bad revision or a shallow clone.
Errors:
${Object.entries(CHANGES_ERRORS)
  .map(([c, d]) => `  ${c.padEnd(18)} ${d}`)
  .join('\n')}`;

const usage = (problem: string): CliResult => ({
  code: 2,
  stdout: '',
  stderr: `${problem}\n\n${USAGE}\n`,
});

export function runChanges(argv: string[], cwd = process.cwd()): CliResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string', default: 'human' },
        manifests: { type: 'string' },
        docs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  const fmt = String(values.format);
  if (!FORMATS.includes(fmt as Format))
    return usage(`unknown format \`${fmt}\`: use ${FORMATS.join(', ')}`);
  try {
    const report = compareRevisions({
      cwd,
      from: values.from as string | undefined,
      to: values.to as string | undefined,
      manifests: values.manifests as string | undefined,
      docs: values.docs as string | undefined,
    });
    return { code: 0, stdout: format(report, fmt as Format), stderr: '' };
  } catch (e) {
    if (e instanceof ChangesError) return { code: 2, stdout: '', stderr: formatChangesError(e) };
    throw e;
  }
}
