/**
 * The facts, loaded once per build (or per manifest change in `astro dev`).
 * Node-only: components import this at build time; nothing reaches the browser.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extract, type ExtractResult } from '../../engine/index.ts';
import { formatInputError, InputErrors } from '../../engine/index.ts';
import type { Fact } from '../../engine/index.ts';

export const MANIFESTS_DIR = process.env.BOOK_MANIFESTS ?? 'manifests';

let cached: { stamp: string; result: ExtractResult } | null = null;

/** Names and modification times of every manifest: changes when any file is edited, added or removed. */
function manifestsStamp(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else parts.push(`${p}:${statSync(p).mtimeMs}`);
    }
  };
  walk(dir);
  return parts.join('|');
}

/**
 * Extracts the manifests once per build. Under `astro dev` (BOOK_WATCH set by
 * the book integration) it re-extracts whenever a manifest changed, so an
 * edit shows on the next render without a restart.
 */
export function facts(): ExtractResult {
  const dir = resolve(MANIFESTS_DIR);
  const stamp = process.env.BOOK_WATCH ? manifestsStamp(dir) : '';
  if (cached && cached.stamp === stamp) return cached.result;
  try {
    cached = { stamp, result: extract(MANIFESTS_DIR) };
  } catch (e) {
    if (e instanceof InputErrors) {
      const err = new Error(
        `The manifests cannot be read:\n\n${e.errors.map(formatInputError).join('\n\n')}`,
      );
      err.stack = err.message;
      throw err;
    }
    throw e;
  }
  return cached.result;
}

/** A fact by key; throws with the closest keys when it does not exist. */
export function fact(key: string): Fact {
  const { registry } = facts();
  const f = registry.get(key);
  if (!f) {
    const err = new Error(
      `Unknown fact key \`${key}\`. Closest keys: ${registry.closest(key).join(', ')}. List them all with \`npm run extract -- --format keys\`.`,
    );
    err.stack = err.message;
    throw err;
  }
  return f;
}

/** Link for a fact's source: the repository line when BOOK_SOURCE_URL is set, else the Config page entry. */
export function sourceHref(f: Pick<Fact, 'key' | 'source'>): string {
  const base = process.env.BOOK_SOURCE_URL;
  if (base && f.source.line > 0)
    return `${base.replace(/\/?$/, '/')}${f.source.file}#L${f.source.line}`;
  return `/config/#${factAnchor(f.key)}`;
}

export function factAnchor(key: string): string {
  return `fact-${key.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export function sourceLabel(f: Pick<Fact, 'source'>): string {
  return f.source.line > 0 ? `${f.source.file}:${f.source.line}` : `derived from ${f.source.file}/`;
}
