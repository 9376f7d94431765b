/**
 * Every id a page of the book carries: those its MDX gives (headings, HTML ids, footnotes,
 * command blocks), and those the components it uses generate from data — the Config page's
 * sections, objects and fact rows from the facts, the command index's tools, the Runbooks
 * page's groups and procedures, the citations index's entries from the chapters. Each scheme
 * is the one function the component renders with (engine/config-page.ts, mdx/anchors.ts,
 * mdx/commands.ts), given the same data, so a link the check accepts is one the site builds.
 */
import { configAnchors, type ExtractResult } from '../../engine/index.ts';
import {
  chapterAnchors,
  citationAnchors,
  commandIndexAnchors,
  fillPlaceholders,
  placeholderText,
  runbookIndexAnchors,
  sharedCommandTitles,
  type Book,
  type Chapter,
} from '../../mdx/index.ts';

type Generator = (book: Book, result: ExtractResult) => Set<string>;

/** The components that write ids of their own, by the name a page's MDX uses them under. */
export const ID_COMPONENTS: Readonly<Record<string, Generator>> = {
  FactIndex: (_book, result) => configAnchors(result),
  CommandIndex: (book, result) =>
    commandIndexAnchors(book.chapters, book.dir, (code) =>
      fillPlaceholders(code, (key) => {
        const f = result.registry.get(key);
        return f ? placeholderText(f.value) : undefined;
      }),
    ),
  RunbookIndex: (book) => runbookIndexAnchors(book.chapters, book.dir),
  Citations: (book) => citationAnchors(book.chapters, book.dir),
};

/**
 * The component whose ids come from git history (`commit-<short>`, `not-committed`): known
 * to no check of the chapters, since a commit's section leaves the page as newer ones arrive.
 */
export const HISTORY_COMPONENT = 'ChangeLog';

/** Whether a page's MDX uses a component. */
export const uses = (ch: Chapter, component: string): boolean =>
  ch.elements.some((el) => el.name === component);

/**
 * A page → every id it carries; each page's set, and each component's, is computed once,
 * on first use (most links go to headings of pages without generated ids).
 */
export function pageAnchors(book: Book, result: ExtractResult): (ch: Chapter) => Set<string> {
  const shared = sharedCommandTitles(book.chapters);
  const generated = new Map<string, Set<string>>();
  const pages = new Map<Chapter, Set<string>>();
  const of = (name: string) => {
    let ids = generated.get(name);
    if (!ids) generated.set(name, (ids = ID_COMPONENTS[name](book, result)));
    return ids;
  };
  return (ch) => {
    let ids = pages.get(ch);
    if (ids) return ids;
    ids = chapterAnchors(ch, shared);
    for (const name of Object.keys(ID_COMPONENTS))
      if (uses(ch, name)) for (const id of of(name)) ids.add(id);
    pages.set(ch, ids);
    return ids;
  };
}
