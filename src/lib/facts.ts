/**
 * The facts, loaded once per build (or per manifest change in `astro dev`).
 * Node-only: components import this at build time; nothing reaches the browser.
 */
import { AstroError } from 'astro/errors';
import { shared } from './process-store.ts';
import { extract, type ExtractResult } from '../../engine/index.ts';
import { formatInputError, InputErrors } from '../../engine/index.ts';
import type { Fact } from '../../engine/index.ts';
export { configHref } from '../../engine/index.ts';

export const MANIFESTS_DIR = process.env.BOOK_MANIFESTS ?? 'manifests';

/**
 * One cache per process, seen by the integration's copy of this module and the pages'
 * (process-store.ts); the integration empties it from its watcher event when a manifest
 * changes.
 */
const store = shared<{ result: ExtractResult | null }>('facts', () => ({ result: null }));

/** Forgets the extracted facts: the next facts() reads the manifests again. */
export function invalidateFacts(): void {
  store.result = null;
}

/** Extracts the manifests once per build, and again after each invalidateFacts() in `astro dev`. */
export function facts(): ExtractResult {
  if (store.result) return store.result;
  try {
    store.result = extract(MANIFESTS_DIR);
  } catch (e) {
    if (!(e instanceof InputErrors)) throw e;
    const err = new AstroError(
      `The manifests cannot be read:\n\n${e.errors.map(formatInputError).join('\n\n')}`,
      '`npm run check` reports the same problems with their positions.',
    );
    // The integration reads the positioned errors from here.
    err.cause = e;
    err.stack = '';
    throw err;
  }
  return store.result;
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

/** The fact's manifest line in the repository, when BOOK_SOURCE_URL is set and the fact has one line. */
export function repositoryHref(f: Pick<Fact, 'source'>): string | null {
  const base = process.env.BOOK_SOURCE_URL;
  if (!base || f.source.line <= 0) return null;
  return `${base.replace(/\/?$/, '/')}${f.source.file}#L${f.source.line}`;
}

/** `manifests/api/deployment.yaml:14`, or the folder a derived value is computed from. */
export function sourceLabel(f: Pick<Fact, 'source'>): string {
  return f.source.line > 0 ? `${f.source.file}:${f.source.line}` : `derived from ${f.source.file}/`;
}
