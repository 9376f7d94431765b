/**
 * The book's build against a plain Starlight build of the same pages and
 * words (plain-site.ts), interleaved: per round a cold build of each (every
 * cache removed) and a warm one (only dist removed). Each site keeps its own
 * Node compile cache, so "cold" empties that too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { interleaved, run, type Sample, type Stats } from './measure.ts';
import { linkNodeModules, removeSite, writePlainSite } from './plain-site.ts';

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

/**
 * The book as committed at `rev` in `repo`, in a temporary clone sharing the repository's
 * objects (so the What changed page has the same history) with a hard-linked node_modules.
 */
export function checkout(rev: string, repo = '.'): string {
  const dir = mkdtempSync(join(tmpdir(), 'hd-bench-rev-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  // Resolved here: a branch name means this repository's branch, not the clone's origin/….
  const commit = git('-C', repo, 'rev-parse', '--verify', `${rev}^{commit}`);
  git('clone', '-q', '--shared', '--no-checkout', repo, dir);
  git('-C', dir, 'checkout', '-q', '--detach', commit);
  linkNodeModules(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

export type Kind = 'warm' | 'cold';

export interface BuildFigures {
  pages: number;
  words: number;
  /** Per kind: the book, the baseline, and the book at `against` when one was given. */
  runs: Partial<Record<Kind, { book: Stats; plain: Stats; against: Stats | null }>>;
}

export function compareBuilds(
  runs: number,
  kinds: Kind[],
  against: string | null = null,
): BuildFigures {
  const scratch = mkdtempSync(join(tmpdir(), 'hd-bench-cc-'));
  const plainSite = writePlainSite('src/content/docs', 'node_modules');
  console.log(
    `  baseline: ${plainSite.pages} pages, ${plainSite.words} words (the book's MDX text without components), in ${plainSite.dir}`,
  );
  const sites: { name: string; site: Site }[] = [
    {
      name: 'plain Starlight',
      site: { root: plainSite.dir, compileCache: join(scratch, 'plain') },
    },
    { name: 'book', site: { root: resolve('.'), compileCache: join(scratch, 'book') } },
  ];
  const old = against ? checkout(against) : null;
  if (old)
    sites.push({
      name: `book at ${against}`,
      site: { root: old, compileCache: join(scratch, 'rev') },
    });
  try {
    // One untimed round first: every cache filled, the OS file cache warm for all sites.
    const cases = kinds.flatMap((kind) =>
      sites.map(({ name, site }) => ({
        label: `${name}, ${kind}`,
        fn: () => build(site, kind === 'cold'),
      })),
    );
    const stats = interleaved(runs, cases);
    const out: BuildFigures = { pages: plainSite.pages, words: plainSite.words, runs: {} };
    kinds.forEach((kind, i) => {
      const [plain, book, rev] = stats.slice(i * sites.length, (i + 1) * sites.length);
      out.runs[kind] = { book, plain, against: rev ?? null };
    });
    return out;
  } finally {
    removeSite(plainSite);
    if (old) rmSync(old, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}
