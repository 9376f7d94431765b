/**
 * The facts, loaded once per build (or per manifest change in `astro dev`).
 * Node-only: components import this at build time; nothing reaches the browser.
 */
import { resolve } from 'node:path';
import { extract, type ExtractResult } from '../../scripts/extract/index.ts';
import { formatInputError, InputErrors } from '../../scripts/extract/errors.ts';
import type { Fact } from '../../scripts/extract/facts.ts';

export const MANIFESTS_DIR = process.env.BOOK_MANIFESTS ?? 'manifests';

let cached: { stamp: string; result: ExtractResult } | null = null;

/** Extracts the manifests; re-extracts when `invalidateFacts()` was called (dev watcher). */
export function facts(): ExtractResult {
  if (cached) return cached.result;
  try {
    cached = { stamp: String(Date.now()), result: extract(resolve(MANIFESTS_DIR)) };
  } catch (e) {
    if (e instanceof InputErrors) {
      const err = new Error(`The manifests cannot be read:\n\n${e.errors.map(formatInputError).join('\n\n')}`);
      err.stack = err.message;
      throw err;
    }
    throw e;
  }
  return cached.result;
}

export function invalidateFacts(): void {
  cached = null;
}

/** A fact by key; throws with the closest keys when it does not exist. */
export function fact(key: string): Fact {
  const { registry } = facts();
  const f = registry.get(key);
  if (!f) {
    const err = new Error(`Unknown fact key \`${key}\`. Closest keys: ${registry.closest(key).join(', ')}. List them all with \`npm run extract -- --format keys\`.`);
    err.stack = err.message;
    throw err;
  }
  return f;
}

/** Link for a fact's source: the repository line when BOOK_SOURCE_URL is set, else the Config page entry. */
export function sourceHref(f: Pick<Fact, 'key' | 'source'>): string {
  const base = process.env.BOOK_SOURCE_URL;
  if (base && f.source.line > 0) return `${base.replace(/\/?$/, '/')}${f.source.file}#L${f.source.line}`;
  return `/config/#${factAnchor(f.key)}`;
}

export function factAnchor(key: string): string {
  return `fact-${key.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export function sourceLabel(f: Pick<Fact, 'source'>): string {
  return f.source.line > 0 ? `${f.source.file}:${f.source.line}` : `derived from ${f.source.file}/`;
}
