/**
 * Links in the built site. The drift check reads links from the MDX (the broken-link rule),
 * working out page addresses and heading ids the way Astro and Starlight make them; here
 * those are held against the built pages, and every link a page carries, the ones components
 * write included (the sidebar, a procedure's links, a value's link to its Config row), must
 * lead to a built page and to an id on it. Run `npm run build` first.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ELEMENT_NODE, parse, walkSync, type ElementNode } from 'ultrahtml';
import {
  chapterAnchors,
  pageAddress,
  readBook,
  sharedCommandTitles,
  type Chapter,
} from '../../mdx/index.ts';
import { extract } from '../../engine/index.ts';
import { ID_COMPONENTS, pageAnchors, uses } from '../../check/lib/page-anchors.ts';
import { builtPages, DIST } from './layout-helpers.ts';

const DOCS = 'src/content/docs';

interface Built {
  ids: Set<string>;
  headingIds: Set<string>;
  commandIds: Set<string>;
  links: string[];
}

/** The ids and link targets of a built page, read by an HTML parser. */
function read(file: string): Built {
  const out: Built = { ids: new Set(), headingIds: new Set(), commandIds: new Set(), links: [] };
  walkSync(parse(readFileSync(file, 'utf8')), (node) => {
    if (node.type !== ELEMENT_NODE) return;
    const el = node as ElementNode;
    const id = el.attributes.id;
    if (id) {
      out.ids.add(id);
      if (/^h[1-6]$/.test(el.name)) out.headingIds.add(id);
      if (el.name === 'figure' && /\bhd-cmd\b/.test(el.attributes.class ?? ''))
        out.commandIds.add(id);
    }
    if (el.name === 'a' && el.attributes.href !== undefined) out.links.push(el.attributes.href);
  });
  return out;
}

const fileOf = (address: string) =>
  address.endsWith('.html') ? join(DIST, address) : join(DIST, address, 'index.html');

let chapters: Chapter[];
const built = new Map<string, Built>();
const page = (address: string): Built | null => {
  if (!built.has(address)) {
    const f = fileOf(address);
    if (!existsSync(f)) return null;
    built.set(address, read(f));
  }
  return built.get(address)!;
};

before(() => {
  assert.ok(existsSync(join(DIST, 'index.html')), `no built site in ${DIST}: run npm run build`);
  chapters = readBook(DOCS).chapters;
});

describe("the check's addresses and ids are the built ones", () => {
  test('every page file is built at the address the check gives it; the others are not pages', () => {
    const addresses = chapters.map((c) => pageAddress(c, DOCS));
    const expected = new Set(builtPages(DIST).filter((p) => p !== '/404.html'));
    assert.deepEqual(new Set(addresses.filter((a) => a !== null)), expected);
    // The shared command blocks (a file starting with _) and the 404 draft are no pages.
    assert.deepEqual(
      chapters.filter((_, i) => addresses[i] === null).map((c) => c.file),
      [`${DOCS}/404.md`, `${DOCS}/runbooks/_shared.mdx`],
    );
  });

  test("every heading of a page's MDX carries the id the check computes, in the built page", () => {
    let headings = 0;
    for (const ch of chapters) {
      const at = pageAddress(ch, DOCS);
      if (!at) continue;
      const b = page(at)!;
      for (const h of ch.headings) {
        headings++;
        assert.ok(
          b.headingIds.has(h.slug),
          `${ch.file}:${h.line} "${h.text}" → #${h.slug} is not built`,
        );
      }
    }
    assert.ok(headings > 200, `${headings} headings`);
  });

  test('the ids of command blocks and HTML elements are in the anchors the check knows', () => {
    const shared = sharedCommandTitles(chapters);
    let commands = 0;
    for (const ch of chapters) {
      const at = pageAddress(ch, DOCS);
      if (!at) continue;
      const b = page(at)!;
      const known = chapterAnchors(ch, shared);
      for (const id of b.commandIds) {
        commands++;
        assert.ok(
          known.has(id),
          `${at}: the command block #${id} is not an anchor the check knows`,
        );
      }
      for (const id of ch.ids) assert.ok(b.ids.has(id), `${at}: #${id} is not built`);
    }
    assert.ok(commands > 200, `${commands} command blocks`);
  });
});

describe("the ids generated pages write are the check's", () => {
  test('every id the check knows on a page with a generating component is built, and every generated id built is known', () => {
    const anchorsOf = pageAnchors({ dir: DOCS, chapters }, extract('manifests'));
    const components = Object.keys(ID_COMPONENTS);
    /** Ids a component writes: the Config rows, objects and sections, tools, citations, headings. */
    const generated = (b: Built, id: string) =>
      /^(?:fact|obj|kind|tool|cite)-/.test(id) ||
      (b.headingIds.has(id) && !id.startsWith('starlight__'));
    const counts: Record<string, number> = {};
    for (const ch of chapters) {
      const using = components.filter((c) => uses(ch, c));
      if (!using.length) continue;
      const at = pageAddress(ch, DOCS)!;
      const b = page(at)!;
      const known = anchorsOf(ch);
      const unbuilt = [...known].filter((id) => !b.ids.has(id));
      assert.deepEqual(unbuilt, [], `${at}: ids the check accepts that the page does not carry`);
      const unknown = [...b.ids].filter((id) => generated(b, id) && !known.has(id));
      assert.deepEqual(unknown, [], `${at}: generated ids the check does not know`);
      for (const c of using) counts[c] = known.size;
    }
    assert.deepEqual(Object.keys(counts).sort(), [...components].sort());
    assert.ok(counts.FactIndex > 500, `${counts.FactIndex} ids on the Config page`);
    // One the check accepts, by name: the api's replica count's row.
    const config = page('/config/')!;
    assert.ok(config.ids.has('fact-deployment-honeydue-api-replicas'));
  });
});

describe('every link of the built site', () => {
  test('leads to a built page or file, and its hash to an id on that page', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const from of builtPages(DIST)) {
      for (const href of page(from)!.links) {
        if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href)) continue;
        checked++;
        const url = new URL(href, `https://book.invalid${from}`);
        const path = decodeURIComponent(url.pathname);
        const hash = decodeURIComponent(url.hash.slice(1));
        const asFile = join(DIST, path);
        const target = path.endsWith('/') || path.endsWith('.html') ? page(path) : null;
        if (!target) {
          if (!(existsSync(asFile) && statSync(asFile).isFile()))
            broken.push(`${from}: ${href} → no such page or file`);
          continue;
        }
        if (hash && !target.ids.has(hash)) broken.push(`${from}: ${href} → no #${hash} on ${path}`);
      }
    }
    assert.deepEqual(broken, []);
    assert.ok(checked > 5000, `${checked} links`);
  });
});
