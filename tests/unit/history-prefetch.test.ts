/**
 * The config history computed ahead in a worker thread is the history the pages get:
 * the worker fills the disk cache the pages read, and what they read is the history a
 * computation from scratch gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { enableCompileCache, getCompileCacheDir } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { history, historyToCompute } from '../../changes/index.ts';
import { facts, MANIFESTS_DIR } from '../../src/lib/facts.ts';
import { bookHistory, prefetchHistory } from '../../src/lib/history.ts';

/** Every file under `dir`, at any depth. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

test('a prefetched history fills the cache the pages read, and is the history computed afresh', async (t) => {
  const manifests = resolve(MANIFESTS_DIR);
  const reference = history({ manifests, current: facts(), cacheDir: tmp('reference') });
  if (!reference.available) return t.skip(`no history in this checkout: ${reference.reason}`);

  const cache = tmp('worker');
  process.env.HONEYDUE_CHANGES_CACHE = cache;
  // As `astro build` does. This process loaded the changelog before, so whatever the folder
  // holds afterwards the worker compiled.
  enableCompileCache(tmp('compile-cache'));
  const compiled = getCompileCacheDir()!;
  const compiledBefore = existsSync(compiled) ? filesUnder(compiled).length : 0;
  try {
    assert.equal(prefetchHistory(), true, 'an empty cache: the worker computes the history');
    assert.equal(prefetchHistory(), false, 'once per process');
    const { flag } = (globalThis as unknown as Record<symbol, { flag: Int32Array }>)[
      Symbol.for('honeydue.history.prefetch')
    ];
    while (Atomics.load(flag, 0) === 0) await new Promise((r) => setTimeout(r, 20));
    assert.ok(filesUnder(cache).length > 0, 'the worker wrote the history to the disk cache');
    assert.ok(
      filesUnder(compiled).length > compiledBefore,
      "the worker kept the changelog's compiled modules in the build's compile cache",
    );

    const ahead = bookHistory();
    assert.equal(ahead.available, true);
    if (!ahead.available) return;
    assert.ok(ahead.commits.length > 0, 'this repository has commits touching manifests/');
    assert.deepEqual(
      ahead.commits.map((c) => c.commit.sha),
      reference.commits.map((c) => c.commit.sha),
    );
    assert.deepEqual(ahead.last, reference.last);
    assert.deepEqual(ahead.uncommitted, reference.uncommitted);
  } finally {
    delete process.env.HONEYDUE_CHANGES_CACHE;
  }
});

test('the history is to compute until its commits are in the cache, and never outside a repository', (t) => {
  const manifests = resolve(MANIFESTS_DIR);
  const cacheDir = tmp('to-compute');
  if (!history({ manifests, cacheDir: tmp('probe') }).available)
    return t.skip('no history in this checkout');
  assert.equal(historyToCompute({ manifests, cacheDir }), true, 'an empty cache');
  history({ manifests, cacheDir });
  assert.equal(historyToCompute({ manifests, cacheDir }), false, 'computed once, then read');
  assert.equal(
    historyToCompute({ manifests, cacheDir, depth: 3 }),
    true,
    'another depth is another history',
  );
  const outside = tmp('no-repo');
  assert.equal(
    historyToCompute({ manifests: outside, cacheDir: tmp('no-repo-cache') }),
    false,
    'no repository: nothing to compute',
  );
});

const temps: string[] = [];
function tmp(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `honeydue-history-${name}-`));
  temps.push(dir);
  return dir;
}
process.on('exit', () => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
