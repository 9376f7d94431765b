/**
 * The pull-request workflow: runs when manifests/ changes, fetches the history
 * the comparison needs, runs the command in the formats it posts, and finds its
 * own comment by the marker the markdown report starts with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { COMMENT_MARKER, FORMATS } from '../../changes/index.ts';

const wf = parse(readFileSync('.github/workflows/changes.yml', 'utf8'));
const steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] =
  wf.jobs.report.steps;

test('runs on pull requests that touch manifests/, allowed to comment', () => {
  assert.deepEqual(wf.on.pull_request.paths, ['manifests/**']);
  assert.equal(wf.permissions['pull-requests'], 'write');
});

test('checks out the full history', () => {
  const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
  assert.equal(checkout?.with?.['fetch-depth'], 0);
});

test('compares the base branch with the merge commit, in formats the command has', () => {
  const run = steps.map((s) => s.run ?? '').join('\n');
  const calls = [...run.matchAll(/npm run -s changes -- (.*)/g)].map((m) => m[1]);
  assert.ok(calls.length >= 2);
  for (const c of calls) {
    assert.match(c, /--from "\$BASE" --to HEAD/);
    assert.ok(FORMATS.includes(/--format (\w+)/.exec(c)![1] as (typeof FORMATS)[number]), c);
  }
  assert.ok(calls.some((c) => c.includes('--format markdown')));
});

test('finds its comment by the marker the report starts with', () => {
  const script = String(
    steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script,
  );
  assert.ok(script.includes(`const marker = '${COMMENT_MARKER}';`), script);
  assert.match(script, /updateComment/);
  assert.match(script, /createComment/);
});
