/** Reads every chapter of a docs folder into the book model. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { MdxSyntaxError, readChapter } from './read.ts';
import { chapterText } from './text.ts';
import type { Book, Chapter } from './types.ts';

/**
 * A chapter, or a folder of the docs, that cannot be read (no permission, an I/O error): bad
 * input, reported as the manifests report theirs (UNREADABLE_FILE), at 1:1 of a file and at
 * 0:0 of a folder, which has no line.
 */
export class UnreadableError extends Error {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** The path the message quotes: relative to the docs folder, `.` for the folder itself. */
  readonly path: string;
  /** Why, in words: `permission denied`, `i/o error`. */
  readonly reason: string;
  constructor(file: string, folder: boolean, path: string, reason: string) {
    super(`${file}:${folder ? '0:0' : '1:1'}  \`${path}\` cannot be read: ${reason}.`);
    this.file = file;
    this.line = folder ? 0 : 1;
    this.col = folder ? 0 : 1;
    this.path = path;
    this.reason = reason;
  }
}

/** Every chapter that does not parse or cannot be read, each with its position: reported together. */
export class MdxErrors extends Error {
  readonly errors: MdxSyntaxError[];
  readonly unreadable: UnreadableError[];
  constructor(errors: MdxSyntaxError[], unreadable: UnreadableError[] = []) {
    super([...unreadable, ...errors].map((e) => e.message).join('\n'));
    this.errors = errors;
    this.unreadable = unreadable;
  }
}

/** A read error in words, without the path, as engine/load.ts words a manifest's. */
function ioReason(e: unknown): string {
  const { code, message } = e as NodeJS.ErrnoException;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return /^[A-Z]+: ([^,]+)/.exec(message ?? '')?.[1] ?? code ?? String(e);
}

/** The path a chapter is reported under: relative to the working directory when inside it. */
export function displayPath(abs: string): string {
  const r = relative(process.cwd(), abs);
  return (r.startsWith('..') ? abs : r).split(sep).join('/');
}

/**
 * The Markdown and MDX files under a folder, sorted by path. A folder that cannot be listed
 * goes to `unreadable` and the others are still walked; without one, it throws.
 */
export function chapterFiles(
  dir: string,
  unreadable?: (folder: string, e: unknown) => void,
): string[] {
  const out: string[] = [];
  const visit = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (e) {
      if (!unreadable) throw e;
      unreadable(folder, e);
      return;
    }
    for (const entry of entries) {
      const full = join(folder, entry.name);
      // As a recursive readdir lists them: links are listed, never walked into.
      if (entry.isDirectory()) visit(full);
      else if (/\.mdx?$/.test(entry.name)) out.push(full);
    }
  };
  visit(resolve(dir));
  return out.sort();
}

/**
 * Chapters read so far, by absolute path, kept while the file's text is unchanged. On
 * `globalThis` because an Astro build loads this module twice (for the config's drift
 * check and sidebar, and again inside the page bundle): both copies parse each page once.
 */
const read = ((globalThis as Record<symbol, unknown>)[Symbol.for('honeydue.mdx.read')] ??=
  new Map()) as Map<string, { text: string; file: string; chapter: Chapter }>;

/**
 * Reads one file: `.md` as Markdown, `.mdx` as MDX, as Astro compiles them. Throws
 * UnreadableError (quoting `path`) when the file cannot be read, MdxSyntaxError when it does
 * not parse.
 */
export function readChapterFile(abs: string, file = displayPath(abs), path = file): Chapter {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    throw new UnreadableError(file, false, path, ioReason(e));
  }
  const text = chapterText(bytes, file);
  const key = resolve(abs);
  const hit = read.get(key);
  if (hit && hit.text === text && hit.file === file) return hit.chapter;
  const chapter = readChapter(text, file, { markdown: abs.endsWith('.md') });
  read.set(key, { text, file, chapter });
  return chapter;
}

/**
 * Reads a docs folder. Throws MdxErrors listing every chapter that does not parse and every
 * chapter or folder that cannot be read.
 */
export function readBook(dir: string): Book {
  const root = resolve(dir);
  const chapters: Chapter[] = [];
  const errors: MdxSyntaxError[] = [];
  const unreadable: UnreadableError[] = [];
  const inside = (abs: string) => relative(root, abs).split(sep).join('/') || '.';
  const files = chapterFiles(root, (folder, e) =>
    unreadable.push(new UnreadableError(displayPath(folder), true, inside(folder), ioReason(e))),
  );
  for (const abs of files) {
    try {
      chapters.push(readChapterFile(abs, displayPath(abs), inside(abs)));
    } catch (e) {
      if (e instanceof MdxSyntaxError) errors.push(e);
      else if (e instanceof UnreadableError) unreadable.push(e);
      else throw e;
    }
  }
  if (errors.length || unreadable.length) throw new MdxErrors(errors, unreadable);
  return { dir: root, chapters };
}
