/** Reads every chapter of a docs folder into the book model. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { MdxSyntaxError, readChapter } from './read.ts';
import type { Book, Chapter } from './types.ts';

/** Every chapter that does not parse, each with its position: reported together. */
export class MdxErrors extends Error {
  readonly errors: MdxSyntaxError[];
  constructor(errors: MdxSyntaxError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.errors = errors;
  }
}

/** The path a chapter is reported under: relative to the working directory when inside it. */
export function displayPath(abs: string): string {
  const r = relative(process.cwd(), abs);
  return (r.startsWith('..') ? abs : r).split(sep).join('/');
}

/** The Markdown and MDX files under a folder, sorted by path. */
export function chapterFiles(dir: string): string[] {
  const root = resolve(dir);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => join(root, f))
    .sort();
}

/**
 * Chapters read so far, by absolute path, kept while the file's text is unchanged. On
 * `globalThis` because an Astro build loads this module twice (for the config's drift
 * check and sidebar, and again inside the page bundle): both copies parse each page once.
 */
const read = ((globalThis as Record<symbol, unknown>)[Symbol.for('honeydue.mdx.read')] ??=
  new Map()) as Map<string, { text: string; file: string; chapter: Chapter }>;

/** Reads one file: `.md` as Markdown, `.mdx` as MDX, as Astro compiles them. */
export function readChapterFile(abs: string, file = displayPath(abs)): Chapter {
  const text = readFileSync(abs, 'utf8');
  const key = resolve(abs);
  const hit = read.get(key);
  if (hit && hit.text === text && hit.file === file) return hit.chapter;
  const chapter = readChapter(text, file, { markdown: abs.endsWith('.md') });
  read.set(key, { text, file, chapter });
  return chapter;
}

/** Reads a docs folder. Throws MdxErrors listing every chapter that does not parse. */
export function readBook(dir: string): Book {
  const chapters: Chapter[] = [];
  const errors: MdxSyntaxError[] = [];
  for (const abs of chapterFiles(dir)) {
    try {
      chapters.push(readChapterFile(abs));
    } catch (e) {
      if (!(e instanceof MdxSyntaxError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length) throw new MdxErrors(errors);
  return { dir: resolve(dir), chapters };
}
