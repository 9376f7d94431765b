/**
 * Secrets never reach the site, whatever is committed: credentials planted in
 * every form (tests/fixtures/hostile/planted.ts) into a copy of the real
 * manifests, the site built from it, and every file of the output scanned —
 * HTML, JS, JSON, XML and the Pagefind index decompressed — as well as every
 * extract and check output format. Each sentinel must appear 0 times.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCheck } from '../../cli/check.ts';
import { runExtract } from '../../cli/extract.ts';
import { plant, SENTINELS, VISIBLE } from '../fixtures/hostile/planted.ts';
import { buildPreview, builtFiles, builtText } from './preview-build.ts';

const work = mkdtempSync(join(tmpdir(), 'hd-secrets-'));
const manifests = join(work, 'manifests');
const out = join(work, 'dist');

let built: string[] = [];

before(() => {
  cpSync('manifests', manifests, { recursive: true });
  plant(manifests);
  // Planted credentials and objects are drift: build the preview anyway.
  buildPreview(manifests, out, 'the planted manifests');
  built = builtFiles(out);
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the build wrote pages, scripts and a search index to scan', () => {
  const kinds = new Set(built.map((f) => /\.(\w+)$/.exec(f)?.[1]));
  for (const ext of ['html', 'js', 'pf_fragment', 'pf_index', 'pf_meta', 'xml'])
    assert.ok(kinds.has(ext), `no .${ext} file in the build`);
  // The index really was decompressed: fragments hold page text.
  const fragment = built.find((f) => f.endsWith('.pf_fragment'))!;
  assert.match(builtText(fragment), /"content"/);
});

test('no sentinel appears in any file of the built site', () => {
  const found: string[] = [];
  for (const f of built) {
    const text = builtText(f);
    for (const s of SENTINELS) if (text.includes(s)) found.push(`${relative(out, f)}: ${s}`);
  }
  assert.deepEqual(found, []);
});

test('the site still shows what only looks like a credential, and the planted objects', () => {
  const all = built
    .filter((f) => f.endsWith('.html'))
    .map(builtText)
    .join('\n');
  // The Config page lists every fact, the planted ConfigMap's identifier among them.
  assert.ok(all.includes(VISIBLE[0]), `${VISIBLE[0]} is missing from the site`);
});

for (const format of ['json', 'text', 'keys']) {
  test(`extract --format ${format} of the planted manifests shows no sentinel`, () => {
    const r = runExtract(['--manifests', manifests, '--format', format]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      SENTINELS.filter((s) => (r.stdout + r.stderr).includes(s)),
      [],
    );
  });
}

for (const format of ['json', 'human', 'github']) {
  test(`check --format ${format} of the planted manifests shows no sentinel`, () => {
    const r = runCheck(['--manifests', manifests, '--format', format]);
    assert.notEqual(r.code, 2, r.stderr);
    assert.deepEqual(
      SENTINELS.filter((s) => (r.stdout + r.stderr).includes(s)),
      [],
    );
  });
}
