/**
 * Code blocks rendered by Expressive Code (Starlight's `<Code>`), remembered: in memory
 * for blocks that repeat within a build (the command index repeats every procedure's
 * commands) and on disk between builds, so a warm build highlights nothing it has
 * highlighted before. Used by CodeBlock.astro; Node-only.
 *
 * Expressive Code puts its page-level extras (the link to its stylesheet and its
 * copy-button script) at the start of a page's first block, inside the block's wrapper.
 * Blocks are stored without them; the extras are stored once, and a page's first block
 * gets them back, exactly where Expressive Code puts them. Until the extras are known (a
 * cold cache), a page's first block goes through Expressive Code.
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

/**
 * The blocks on disk: one file, read at the first lookup and written once when the
 * process exits (hundreds of small files cost more to write than the blocks cost to
 * render). It holds what this process used, so blocks no page shows any more drop out.
 */
interface Pack {
  blocks: Record<string, string>;
  extras: string | null;
}

const PACK = 'blocks.json';
let stored: Pack | null = null;
const used: Pack = { blocks: {}, extras: null };
let changed = false;

function pack(): Pack {
  if (stored) return stored;
  try {
    const p = JSON.parse(readFileSync(join(cacheDir(), PACK), 'utf8')) as Partial<Pack>;
    stored = { blocks: p.blocks ?? {}, extras: p.extras ?? null };
  } catch {
    stored = { blocks: {}, extras: null };
  }
  process.once('exit', writePack);
  return stored;
}

function writePack(): void {
  const unused = Object.keys(stored?.blocks ?? {}).some((k) => !(k in used.blocks));
  if (!changed && !unused) return;
  const dir = cacheDir();
  const tmp = join(dir, `.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, JSON.stringify(used));
    renameSync(tmp, join(dir, PACK));
  } catch {
    // A cache that cannot be written only costs time on the next build.
  }
}

function storedBlock(key: string): string | null {
  const html = used.blocks[key] ?? pack().blocks[key];
  if (html === undefined) return null;
  used.blocks[key] = html;
  return html;
}

function pageExtras(): string | null {
  return (used.extras ??= pack().extras);
}

/** The remembered HTML of a block (as a page's `first` block: with the extras), or null. */
export function cachedCodeBlock(key: string, first: boolean): string | null {
  const block = storedBlock(key);
  if (block === null || !first) return block;
  const known = pageExtras();
  return known === null ? null : withExtras(block, known);
}

/** The wrapper's opening tag, then the page-level extras Expressive Code unshifts into it. */
const EXTRAS =
  /^(<div\b[^>]*>)((?:<link\b[^>]*>|<script\b[^>]*><\/script>|<style>[^<]*<\/style>)+)/;

/** A rendered block without the page-level extras, and the extras when it had them. */
export function splitExtras(html: string): { block: string; extras: string | null } {
  const m = EXTRAS.exec(html);
  return m
    ? { block: m[1] + html.slice(m[0].length), extras: m[2] }
    : { block: html, extras: null };
}

/** A block with the page-level extras put back where Expressive Code puts them. */
export function withExtras(block: string, extras: string): string {
  const open = /^<div\b[^>]*>/.exec(block)?.[0] ?? '';
  return open + extras + block.slice(open.length);
}

/** Remembers a block as Expressive Code rendered it; returns the HTML the page shows. */
export function storeCodeBlock(key: string, html: string, first: boolean): string {
  const split = splitExtras(html);
  if (split.extras !== null && split.extras !== pageExtras()) used.extras = split.extras;
  pack();
  used.blocks[key] = split.block;
  changed = true;
  const known = pageExtras();
  // Expressive Code counts a page's blocks itself: when a page's first block came from
  // here, its own first render carries the extras again; the page shows them once.
  return first && known !== null ? withExtras(split.block, known) : split.block;
}

/** Writes the cache now rather than at exit (tests). */
export const flushCodeCache = writePack;
