/**
 * Bytes to text, with encodings told apart: UTF-8 with or without a byte
 * order mark is read; UTF-16 with a byte order mark is decoded (go-yaml, and
 * so kubectl, decodes it too); anything else names what it is and where.
 */
import { isUtf8 } from 'node:buffer';

export type Decoded =
  | { ok: true; text: string }
  | {
      ok: false;
      /** What is wrong, for the error catalogue. */
      problem: 'binary' | 'utf16-no-bom' | 'utf32' | 'invalid-utf8' | 'control-character';
      /** 1-based position of the offending byte or character in the text. */
      line: number;
      col: number;
      /** The offending byte (invalid UTF-8) or code point (control character). */
      value?: number;
    };

/** Magic numbers of formats that are never text. */
const BINARY_MAGIC: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x1f, 0x8b], // gzip
  [0x50, 0x4b, 0x03, 0x04], // zip, jar, docx
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46], // PDF
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
  [0xfd, 0x37, 0x7a, 0x58, 0x5a], // xz
];

const startsWith = (buf: Uint8Array, magic: number[]) => magic.every((b, i) => buf[i] === b);

/**
 * Binary is a judgement on the whole head of the file, not on one stray byte:
 * a known binary magic number, or NUL and other control bytes making up more
 * than a tenth of the first 8 KB. A text file with one NUL in it is text with
 * a bad character, and is reported at that character.
 */
function looksBinary(buf: Uint8Array): boolean {
  if (BINARY_MAGIC.some((m) => startsWith(buf, m))) return true;
  const head = buf.subarray(0, 8192);
  let control = 0;
  // An indexed loop: every manifest passes here, and a typed array's iterator is slow
  // until the function is optimised (a third of a cold history's decoding time).
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return head.length > 0 && control / head.length > 0.1;
}

/** UTF-16 text without a byte order mark: ASCII with a NUL in every other byte. */
function looksUtf16WithoutBom(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 512) & ~1;
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) even++;
    if (buf[i + 1] === 0) odd++;
  }
  return Math.max(even, odd) > n / 2 - n / 16 && Math.min(even, odd) === 0;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
function firstInvalidUtf8(buf: Uint8Array): number {
  // Valid text, the common case, is told by Node's native validator (the same rules);
  // the walk below only locates the first bad byte.
  if (isUtf8(buf)) return -1;
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined) return i;
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c < min || c > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** 1-based line and column (in UTF-16 units, as the YAML positions count) of a text offset. */
function position(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/**
 * Control characters YAML does not allow (libyaml refuses them, so kubectl
 * does): C0 except tab, LF and CR; DEL; C1 except NEL; U+FFFE and U+FFFF.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

export function decodeManifest(buf: Uint8Array): Decoded {
  if (startsWith(buf, [0xff, 0xfe, 0, 0]) || startsWith(buf, [0, 0, 0xfe, 0xff]))
    return { ok: false, problem: 'utf32', line: 1, col: 1 };
  let text: string;
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    try {
      text = new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(
        buf,
      );
    } catch {
      return { ok: false, problem: 'binary', line: 1, col: 1 };
    }
  } else {
    if (looksUtf16WithoutBom(buf)) return { ok: false, problem: 'utf16-no-bom', line: 1, col: 1 };
    if (looksBinary(buf)) return { ok: false, problem: 'binary', line: 1, col: 1 };
    const bad = firstInvalidUtf8(buf);
    if (bad >= 0) {
      // Positions count characters of the valid text before the bad byte.
      const before = new TextDecoder('utf-8').decode(buf.subarray(0, bad));
      const at = position(before, before.length);
      return { ok: false, problem: 'invalid-utf8', ...at, value: buf[bad] };
    }
    text = new TextDecoder('utf-8').decode(buf);
  }
  const m = FORBIDDEN.exec(text);
  if (m) {
    return {
      ok: false,
      problem: 'control-character',
      ...position(text, m.index),
      value: m[0].charCodeAt(0),
    };
  }
  return { ok: true, text };
}
