/**
 * Where a chapter's links lead: the address of the page a docs file becomes, and the ids its
 * page carries, computed the way Astro and Starlight make them, so that a link can be checked
 * without building the site.
 */
import { basename, relative, resolve, sep } from 'node:path';
import { slug as githubSlug } from 'github-slugger';
import {
  commandInvocations,
  commandTool,
  pageCommands,
  sharedCommands,
  toolAnchor,
} from './commands.ts';
import type { Chapter } from './types.ts';

/** The id a `<Cmd>` gives its block, from its title: stable, readable, linkable. */
export function commandAnchor(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `cmd-${slug}`;
}

/**
 * The address of the page a docs file becomes (`/07-services/`, `/runbooks/redis/`, `/` for
 * the index), or null when it becomes none: a file or folder whose name starts with `_`, and
 * a draft, which a production build leaves out. Astro's docs loader makes the address from the
 * path, each segment through github-slugger, unless the front matter sets `slug`.
 */
export function pageAddress(ch: Chapter, docsDir: string): string | null {
  const rel = relative(resolve(docsDir), resolve(ch.file)).split(sep).join('/');
  if (rel.startsWith('../') || rel.split('/').some((s) => s.startsWith('_'))) return null;
  // Read the front matter only when it may say so: parsing it is most of a chapter's reading cost.
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(ch.text)?.[1] ?? '';
  const says = (key: string) => new RegExp(`^${key}\\s*:`, 'm').test(fm);
  if (says('draft') && ch.frontmatter.draft === true) return null;
  const set = says('slug') ? ch.frontmatter.slug : undefined;
  const slug =
    typeof set === 'string'
      ? set.replace(/^\/+|\/+$/g, '')
      : rel
          .replace(/\.mdx?$/, '')
          .split('/')
          .map((s) => githubSlug(s))
          .join('/')
          .replace(/(^|\/)index$/, '');
  return slug ? `/${slug}/` : '/';
}

/** The titles of the shared command blocks (`<Cmd name>`), by name: what a `<Block name>` shows. */
export function sharedCommandTitles(chapters: readonly Chapter[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, el] of sharedCommands(chapters))
    if (el.attrs.title) out.set(name, el.attrs.title);
  return out;
}

/**
 * Every id the chapter's page carries in its content: its headings' ids, the ids of its HTML
 * elements and footnotes, and its command blocks' (a `<Cmd>`, or a `<Block>` showing a shared
 * one, whose title `shared` holds; see sharedCommandTitles). Starlight's `_top` (the page title) too.
 */
export function chapterAnchors(ch: Chapter, shared: ReadonlyMap<string, string>): Set<string> {
  const ids = new Set<string>(['_top', ...ch.headings.map((h) => h.slug), ...ch.ids]);
  for (const el of ch.elements) {
    const title =
      el.name === 'Cmd'
        ? el.attrs.title
        : el.name === 'Block'
          ? shared.get(el.attrs.name ?? '')
          : null;
    if (title) ids.add(commandAnchor(title));
  }
  return ids;
}

// ---------------------------------------------------------------------------
// Ids that generated pages write: each scheme here once, for the component that writes the
// id and for the check that must know it. Which pages carry them follows from the components
// a page uses (check/lib/page-anchors.ts), not from the pages' addresses.
// ---------------------------------------------------------------------------

/** A procedure's id (its heading on the Runbooks page, `/runbooks/<id>/`): its file's name. */
export function procedureId(file: string): string {
  return basename(file).replace(/\.mdx?$/, '');
}

/** The id the Runbooks page gives a symptom group's heading: the group's own id. */
export function procedureGroupAnchor(group: string): string {
  return group;
}

/** A page's procedure: its id and symptom group, when its front matter has `procedure.group`. */
export function procedureOf(ch: Chapter): { id: string; group: string } | null {
  const p = ch.frontmatter.procedure;
  const group = p && typeof p === 'object' ? (p as Record<string, unknown>).group : undefined;
  return typeof group === 'string' ? { id: procedureId(ch.file), group } : null;
}

/**
 * The procedure pages of the book, as the site reads them: the files directly in `runbooks/`
 * with `procedure.group` in their front matter that become pages (no `_` file, no draft).
 */
function procedurePages(chapters: readonly Chapter[], docsDir: string): Chapter[] {
  const inRunbooks = (ch: Chapter) =>
    /^runbooks\/[^/]+$/.test(relative(resolve(docsDir), resolve(ch.file)).split(sep).join('/'));
  return chapters.filter(
    (ch) => procedureOf(ch) && inRunbooks(ch) && pageAddress(ch, docsDir) !== null,
  );
}

/** The ids of the Runbooks page's index: every procedure's, and every group that has one. */
export function runbookIndexAnchors(chapters: readonly Chapter[], docsDir: string): Set<string> {
  const ids = new Set<string>();
  for (const ch of procedurePages(chapters, docsDir)) {
    const p = procedureOf(ch)!;
    ids.add(procedureGroupAnchor(p.group)).add(p.id);
  }
  return ids;
}

/**
 * The ids of the command index's tool headings, over every procedure's command blocks as
 * `fill` shows them (placeholders filled from the facts, see fillPlaceholders).
 */
export function commandIndexAnchors(
  chapters: readonly Chapter[],
  docsDir: string,
  fill: (code: string) => string,
): Set<string> {
  const shared = sharedCommands(chapters);
  const ids = new Set<string>();
  for (const ch of procedurePages(chapters, docsDir))
    for (const code of pageCommands(ch, shared))
      for (const command of commandInvocations(fill(code)))
        ids.add(toolAnchor(commandTool(command)));
  return ids;
}

/** The id of a footnote's entry in the citations index: its page's address, then its own id. */
export function citationAnchor(address: string, footnote: string): string {
  return `cite-${address.replace(/^\/+|\/+$/g, '') || 'index'}-${footnote}`;
}

/** The ids of the citations index: every footnote of every page. */
export function citationAnchors(chapters: readonly Chapter[], docsDir: string): Set<string> {
  const ids = new Set<string>();
  for (const ch of chapters) {
    const at = pageAddress(ch, docsDir);
    if (at) for (const f of ch.footnotes) ids.add(citationAnchor(at, f.id));
  }
  return ids;
}

/** The id of the change log's section on uncommitted changes. */
export const NOT_COMMITTED_ANCHOR = 'not-committed';

/** The id of a commit's section in the change log, by its short hash. */
export function commitAnchor(short: string): string {
  return `commit-${short}`;
}

/**
 * Whether an id is one the change log makes from git history (a commit's, or the uncommitted
 * changes'): such a section exists only while its commit is among the newest the page lists,
 * so no check of the chapters can vouch for it.
 */
export function isHistoryAnchor(id: string): boolean {
  return id === NOT_COMMITTED_ANCHOR || /^commit-[0-9a-f]{4,40}$/.test(id);
}
