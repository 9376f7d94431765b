/**
 * Writer's loop: with `astro dev` running, editing a manifest updates the open
 * page without a restart. Uses a copy of the manifests (BOOK_MANIFESTS).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { launchOptions } from '../../src/lib/chromium.ts';

const work = mkdtempSync(join(tmpdir(), 'hd-dev-'));
const manifests = join(work, 'manifests');
const PORT = 4300 + Math.floor(Math.random() * 500);
let dev: ChildProcess;
let browser: Browser;

before(async () => {
  cpSync('manifests', manifests, { recursive: true });
  dev = spawn('npx', ['astro', 'dev', '--host', '127.0.0.1', '--port', String(PORT)], {
    env: { ...process.env, BOOK_MANIFESTS: manifests },
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`http://127.0.0.1:${PORT}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await chromium.launch(launchOptions());
});

after(async () => {
  await browser?.close();
  if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

test('editing a manifest updates the open page without a restart', async (t) => {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/04-firewall/`, { waitUntil: 'networkidle' });
  const fact = page.locator('.hd-fact[data-fact="ufw/ssh.port"]').first();
  const before = ((await fact.textContent()) ?? '').trim();
  const changed = String(Number(before) + 2200);
  const file = join(manifests, 'hosts/ufw.yaml');
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(`port: ${before}\n`));
  const t0 = Date.now();
  writeFileSync(file, text.replace(`port: ${before}\n`, `port: ${changed}\n`));
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent?.trim() === want,
    ['.hd-fact[data-fact="ufw/ssh.port"]', changed] as const,
    // Generous: a re-extraction and re-render on a busy two-core machine, not a speed test.
    { timeout: 45000 },
  );
  t.diagnostic(`page updated ${Date.now() - t0} ms after the edit`);
});
