/**
 * Builds the book from another manifests folder into another output folder,
 * as a preview: a mutated copy drifts from the book on purpose, so the build
 * goes on past the drift check's findings (bad input still stops it). And the
 * readers of such a build: its files, a page, the values a page shows.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export function buildPreview(manifests: string, out: string, what = 'the preview'): void {
  const r = spawnSync('npm', ['run', '-s', 'build'], {
    env: { ...process.env, BOOK_MANIFESTS: manifests, BOOK_OUT_DIR: out, BOOK_ALLOW_DRIFT: '1' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `${what} must build:\n${r.stderr.slice(-3000)}`);
}

/** Every file of a build (or those whose name matches `name`), at any depth. */
export function builtFiles(dir: string, name?: RegExp): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return builtFiles(p, name);
    return !name || name.test(e) ? [p] : [];
  });
}

/** A built file as text; Pagefind's index files are gzip, and are read decompressed. */
export function builtText(file: string): string {
  const bytes = readFileSync(file);
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The HTML of one built page (`''` is the start page). */
export const builtPage = (out: string, slug: string): string =>
  readFileSync(join(out, slug, 'index.html'), 'utf8');

/** Every rendering of fact `key` on a page: its source as the page gives it, and its text. */
export function shownFacts(html: string, key: string): { source: string; value: string }[] {
  const at = new RegExp(
    `class="hd-fact" data-fact="${key.replace(/[/.]/g, '\\$&')}" data-source="([^"]*)"[^>]*>(?:<code>)?([^<]*)`,
    'g',
  );
  return [...html.matchAll(at)].map((m) => ({ source: m[1], value: m[2] }));
}
