/**
 * The build-time history on the scenario repository: the commits that changed
 * facts (and none of the no-op commits), the commit that last changed each
 * fact, uncommitted edits, the on-disk cache, and no history in a shallow
 * clone or outside git.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from '../../engine/index.ts';
import { history, type History } from '../../changes/index.ts';
import { buildScenario, TestRepo, type Scenario } from '../fixtures/changes/repo.ts';

let s: Scenario;
let cache: string;
const temps: string[] = [];
const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};

before(() => {
  s = buildScenario();
  cache = tmp('hd-history-cache-');
});
after(() => {
  s.repo.remove();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const available = (h: History) => {
  assert.ok(h.available, h.available ? '' : h.reason);
  return h;
};

describe('history of the scenario', () => {
  let h: Extract<History, { available: true }>;
  before(() => {
    h = available(history({ manifests: s.repo.path('manifests'), cacheDir: cache }));
  });

  test('lists the commits that changed facts, newest first, and none of the no-ops', () => {
    assert.deepEqual(
      h.commits.map((c) => c.commit.sha),
      [s.commits.renamed, s.commits.ip, s.commits.limit, s.commits.replicas, s.commits.base],
    );
    const base = h.commits.at(-1)!;
    assert.ok(base.introduced, 'the first commit brings the manifests in');
    assert.equal(base.changes.length, 0, 'and lists no changes, only its facts');
    assert.equal(h.since, null, 'the history was read to its start');
  });

  test('each commit carries its changes, author, date and subject', () => {
    const c = h.commits.find((x) => x.commit.sha === s.commits.replicas)!;
    assert.equal(c.commit.author, 'Dana Operator');
    assert.equal(c.commit.subject, 'api: one more replica');
    assert.match(c.commit.date, /^\d{4}-\d\d-\d\dT/);
    const direct = c.changes.filter((x) => !x.derived);
    assert.deepEqual(
      direct.map((x) => [x.key, x.before?.value, x.after?.value]),
      [['deployment/api.replicas', String(s.replicas.before), String(s.replicas.after)]],
    );
  });

  test('the commit that last changed each fact', () => {
    assert.equal(h.last['deployment/honeydue/api.replicas'].sha, s.commits.replicas);
    assert.equal(h.last['deployment/honeydue/api.limits.memory'].sha, s.commits.limit);
    assert.equal(
      h.last['deployment/honeydue/api.containers.api.limits.memory'].sha,
      s.commits.limit,
      'the folded container-level key too',
    );
    assert.equal(h.last['node/hetzner1.publicIp'].sha, s.commits.ip);
    assert.equal(
      h.last[`networkpolicy/honeydue/${s.rename.after}.policyTypes`].sha,
      s.commits.renamed,
    );
    assert.equal(
      h.last['deployment/honeydue/api.limits.cpu'].sha,
      s.commits.base,
      'an equal quantity written another way is not a change',
    );
    assert.equal(h.last['persistentvolumeclaim/honeydue/redis-data.storage'].sha, s.commits.base);
  });

  test('a warm call reads the cache and gives the same history', () => {
    const dir = readdirSync(cache);
    assert.equal(dir.length, 1, 'one folder, for the code that made it');
    assert.ok(readdirSync(join(cache, dir[0])).some((f) => f.startsWith('history-')));
    const warm = available(history({ manifests: s.repo.path('manifests'), cacheDir: cache }));
    assert.deepEqual(warm, h);
  });
});

test('a shorter read says where it stopped; older facts have no last change', () => {
  const h = available(history({ manifests: s.repo.path('manifests'), cacheDir: cache, depth: 3 }));
  // The newest three commits that touched manifests/: renamed, equal, reordered.
  assert.deepEqual(
    h.commits.map((c) => c.commit.sha),
    [s.commits.renamed],
  );
  assert.equal(h.since?.sha, s.commits.reordered);
  assert.equal(h.last['deployment/honeydue/api.replicas'], undefined);
});

test('edits in the working tree are uncommitted', () => {
  const api = 'manifests/api/deployment.yaml';
  const text = s.repo.read(api);
  try {
    s.repo.edit(api, /^(\s+replicas:\s*)(\d+)/m, (m) => `${m[1]}${Number(m[2]) + 1}`);
    const h = available(
      history({
        manifests: s.repo.path('manifests'),
        cacheDir: cache,
        current: extract(s.repo.path('manifests')),
      }),
    );
    assert.ok(h.uncommitted.includes('deployment/honeydue/api.replicas'));
    assert.ok(!h.uncommitted.includes('deployment/honeydue/api.limits.memory'));
  } finally {
    s.repo.write(api, text);
  }
});

test('a shallow clone has no history, and says so', () => {
  const dest = tmp('hd-history-shallow-');
  const c = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${s.repo.root}`, dest], {
    encoding: 'utf8',
  });
  assert.equal(c.status, 0, c.stderr);
  const h = history({ manifests: join(dest, 'manifests'), cacheDir: tmp('hd-history-cache-') });
  assert.equal(h.available, false);
  assert.match(
    h.available ? '' : h.reason,
    /not available in this checkout: it is a shallow clone/,
  );
});

test('a folder outside git has no history, and says so', () => {
  const dir = tmp('hd-history-nogit-');
  cpSync(s.repo.path('manifests'), join(dir, 'manifests'), { recursive: true });
  const h = history({ manifests: join(dir, 'manifests'), cacheDir: join(dir, 'cache') });
  assert.equal(h.available, false);
  assert.match(h.available ? '' : h.reason, /not available in this checkout/);
});

test('a commit that repairs unreadable manifests lists its changes since the last readable commit', () => {
  const repo = new TestRepo();
  temps.push(repo.root);
  repo.git('init', '-q', '-b', 'main');
  cpSync(join(import.meta.dirname, '../../manifests'), repo.path('manifests'), { recursive: true });
  const api = 'manifests/api/deployment.yaml';
  const good = repo.read(api);
  const replicas = Number(/^\s+replicas:\s*(\d+)/m.exec(good)![1]);
  const base = repo.commit('base');
  // An unclosed flow sequence: the file does not parse.
  repo.write(api, good.replace(/^(\s+replicas:\s*)\d+/m, '$1[1'));
  const broken = repo.commit('api: a typo');
  repo.write(api, 'metadata: [\n' + good);
  const still = repo.commit('api: another try');
  repo.write(api, good.replace(/^(\s+replicas:\s*)\d+/m, `$1${replicas + 1}`));
  const fixed = repo.commit('api: fixed, one more replica');
  const h = available(history({ manifests: repo.path('manifests'), cacheDir: tmp('hd-c-') }));
  const by = new Map(h.commits.map((c) => [c.commit.sha, c]));
  assert.deepEqual(
    h.commits.map((c) => c.commit.sha),
    [fixed, still, broken, base],
  );
  // A commit whose own manifests do not read has unknown changes, whatever its parent.
  for (const sha of [broken, still]) {
    assert.ok(by.get(sha)!.error, sha);
    assert.equal(by.get(sha)!.since, undefined);
  }
  const repaired = by.get(fixed)!;
  assert.equal(repaired.error, undefined);
  assert.equal(repaired.since?.sha, base);
  const change = repaired.changes.find((c) => c.fullKey === 'deployment/honeydue/api.replicas');
  assert.equal(change?.before?.value, String(replicas));
  assert.equal(change?.after?.value, String(replicas + 1));
  assert.ok(repaired.keys.includes('deployment/honeydue/api.replicas'));
  assert.equal(h.last['deployment/honeydue/api.replicas']?.sha, fixed);
});
