/**
 * A link in the book must lead somewhere: to a page of the book, to a heading or
 * an anchor on that page, or to a file the site serves from `public/`. Read from
 * the chapters as written, so a broken link fails the check at its line, before
 * anything is built. Page addresses and heading ids are made the way Astro and
 * Starlight make them (mdx/anchors.ts), and a page's generated ids (the Config page's
 * facts, the command index's tools…) by the functions its components render them with
 * (check/lib/page-anchors.ts); links to other sites are not followed.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { clip, nearest } from '../../engine/index.ts';
import { isHistoryAnchor, pageAddress, type Chapter, type Link } from '../../mdx/index.ts';
import { HISTORY_COMPONENT, pageAnchors, uses } from '../lib/page-anchors.ts';
import { defineRule } from '../rule.ts';

/** Any scheme (`https:`, `mailto:`) or a protocol-relative `//host`: another site's address. */
const ELSEWHERE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
/** An address of a file rather than a page: its last segment has an extension. */
const FILE = /\/[^/]+\.[A-Za-z0-9]+$/;
/** Any origin will do: links are resolved against a page's address to split path and hash. */
const ORIGIN = 'https://book.invalid';

/** The site's files: `public/` of the project the docs folder is in (`<root>/src/content/docs`). */
function publicDir(docsDir: string): string {
  const dir = resolve(docsDir);
  const root = /[\\/]src[\\/]content[\\/]docs$/.test(dir)
    ? resolve(dir, '../../..')
    : resolve(dir, '..');
  return resolve(root, 'public');
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export default defineRule({
  meta: {
    id: 'broken-link',
    code: 'BROKEN_REF',
    description:
      'A link to a page the book does not have, to a heading or anchor its page does not have (the ids its components generate count; the change log’s, made from git history, do not), or to a file `public/` does not hold; or a page address without its trailing slash.',
    messages: {
      page: 'The link goes to `{{path}}`, which is no page of the book.',
      file: 'The link goes to `{{path}}`, which is neither a page of the book nor a file in public/.',
      hash: 'The link goes to `#{{hash}}` on {{page}}, which has no heading or anchor with that id.',
      history:
        'The link goes to `#{{hash}}` on {{page}}, an id the change log makes from git history: the check cannot vouch for it, and the section leaves the page once newer commits push it out.',
      slash:
        'The link `{{url}}` lacks the trailing slash every page address of the book ends with.',
    },
    hints: {
      page: 'Pages with a similar address: {{closest}}.',
      file: 'Put the file in public/, or link to a page.',
      hash: 'Ids on {{page}} like it: {{closest}}. A heading’s id is its text in lower case, spaces as hyphens, punctuation dropped; a repeated heading gets `-1`, `-2`.',
      slash: 'Write `{{fixed}}`.',
      history:
        'Link to the page itself ({{page}}), or to the commit in the repository, which stays.',
    },
    fix: 'Link to a page and heading that exist (the hint names the closest), with the address’s trailing slash.',
    docs: '#rule-broken-link',
  },
  create(context) {
    return {
      bookEnd(book) {
        const files = publicDir(book.dir);
        const pages = new Map<string, Chapter>();
        const address = new Map<Chapter, string | null>();
        const anchorsOf = pageAnchors(book, context.result);
        for (const ch of book.chapters) {
          const at = pageAddress(ch, book.dir);
          address.set(ch, at);
          if (at && !pages.has(at)) pages.set(at, ch);
        }
        const addresses = [...pages.keys()].sort();

        const check = (ch: Chapter, link: Link, from: string | null) => {
          const url = link.url.trim();
          if (!url || ELSEWHERE.test(url) || url.startsWith('?')) return;
          // A hash or relative link in a file that is no page: its page is wherever it is shown.
          if (!from && !url.startsWith('/')) return;
          let target: URL;
          try {
            target = new URL(url, ORIGIN + (from ?? '/'));
          } catch {
            return;
          }
          // `\\host` is another site too, as browsers read it.
          if (target.origin !== ORIGIN) return;
          const at = { file: ch.file, line: link.line, col: link.col };
          const path = decode(target.pathname);
          const hash = decode(target.hash.slice(1));
          // Quoted in messages cut to a readable length; the link's position says which it is.
          const [shownPath, shownHash, shownUrl] = [path, hash, url].map((s) => clip(s, 200));
          let page = pages.get(path.endsWith('/') ? path : `${path}/`);
          if (!page && FILE.test(path)) {
            const file = resolve(files, `.${path}`);
            if (!(file.startsWith(files) && existsSync(file) && statSync(file).isFile()))
              context.report({ messageId: 'file', data: { path: shownPath }, ...at });
            return;
          }
          if (!page) {
            const closest = nearest(path, addresses, 3);
            context.report({
              messageId: 'page',
              data: {
                path: shownPath,
                closest: closest.map((a) => `\`${a}\``).join(', ') || 'none',
              },
              ...at,
            });
            return;
          }
          if (hash && !anchorsOf(page).has(hash)) {
            const name = `\`${address.get(page)}\``;
            const shownPage = page === ch ? 'this page' : name;
            if (uses(page, HISTORY_COMPONENT) && isHistoryAnchor(hash)) {
              context.report({
                messageId: 'history',
                data: { hash: shownHash, page: shownPage },
                ...at,
              });
              return;
            }
            const ids = [...anchorsOf(page)].filter((id) => id !== '_top');
            context.report({
              messageId: 'hash',
              data: {
                hash: shownHash,
                page: shownPage,
                closest:
                  nearest(hash, ids, 3)
                    .map((id) => `\`#${id}\``)
                    .join(', ') || 'none',
              },
              ...at,
            });
            return;
          }
          if (!path.endsWith('/')) {
            const written = url.split(/[?#]/)[0];
            context.report({
              messageId: 'slash',
              data: { url: shownUrl, fixed: clip(url.replace(written, `${written}/`), 200) },
              ...at,
            });
          }
        };

        for (const ch of book.chapters) {
          const from = address.get(ch) ?? null;
          for (const link of ch.links) check(ch, link, from);
        }
      },
    };
  },
});
