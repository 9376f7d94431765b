/**
 * `npm run bench:lighthouse`: Lighthouse (mobile profile, simulated throttling)
 * on the built site served from 127.0.0.1, in Debian's Chromium. Several runs
 * per page; medians. Targets: performance ≥ 97, accessibility 100.
 *
 *   npm run bench:lighthouse -- [--runs N] [--all] [/path/ …]
 *
 * Without paths: a representative set (the start, chapters with the most values,
 * tables and diagrams, the Config and Runbooks pages, the command index); `--all`: every
 * built page. Exits 1 when a page's median is under a target.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { builtPages, serve } from '../serve.ts';
import { median } from './measure.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/lib/chromium.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, all: { type: 'boolean', default: false } },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`--runs takes a whole number of runs per page; got \`${values.runs}\`.`);
  process.exit(2);
}
const DIST = process.env.BOOK_OUT_DIR || 'dist';
const REPRESENTATIVE = [
  '/',
  '/00-overview/',
  '/04-firewall/',
  '/07-services/',
  '/13-cloudflare/',
  '/17-runbook/',
  '/18-cost/',
  '/appendix-b-kubectl-cheatsheet/',
  '/config/',
  '/runbooks/',
];
const PAGES = positionals.length
  ? positionals
  : values.all
    ? builtPages(DIST).filter((p) => p !== '/404.html')
    : REPRESENTATIVE;
const TARGET = { perf: 97, a11y: 100 };
const below: string[] = [];
const PORT = 9333;

const server = await serve(DIST);
const profile = mkdtempSync(join(tmpdir(), 'hd-lh-'));
const chrome = spawn(
  chromiumPath(),
  [
    ...CHROMIUM_ARGS,
    `--remote-debugging-port=${PORT}`,
    `--user-data-dir=${profile}`,
    'about:blank',
  ],
  { stdio: 'ignore' },
);
try {
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`http://127.0.0.1:${PORT}/json/version`).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`Lighthouse ${RUNS} runs per page, mobile profile, ${new Date().toISOString()}\n`);
  console.log(
    'page                             perf (median, runs)        a11y   LCP ms   TBT ms   CLS    transfer KB',
  );
  for (const p of PAGES) {
    const perf: number[] = [];
    const a11y: number[] = [];
    let last: Record<string, number> = {};
    for (let r = 0; r < RUNS; r++) {
      const res = await lighthouse(server.url + p, {
        port: PORT,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
      });
      const lhr = res!.lhr;
      perf.push(Math.round((lhr.categories.performance.score ?? 0) * 100));
      a11y.push(Math.round((lhr.categories.accessibility.score ?? 0) * 100));
      last = {
        lcp: lhr.audits['largest-contentful-paint'].numericValue ?? 0,
        tbt: lhr.audits['total-blocking-time'].numericValue ?? 0,
        cls: lhr.audits['cumulative-layout-shift'].numericValue ?? 0,
        kb: (lhr.audits['total-byte-weight'].numericValue ?? 0) / 1024,
      };
    }
    if (median(perf) < TARGET.perf || median(a11y) < TARGET.a11y) below.push(p);
    console.log(
      `${p.padEnd(32)} ${String(median(perf)).padStart(3)} (${perf.join(', ')})`.padEnd(60) +
        `${String(median(a11y)).padStart(4)}   ${last.lcp.toFixed(0).padStart(6)}   ${last.tbt.toFixed(0).padStart(6)}   ${last.cls.toFixed(3)}  ${last.kb.toFixed(0).padStart(8)}`,
    );
  }
  console.log(
    below.length
      ? `\nUnder target (performance ${TARGET.perf}, accessibility ${TARGET.a11y}): ${below.join(', ')}`
      : `\nEvery page meets the targets (performance ≥ ${TARGET.perf}, accessibility ${TARGET.a11y}).`,
  );
  process.exitCode = below.length ? 1 : 0;
} finally {
  chrome.kill();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
