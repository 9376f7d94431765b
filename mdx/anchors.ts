/**
 * Where a chapter's links lead: the address of the page a docs file becomes, and the ids its
 * page carries, computed the way Astro and Starlight make them, so that a link can be checked
 * without building the site.
 */
import { relative, resolve, sep } from 'node:path';
import { slug as githubSlug } from 'github-slugger';
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
  for (const ch of chapters)
    for (const el of ch.elements)
      if (el.name === 'Cmd' && el.attrs.name && el.attrs.title)
        out.set(el.attrs.name, el.attrs.title);
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
