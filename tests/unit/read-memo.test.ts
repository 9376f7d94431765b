/**
 * A page is parsed once per build however many modules ask for it (the config's drift
 * check and sidebar, the page bundle's readers), and parsed again as soon as its text changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChapterFile } from '../../mdx/index.ts';

test('readChapterFile reuses a parse while the text is unchanged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hd-read-memo-'));
  try {
    const file = join(dir, 'a.mdx');
    writeFileSync(file, '# One\n\nText.\n');
    const first = readChapterFile(file, 'a.mdx');
    assert.equal(readChapterFile(file, 'a.mdx'), first);
    // Reported under another path: its positions name that path, so it is its own reading.
    const other = readChapterFile(file, 'b.mdx');
    assert.notEqual(other, first);
    assert.equal(other.file, 'b.mdx');
    writeFileSync(file, '# Two\n\nText.\n');
    const edited = readChapterFile(file, 'a.mdx');
    assert.notEqual(edited, first);
    assert.equal(edited.headings[0].text, 'Two');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
