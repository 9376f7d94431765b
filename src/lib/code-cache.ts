/**
 * Code blocks rendered by Expressive Code (Starlight's `<Code>`), remembered: in memory
 * for blocks that repeat within a build (the command index repeats every procedure's
 * commands) and on disk between builds. A warm build then highlights only each page's
 * first block. Used by CodeBlock.astro; Node-only.
 *
 * The first block of a page always goes through Expressive Code: that is where it links
 * its stylesheet and copy-button script for the page, and where its per-page counter
 * starts. HTML holding those page-level extras is never stored, so a block served from
 * here is exactly what Expressive Code renders for any block after a page's first.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Bump when CodeBlock.astro changes what it stores. */
const REVISION = 'code-1';

/** What shapes Expressive Code's output besides the block's props: versions and config. */
function rendererIdentity(): string {
  const req = createRequire(join(process.cwd(), 'package.json'));
  const version = (pkg: string) => {
    try {
      return `${pkg}@${(JSON.parse(readFileSync(req.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version}`;
    } catch {
      return `${pkg}@?`;
    }
  };
  const configs = ['astro.config.mjs', 'ec.config.mjs', 'ec.config.ts']
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'));
  return [
    REVISION,
    ...['astro-expressive-code', '@expressive-code/core', '@astrojs/starlight', 'shiki'].map(
      version,
    ),
    ...configs,
  ].join('\u0000');
}

let identity: string | null = null;
const memory = new Map<string, string>();
const pagesSeen = new WeakSet<object>();

function cacheDir(): string {
  return (
    process.env.HONEYDUE_CODE_CACHE ||
    join(process.cwd(), 'node_modules', '.cache', 'honeydue-code')
  );
}

/** The cache key of a block: its props and locale, under this renderer's identity. */
export function codeBlockKey(props: Record<string, unknown>, locale: string | undefined): string {
  identity ??= rendererIdentity();
  const entries = Object.entries(props).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(`${identity}\u0000${locale ?? ''}\u0000${JSON.stringify(entries)}`)
    .digest('hex');
}

/** True for the first block a page asks for (`page` is the page's request). */
export function firstOnPage(page: object): boolean {
  if (pagesSeen.has(page)) return false;
  pagesSeen.add(page);
  return true;
}

/** The remembered HTML of a block, or null. */
export function cachedCodeBlock(key: string): string | null {
  const hit = memory.get(key);
  if (hit !== undefined) return hit;
  try {
    const html = readFileSync(join(cacheDir(), `${key}.html`), 'utf8');
    memory.set(key, html);
    return html;
  } catch {
    return null;
  }
}

/** Expressive Code's page-level extras: its stylesheet link and copy-button script. */
const PAGE_EXTRAS = /<link\b|<script\b|<style\b/;

/** Remembers a rendered block, unless it carries the page-level extras. */
export function storeCodeBlock(key: string, html: string): void {
  if (PAGE_EXTRAS.test(html)) return;
  memory.set(key, html);
  const dir = cacheDir();
  const tmp = join(dir, `.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, html);
    renameSync(tmp, join(dir, `${key}.html`));
  } catch {
    // A cache that cannot be written only costs time on the next build.
  }
}
