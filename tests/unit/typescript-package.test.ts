/**
 * The type-stripped sources of a package published as TypeScript, cached on disk: the
 * same text as Node's stripper gives, read back on the next build, and never a failure
 * when the cache cannot be written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripped } from '../../src/lib/typescript-package.ts';

const SOURCE = 'export const answer: number = 42;\nexport type T = { a: string };\n';

function withCache<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'honeydue-ts-cache-'));
  process.env.HONEYDUE_TS_CACHE = dir;
  try {
    return fn(dir);
  } finally {
    delete process.env.HONEYDUE_TS_CACHE;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('strips as Node does, and stores the result under the text', () => {
  withCache((dir) => {
    const out = stripped(SOURCE);
    assert.equal(out, stripTypeScriptTypes(SOURCE));
    assert.doesNotMatch(out, /: number|type T/);
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0], /^[0-9a-f]{64}\.js$/);
  });
});

test('the next call reads the stored text instead of stripping again', () => {
  withCache((dir) => {
    stripped(SOURCE);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file), 'export const answer = "from the cache";\n');
    assert.equal(stripped(SOURCE), 'export const answer = "from the cache";\n');
    assert.notEqual(stripped(`${SOURCE}// changed\n`), 'export const answer = "from the cache";\n');
  });
});

test('a store that fails leaves no temporary file behind', () => {
  withCache((dir) => {
    stripped(SOURCE);
    const [file] = readdirSync(dir);
    rmSync(join(dir, file));
    mkdirSync(join(dir, file)); // the stored name is taken by a folder: the rename fails
    assert.equal(stripped(SOURCE), stripTypeScriptTypes(SOURCE));
    assert.deepEqual(readdirSync(dir), [file]);
  });
});

test('a cache that cannot be written costs only the time', (t) => {
  if (process.getuid?.() === 0) {
    // root writes through permissions: point the cache at a file instead of a folder.
    withCache((dir) => {
      const blocked = join(dir, 'not-a-folder');
      writeFileSync(blocked, '');
      process.env.HONEYDUE_TS_CACHE = join(blocked, 'cache');
      assert.equal(stripped(SOURCE), stripTypeScriptTypes(SOURCE));
    });
    return;
  }
  withCache((dir) => {
    chmodSync(dir, 0o500);
    assert.equal(stripped(SOURCE), stripTypeScriptTypes(SOURCE));
    chmodSync(dir, 0o700);
  });
  t.diagnostic('checked with a read-only folder');
});
