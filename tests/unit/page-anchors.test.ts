/**
 * The ids generated pages write and the ids the drift check knows are one computation: here
 * the data each component renders from (src/lib, over the real book and manifests) is held
 * against what the check computes from the chapters and the facts, component by component,
 * and each component's ids are found on the page whose MDX uses it. tests/browser/links.test.ts
 * holds the same ids against the built HTML.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { configHref, factAnchor } from '../../engine/index.ts';
import {
  citationAnchor,
  commitAnchor,
  isHistoryAnchor,
  NOT_COMMITTED_ANCHOR,
  pageAddress,
  readBook,
  toolAnchor,
  type Chapter,
} from '../../mdx/index.ts';
import {
  HISTORY_COMPONENT,
  ID_COMPONENTS,
  pageAnchors,
  uses,
} from '../../check/lib/page-anchors.ts';
import { citations } from '../../src/lib/book.ts';
import { commandIndex } from '../../src/lib/command-index.ts';
import { configIndex } from '../../src/lib/config-index.ts';
import { facts } from '../../src/lib/facts.ts';
import { procedureGroups } from '../../src/lib/procedures.ts';

const DOCS = 'src/content/docs';
const book = readBook(DOCS);
const result = facts();
const known = (component: string) => ID_COMPONENTS[component](book, result);
const sorted = (ids: Iterable<string>) => [...ids].sort();

/** What each component renders its ids from, as the site computes it. */
const rendered: Record<string, () => string[]> = {
  FactIndex: () =>
    configIndex().flatMap((s) => [
      s.id,
      ...s.objects.flatMap((o) => [o.id, ...o.facts.map((f) => f.anchor)]),
    ]),
  CommandIndex: () => commandIndex().map(({ tool }) => toolAnchor(tool)),
  RunbookIndex: () => procedureGroups().flatMap((g) => [g.id, ...g.procedures.map((p) => p.id)]),
  Citations: () => citations().map((c) => citationAnchor(c.chapter.href, c.id)),
};

describe('the ids a generated page writes are the ids the check knows', () => {
  for (const [component, ids] of Object.entries(rendered))
    test(`<${component} />: the ids of its data are the check's`, () => {
      const site = ids();
      assert.ok(site.length > 0, `${component} renders no ids`);
      assert.equal(new Set(site).size, site.length, `${component} repeats an id`);
      assert.deepEqual(sorted(known(component)), sorted(site));
    });

  test('every component that writes an id from data is one the check knows', () => {
    // An id written from an expression (`id={…}`) is generated; a literal one is the markup's own.
    const writers = readdirSync('src/components')
      .filter((f) => f.endsWith('.astro'))
      .filter((f) => /\bid=\{/.test(readFileSync(`src/components/${f}`, 'utf8')))
      .map((f) => f.replace(/\.astro$/, ''));
    // <Cmd>'s ids are the chapter's own (chapterAnchors); the change log's come from git.
    const accounted = [...Object.keys(ID_COMPONENTS), HISTORY_COMPONENT, 'Cmd'];
    assert.deepEqual(sorted(writers), sorted(accounted));
    assert.deepEqual(sorted(Object.keys(ID_COMPONENTS)), sorted(Object.keys(rendered)));
  });

  test("each component's ids are known on the page whose MDX uses it, not on a chapter without it", () => {
    const anchorsOf = pageAnchors(book, result);
    const pages = (component: string) => book.chapters.filter((ch) => uses(ch, component));
    const address = (ch: Chapter) => pageAddress(ch, DOCS);
    assert.deepEqual(pages('FactIndex').map(address), ['/config/']);
    assert.deepEqual(pages('CommandIndex').map(address), ['/appendix-b-kubectl-cheatsheet/']);
    assert.deepEqual(pages('RunbookIndex').map(address), ['/runbooks/']);
    assert.deepEqual(pages('Citations').map(address), ['/appendix-d-citations/']);
    for (const component of Object.keys(ID_COMPONENTS)) {
      const ids = known(component);
      for (const ch of book.chapters) {
        const has = anchorsOf(ch);
        const missing = [...ids].filter((id) => !has.has(id));
        if (uses(ch, component)) assert.deepEqual(missing, [], `${ch.file} lacks ${component}'s`);
      }
    }
    const [plain] = book.chapters.filter((ch) => address(ch) === '/07-services/');
    const fact = factAnchor('deployment/honeydue/api.replicas');
    assert.ok(anchorsOf(pages('FactIndex')[0]).has(fact));
    assert.ok(!anchorsOf(plain).has(fact), 'a chapter without <FactIndex /> has no fact rows');
  });

  test('a value links to its Config row by the same scheme', () => {
    const key = 'deployment/honeydue/api.replicas';
    const row = configIndex()
      .flatMap((s) => s.objects.flatMap((o) => o.facts))
      .find((f) => f.key === key)!;
    assert.equal(configHref(key), `/config/#${row.anchor}`);
    assert.ok(known('FactIndex').has(row.anchor));
  });
});

describe("the change log's ids", () => {
  test('are recognised as made from git history, and nothing else is', () => {
    assert.ok(isHistoryAnchor(commitAnchor('1a2b3c4')));
    assert.ok(isHistoryAnchor(NOT_COMMITTED_ANCHOR));
    for (const id of ['commit-', 'commit-xyz', 'commits', 'tool-kubectl', 'not-committed-yet'])
      assert.ok(!isHistoryAnchor(id), id);
  });
});
