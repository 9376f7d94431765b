/**
 * engine/decode.ts at the byte level: which bytes are text, and where the first bad
 * one is. Every manifest passes here, so the fast paths (Node's UTF-8 validator, the
 * control-byte count) must judge exactly as the rules they stand for.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeManifest } from '../../engine/decode.ts';

const PREFIX = 'kind: ConfigMap\nname: ab';
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

describe('decodeManifest: UTF-8 as RFC 3629 defines it', () => {
  const illFormed: [string, number[]][] = [
    ['an overlong two-byte NUL', [0xc0, 0x80]],
    ['an overlong two-byte form of "?"', [0xc1, 0xbf]],
    ['an overlong three-byte form', [0xe0, 0x80, 0x80]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lead byte that never starts a sequence', [0xf5, 0x80, 0x80, 0x80]],
    ['a continuation byte on its own', [0x80]],
    ['a sequence cut short', [0xe2, 0x82, 0x41]],
  ];
  for (const [what, seq] of illFormed)
    test(`${what} is invalid-utf8 at its first byte`, () => {
      const d = decodeManifest(bytes(PREFIX, seq, 'c\n'));
      assert.equal(d.ok, false);
      if (d.ok) return;
      assert.equal(d.problem, 'invalid-utf8');
      assert.deepEqual([d.line, d.col, d.value], [2, 'name: ab'.length + 1, seq[0]]);
    });

  test('a sequence cut short by the end of the file is invalid at its first byte', () => {
    const d = decodeManifest(bytes(PREFIX, [0xf0, 0x9f, 0x98]));
    assert.ok(!d.ok && d.problem === 'invalid-utf8' && d.col === 9 && d.value === 0xf0);
  });

  test('two-, three- and four-byte characters at the edges of their ranges are text', () => {
    const text = 'name: \u00a0\u07ff\u0800\ud7ff\ue000\uffef\u{10000}\u{10ffff}é€😀\n';
    const d = decodeManifest(bytes(text));
    assert.deepEqual(d, { ok: true, text });
  });
});

describe('decodeManifest: binary is a tenth of control bytes in the head', () => {
  const withControls = (n: number, of: number) => {
    const b = new Uint8Array(of).fill(0x61);
    return b.fill(0x01, of - n);
  };

  test('more than a tenth of the first 8 KB → binary at 1:1', () => {
    const d = decodeManifest(withControls(101, 1000));
    assert.ok(!d.ok && d.problem === 'binary' && d.line === 1 && d.col === 1);
  });

  test('a tenth or less → text with a bad character, reported where it is', () => {
    const d = decodeManifest(withControls(100, 1000));
    assert.ok(!d.ok && d.problem === 'control-character', JSON.stringify(d));
    assert.deepEqual([d.line, d.col, d.value], [1, 901, 1]);
  });

  test('control bytes past the first 8 KB do not count', () => {
    const b = new Uint8Array(20_000).fill(0x61);
    b.fill(0x02, 8192);
    const d = decodeManifest(b);
    assert.ok(!d.ok && d.problem === 'control-character' && d.col === 8193, JSON.stringify(d));
  });
});
