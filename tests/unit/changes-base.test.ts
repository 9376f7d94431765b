/**
 * `check --base REV` in a repository: a broken assumption points at the side
 * that changed since REV; the working tree's side of the comparison is the
 * extraction the check already holds, and no chapter is read for it.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../cli/check.ts';
import { compareRevisions, type Change } from '../../changes/index.ts';
import type { CheckReport, Finding } from '../../check/index.ts';
import { extract } from '../../engine/index.ts';
import { TestRepo } from '../fixtures/changes/repo.ts';
import { deployment } from './rules/fixtures.ts';

const repos: TestRepo[] = [];
after(() => {
  for (const r of repos) r.remove();
});

const WEB = 'manifests/web.yaml';
const MARKER = '{/* assume: deployment/api.replicas == deployment/web.replicas */}';

/** api and web with two replicas each, a chapter assuming they agree, committed on main. */
function repository(): TestRepo {
  const repo = new TestRepo();
  repos.push(repo);
  repo.git('init', '-q', '-b', 'main');
  repo.write('manifests/api.yaml', deployment());
  repo.write(WEB, deployment({ name: 'web', port: 3000 }));
  repo.write(
    'docs/a.mdx',
    `---\ntitle: A\n---\n\nimport { V } from '../components';\n\n${MARKER}\nThe api and the web run <V k="deployment/web.replicas" /> pods each.\n`,
  );
  repo.commit('api and web');
  return repo;
}

/** Web scaled to three in the working tree, not committed. */
const scaleWeb = (repo: TestRepo) => repo.edit(WEB, /replicas: 2/, () => 'replicas: 3');

function broken(repo: TestRepo, extra: string[]): Finding {
  const r = runCheck([
    '--manifests',
    repo.path('manifests'),
    '--docs',
    repo.path('docs'),
    '--format',
    'json',
    ...extra,
  ]);
  assert.equal(r.code, 1, r.stderr || r.stdout);
  const report: CheckReport = JSON.parse(r.stdout);
  const found = report.findings.filter((f) => f.ruleId === 'broken-assumption');
  assert.equal(found.length, 1, JSON.stringify(report.findings, null, 1));
  return found[0];
}

/** The changes written on a line (not the totals computed from them). */
const written = (cs: Change[]) => cs.filter((c) => !c.derived);

const replicasLine = (text: string) =>
  text.split('\n').findIndex((l) => /^ {2}replicas:/.test(l)) + 1;

describe('check --base', () => {
  test('a broken assumption points at the value changed since the base, the other as related', () => {
    const repo = repository();
    scaleWeb(repo);
    const f = broken(repo, ['--base', 'HEAD']);
    assert.ok(f.config?.file.endsWith(WEB), JSON.stringify(f));
    assert.equal(f.config?.line, replicasLine(repo.read(WEB)));
    assert.deepEqual(
      f.related?.map((x) => [x.file.endsWith('manifests/api.yaml'), x.line]),
      [[true, replicasLine(repo.read('manifests/api.yaml'))]],
    );
    // Without a base, the first side of the clause is the one shown.
    const plain = broken(repo, []);
    assert.ok(plain.config?.file.endsWith('manifests/api.yaml'), JSON.stringify(plain));
  });

  test('a base that is not a revision → exit 2 with the reason, no finding', () => {
    const repo = repository();
    const r = runCheck([
      '--manifests',
      repo.path('manifests'),
      '--docs',
      repo.path('docs'),
      '--base',
      'no-such-branch',
    ]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /UNKNOWN_REVISION/);
    assert.match(r.stderr, /no-such-branch/);
  });
});

describe('compareRevisions with the current extraction', () => {
  test('the extraction given is the newer side, not the folder on disk', () => {
    const repo = repository();
    scaleWeb(repo);
    const current = extract(repo.path('manifests'));
    repo.git('checkout', '-q', '--', WEB);
    const key = current.registry.get('deployment/web.replicas')!.key;
    const onDisk = compareRevisions({ cwd: repo.root });
    assert.deepEqual(onDisk.changes, [], 'the folder on disk is back at HEAD');
    const r = compareRevisions({ cwd: repo.root, current, docs: 'docs' });
    assert.deepEqual(
      written(r.changes).map((c) => [c.fullKey, c.after?.source.file, c.after?.source.line]),
      [[key, WEB, replicasLine(repo.read(WEB))]],
    );
    assert.ok(r.affected.length > 0, 'the chapter that renders the value is a place');
  });

  test('places: false reads no chapter and lists no place', () => {
    const repo = repository();
    scaleWeb(repo);
    const current = extract(repo.path('manifests'));
    const r = compareRevisions({ cwd: repo.root, current, places: false, docs: '/' });
    assert.equal(written(r.changes).length, 1);
    assert.deepEqual(r.affected, []);
  });
});
