/**
 * A chapter's bytes as the text Astro compiles: UTF-8, and free of characters that would
 * publish something other than what the source shows. Astro reads a chapter as UTF-8 and
 * turns each invalid byte into U+FFFD, so a chapter saved as Latin-1 is published garbled;
 * a control character or a bidirectional override is invisible in an editor and reorders or
 * breaks the published text.
 */
import { lineLocator, MdxSyntaxError } from './read.ts';

/** C0 controls other than tab, line feed and carriage return; DEL; the bidi embeddings and overrides. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e]/;

// The byte order mark is kept, as `readFileSync(file, 'utf8')` keeps it: positions stay those of the file.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether the first `n` bytes hold no invalid UTF-8 (an incomplete last sequence is allowed). */
function validPrefix(bytes: Uint8Array, n: number): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The chapter's text; throws MdxSyntaxError at the first byte or character it cannot publish. */
export function chapterText(bytes: Uint8Array, file: string): string {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    // The first invalid byte: the shortest prefix that does not decode, found by halving.
    let lo = 0;
    let hi = bytes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (validPrefix(bytes, mid + 1)) lo = mid + 1;
      else hi = mid;
    }
    // The byte that fails may end a sequence its lead byte opened: report the lead byte.
    let j = lo - 1;
    while (j >= 0 && lo - j <= 3 && (bytes[j] & 0xc0) === 0x80) j--;
    if (j >= 0 && bytes[j] >= 0xc0) {
      const need = bytes[j] >= 0xf0 ? 4 : bytes[j] >= 0xe0 ? 3 : 2;
      if (lo - j < need) lo = j;
    }
    const head = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, lo));
    const { line, col } = lineLocator(head)(head.length);
    const hex = bytes[lo].toString(16).toUpperCase().padStart(2, '0');
    throw new MdxSyntaxError(
      file,
      line,
      col,
      `The byte 0x${hex} is not UTF-8: the chapter is saved in another encoding, and the site would publish it garbled`,
      'Save the chapter as UTF-8 (in most editors: "Save with encoding", UTF-8).',
    );
  }
  const bad = FORBIDDEN.exec(text);
  if (bad) {
    const { line, col } = lineLocator(text)(bad.index);
    const code = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new MdxSyntaxError(
      file,
      line,
      col,
      `The invisible character ${code} (a control character or a bidirectional override) would break or reorder the published text`,
      'Delete the character: an editor that shows invisible characters finds it at this position.',
    );
  }
  return text;
}
