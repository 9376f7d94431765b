/**
 * Every built page at phone (390×844, touch) and laptop (1280×900) widths, light and
 * dark: nothing wider than the screen, header controls on screen, tables that neither
 * clip nor squeeze, diagram text of 12 px or more, code-block titles clear of the dots.
 * One browser, one page per device, both themes on one load (the theme is a
 * `data-theme` switch, as Starlight's own selector does it).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  builtPages,
  layoutProblems,
  LAPTOP,
  PHONE,
  startSite,
  type Site,
} from './layout-helpers.ts';

let site: Site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

for (const [device, options] of [
  ['phone', PHONE],
  ['laptop', LAPTOP],
] as const) {
  describe(`layout on a ${device}`, () => {
    let page: Page;
    before(async () => {
      const ctx = await site.browser.newContext(options);
      page = await ctx.newPage();
    });
    after(async () => {
      await page?.context().close();
    });

    for (const path of builtPages()) {
      test(`${path} fits the ${device} screen, light and dark`, async () => {
        await page.goto(site.url + path, { waitUntil: 'load' });
        // Lay out blocks the page leaves unrendered until scrolled to, so they are checked too.
        await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
        const problems: string[] = [];
        for (const theme of ['light', 'dark']) {
          await page.evaluate((t) => {
            document.documentElement.dataset.theme = t;
          }, theme);
          for (const p of await layoutProblems(page, device === 'laptop'))
            problems.push(`${theme}: ${p}`);
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}
