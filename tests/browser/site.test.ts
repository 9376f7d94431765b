/**
 * The built site in a real browser: Debian's Chromium driven by playwright-core
 * against dist/ served on 127.0.0.1. Run `npm run build` first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './axe.ts';
import { DIST, PHONE, startSite, type Site } from './layout-helpers.ts';

const CHAPTERS = [
  '00-overview',
  '01-infrastructure',
  '02-orchestrator-choice',
  '03-networking',
  '04-firewall',
  '05-security',
  '06-traefik-ingress',
  '07-services',
  '08-database',
  '09-storage',
  '10-secrets-config',
  '11-registry',
  '12-data-flow',
  '13-cloudflare',
  '14-deployment-process',
  '15-observability',
  '16-failure-modes',
  '17-runbook',
  '18-cost',
  '19-postmortem-swarm',
  '20-roadmap',
  'appendix-a-glossary',
  'appendix-b-kubectl-cheatsheet',
  'appendix-c-file-locations',
  'appendix-d-citations',
];

let site: Site;
let browser: Browser;
const errors: string[] = [];

async function open(
  theme: 'light' | 'dark',
  path: string,
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: theme,
  });
  await ctx.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${path}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  await page.goto(site.url + path, { waitUntil: 'load' });
  return { ctx, page };
}

before(async () => {
  site = await startSite();
  browser = site.browser;
});

after(async () => {
  await site?.close();
});

describe('reading in order', () => {
  test('the sidebar lists every chapter and appendix in book order, grouped in parts', async () => {
    const { ctx, page } = await open('light', '/');
    const hrefs = await page
      .locator('nav[aria-label="Main"] a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const order = hrefs.map((h) => h.replace(/^\/|\/$/g, '')).filter((h) => CHAPTERS.includes(h));
    assert.deepEqual(order, CHAPTERS);
    const groups = await page.locator('nav[aria-label="Main"] details summary').allInnerTexts();
    assert.ok(
      groups.some((g) => /Part I\b/.test(g)) &&
        groups.some((g) => /Part VI\b/.test(g)) &&
        groups.some((g) => /Appendices/.test(g)),
      `groups: ${groups.join(' | ')}`,
    );
    await ctx.close();
  });

  test('each chapter links to the next one', async () => {
    const { ctx, page } = await open('light', '/07-services/');
    const next = await page.locator('a[rel="next"]').getAttribute('href');
    assert.equal(next, '/08-database/');
    await ctx.close();
  });
});

describe('code blocks', () => {
  test('every code block on every chapter has a title and a copy button', () => {
    const missing: string[] = [];
    for (const slug of CHAPTERS) {
      const html = readFileSync(`dist/${slug}/index.html`, 'utf8');
      const frames = html.match(/<figure class="frame[^"]*"/g) ?? [];
      const untitled = frames.filter((f) => !f.includes('has-title')).length;
      const copies = (html.match(/<button title="Copy to clipboard"/g) ?? []).length;
      if (untitled || copies !== frames.length)
        missing.push(
          `${slug}: ${frames.length} blocks, ${untitled} untitled, ${copies} copy buttons`,
        );
    }
    assert.deepEqual(missing, []);
  });

  test('commands use the namespace and node names from the manifests', () => {
    const html = readFileSync(`${DIST}/runbooks/node-maintenance/index.html`, 'utf8');
    const nodes = readFileSync('manifests/hosts/nodes.yaml', 'utf8')
      .match(/hostname:\s*(\S+)/g)!
      .map((m) => m.split(/\s+/)[1]);
    const codes = [...html.matchAll(/data-code="([^"]*)"/g)].map((m) => m[1]).join('\n');
    assert.match(codes, /-n honeydue\b/);
    assert.ok(
      nodes.some((n) => codes.includes(n)),
      'a runbook command names a real k3s hostname',
    );
  });
});

describe('provenance', () => {
  /** The manifest line a `file:line` label points at. */
  const lineOf = (label: string) => {
    const [file, line] = label.split(':');
    return readFileSync(file, 'utf8').split('\n')[Number(line) - 1];
  };

  test('hovering a value opens its manifest file:line, and that line holds the value', async () => {
    const { ctx, page } = await open('light', '/07-services/');
    const fact = page.locator('.hd-fact[data-fact$="/api.replicas"]').first();
    await fact.scrollIntoViewIfNeeded();
    await fact.hover();
    const tip = page.locator('.hd-tip');
    await tip.waitFor({ state: 'visible' });
    const label = await tip.locator('code').innerText();
    assert.match(lineOf(label), new RegExp(`replicas:\\s*${(await fact.innerText()).trim()}\\b`));
    const box = (await tip.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 1280, `popover at x=${box.x}, width ${box.width}`);
    const href = await tip.getByRole('link', { name: 'Config entry' }).getAttribute('href');
    assert.match(href!, /^\/config\/#fact-deployment-honeydue-api-replicas$/);
    // The page builds the link from data-fact; no value carries it in the HTML.
    assert.equal(await page.locator('.hd-fact[data-config]').count(), 0);
    await ctx.close();
  });

  test('on a phone, tapping a value opens its source inside the screen', async () => {
    const ctx = await browser.newContext(PHONE);
    const page = await ctx.newPage();
    await page.goto(site.url + '/04-firewall/');
    const fact = page.locator('.hd-table .hd-fact').last();
    await fact.scrollIntoViewIfNeeded();
    await fact.tap();
    const tip = page.locator('.hd-tip');
    await tip.waitFor({ state: 'visible' });
    const box = (await tip.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `popover at x=${box.x}, width ${box.width}`);
    assert.equal(await tip.locator('code').innerText(), await fact.getAttribute('data-source'));
    await page.locator('h1').tap();
    await tip.waitFor({ state: 'hidden' });
    await ctx.close();
  });

  test('values are not Tab stops; one button writes every source after its value', async () => {
    const { ctx, page } = await open('light', '/07-services/');
    const values = await page.locator('.hd-fact').count();
    assert.ok(values > 100, `${values} values`);
    assert.equal(await page.locator('.hd-fact a, a.hd-fact, .hd-fact[tabindex]').count(), 0);
    const toggle = page.getByRole('button', { name: 'Show config sources' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    const sources = page.locator('a.hd-fact-src');
    assert.equal(await sources.count(), values);
    const first = sources.first();
    assert.equal(await first.isVisible(), true);
    assert.match(await first.innerText(), /^manifests\/.+:\d+$|^derived from manifests\/$/);
    await page.keyboard.press('Enter');
    assert.equal(await first.isVisible(), false);
    await ctx.close();
  });

  test('the built pages carry no file:line text for search to index', () => {
    for (const slug of CHAPTERS) {
      const html = readFileSync(`dist/${slug}/index.html`, 'utf8');
      const text = html.replace(/<[^>]*>/g, ' ');
      assert.doesNotMatch(text, /manifests\/[\w./-]+\.ya?ml:\d+/, slug);
    }
  });

  test('the Config page lists the fact with the same source', async () => {
    const { ctx, page } = await open('light', '/config/');
    const row = page.locator('[id="fact-deployment-honeydue-api-replicas"]');
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent()) ?? '', /manifests\/api\/deployment\.yaml:\d+/);
    await ctx.close();
  });
});

describe('diagrams', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`the architecture diagram is inline SVG in ${theme} mode, with no Mermaid runtime`, async () => {
      const { ctx, page } = await open(theme, '/00-overview/');
      const fig = page.locator('figure.hd-diagram').first();
      // One drawing for both themes: its own style sheet follows the page's theme.
      const svg = fig.locator('.hd-diagram-art svg');
      assert.equal(await svg.count(), 1);
      assert.equal(await svg.isVisible(), true);
      const [box, label] = await svg.evaluate((el) =>
        ['.node rect', '.node .label text'].map((sel) => {
          const [r, g, b] = getComputedStyle(el.querySelector(sel)!)
            .fill.match(/[\d.]+/g)!
            .map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }),
      );
      if (theme === 'light')
        assert.ok(box > 0.8 && label < 0.3, `light boxes, dark text: ${box}, ${label}`);
      else assert.ok(box < 0.2 && label > 0.7, `dark boxes, light text: ${box}, ${label}`);
      assert.ok(
        (await fig.locator('[role="img"]').getAttribute('aria-label'))!.length > 40,
        'the diagram has real alt text',
      );
      const scripts = await page
        .locator('script[src]')
        .evaluateAll((s) => s.map((x) => x.getAttribute('src') ?? ''));
      assert.ok(!scripts.some((s) => /mermaid/i.test(s)));
      const inline = await page
        .locator('script:not([src])')
        .evaluateAll((s) => s.map((x) => x.textContent ?? '').join('\n'));
      assert.ok(!/mermaid/i.test(inline));
      await ctx.close();
    });
  }
});

/**
 * Opens the search dialog and types `query` into Pagefind's box. Starlight loads the box's
 * module when the page is first idle; a page whose load of it failed never shows the box (it
 * is not fetched again), so after 10 s without it the page is loaded once more, and a second
 * miss fails the test with the page errors seen so far.
 */
async function search(p: Page, query: string): Promise<void> {
  const box = p.locator('.pagefind-ui__search-input');
  for (let attempt = 1; ; attempt++) {
    await p.locator('site-search button[data-open-modal]').first().click();
    const shown = await box.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return box.fill(query);
    if (attempt === 2)
      assert.fail(`no search box after a reload; page errors: ${errors.join('; ') || 'none'}`);
    await p.reload({ waitUntil: 'load' });
  }
}

describe('search', () => {
  for (const [query, page] of [
    [
      'rollout undo',
      /\/(17-runbook|07-services|14-deployment-process|runbooks|appendix-b-kubectl-cheatsheet)\//,
    ],
    ['ufw', /\/04-firewall\//],
    ['drain', /\/(runbooks\/node-maintenance|17-runbook|16-failure-modes|07-services)\//],
    ['Full (strict)', /\/13-cloudflare\//],
    ['CrashLoopBackOff', /\/(16-failure-modes|07-services|06-traefik-ingress)\//],
  ] as const) {
    test(`searching for "${query}" finds the page that explains it`, async () => {
      const { ctx, page: p } = await open('light', '/');
      await search(p, query);
      const results = p.locator('.pagefind-ui__result-link');
      await results.first().waitFor({ timeout: 15000 });
      const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      assert.ok(
        hrefs.slice(0, 5).some((h) => page.test(h)),
        `top results for ${query}: ${hrefs.slice(0, 5).join(', ')}`,
      );
      await ctx.close();
    });
  }
});

describe('search excerpts', () => {
  for (const query of ['redis-cli ping', 'replicas', 'hetzner1']) {
    test(`excerpts for "${query}" show values without their manifest file:line`, async () => {
      const { ctx, page: p } = await open('light', '/');
      await search(p, query);
      const excerpts = p.locator('.pagefind-ui__result-excerpt');
      await excerpts.first().waitFor({ timeout: 15000 });
      const text = (await excerpts.allInnerTexts()).join('\n');
      assert.ok(text.length > 0);
      assert.doesNotMatch(text, /manifests\/\S*:\d+|derived from manifests/);
      await ctx.close();
    });
  }
});

describe('accessibility', () => {
  const PAGES = [
    '/',
    '/00-overview/',
    '/04-firewall/',
    '/07-services/',
    '/17-runbook/',
    '/config/',
    '/runbooks/',
  ];
  for (const path of PAGES) {
    for (const theme of ['light', 'dark'] as const) {
      test(`axe finds no serious or critical violation on ${path} (${theme})`, async () => {
        const { ctx, page } = await open(theme, path);
        assert.deepEqual(await seriousViolations(page), []);
        await ctx.close();
      });
    }
  }
  for (const path of ['/07-services/', '/config/']) {
    test(`axe finds no serious or critical violation on ${path} on a phone, sources shown`, async () => {
      const ctx = await browser.newContext(PHONE);
      const page = await ctx.newPage();
      await page.goto(site.url + path);
      const toggle = page.getByRole('button', { name: 'Show config sources' });
      if (await toggle.count()) await toggle.click();
      assert.deepEqual(await seriousViolations(page), []);
      await ctx.close();
    });
  }
});

describe('console', () => {
  test('no page logged an error', () => {
    assert.deepEqual(errors, []);
  });
});
