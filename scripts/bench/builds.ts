/**
 * The book's build against a plain Starlight build of the same pages and
 * words (plain-site.ts), interleaved: per round a cold build of each (every
 * cache removed) and a warm one (only dist removed). Each site keeps its own
 * Node compile cache, so "cold" empties that too.
 *
 * Where a cold build's extra time goes, cache by cache (`cacheFigures`): cold builds
 * that keep exactly one of a site's caches, against one that keeps none and one that
 * keeps all.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { interleaved, run, type Sample, type Stats } from './measure.ts';
import { linkNodeModules, removeSite, writePlainSite } from './plain-site.ts';

/** Everything a build caches, relative to a site's root: Astro's, Vite's, the book's own. */
const CACHES = ['.astro', 'node_modules/.astro', 'node_modules/.vite', 'node_modules/.cache'];

export interface Site {
  root: string;
  compileCache: string;
}

function build(site: Site, cold: boolean): Sample {
  if (cold) {
    for (const c of CACHES) rmSync(join(site.root, c), { recursive: true, force: true });
    rmSync(site.compileCache, { recursive: true, force: true });
  }
  return buildAsIs(site);
}

/** `npm run build` in the site with whatever caches it has; dist removed first. */
function buildAsIs(site: Site): Sample {
  rmSync(join(site.root, 'dist'), { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_COMPILE_CACHE: site.compileCache };
  delete env.BOOK_OUT_DIR;
  delete env.BOOK_MANIFESTS;
  return run('npm', ['run', '-s', 'build'], { cwd: site.root, env });
}

const git = (...args: string[]) => {
  const r = spawnSync('git', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

/**
 * The commit `rev` names, when the book as committed there can be built with this checkout's
 * node_modules: its package-lock.json is the one installed here. Otherwise the build would run
 * with other packages than the revision asks for (or fail to find one), and the comparison
 * would measure something else; throws saying so.
 */
export function revisionToBuild(rev: string, repo = '.'): string {
  // Resolved here: a branch name means this repository's branch, not a clone's origin/….
  const commit = git('-C', repo, 'rev-parse', '--verify', `${rev}^{commit}`);
  const lock = join(repo, 'package-lock.json');
  const ours = existsSync(lock) ? readFileSync(lock, 'utf8') : null;
  const shown = spawnSync('git', ['-C', repo, 'show', `${commit}:package-lock.json`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const theirs = shown.status === 0 ? shown.stdout : null;
  if (ours !== theirs)
    throw new Error(
      `--against ${rev}: its package-lock.json differs from the one installed here, so it cannot be built with this checkout's node_modules. Compare revisions with the same dependencies.`,
    );
  return commit;
}

/**
 * The book as committed at `rev` in `repo`, in a temporary clone sharing the repository's
 * objects (so the What changed page has the same history) with a hard-linked node_modules.
 */
export function checkout(rev: string, repo = '.'): string {
  const commit = revisionToBuild(rev, repo);
  const dir = mkdtempSync(join(tmpdir(), 'hd-bench-rev-'));
  git('clone', '-q', '--shared', '--no-checkout', repo, dir);
  git('-C', dir, 'checkout', '-q', '--detach', commit);
  linkNodeModules(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** One cache a build may find or not: its folders (absolute). */
export interface CachePart {
  name: string;
  paths: string[];
}

/**
 * A site's caches, each on its own: Node's compile cache, Astro's and Vite's together, and
 * every folder under node_modules/.cache (the book's diagrams, history, stripped sources…).
 */
export function cacheParts(site: Site): CachePart[] {
  const own = join(site.root, 'node_modules', '.cache');
  const folders = existsSync(own) ? readdirSync(own).sort() : [];
  return [
    { name: "Node's compile cache", paths: [site.compileCache] },
    {
      name: "Astro's and Vite's caches",
      paths: CACHES.filter((c) => c !== 'node_modules/.cache').map((c) => join(site.root, c)),
    },
    ...folders.map((f) => ({ name: `node_modules/.cache/${f}`, paths: [join(own, f)] })),
  ];
}

function removePart(part: CachePart): void {
  for (const p of part.paths) rmSync(p, { recursive: true, force: true });
}

/** Where `kept` holds a copy of the i-th path of the j-th part. */
const keptPath = (kept: string, j: number, i: number) => join(kept, `${j}-${i}`);

/** Copies the folders of every part into `kept` (after a build filled them). */
export function keepParts(parts: CachePart[], kept: string): void {
  mkdirSync(kept, { recursive: true });
  parts.forEach((part, j) =>
    part.paths.forEach((p, i) => {
      if (existsSync(p))
        cpSync(p, keptPath(kept, j, i), { recursive: true, preserveTimestamps: true });
    }),
  );
}

/** Empties every part, then puts back from `kept` the parts named in `only`. */
export function restoreOnly(parts: CachePart[], kept: string, only: ReadonlySet<string>): void {
  parts.forEach((part, j) => {
    removePart(part);
    if (!only.has(part.name)) return;
    part.paths.forEach((p, i) => {
      const from = keptPath(kept, j, i);
      if (existsSync(from)) cpSync(from, p, { recursive: true, preserveTimestamps: true });
    });
  });
}

export interface CacheFigures {
  site: string;
  none: Stats;
  all: Stats;
  /** Per cache: a cold build that keeps only it. */
  parts: { name: string; stats: Stats }[];
}

/**
 * For the book and the plain site: a cold build (no cache), a build with every cache, and
 * for each cache a cold build that keeps only it, interleaved. What a cache saves kept
 * alone is what a cold build spends for want of it.
 */
export function cacheFigures(runs: number): CacheFigures[] {
  const scratch = mkdtempSync(join(tmpdir(), 'hd-bench-caches-'));
  const plainSite = writePlainSite('src/content/docs', 'node_modules');
  const sites = [
    {
      name: 'plain Starlight',
      site: { root: plainSite.dir, compileCache: join(scratch, 'cc-plain') },
    },
    { name: 'book', site: { root: resolve('.'), compileCache: join(scratch, 'cc-book') } },
  ];
  try {
    const plans = sites.map(({ name, site }, k) => {
      build(site, true); // fills every cache
      const parts = cacheParts(site);
      const kept = join(scratch, `kept-${k}`);
      keepParts(parts, kept);
      const every = new Set(parts.map((p) => p.name));
      const cases = [
        { label: `${name}, no cache`, only: new Set<string>() },
        ...parts.map((p) => ({ label: `${name}, only ${p.name}`, only: new Set([p.name]) })),
        { label: `${name}, every cache`, only: every },
      ];
      return {
        name,
        parts,
        cases: cases.map((c) => ({
          label: c.label,
          fn: () => {
            restoreOnly(parts, kept, c.only);
            return buildAsIs(site);
          },
        })),
      };
    });
    const stats = interleaved(
      runs,
      plans.flatMap((p) => p.cases),
    );
    let at = 0;
    return plans.map((p) => {
      const mine = stats.slice(at, (at += p.cases.length));
      return {
        site: p.name,
        none: mine[0],
        all: mine[mine.length - 1],
        parts: p.parts.map((part, i) => ({ name: part.name, stats: mine[i + 1] })),
      };
    });
  } finally {
    removeSite(plainSite);
    rmSync(scratch, { recursive: true, force: true });
  }
}

export type Kind = 'warm' | 'cold';

export interface BuildFigures {
  pages: number;
  words: number;
  /** Per kind: the book, the baseline, and the book at `against` when one was given. */
  runs: Partial<
    Record<
      Kind,
      {
        book: Stats;
        plain: Stats;
        against: Stats | null;
        /** The plain site that keeps the commands as fenced code blocks (`--with-commands`). */
        commands: Stats | null;
      }
    >
  >;
}

export function compareBuilds(
  runs: number,
  kinds: Kind[],
  against: string | null = null,
  withCommands = false,
): BuildFigures {
  const scratch = mkdtempSync(join(tmpdir(), 'hd-bench-cc-'));
  const plainSite = writePlainSite('src/content/docs', 'node_modules');
  const commandsSite = withCommands
    ? writePlainSite('src/content/docs', 'node_modules', { commands: true })
    : null;
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
  if (commandsSite) {
    console.log(
      `  for comparison: plain Starlight with the book's commands as fenced code blocks, ${commandsSite.words} words, in ${commandsSite.dir}`,
    );
    sites.push({
      name: 'plain Starlight with the commands',
      site: { root: commandsSite.dir, compileCache: join(scratch, 'commands') },
    });
  }
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
      const mine = stats.slice(i * sites.length, (i + 1) * sites.length);
      const [plain, book] = mine;
      out.runs[kind] = {
        book,
        plain,
        against: old ? mine[2] : null,
        commands: commandsSite ? mine[sites.length - 1] : null,
      };
    });
    return out;
  } finally {
    removeSite(plainSite);
    if (commandsSite) removeSite(commandsSite);
    if (old) rmSync(old, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}
