/**
 * `npm run rules:doc`: rewrites the README's rule tables from the check's
 * registry (check/docs.ts). Written atomically: a temp file, then a rename.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { withRulesSection } from '../check/index.ts';

const README = 'README.md';
const next = withRulesSection(readFileSync(README, 'utf8'));
if (next === null) {
  process.stderr.write(
    `${README} has no rules markers (<!-- rules:start … --> … <!-- rules:end -->).\n`,
  );
  process.exitCode = 2;
} else {
  writeFileSync(`${README}.tmp`, next);
  renameSync(`${README}.tmp`, README);
  process.stdout.write(`${README}: rule tables written.\n`);
}
