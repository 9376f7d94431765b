/**
 * What a build starts ahead, in `astro:config:setup`: the hook itself returns at once, and
 * what the diagrams are drawn from (the chapters, the facts) is read on a later turn of the
 * event loop, while Astro goes on to start Vite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCS_DIR } from '../../src/lib/book.ts';
import { closeDiagramRenderer } from '../../src/lib/diagrams.ts';
import { awaitPrefetch } from '../../src/lib/history.ts';
import { prefetchIntegration } from '../../src/lib/prefetch-integration.ts';

test("the config hook starts the work ahead without reading the book; the diagrams' sources are read next", async (t) => {
  const scratch = mkdtempSync(join(tmpdir(), 'hd-prefetch-'));
  const env = { ...process.env };
  t.after(async () => {
    // The work the hook started writes into the scratch folder: it is removed once that ends.
    awaitPrefetch();
    await closeDiagramRenderer();
    process.env = env;
    rmSync(scratch, { recursive: true, force: true });
  });
  process.env.HONEYDUE_CHANGES_CACHE = join(scratch, 'changes');
  process.env.HONEYDUE_DIAGRAM_CACHE = join(scratch, 'diagrams');
  // No browser: each render fails at once, which the pages would report; this test needs none.
  process.env.CHROMIUM_PATH = join(scratch, 'no-chromium');

  // The chapters the MDX reader has read in this process (mdx/book.ts).
  const read = (globalThis as unknown as Record<symbol, Map<string, unknown>>)[
    Symbol.for('honeydue.mdx.read')
  ];
  assert.equal(read.size, 0, 'nothing read before the hook');
  const hook = prefetchIntegration().hooks['astro:config:setup'] as (o: object) => void;
  hook({ command: 'build' });
  assert.equal(read.size, 0, 'the hook returns before it reads a chapter');

  await new Promise((r) => setImmediate(r));
  const chapters = readdirSync(DOCS_DIR, { recursive: true }).filter((f) =>
    /\.mdx?$/.test(String(f)),
  );
  assert.equal(
    read.size,
    chapters.length,
    "the next turn reads every chapter, for the diagrams' sources",
  );
});
