/**
 * The book's build against a plain Starlight build of the same pages and
 * words (plain-site.ts), interleaved: per round a cold build of each (every
 * cache removed) and a warm one (only dist removed). Each site keeps its own
 * Node compile cache, so "cold" empties that too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { interleaved, run, type Sample, type Stats } from './measure.ts';
import { removeSite, writePlainSite } from './plain-site.ts';

/** Everything a build caches, relative to a site's root: Astro's, Vite's, the book's own. */
const CACHES = ['.astro', 'node_modules/.astro', 'node_modules/.vite', 'node_modules/.cache'];

interface Site {
  root: string;
  compileCache: string;
}

function build(site: Site, cold: boolean): Sample {
  rmSync(join(site.root, 'dist'), { recursive: true, force: true });
  if (cold) {
    for (const c of CACHES) rmSync(join(site.root, c), { recursive: true, force: true });
    rmSync(site.compileCache, { recursive: true, force: true });
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_COMPILE_CACHE: site.compileCache };
  delete env.BOOK_OUT_DIR;
  delete env.BOOK_MANIFESTS;
  return run('npm', ['run', '-s', 'build'], { cwd: site.root, env });
}

export interface BuildFigures {
  pages: number;
  words: number;
  warm: { book: Stats; plain: Stats };
  cold: { book: Stats; plain: Stats };
}

export function compareBuilds(runs: number): BuildFigures {
  const scratch = mkdtempSync(join(tmpdir(), 'hd-bench-cc-'));
  const plainSite = writePlainSite('src/content/docs', 'node_modules');
  console.log(
    `  baseline: ${plainSite.pages} pages, ${plainSite.words} words (the book's MDX text without components), in ${plainSite.dir}`,
  );
  const book: Site = { root: resolve('.'), compileCache: join(scratch, 'book') };
  const plain: Site = { root: plainSite.dir, compileCache: join(scratch, 'plain') };
  try {
    // One untimed cold round: both sites' caches filled, the OS file cache warm for both.
    const [pc, bc, pw, bw] = interleaved(runs, [
      { label: 'plain Starlight, cold', fn: () => build(plain, true) },
      { label: 'book, cold', fn: () => build(book, true) },
      { label: 'plain Starlight, warm', fn: () => build(plain, false) },
      { label: 'book, warm', fn: () => build(book, false) },
    ]);
    return {
      pages: plainSite.pages,
      words: plainSite.words,
      warm: { book: bw, plain: pw },
      cold: { book: bc, plain: pc },
    };
  } finally {
    removeSite(plainSite);
    rmSync(scratch, { recursive: true, force: true });
  }
}
