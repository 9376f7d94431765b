/**
 * Reads the book's own MDX (Node-only) for the generated pages: the chapters, and every
 * page written by hand (the About page, the chapters, the procedures) for the citations of
 * Appendix D and the places the Config page lists. The procedures, the Runbooks page and
 * Appendix B's command index are read by procedures.ts.
 */
import { existsSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import {
  chapterFiles,
  fillPlaceholders,
  pageAddress,
  placeholderText,
  readChapterFile,
  type Chapter as ChapterModel,
} from '../../mdx/index.ts';
import { facts } from './facts.ts';
import { shared } from './process-store.ts';
import { invalidateProcedures, procedures } from './procedures.ts';

export const DOCS_DIR = 'src/content/docs';

export interface Chapter {
  slug: string;
  /** The page's address: `/07-services/`, `/runbooks/redis/`, `/` for the About page. */
  href: string;
  file: string;
  title: string;
  text: string;
  /** The chapter read by the MDX reader: elements, headings, footnotes… with positions. */
  model: ChapterModel;
}

/** Shared by the integration's copy of this module and the pages' copy (process-store.ts). */
const store = shared<{ chapters: Chapter[] | null }>('chapters', () => ({ chapters: null }));

/**
 * Forgets the chapters and procedures read: the next call reads the docs again (`astro dev`,
 * on an edit; unchanged files are not parsed again, see readChapterFile).
 */
export function invalidateChapters(): void {
  store.chapters = null;
  invalidateProcedures();
}

/**
 * Every chapter file that becomes a page, in file order (00…20, then appendices). Its address
 * is pageAddress's, which the check uses too (a `slug:` in the front matter moves the page); a
 * draft becomes no page in the build and is left out.
 */
export function chapters(): Chapter[] {
  if (store.chapters) return store.chapters;
  store.chapters = chapterFiles(DOCS_DIR)
    .filter((abs) => /^(\d\d-|appendix-)/.test(basename(abs)))
    .flatMap((abs) => {
      const f = basename(abs);
      const model = readChapterFile(abs, `${DOCS_DIR}/${f}`);
      const href = pageAddress(model, DOCS_DIR);
      if (!href) return [];
      // The file's stem, not the address: placesOf reads the chapter's number from it.
      const slug = f.replace(/\.mdx?$/, '');
      return [{ slug, href, file: model.file, title: model.title ?? f, text: model.text, model }];
    });
  return store.chapters;
}

/** Replaces `{{key}}` placeholders with the facts' values. */
export function fillCommand(code: string): string {
  const { registry } = facts();
  return fillPlaceholders(code, (key) => {
    const f = registry.get(key);
    if (!f)
      throw new Error(
        `Unknown fact key \`${key}\` in a command. Closest keys: ${registry.closest(key).join(', ')}.`,
      );
    return placeholderText(f.value);
  });
}

export interface Citation {
  chapter: Chapter;
  id: string;
  text: string;
  url: string | null;
}

/** The About page (`index.mdx`, the site's home), when the book has one. */
function aboutPage(): Chapter[] {
  const file = `${DOCS_DIR}/index.mdx`;
  if (!existsSync(file)) return [];
  const model = readChapterFile(file, file);
  const href = pageAddress(model, DOCS_DIR);
  if (!href) return [];
  const title = model.title ?? 'About this book';
  return [{ slug: 'index', href, file, title, text: model.text, model }];
}

/**
 * Every page written by hand, in reading order: the About page, the chapters (00…20, then
 * the appendices), then the procedures (under `runbooks/<id>`, in Runbooks order).
 */
export function pages(): Chapter[] {
  return [
    ...aboutPage(),
    ...chapters(),
    ...procedures().map((p) => ({
      slug: `runbooks/${p.id}`,
      href: p.href,
      file: p.file,
      title: p.title,
      text: p.model.text,
      model: p.model,
    })),
  ];
}

/**
 * The pages generated around their MDX (the Config page, the Runbooks page…): pages too, whose
 * footnotes Appendix D lists like any other's (the check knows their ids the same way).
 */
function otherPages(): Chapter[] {
  const known = new Set(pages().map((c) => resolve(c.file)));
  return chapterFiles(DOCS_DIR).flatMap((abs) => {
    if (known.has(abs)) return [];
    const file = relative(process.cwd(), abs).split(sep).join('/');
    const model = readChapterFile(abs, file);
    const href = pageAddress(model, DOCS_DIR);
    if (!href) return [];
    const slug = relative(DOCS_DIR, abs)
      .split(sep)
      .join('/')
      .replace(/\.mdx?$/, '');
    return [{ slug, href, file, title: model.title ?? slug, text: model.text, model }];
  });
}

/** Every footnote of every page, in reading order (Appendix D). */
export function citations(): Citation[] {
  return [...pages(), ...otherPages()].flatMap((c) =>
    c.model.footnotes.map((f) => ({
      chapter: c,
      id: f.id,
      text: f.text,
      url: /(https?:\/\/[^\s)>]+)/.exec(f.text)?.[1] ?? null,
    })),
  );
}
