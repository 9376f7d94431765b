/**
 * Builds the book from another manifests folder into another output folder,
 * as a preview: a mutated copy drifts from the book on purpose, so the build
 * goes on past the drift check's findings (bad input still stops it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export function buildPreview(manifests: string, out: string): void {
  const r = spawnSync('npm', ['run', '-s', 'build'], {
    env: { ...process.env, BOOK_MANIFESTS: manifests, BOOK_OUT_DIR: out, BOOK_ALLOW_DRIFT: '1' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
}
