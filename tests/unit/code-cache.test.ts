/**
 * The code-block cache serves a block exactly as Expressive Code renders it: blocks are
 * stored without the page-level extras (Expressive Code's stylesheet link and script, at
 * the start of a page's first block), and a page's first block gets them back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cachedCodeBlock,
  codeBlockKey,
  firstOnPage,
  flushCodeCache,
  splitExtras,
  storeCodeBlock,
  withExtras,
} from '../../src/lib/code-cache.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hd-code-cache-'));
  process.env.HONEYDUE_CODE_CACHE = dir;
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.HONEYDUE_CODE_CACHE;
});

test('a key depends on every prop and the locale, not on their order', () => {
  const a = codeBlockKey({ code: 'ls', lang: 'bash', frame: 'code' }, 'en');
  assert.equal(a, codeBlockKey({ frame: 'code', lang: 'bash', code: 'ls' }, 'en'));
  assert.notEqual(a, codeBlockKey({ code: 'ls -l', lang: 'bash', frame: 'code' }, 'en'));
  assert.notEqual(a, codeBlockKey({ code: 'ls', lang: 'sh', frame: 'code' }, 'en'));
  assert.notEqual(a, codeBlockKey({ code: 'ls', lang: 'bash' }, 'en'));
  assert.notEqual(a, codeBlockKey({ code: 'ls', lang: 'bash', frame: 'code' }, 'fr'));
});

const EXTRAS =
  '<link rel="stylesheet" href="/_astro/ec.x.css"><script type="module" src="/_astro/ec.x.js"></script>';
const block = (body: string) => `<div class="expressive-code"><figure>${body}</figure></div>`;
const firstBlock = (body: string) =>
  `<div class="expressive-code">${EXTRAS}<figure>${body}</figure></div>`;

test('the page-level extras come off a block and go back where they were', () => {
  assert.deepEqual(splitExtras(firstBlock('a')), { block: block('a'), extras: EXTRAS });
  assert.deepEqual(splitExtras(block('a')), { block: block('a'), extras: null });
  assert.equal(withExtras(block('a'), EXTRAS), firstBlock('a'));
  // A block whose code shows markup holds it escaped: nothing is taken from inside it.
  const shown = block('&lt;link rel="stylesheet"&gt;');
  assert.deepEqual(splitExtras(shown), { block: shown, extras: null });
});

test('a stored block is served again and kept on disk, without the extras', () => {
  const a = codeBlockKey({ code: 'kubectl get pods', lang: 'bash' }, undefined);
  // A cold cache: nothing to serve, not even for a page's first block.
  assert.equal(cachedCodeBlock(a, false), null);
  assert.equal(cachedCodeBlock(a, true), null);
  // The first block Expressive Code renders on a page carries the extras.
  assert.equal(storeCodeBlock(a, firstBlock('a'), true), firstBlock('a'));
  flushCodeCache();
  const pack = JSON.parse(readFileSync(join(dir, 'blocks.json'), 'utf8'));
  assert.equal(pack.blocks[a], block('a'));
  assert.equal(pack.extras, EXTRAS);
  assert.equal(cachedCodeBlock(a, false), block('a'));
  assert.equal(cachedCodeBlock(a, true), firstBlock('a'));
});

test('a page shows the extras once, on its first block, whichever block Expressive Code put them on', () => {
  const b = codeBlockKey({ code: 'kubectl get nodes', lang: 'bash' }, undefined);
  // The page's first block came from the cache, so Expressive Code's own first render
  // on the page is a later block: it carries the extras, the page shows it without them.
  assert.equal(storeCodeBlock(b, firstBlock('b'), false), block('b'));
  // A first block Expressive Code rendered without them gets them back.
  assert.equal(storeCodeBlock(b, block('b'), true), firstBlock('b'));
  assert.ok(
    readdirSync(dir).every((f) => !f.startsWith('.')),
    'no temporary file left',
  );
});

test('only the first block a page asks for counts as its first', () => {
  const page = {};
  assert.equal(firstOnPage(page), true);
  assert.equal(firstOnPage(page), false);
  assert.equal(firstOnPage({}), true);
});
