/**
 * Screenshots built pages at phone and laptop widths, in light and dark:
 *
 *   npm run screenshot -- [--out DIR] [--full] [--width 390,1280] [--dist DIR] /00-overview/ …
 *
 * Files are named `<page>-<width>-<theme>.png`. Serves the built site on 127.0.0.1 and
 * drives Debian's Chromium through playwright-core. The phone width is emulated as a
 * phone (touch, device pixel ratio 1 to keep the files small), so layout bugs that only a
 * mobile viewport shows appear here too.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { serve } from './serve.ts';
import { launchOptions } from '../src/lib/chromium.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'screenshots' },
    full: { type: 'boolean', default: false },
    width: { type: 'string', default: '390,1280' },
    dist: { type: 'string', default: process.env.BOOK_OUT_DIR || 'dist' },
  },
});
const widths = values.width.split(',').map(Number);
if (widths.some((w) => !Number.isInteger(w) || w < 200)) {
  console.error(`--width takes pixel widths such as 390,1280; got \`${values.width}\`.`);
  process.exit(2);
}
const pages = positionals.length ? positionals : ['/'];
const bad = pages.find((p) => !p.startsWith('/'));
if (bad) {
  console.error(`Pages are site paths starting with /, such as /00-overview/; got \`${bad}\`.`);
  process.exit(2);
}
mkdirSync(values.out, { recursive: true });
const server = await serve(values.dist);
const browser = await chromium.launch(launchOptions());
try {
  for (const width of widths) {
    const phone = width < 768;
    for (const theme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({
        viewport: { width, height: phone ? 844 : 900 },
        isMobile: phone,
        hasTouch: phone,
        colorScheme: theme,
      });
      await ctx.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
      const page = await ctx.newPage();
      for (const p of pages) {
        await page.goto(server.url + p, { waitUntil: 'networkidle' });
        const name = p.replace(/[/#?]+/g, '_').replace(/^_|_$/g, '') || 'index';
        const file = `${values.out}/${name}-${width}-${theme}.png`;
        await page.screenshot({ path: file, fullPage: values.full });
        console.log(file);
      }
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
