/** Where a rendered value links: the repository line when a source URL is configured, else the Config page. */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { factAnchor } from '../../engine/index.ts';
import { configHref, fact, repositoryHref, sourceLabel } from '../../src/lib/facts.ts';
import type { Finding } from '../../check/index.ts';

const saved = process.env.BOOK_SOURCE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.BOOK_SOURCE_URL;
  else process.env.BOOK_SOURCE_URL = saved;
});

test('with BOOK_SOURCE_URL, a value links to its manifest line in the repository', () => {
  process.env.BOOK_SOURCE_URL = 'https://git.example.com/ops/book/src/branch/main';
  const f = fact('deployment/api.replicas');
  const href = repositoryHref(f) ?? '';
  const m =
    /^https:\/\/git\.example\.com\/ops\/book\/src\/branch\/main\/(manifests\/api\/deployment\.yaml)#L(\d+)$/.exec(
      href,
    );
  assert.ok(m, href);
  assert.match(readFileSync(m[1], 'utf8').split('\n')[Number(m[2]) - 1], /^\s*replicas:/);
  assert.equal(sourceLabel(f), `${m[1]}:${m[2]}`);
});

test('without it, the value links to its entry on the Config page', () => {
  delete process.env.BOOK_SOURCE_URL;
  const f = fact('deployment/api.replicas');
  assert.equal(repositoryHref(f), null);
  assert.equal(configHref(f.key), `/config/#${factAnchor(f.key)}`);
  assert.match(factAnchor(f.key), /^fact-[A-Za-z0-9_-]+$/);
});

test("a value's Config link is the id of its row on the Config page", async () => {
  const { configIndex } = await import('../../src/lib/config-index.ts');
  const rows = configIndex().flatMap((s) => s.objects.flatMap((o) => o.facts));
  const row = rows.find((r) => r.key === fact('deployment/api.replicas').key)!;
  assert.equal(configHref(row.key), `/config/#${row.anchor}`);
  assert.equal(row.source, sourceLabel(fact('deployment/api.replicas')));
});

test('a derived value (many manifests) names its folder and links to the Config page even with a source URL', () => {
  process.env.BOOK_SOURCE_URL = 'https://git.example.com/ops/book/';
  const f = fact('totals.honeydue.requests.cpu');
  assert.equal(f.source.line, 0);
  assert.match(sourceLabel(f), /^derived from manifests\/$/);
  assert.equal(repositoryHref(f), null);
  assert.equal(configHref(f.key), `/config/#${factAnchor(f.key)}`);
});

test('an unknown key fails with the closest keys', () => {
  assert.throws(() => fact('deployment/api.replicaz'), /Closest keys: deployment\/api\.replicas/);
});

test('the reference rules name the MDX file, line and column of a broken key, and the closest keys', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { readBook } = await import('../../mdx/index.ts');
  const { checkParsedBook, humanFinding } = await import('../../check/index.ts');
  const { facts } = await import('../../src/lib/facts.ts');
  // The references no page can render, as the build reports them.
  const brokenRefs = (d: string) =>
    checkParsedBook(readBook(d), facts(), ['broken-fact-ref', 'broken-manifest-ref']).findings.map(
      humanFinding,
    );
  const dir = mkdtempSync(join(tmpdir(), 'hd-refs-'));
  try {
    writeFileSync(
      join(dir, 'a.mdx'),
      '---\ntitle: A\n---\n\nThe api runs <V k="deployment/api.replicas" /> pods.\nThe web runs <V k="deployment/web.replicaz" /> pods.\n',
    );
    writeFileSync(
      join(dir, 'b.mdx'),
      '---\ntitle: B\n---\n\n<Manifest file="api/deployment.yml" path="spec.replicas" />\n',
    );
    const problems = brokenRefs(dir);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(
      problems[0],
      /a\.mdx:6:\d+\s+BROKEN_REF\s+The fact key `deployment\/web\.replicaz`/,
    );
    assert.match(problems[0], /Closest keys: `deployment\/web\.replicas`/);
    assert.match(problems[1], /b\.mdx:5:1\s+BROKEN_REF\s+No manifest `api\/deployment\.yml`/);
    assert.match(problems[1], /api\/deployment\.yaml/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the build gate prints a finding as the check does, with every config line it depends on', async () => {
  const { gateBuild } = await import('../../src/lib/book-integration.ts');
  const { humanFinding } = await import('../../check/index.ts');
  const finding: Finding = {
    code: 'BROKEN_ASSUMPTION',
    ruleId: 'broken-assumption',
    file: 'src/content/docs/07-services.mdx',
    line: 12,
    col: 1,
    message: 'The paragraph assumes `deployment/worker.replicas == 1`.',
    hint: 'Re-read the paragraph.',
    config: { file: 'manifests/worker/deployment.yaml', line: 17 },
    related: [{ file: 'manifests/pod-disruption-budgets.yaml', line: 32 }],
  };
  const shown = humanFinding(finding);
  assert.match(shown, /\n {2}also: {3}manifests\/pod-disruption-budgets\.yaml:32\n/);
  const warned: string[] = [];
  const logger = { warn: (m: string) => void warned.push(m) };
  const saved = process.env.BOOK_ALLOW_DRIFT;
  try {
    delete process.env.BOOK_ALLOW_DRIFT;
    assert.throws(
      () => gateBuild(logger, [finding]),
      (e: Error) => e.message.includes(shown),
    );
    process.env.BOOK_ALLOW_DRIFT = '1';
    gateBuild(logger, [finding]);
    assert.equal(warned.length, 1);
    assert.ok(warned[0].includes(shown), warned[0]);
  } finally {
    if (saved === undefined) delete process.env.BOOK_ALLOW_DRIFT;
    else process.env.BOOK_ALLOW_DRIFT = saved;
  }
});
