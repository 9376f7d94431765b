/**
 * The Config page as an index, in a real browser against dist/ (run `npm run build`
 * first): one row per fact, links from chapters landing on visible rows at phone and
 * laptop widths, the filter, the "used in" links, the page's height.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { facts } from '../../src/lib/facts.ts';
import { DIST, LAPTOP, PHONE, startSite, type Site } from './layout-helpers.ts';

let site: Site;
let browser: Browser;
const html = () => readFileSync(`${DIST}/config/index.html`, 'utf8');

before(async () => {
  site = await startSite();
  browser = site.browser;
});

after(async () => {
  await site?.close();
});

/** Whether the element is inside the viewport and not covered by the sticky header or filter. */
async function inPlainView(page: Page, selector: string): Promise<string | null> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return `${sel} not found`;
    const r = el.getBoundingClientRect();
    if (r.height === 0) return `${sel} is not displayed`;
    if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth)
      return `${sel} is outside the viewport: ${JSON.stringify(r)}`;
    for (const y of [r.top + 4, r.top + r.height / 2]) {
      const hit = document.elementFromPoint(r.left + Math.min(40, r.width / 2), y);
      if (!hit || !el.contains(hit))
        return `${sel} is covered at y=${y} by ${hit?.outerHTML.slice(0, 80)}`;
    }
    return null;
  }, selector);
}

describe('the Config page', () => {
  test('every fact has exactly one row, under its own anchor', () => {
    const ids = [...html().matchAll(/<li id="(fact-[^"]+)"/g)].map((m) => m[1]);
    assert.equal(ids.length, facts().registry.facts.size);
    assert.equal(new Set(ids).size, ids.length, 'anchors are unique');
  });

  for (const [name, device] of [
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const) {
    test(`on a ${name}, a value's Config link lands on its row, open, highlighted and in view`, async () => {
      const ctx = await browser.newContext(device);
      const page = await ctx.newPage();
      await page.goto(`${site.url}/07-services/`);
      const value = page
        .locator('.hd-fact[data-fact$="/api.containers.api.limits.memory"]')
        .first();
      await value.scrollIntoViewIfNeeded();
      const shown = ((await value.textContent()) ?? '').trim();
      if (name === 'phone') await value.tap();
      else await value.hover();
      await page.locator('.hd-tip').getByRole('link', { name: 'Config entry' }).click();
      await page.waitForURL(/\/config\/#fact-/);
      const id = new URL(page.url()).hash.slice(1);
      const row = `li[id="${id}"]`;
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.closest('details')?.open,
        row,
      );
      await page.waitForTimeout(100);
      assert.equal(await inPlainView(page, row), null);
      assert.equal(await page.locator(`${row}:target`).count(), 1, 'the row is the target');
      const v = page.locator(`${row} .v`);
      assert.equal(await v.isVisible(), true);
      assert.equal((await v.innerText()).trim(), shown);
      await ctx.close();
    });
  }

  test('the filter finds a fact by the short key hints use, and by its value', async () => {
    const ctx = await browser.newContext(LAPTOP);
    const page = await ctx.newPage();
    await page.goto(`${site.url}/config/`);
    const filter = page.getByLabel('Filter');
    await filter.fill('service/api.port');
    const count = page.locator('.hd-cfg-count');
    await page.waitForFunction(() =>
      /match/.test(document.querySelector('.hd-cfg-count')!.textContent!),
    );
    const n = Number(/^(\d+) of/.exec(await count.innerText())![1]);
    assert.ok(n >= 1 && n < 10, `${n} rows match`);
    const rows = page.locator('.hd-cfg li:not([hidden])');
    assert.equal(await rows.count(), n);
    assert.equal(await rows.first().isVisible(), true);
    assert.match(await rows.first().innerText(), /service\/api\.port/);
    await filter.fill('512Mi');
    await page.waitForFunction(() =>
      /^\d+ of/.test(document.querySelector('.hd-cfg-count')!.textContent!.trim()),
    );
    await page.waitForTimeout(200);
    for (const text of await page.locator('.hd-cfg li:not([hidden])').allInnerTexts())
      assert.match(text, /512Mi/);
    await filter.fill('');
    await page.waitForTimeout(200);
    assert.equal(
      await page.locator('.hd-cfg details[open]').count(),
      0,
      'cleared: all closed again',
    );
    await ctx.close();
  });

  test('every "used in" link points at a heading that exists on that page', () => {
    const missing: string[] = [];
    const pages = new Map<string, string>();
    for (const [, slug, id] of html().matchAll(/<a href="\/([^/"#]+)\/#([^"]+)">/g)) {
      const page = pages.get(slug) ?? readFileSync(`${DIST}/${slug}/index.html`, 'utf8');
      pages.set(slug, page);
      if (!page.includes(`id="${id}"`)) missing.push(`/${slug}/#${id}`);
    }
    assert.ok(pages.size > 10, `links into ${pages.size} pages`);
    assert.deepEqual([...new Set(missing)], []);
  });

  for (const [name, device] of [
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const) {
    test(`the page is a sensible height on a ${name} with every object closed`, async () => {
      const ctx = await browser.newContext(device);
      const page = await ctx.newPage();
      await page.goto(`${site.url}/config/`);
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      // One line per object: the 781-row table this replaces was ~165,000 px.
      assert.ok(h < 12000, `${h} px`);
      await ctx.close();
    });
  }
});
