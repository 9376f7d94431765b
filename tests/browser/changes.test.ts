/**
 * The What changed page after a real build of the scenario repository (real
 * commits: a replica change, a limit change, an IP change, a moved file,
 * reordered keys, equal quantities, a rename): one section per commit that
 * changed facts, none for the no-ops, each change with its values and the
 * manifest line computed from the committed text.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { seriousViolations } from './axe.ts';
import { buildPreview, builtFiles, builtPage, builtText } from './preview-build.ts';
import { serve } from '../../scripts/serve.ts';
import { launchOptions } from '../../src/lib/chromium.ts';
import { WITHHELD_SUBJECT } from '../../src/lib/history.ts';
import { buildScenario, lineOf, SUBJECT_TOKEN, type Scenario } from '../fixtures/changes/repo.ts';

let s: Scenario;
let webReplicas: number;
const WEB = 'manifests/web/deployment.yaml';
const out = mkdtempSync(join(tmpdir(), 'hd-changes-site-'));

before(() => {
  s = buildScenario();
  // An edit not committed: the page shows it apart from the history.
  webReplicas = Number(/^\s+replicas:\s*(\d+)/m.exec(s.repo.read(WEB))![1]);
  s.repo.edit(WEB, /^(\s+replicas:\s*)(\d+)/m, (m) => `${m[1]}${webReplicas + 1}`);
  // The scenario's manifests drift from the book on purpose: build the preview anyway.
  buildPreview(s.repo.path('manifests'), out, 'the scenario');
});
after(() => {
  s.repo.remove();
  rmSync(out, { recursive: true, force: true });
});

const page = (slug: string) => builtPage(out, slug);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
/** The text of the section of one commit on the What changed page. */
function section(id: string): string | null {
  const html = page('changes');
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return null;
  const end = html.indexOf('<section', at);
  return text(html.slice(at, end < 0 ? undefined : end));
}

test('one section per commit that changed facts, none for the no-ops', () => {
  for (const name of ['replicas', 'limit', 'ip', 'renamed', 'base'] as const)
    assert.ok(section(`commit-${s.commits[name].slice(0, 7)}`), `${name} has a section`);
  for (const name of ['moved', 'reordered', 'equal'] as const)
    assert.equal(section(`commit-${s.commits[name].slice(0, 7)}`), null, `${name} changed no fact`);
});

test('a commit subject that carries a token is withheld, and the token is in no file of the site', () => {
  const sec = section(`commit-${s.commits.renamed.slice(0, 7)}`)!;
  assert.ok(sec.includes(WITHHELD_SUBJECT), sec);
  assert.ok(!sec.includes('A network policy renamed'), sec);
  const found = builtFiles(out).filter((f) => builtText(f).includes(SUBJECT_TOKEN));
  assert.deepEqual(found, []);
});

test('the replica commit: subject, author, the change with its line', () => {
  const sec = section(`commit-${s.commits.replicas.slice(0, 7)}`)!;
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
  const ip = section(`commit-${s.commits.ip.slice(0, 7)}`)!;
  const nodes = 'manifests/hosts/nodes.yaml';
  const line = lineOf(
    s.repo.show(s.commits.ip, nodes),
    new RegExp(`publicIp:\\s*${s.ip.after.replace(/\./g, '\\.')}`),
  );
  assert.ok(
    ip.includes(`node/hetzner1.publicIp ${s.ip.before} → ${s.ip.after} ${nodes}:${line}`),
    ip,
  );
  const renamed = section(`commit-${s.commits.renamed.slice(0, 7)}`)!;
  assert.ok(
    renamed.includes(
      `networkpolicy/${s.rename.after} renamed from networkpolicy/${s.rename.before}`,
    ),
    renamed,
  );
});

test('the first commit is summarised, not listed', () => {
  assert.match(
    section(`commit-${s.commits.base.slice(0, 7)}`)!,
    /brought in the manifests: \d+ facts/,
  );
});

test('the page is in the sidebar', () => {
  assert.match(page('00-overview'), /href="\/changes\/"/);
});

test('an uncommitted edit is listed apart, before the commits', () => {
  const sec = section('not-committed')!;
  const line = lineOf(s.repo.read(WEB), /^\s+replicas:/);
  assert.ok(
    sec.includes(`deployment/web.replicas ${webReplicas} → ${webReplicas + 1} ${WEB}:${line}`),
    sec,
  );
  const html = page('changes');
  assert.ok(
    html.indexOf('id="not-committed"') <
      html.indexOf(`id="commit-${s.commits.renamed.slice(0, 7)}"`),
  );
});

/** The text of a fact's entry on the Config page. */
function configEntry(key: string): string {
  const html = page('config');
  const at = html.indexOf(`<li id="fact-${key.replace(/[^A-Za-z0-9_-]+/g, '-')}"`);
  assert.ok(at >= 0, `${key} is on the Config page`);
  return text(html.slice(at, html.indexOf('</li>', at)));
}
const stamp = (sha: string) =>
  `changed ${sha.slice(0, 7)}, ${s.repo.git('show', '-s', '--format=%aI', sha).slice(0, 10)}`;

test('the Config page says which commit last changed each value', () => {
  assert.ok(configEntry('deployment/honeydue/api.replicas').includes(stamp(s.commits.replicas)));
  assert.ok(configEntry('deployment/honeydue/api.limits.memory').includes(stamp(s.commits.limit)));
  assert.ok(configEntry('node/hetzner1.publicIp').includes(stamp(s.commits.ip)));
  const renamed = `networkpolicy/honeydue/${s.rename.after}.policyTypes`;
  assert.ok(configEntry(renamed).includes(stamp(s.commits.renamed)));
  // Written another way in a later commit, but the same value: still the first commit's.
  assert.ok(configEntry('deployment/honeydue/api.limits.cpu').includes(stamp(s.commits.base)));
  assert.ok(configEntry('deployment/honeydue/web.replicas').includes('changed not committed yet'));
});

test('axe finds no serious or critical violation on the page, light and dark, phone and laptop', async () => {
  const server = await serve(out);
  const browser = await chromium.launch(launchOptions());
  try {
    for (const width of [390, 1280])
      for (const theme of ['light', 'dark'] as const) {
        const ctx = await browser.newContext({
          viewport: { width, height: 900 },
          colorScheme: theme,
        });
        await ctx.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
        const page = await ctx.newPage();
        await page.goto(`${server.url}/changes/`, { waitUntil: 'networkidle' });
        assert.deepEqual(
          (await seriousViolations(page)).map((v) => `${width} ${theme} ${v}`),
          [],
        );
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        assert.ok(overflow <= 0, `${width} ${theme}: the page scrolls sideways by ${overflow}px`);
        await ctx.close();
      }
  } finally {
    await browser.close();
    await server.close();
  }
});
