/**
 * The config changelog on a repository with real commits: a replica change, a
 * limit change, an IP change everywhere, a moved file, reordered keys, equal
 * quantities written differently, a renamed object. The report must list the
 * real changes, with both lines and the chapter places, and nothing for the
 * no-ops. Every expected line is computed from the text of the revision.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChanges } from '../../cli/changes.ts';
import { COMMENT_MARKER, type ChangeReport, type Change } from '../../changes/index.ts';
import { github } from '../../changes/format.ts';
import { buildScenario, lineOf, TestRepo, type Scenario } from '../fixtures/changes/repo.ts';

const API = 'manifests/api/deployment.yaml';
let s: Scenario;
const temps: string[] = [];

before(() => {
  s = buildScenario();
});
after(() => {
  s.repo.remove();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function report(from: string, to: string): ChangeReport {
  const r = runChanges(
    ['--from', from, '--to', to, '--docs', 'book', '--format', 'json'],
    s.repo.root,
  );
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ChangeReport;
}

/** 1-based line of the character at `index`. */
const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;
const LIMIT_MEMORY = /limits:\s*\n\s*cpu:\s*\S+\s*\n\s*memory:/;
const memoryLimitLine = (text: string) => {
  const m = LIMIT_MEMORY.exec(text)!;
  return lineAt(text, m.index + m[0].length);
};
const loc = (c: Change, side: 'before' | 'after') =>
  `${c[side]!.source.file}:${c[side]!.source.line}`;

describe('base to last commit', () => {
  let r: ChangeReport;
  let direct: Change[];
  before(() => {
    r = report(s.commits.base, s.commits.renamed);
    direct = r.changes.filter((c) => !c.derived);
  });

  test('the replica change, with its line on both sides', () => {
    const c = direct.filter((x) => x.key === 'deployment/api.replicas');
    assert.equal(c.length, 1);
    assert.equal(c[0].change, 'changed');
    assert.deepEqual(
      [c[0].before!.value, c[0].after!.value],
      [String(s.replicas.before), String(s.replicas.after)],
    );
    const re = /^\s+replicas:/;
    assert.equal(loc(c[0], 'before'), `${API}:${lineOf(s.repo.show(s.commits.base, API), re)}`);
    assert.equal(loc(c[0], 'after'), `${API}:${lineOf(s.repo.show(s.commits.renamed, API), re)}`);
    assert.ok(c[0].moves.includes('totals.honeydue.replicas'), c[0].moves.join());
  });

  test('the limit change, once, with its line on both sides and the totals it moves', () => {
    const c = direct.filter((x) => x.fullKey.endsWith('limits.memory') && x.object?.name === 'api');
    assert.equal(c.length, 1, 'the container-level key is folded into the same change');
    assert.deepEqual([c[0].before!.value, c[0].after!.value], [s.limit.before, s.limit.after]);
    assert.equal(
      loc(c[0], 'before'),
      `${API}:${memoryLimitLine(s.repo.show(s.commits.base, API))}`,
    );
    assert.equal(
      loc(c[0], 'after'),
      `${API}:${memoryLimitLine(s.repo.show(s.commits.renamed, API))}`,
    );
    assert.ok(c[0].moves.includes('totals.honeydue.limits.memory'));
    assert.ok(c[0].moves.includes('capacity.share.limits.memory'));
    assert.ok(
      !c[0].moves.includes('totals.honeydue.requests.cpu'),
      'a memory limit moves no CPU request total',
    );
    const derived = r.changes.find((x) => x.key === 'totals.honeydue.limits.memory');
    assert.ok(derived?.derived, 'the moved total is itself listed, as derived');
  });

  test('the IP change at every line that holds the address, and only there', () => {
    const ipChanges = direct.filter((c) => c.before?.value.includes(s.ip.before));
    const expected = new Set<string>();
    for (const f of s.repo
      .git('ls-tree', '-r', '--name-only', s.commits.renamed, 'manifests')
      .split('\n'))
      s.repo
        .show(s.commits.renamed, f)
        .split('\n')
        .forEach((l, i) => {
          if (l.includes(s.ip.after) && !l.trim().startsWith('#')) expected.add(`${f}:${i + 1}`);
        });
    assert.ok(expected.size >= 3, 'the address is in the inventory, the firewall and the DNS');
    assert.deepEqual(new Set(ipChanges.map((c) => loc(c, 'after'))), expected);
    for (const c of ipChanges) {
      assert.ok(
        c.after!.value.includes(s.ip.after) && !c.after!.value.includes(s.ip.before),
        c.key,
      );
      assert.equal(loc(c, 'before'), loc(c, 'after'), 'the address changed in place');
    }
  });

  test('the rename is one rename, at the line the object starts', () => {
    const c = direct.filter((x) => x.change === 'renamed');
    assert.equal(c.length, 1);
    assert.equal(c[0].key, `networkpolicy/${s.rename.after}`);
    assert.equal(c[0].before!.value, `networkpolicy/${s.rename.before}`);
    assert.deepEqual(
      c[0].renamedFrom && { kind: c[0].renamedFrom.kind, name: c[0].renamedFrom.name },
      {
        kind: 'NetworkPolicy',
        name: s.rename.before,
      },
    );
    const text = s.repo.show(s.commits.renamed, 'manifests/network-policies.yaml').split('\n');
    const name = text.findIndex((l) => l.trim() === `name: ${s.rename.after}`);
    const start = text.slice(0, name).findLastIndex((l) => /^apiVersion:/.test(l)) + 1;
    assert.equal(loc(c[0], 'after'), `manifests/network-policies.yaml:${start}`);
    assert.ok(
      !direct.some((x) => x.change === 'added' || x.change === 'removed'),
      'no added or removed facts',
    );
  });

  test('nothing else: the moved file, reordered keys and equal quantities are no change', () => {
    const ip = direct.filter((c) => c.before?.value.includes(s.ip.before));
    const others = direct.filter(
      (c) =>
        !ip.includes(c) &&
        c.change !== 'renamed' &&
        c.key !== 'deployment/api.replicas' &&
        !(c.fullKey.endsWith('limits.memory') && c.object?.name === 'api'),
    );
    assert.deepEqual(
      others.map((c) => c.key),
      [],
    );
    for (const c of r.changes)
      assert.ok(
        !/redis-data|service\/(honeydue\/)?web|worker\.replicas|limits\.cpu$/.test(c.fullKey) ||
          c.derived,
        c.key,
      );
  });

  test('the chapter places: each rendered changed fact and each assume marker over one', () => {
    const book = s.repo.show(s.commits.renamed, s.book);
    const at = (re: RegExp) => lineOf(book, re);
    const got = r.affected.map((a) => [a.line, a.use, a.key, a.holds, a.resolves]);
    assert.deepEqual(got, [
      [at(/<V k="deployment\/api.replicas"/), 'renders', 'deployment/api.replicas', null, true],
      [
        at(/assume: deployment\/api.replicas >= 2/),
        'assumes',
        'deployment/api.replicas',
        true,
        true,
      ],
      [
        at(/assume: deployment\/api.replicas == /),
        'assumes',
        'deployment/api.replicas',
        false,
        true,
      ],
      [
        at(/<V k="deployment\/api.limits.memory"/),
        'renders',
        'deployment/api.limits.memory',
        null,
        true,
      ],
      [
        at(/<V k="totals.honeydue.limits.memory"/),
        'renders',
        'totals.honeydue.limits.memory',
        null,
        true,
      ],
      [at(/\{\{node\/hetzner1.publicIp\}\}/), 'renders', 'node/hetzner1.publicIp', null, true],
      [
        at(new RegExp(`networkpolicy/${s.rename.before}\\.policyTypes`)),
        'renders',
        `networkpolicy/${s.rename.before}.policyTypes`,
        null,
        false,
      ],
    ]);
    assert.ok(r.affected.every((a) => a.file === s.book));
    const memory = r.affected.find((a) => a.key === 'totals.honeydue.limits.memory')!;
    assert.equal(memory.heading, 'Memory');
  });
});

describe('one commit at a time', () => {
  for (const name of ['moved', 'reordered', 'equal'] as const)
    test(`${name}: no change`, () => {
      const r = report(`${s.commits[name]}~1`, s.commits[name]);
      assert.deepEqual(
        r.changes.map((c) => c.key),
        [],
      );
      assert.deepEqual(r.affected, []);
    });

  test('replicas: the one change and what it moves', () => {
    const r = report(`${s.commits.replicas}~1`, s.commits.replicas);
    assert.deepEqual(
      r.changes.filter((c) => !c.derived).map((c) => c.key),
      ['deployment/api.replicas'],
    );
    assert.ok(r.changes.filter((c) => c.derived).every((c) => /^(totals|capacity)\./.test(c.key)));
  });
});

describe('formats', () => {
  const run = (fmt: string) =>
    runChanges(
      ['--from', s.commits.base, '--to', s.commits.limit, '--docs', 'book', '--format', fmt],
      s.repo.root,
    );
  const apiText = () => s.repo.show(s.commits.limit, API);

  test('human: one line per change with value and both locations', () => {
    const r = run('human');
    assert.equal(r.code, 0);
    const before = lineOf(s.repo.show(s.commits.base, API), /^\s+replicas:/);
    const after = lineOf(apiText(), /^\s+replicas:/);
    assert.notEqual(before, after, 'the scenario moves the line');
    assert.ok(
      r.stdout
        .split('\n')
        .includes(
          `deployment/api.replicas  ${s.replicas.before} → ${s.replicas.after}  ${API}:${after} (was ${API}:${before})`,
        ),
      r.stdout,
    );
    assert.match(r.stdout, /^In the book:$/m);
  });

  test('markdown: the comment marker, a table row per change, the affected places', () => {
    const r = run('markdown');
    assert.ok(r.stdout.startsWith(COMMENT_MARKER));
    const line = lineOf(apiText(), /^\s+replicas:/);
    const was = lineOf(s.repo.show(s.commits.base, API), /^\s+replicas:/);
    assert.ok(
      r.stdout.includes(
        `| \`${s.replicas.before}\` | \`${s.replicas.after}\` | \`${API}:${line}\` (was \`${API}:${was}\`) |`,
      ),
      r.stdout,
    );
    const marker = lineOf(
      s.repo.show(s.commits.limit, s.book),
      /assume: deployment\/api.replicas == /,
    );
    assert.match(
      r.stdout,
      new RegExp(
        `\\| \`${s.book}:${marker}\` \\(Replicas\\) \\| assumes .* \\| ❌ no longer holds`,
      ),
    );
  });

  test('github: a notice at the after-side line, a warning where an assumption breaks', () => {
    const r = run('github');
    const line = memoryLimitLine(apiText());
    assert.match(
      r.stdout,
      new RegExp(
        `^::notice file=${API},line=${line},title=deployment/api.limits.memory changed::`,
        'm',
      ),
    );
    const marker = lineOf(
      s.repo.show(s.commits.limit, s.book),
      /assume: deployment\/api.replicas == /,
    );
    assert.match(r.stdout, new RegExp(`^::warning file=${s.book},line=${marker},`, 'm'));
  });

  test('github: at most 50 annotations, then one line counting the rest', () => {
    const r = JSON.parse(run('json').stdout) as ChangeReport;
    const broken = r.affected.find((a) => a.use === 'assumes' && !a.holds)!;
    const change = r.changes.find((c) => !c.derived)!;
    assert.ok(broken && change, 'the scenario has a breaking place and a change');
    const many: ChangeReport = {
      ...r,
      objects: [],
      affected: Array.from({ length: 10_000 }, (_, i) => ({ ...broken, line: i + 1 })),
      changes: Array.from({ length: 300 }, (_, i) => ({ ...change, key: `${change.key}-${i}` })),
    };
    const lines = github(many).trimEnd().split('\n');
    assert.equal(lines.length, 52);
    assert.ok(lines.slice(0, 50).every((l) => l.startsWith('::warning ')));
    assert.match(lines[0], new RegExp(`^::warning file=${broken.file},line=1,`));
    assert.match(lines[49], new RegExp(`,line=50,`));
    assert.equal(
      lines[50],
      'Not annotated: 9950 book places that break and 300 changes; `npm run changes -- --format json` lists every one.',
    );
    // Fewer places leave room for notices of the changes; one annotation each, in order.
    const few = github({ ...many, affected: many.affected.slice(0, 10) })
      .trimEnd()
      .split('\n');
    assert.equal(few.filter((l) => l.startsWith('::notice ')).length, 40);
    assert.match(few[10], new RegExp(`title=${change.key}-0 `));
    assert.match(few[50], /^Not annotated: 260 changes;/);
    const within = github({
      ...many,
      affected: many.affected.slice(0, 3),
      changes: many.changes.slice(0, 2),
    });
    assert.doesNotMatch(within, /Not annotated/);
  });

  test('no change: said in one line, exit 0', () => {
    const r = runChanges(['--from', s.commits.moved, '--to', s.commits.equal], s.repo.root);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No fact changed\./);
  });
});

describe('the working tree', () => {
  test('is the default --to, against HEAD', () => {
    const text = s.repo.read(API);
    try {
      s.repo.edit(API, /^(\s+replicas:\s*)(\d+)/m, (m) => `${m[1]}${Number(m[2]) + 5}`);
      const r = runChanges(['--docs', 'book', '--format', 'json'], s.repo.root);
      assert.equal(r.code, 0, r.stderr);
      const rep = JSON.parse(r.stdout) as ChangeReport;
      assert.equal(rep.to.commit, null);
      assert.equal(rep.from.commit, s.commits.renamed);
      const c = rep.changes.filter((x) => !x.derived);
      assert.deepEqual(
        c.map((x) => [x.key, x.after?.value]),
        [['deployment/api.replicas', String(s.replicas.after + 5)]],
      );
    } finally {
      s.repo.write(API, text);
    }
  });
});

describe('bad input: exit 2, a coded message with a hint, no stack trace', () => {
  const noTrace = (stderr: string) => assert.doesNotMatch(stderr, /^\s+at .*:\d+:\d+\)?$/m);

  test('an unknown revision', () => {
    const r = runChanges(['--from', 'no-such-branch'], s.repo.root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^UNKNOWN_REVISION {2}The revision `no-such-branch`/);
    assert.match(r.stderr, /hint: /);
    noTrace(r.stderr);
  });

  test('a repository with no commits says so', () => {
    const dest = mkdtempSync(join(tmpdir(), 'hd-empty-'));
    temps.push(dest);
    assert.equal(spawnSync('git', ['init', '-q', dest]).status, 0);
    const r = runChanges([], dest);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^UNKNOWN_REVISION {2}The repository at .* has no commits yet, so `HEAD` names none\./,
    );
    assert.match(r.stderr, /hint: Commit the manifests first/);
    noTrace(r.stderr);
  });

  test('a shallow clone says how to fetch the history', () => {
    const dest = mkdtempSync(join(tmpdir(), 'hd-shallow-'));
    temps.push(dest);
    const c = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${s.repo.root}`, dest], {
      encoding: 'utf8',
    });
    assert.equal(c.status, 0, c.stderr);
    const r = runChanges(['--from', 'HEAD~1', '--to', 'HEAD'], dest);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^SHALLOW_CLONE {2}The revision `HEAD~1` is not in this clone/);
    assert.match(r.stderr, /git fetch --unshallow/);
    assert.match(r.stderr, /fetch-depth: 0/);
    noTrace(r.stderr);
    assert.equal(
      runChanges(['--from', 'HEAD', '--to', 'HEAD'], dest).code,
      0,
      'what is present still compares',
    );
  });

  test('not a repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hd-norepo-'));
    temps.push(dir);
    const r = runChanges([], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^NOT_A_REPOSITORY /);
    noTrace(r.stderr);
  });

  test('a revision whose manifests cannot be read names the file and line', () => {
    const repo = new TestRepo();
    temps.push(repo.root);
    repo.git('init', '-q', '-b', 'main');
    repo.write(
      'manifests/a.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  X: "1"\n',
    );
    repo.commit('one');
    repo.write(
      'manifests/a.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  X: "1\n',
    );
    const bad = repo.commit('two');
    const r = runChanges(['--from', 'HEAD~1', '--to', bad], repo.root);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^INVALID_MANIFEST {2}The manifests of `[0-9a-f]{40}` \([0-9a-f]{7}\) cannot be read/,
    );
    assert.match(r.stderr, /^manifests\/a\.yaml:\d+:\d+ {2}YAML_SYNTAX/m);
    noTrace(r.stderr);
  });

  test('a revision Kustomize refuses is named by its folder, not the temporary checkout', () => {
    const repo = new TestRepo();
    temps.push(repo.root);
    repo.git('init', '-q', '-b', 'main');
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  X: "1"\n';
    repo.write('manifests/a.yaml', cm);
    repo.write('manifests/kustomization.yaml', 'namePrefix: p-\nresources:\n  - a.yaml\n');
    repo.commit('one');
    repo.write('manifests/kustomization.yaml', 'namePrefix: p-\nresources:\n  - gone.yaml\n');
    const bad = repo.commit('two');
    const r = runChanges(['--from', 'HEAD~1', '--to', bad], repo.root);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^manifests\/kustomization\.yaml:3:5 {2}RENDER_FAILED {2}`kubectl kustomize manifests` failed/m,
    );
    assert.doesNotMatch(r.stderr, /hd-changes-/);
    noTrace(r.stderr);
  });

  test('usage errors', () => {
    assert.equal(runChanges(['--format', 'xml'], s.repo.root).code, 2);
    assert.equal(runChanges(['--frm', 'HEAD'], s.repo.root).code, 2);
    assert.equal(runChanges(['--manifests', '/'], s.repo.root).code, 2);
    assert.equal(runChanges(['--help'], s.repo.root).code, 0);
  });
});

describe('objects added or removed whole', () => {
  test('fold into one line each, with the facts still in the JSON', () => {
    const svc = 'manifests/web/service.yaml';
    s.repo.git('checkout', '-q', '-b', 'extra');
    try {
      const copy = s.repo
        .read(svc)
        .replace(/^ {2}name: web$/m, '  name: web-canary')
        .replace(/port: (\d+)/g, (_, p) => `port: ${Number(p) + 1}`);
      s.repo.write('manifests/web/canary.yaml', copy);
      const added = s.repo.commit('A canary Service');
      const r = runChanges(['--from', 'main', '--to', added], s.repo.root);
      assert.equal(r.code, 0, r.stderr);
      // The object starts at its first key (the scenario reversed this file's key order).
      const start = copy.split('\n').findIndex((l) => /^\w/.test(l)) + 1;
      assert.match(
        r.stdout,
        new RegExp(
          `^service/web-canary  added \\(\\d+ facts\\)  manifests/web/canary.yaml:${start}$`,
          'm',
        ),
      );
      assert.doesNotMatch(
        r.stdout,
        /^service\/web-canary\./m,
        'its facts are not listed one by one',
      );
      const json = JSON.parse(
        runChanges(['--from', 'main', '--to', added, '--format', 'json'], s.repo.root).stdout,
      ) as ChangeReport;
      assert.deepEqual(
        json.objects.map((o) => [o.change, o.key]),
        [['added', 'service/web-canary']],
      );
      const facts = json.changes.filter((c) => c.objectKey === json.objects[0].objectKey);
      assert.equal(
        facts.reduce((n, c) => n + 1 + c.also.length, 0),
        json.objects[0].facts,
        'every fact is a change, or folded into one',
      );
      const back = runChanges(['--from', added, '--to', 'main'], s.repo.root);
      assert.match(
        back.stdout,
        /^service\/web-canary {2}removed \(\d+ facts\) {2}was manifests\/web\/canary.yaml:/m,
      );
    } finally {
      s.repo.git('checkout', '-q', 'main');
    }
  });
});
