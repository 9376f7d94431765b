/**
 * The config history computed ahead in a worker thread is the history the pages get:
 * the same commits and last changes as computing it in place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { history } from '../../changes/index.ts';
import { facts, MANIFESTS_DIR } from '../../src/lib/facts.ts';
import { bookHistory, prefetchHistory } from '../../src/lib/history.ts';

test('a prefetched history is the history computed in place', () => {
  prefetchHistory();
  prefetchHistory(); // once per process
  const ahead = bookHistory();
  const inPlace = history({ manifests: resolve(MANIFESTS_DIR), current: facts() });
  assert.equal(ahead.available, inPlace.available);
  if (!ahead.available || !inPlace.available) return;
  assert.ok(ahead.commits.length > 0, 'this repository has commits touching manifests/');
  assert.deepEqual(
    ahead.commits.map((c) => c.commit.sha),
    inPlace.commits.map((c) => c.commit.sha),
  );
  assert.deepEqual(ahead.last, inPlace.last);
  assert.deepEqual(ahead.uncommitted, inPlace.uncommitted);
});
