/**
 * The code-block cache serves a block exactly as Expressive Code rendered it, never the
 * first block of a page (which carries the page's stylesheet and script), and never HTML
 * holding those page-level extras.
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
  storeCodeBlock,
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

test('a stored block is served again, from disk', () => {
  const key = codeBlockKey({ code: 'kubectl get pods', lang: 'bash' }, undefined);
  assert.equal(cachedCodeBlock(key), null);
  const html = '<div class="expressive-code"><figure>…</figure></div>';
  storeCodeBlock(key, html);
  assert.equal(cachedCodeBlock(key), html);
  assert.equal(readFileSync(join(dir, `${key}.html`), 'utf8'), html);
});

test('HTML with the page-level stylesheet or script is not stored', () => {
  for (const extra of [
    '<link rel="stylesheet" href="/_astro/ec.x.css">',
    '<script type="module" src="/_astro/ec.x.js"></script>',
  ]) {
    const key = codeBlockKey({ code: extra, lang: 'html' }, undefined);
    storeCodeBlock(key, `<div class="expressive-code">${extra}<figure></figure></div>`);
    assert.equal(cachedCodeBlock(key), null);
  }
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
