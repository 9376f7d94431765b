/**
 * The What changed page after a real build of the scenario repository (real
 * commits: a replica change, a limit change, an IP change, a moved file,
 * reordered keys, equal quantities, a rename): one section per commit that
 * changed facts, none for the no-ops, each change with its values and the
 * manifest line computed from the committed text.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenario, lineOf, type Scenario } from '../fixtures/changes/repo.ts';

let s: Scenario;
const out = mkdtempSync(join(tmpdir(), 'hd-changes-site-'));

before(() => {
  s = buildScenario();
  const r = spawnSync('npm', ['run', '-s', 'build'], {
    // The scenario's manifests drift from the book on purpose: build the preview anyway.
    env: {
      ...process.env,
      BOOK_MANIFESTS: s.repo.path('manifests'),
      BOOK_OUT_DIR: out,
      BOOK_ALLOW_DRIFT: '1',
    },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
});
after(() => {
  s.repo.remove();
  rmSync(out, { recursive: true, force: true });
});

const page = (slug: string) => readFileSync(join(out, slug, 'index.html'), 'utf8');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
/** The text of the section of one commit on the What changed page. */
function section(sha: string): string | null {
  const html = page('changes');
  const at = html.indexOf(`id="commit-${sha.slice(0, 7)}"`);
  if (at < 0) return null;
  const end = html.indexOf('<section', at);
  return text(html.slice(at, end < 0 ? undefined : end));
}

test('one section per commit that changed facts, none for the no-ops', () => {
  for (const name of ['replicas', 'limit', 'ip', 'renamed', 'base'] as const)
    assert.ok(section(s.commits[name]), `${name} has a section`);
  for (const name of ['moved', 'reordered', 'equal'] as const)
    assert.equal(section(s.commits[name]), null, `${name} changed no fact`);
});

test('the replica commit: subject, author, the change with its line', () => {
  const sec = section(s.commits.replicas)!;
  assert.ok(sec.includes('api: one more replica'));
  assert.ok(sec.includes('Dana Operator'));
  const api = 'manifests/api/deployment.yaml';
  const line = lineOf(s.repo.show(s.commits.replicas, api), /^\s+replicas:/);
  assert.ok(
    sec.includes(
      `deployment/api.replicas ${s.replicas.before} → ${s.replicas.after} ${api}:${line}`,
    ),
    sec,
  );
  assert.ok(sec.includes('totals.honeydue.replicas'), 'the derived total is listed');
});

test('the IP commit shows the node address and the rename commit the rename', () => {
  const ip = section(s.commits.ip)!;
  const nodes = 'manifests/hosts/nodes.yaml';
  const line = lineOf(
    s.repo.show(s.commits.ip, nodes),
    new RegExp(`publicIp:\\s*${s.ip.after.replace(/\./g, '\\.')}`),
  );
  assert.ok(
    ip.includes(`node/hetzner1.publicIp ${s.ip.before} → ${s.ip.after} ${nodes}:${line}`),
    ip,
  );
  const renamed = section(s.commits.renamed)!;
  assert.ok(
    renamed.includes(
      `networkpolicy/${s.rename.after} renamed from networkpolicy/${s.rename.before}`,
    ),
    renamed,
  );
});

test('the first commit is summarised, not listed', () => {
  assert.match(section(s.commits.base)!, /brought in the manifests: \d+ facts/);
});

test('the page is in the sidebar', () => {
  assert.match(page('00-overview'), /href="\/changes\/"/);
});
