/**
 * Search that serves incidents: the built site's own Pagefind index, queried
 * in Chromium with the words an operator types at 3 a.m., must put the
 * procedure for that incident among the first three results, and every one of
 * the first results for an incident word must be a procedure or lead to one.
 * Run `npm run build` first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DIST, startSite, type Site } from './layout-helpers.ts';

/** What an operator types, and the procedure that must come up. */
const INCIDENTS: [query: string, procedure: string][] = [
  ['502', 'every-request-fails'],
  ['bad gateway', 'every-request-fails'],
  ['503', 'every-request-fails'],
  ['api 502', 'every-request-fails'],
  ['site down', 'every-request-fails'],
  ['pending', 'pods-pending'],
  ['unreachable', 'node-unreachable'],
  ['ssh', 'node-unreachable'],
  ['cannot ssh', 'node-unreachable'],
  ['locked out', 'node-unreachable'],
  ['node down', 'node-down'],
  ['NotReady', 'node-down'],
  ['disk full', 'disk-pressure'],
  ['pressure', 'disk-pressure'],
  ['expiring certificate', 'origin-certificate'],
  ['526', 'origin-certificate'],
  ['rollback', 'rollback'],
  ['redis down', 'redis'],
  ['migration', 'db-migration'],
  ['k3s upgrade', 'k3s-upgrade'],
  ['reboot', 'node-maintenance'],
  ['drain', 'node-maintenance'],
  ['CrashLoopBackOff', 'crash-loop'],
  ['ImagePullBackOff', 'image-pull'],
  ['emails not sent', 'jobs-stuck'],
  ['database down', 'database'],
  ['triage', 'triage'],
];

let site: Site;
let page: Page;

before(async () => {
  assert.ok(
    existsSync(`${DIST}/pagefind/pagefind.js`),
    `${DIST}/ has no search index: run \`npm run build\` first`,
  );
  site = await startSite();
  page = await site.browser.newPage();
  await page.goto(`${site.url}/`, { waitUntil: 'load' });
});

after(async () => {
  await site?.close();
});

/** The URLs of the first `n` results, ranked by the site's own Pagefind bundle. */
async function top(query: string, n = 3): Promise<string[]> {
  return page.evaluate(
    async ([q, count]) => {
      const url = '/pagefind/pagefind.js';
      const pagefind = await import(/* @vite-ignore */ url);
      await pagefind.init();
      const search = await pagefind.search(q);
      const data = await Promise.all(
        search.results
          .slice(0, count)
          .map((r: { data: () => Promise<{ url: string }> }) => r.data()),
      );
      return data.map((d: { url: string }) => d.url);
    },
    [query, n] as const,
  );
}

describe('searching for an incident', () => {
  for (const [query, procedure] of INCIDENTS)
    test(`"${query}" puts the ${procedure} procedure in the top three`, async () => {
      const urls = await top(query);
      const rank = urls.indexOf(`/runbooks/${procedure}/`);
      assert.ok(rank >= 0, `top three for "${query}": ${urls.join(', ')}`);
    });

  test('the first result for an incident word is a procedure page, never a chapter', async () => {
    for (const [query] of INCIDENTS) {
      const [first] = await top(query, 1);
      assert.match(first, /^\/runbooks\/[a-z0-9-]+\/$/, `"${query}" ranks ${first} first`);
    }
  });

  test('a word no page uses finds nothing', async () => {
    assert.deepEqual(await top('zyxwvutsrq'), []);
  });
});
