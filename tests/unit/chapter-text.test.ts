/**
 * A chapter's bytes: UTF-8 and nothing invisible that would garble, break or reorder the
 * published page. Each refusal is INVALID_MDX (exit 2) at the line and column of the first
 * bad byte or character, computed here from the fixture, with a hint that says what to do.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCheck } from '../../cli/check.ts';
import { MdxSyntaxError } from '../../mdx/index.ts';
import { chapterText } from '../../mdx/text.ts';

const HEAD = '---\ntitle: T\n---\n\n';

function refusal(bytes: Uint8Array): MdxSyntaxError {
  try {
    chapterText(bytes, 'a.mdx');
  } catch (e) {
    assert.ok(e instanceof MdxSyntaxError, String(e));
    return e;
  }
  assert.fail('the chapter was accepted');
}

describe('chapter text', () => {
  test('UTF-8 with any script, tabs, CRLF line ends and a byte order mark is read as written', () => {
    const text = `\ufeff${HEAD.replace(/\n/g, '\r\n')}Café, Größe, 東京, emoji 🚀\tand a tab.\r\n`;
    assert.equal(chapterText(Buffer.from(text), 'a.mdx'), text);
  });

  test('a Latin-1 byte is reported at the character it starts, not at the byte after it', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEAD}Caf`),
      Buffer.from([0xe9]),
      Buffer.from(' au lait\n'),
    ]);
    const e = refusal(bytes);
    assert.deepEqual([e.line, e.col], [5, 4]);
    assert.match(e.reason, /0xE9 is not UTF-8/);
    assert.match(e.hint ?? '', /Save the chapter as UTF-8/);
  });

  test('a sequence cut off at the end of the file, and a stray continuation byte', () => {
    const cut = refusal(Buffer.concat([Buffer.from(`${HEAD}ok `), Buffer.from([0xe6, 0x9d])]));
    assert.deepEqual([cut.line, cut.col, /0xE6/.test(cut.reason)], [5, 4, true]);
    const stray = refusal(Buffer.concat([Buffer.from(`${HEAD}a\nbc`), Buffer.from([0x80])]));
    assert.deepEqual([stray.line, stray.col, /0x80/.test(stray.reason)], [6, 3, true]);
  });

  test('a NUL, an escape and a right-to-left override are refused; their code points are named', () => {
    for (const [ch, code] of [
      ['\u0000', 'U+0000'],
      ['\u001b', 'U+001B'],
      ['\u202e', 'U+202E'],
    ]) {
      const e = refusal(Buffer.from(`${HEAD}one\ntwo${ch}three\n`));
      assert.deepEqual([e.line, e.col], [6, 4], code);
      assert.ok(e.reason.includes(code), e.reason);
    }
  });

  test('end to end: a chapter saved as Latin-1 → INVALID_MDX, exit 2, at the byte', () => {
    const docs = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-text-'));
    try {
      fs.writeFileSync(
        path.join(docs, 'a.mdx'),
        Buffer.concat([Buffer.from(`${HEAD}Na`), Buffer.from([0xef]), Buffer.from('ve\n')]),
      );
      const r = runCheck(['--docs', docs, '--format', 'json']);
      assert.equal(r.code, 2, r.stderr);
      const { findings } = JSON.parse(r.stdout) as {
        findings: { code: string; ruleId: string; file: string; line: number; col: number }[];
      };
      const f = findings.find((x) => x.code === 'INVALID_MDX');
      assert.ok(f, JSON.stringify(findings));
      assert.deepEqual(
        [f.ruleId, path.basename(f.file), f.line, f.col],
        ['invalid-mdx', 'a.mdx', 5, 3],
      );
    } finally {
      fs.rmSync(docs, { recursive: true, force: true });
    }
  });
});
