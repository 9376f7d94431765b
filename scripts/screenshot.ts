/**
 * Screenshots built pages in light and dark: `npm run screenshot -- [--out DIR] /00-overview/ /04-firewall/ …`
 * Serves dist/ on 127.0.0.1 and drives Debian's Chromium through playwright-core.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from './serve.ts';
import { launchOptions } from '../src/lib/chromium.ts';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args.splice(outAt, 2)[1] : 'screenshots';
const full = args.includes('--full');
const pages = args.filter((a) => a.startsWith('/'));
mkdirSync(out, { recursive: true });
const server = await serve('dist');
const browser = await chromium.launch(launchOptions());
try {
  for (const theme of ['light', 'dark'] as const) {
    const ctx = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: theme,
    });
    await ctx.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    const page = await ctx.newPage();
    for (const p of pages.length ? pages : ['/']) {
      await page.goto(server.url + p, { waitUntil: 'networkidle' });
      const file = `${out}/${p.replace(/\//g, '_').replace(/^_|_$/g, '') || 'index'}-${theme}.png`;
      await page.screenshot({ path: file, fullPage: full });
      console.log(file);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}
