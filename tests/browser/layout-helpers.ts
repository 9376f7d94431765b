/**
 * Shared by the browser tests: the built site served on 127.0.0.1, one Chromium, the two
 * devices the book is checked on, and the in-page layout checks.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { builtPages as pagesOf, serve } from '../../scripts/serve.ts';
import { launchOptions } from '../../src/lib/chromium.ts';

/** The built site: dist/, or BOOK_OUT_DIR as for the build (to check another build). */
export const DIST = process.env.BOOK_OUT_DIR || 'dist';

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

export interface Site {
  url: string;
  browser: Browser;
  close: () => Promise<void>;
}

/** Serves dist/ and starts one browser; call close() in after(). */
export async function startSite(dir = DIST): Promise<Site> {
  assert.ok(existsSync(`${dir}/index.html`), `${dir}/ is missing: run \`npm run build\` first`);
  const server = await serve(dir);
  const browser = await chromium.launch(launchOptions());
  return {
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Every page of the built site, as a path: `/`, `/00-overview/`, …, `/404.html`. */
export const builtPages = (dir = DIST): string[] => pagesOf(dir);

/**
 * Everything wrong with the page's layout at the current viewport, as sentences: the page
 * wider than the screen, header controls off-screen or a clipped site title, tables that
 * clip or squeeze a cell, diagram text under 12 px, code-block titles over the window dots.
 * `drawings`: whether diagrams are expected to be drawn open (laptop) or not (phone).
 */
export function layoutProblems(page: Page, drawings: boolean): Promise<string[]> {
  return page.evaluate((drawn) => {
    const out: string[] = [];
    const W = document.documentElement.clientWidth;
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.classList.length ? `.${[...e.classList].join('.')}` : ''} "${(e.textContent ?? '').trim().slice(0, 40)}"`;
    const shown = (e: Element) =>
      e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';

    if (document.documentElement.scrollWidth > W + 1) {
      const clips = (e: Element) => /auto|hidden|scroll|clip/.test(getComputedStyle(e).overflowX);
      const over = (e: Element) => shown(e) && e.getBoundingClientRect().right > W + 1;
      // The innermost elements that stick out, outside any scroll container.
      const wide = [...document.body.querySelectorAll('*')].filter((e) => {
        if (!over(e) || [...e.children].some(over)) return false;
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
          if (clips(p)) return false;
        return true;
      });
      out.push(
        `page is ${document.documentElement.scrollWidth} px wide on a ${W} px screen: ${wide
          .slice(-3)
          .map(name)
          .join('; ')}`,
      );
    }

    for (const sel of [
      'site-search button[data-open-modal]',
      'button.sl-menu-button',
      'starlight-theme-select select',
    ]) {
      const e = [...document.querySelectorAll(sel)].find(shown);
      if (!e) continue;
      const r = e.getBoundingClientRect();
      if (r.left < 0 || r.right > W) out.push(`${sel} is off-screen (x ${r.left}–${r.right})`);
    }
    const title = document.querySelector('.site-title');
    const bar = document.querySelector('header.header');
    if (title && bar) {
      const t = title.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      if (title.scrollWidth > title.clientWidth + 1 || t.top < b.top || t.bottom > b.bottom + 1)
        out.push(`the site title is clipped (${Math.round(t.width)}×${Math.round(t.height)} px)`);
    }

    for (const t of document.querySelectorAll('.sl-markdown-content table')) {
      if (!shown(t)) continue;
      const box = t.parentElement!;
      if (
        t.scrollWidth > t.clientWidth + 1 ||
        t.getBoundingClientRect().right > box.getBoundingClientRect().right + 1
      )
        out.push(`table ${name(t.querySelector('caption, th') ?? t)} is wider than its column`);
      // Card layout keeps the header row for screen readers only, in a 1 px box.
      for (const c of t.querySelectorAll(':is(tbody, tfoot) :is(th, td), thead:not([style]) th')) {
        if (c.closest('thead') && c.closest('thead')!.getBoundingClientRect().width <= 1) continue;
        if (shown(c) && c.scrollWidth > c.clientWidth + 1)
          out.push(
            `cell ${name(c)} is narrower than its text (${c.scrollWidth} > ${c.clientWidth})`,
          );
      }
    }

    for (const fig of document.querySelectorAll('figure.hd-diagram')) {
      const draw = fig.querySelector('details.hd-diagram-draw') as HTMLDetailsElement | null;
      if (draw && draw.open !== drawn)
        out.push(`a diagram's drawing is ${draw.open ? 'open' : 'closed'}`);
      const art = fig.querySelector('.hd-diagram-art');
      if (drawn && art && art.scrollWidth > art.clientWidth + 1)
        out.push(`a diagram scrolls sideways (${art.scrollWidth} > ${art.clientWidth} px)`);
      for (const svg of fig.querySelectorAll('svg')) {
        if (!shown(svg)) continue;
        const vb = svg.viewBox.baseVal;
        const scale = svg.getBoundingClientRect().width / vb.width;
        for (const text of svg.querySelectorAll('text')) {
          const px = parseFloat(getComputedStyle(text).fontSize) * scale;
          if (px < 11.95) {
            out.push(
              `diagram text "${text.textContent?.trim().slice(0, 30)}" drawn at ${px.toFixed(1)} px`,
            );
            break;
          }
        }
      }
    }

    for (const h of document.querySelectorAll('.expressive-code .frame.is-terminal .header')) {
      const t = h.querySelector('.title');
      if (!t || !shown(h)) continue;
      const hr = h.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(t);
      const tr = range.getBoundingClientRect();
      // The three dots: 2.1rem wide, starting one inline padding from the left edge.
      if (tr.left < hr.left + 16 + 2.1 * 16 || tr.right > hr.right)
        out.push(`code-block title "${t.textContent?.slice(0, 30)}" overlaps the window dots`);
    }
    return out;
  }, drawings);
}
