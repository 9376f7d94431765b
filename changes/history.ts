/**
 * The history of manifests/ for the site: the recent commits that changed
 * facts, each with its changes, and for every fact the commit that last
 * changed it. Computed at build time from git, cached on disk per commit and
 * per manifests tree (commits never change), so a warm build reads one file.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ExtractResult } from '../engine/index.ts';
import { loadCommit } from './compare.ts';
import { diffSnapshots, objectChanges, type Change, type ObjectChange } from './diff.ts';
import { ChangesError } from './errors.ts';
import {
  Checkout,
  commitsTouching,
  openRepo,
  resolveCommit,
  treeIds,
  type CommitInfo,
  type Repo,
} from './git.ts';
import { emptySnapshot, rebaser, snapshot, type Snapshot } from './snapshot.ts';

export interface CommitChanges {
  commit: CommitInfo;
  changes: Change[];
  objects: ObjectChange[];
  /** The commit brought the manifests folder into being: every fact is new. */
  introduced: boolean;
  /** Full keys of every fact this commit changed (folded duplicates and renamed objects' facts included). */
  keys: string[];
  /** Set when one side's manifests could not be read: the commit's changes are unknown. */
  error?: string;
  /**
   * Set when the parent's manifests cannot be read and the commit's can (it repairs them): the
   * changes are those since this commit, the newest earlier one whose manifests can be read.
   */
  since?: LastChange;
}

export interface LastChange {
  sha: string;
  short: string;
  date: string;
  subject: string;
}

export type History =
  | {
      available: true;
      /** Newest first; only commits that changed at least one fact. */
      commits: CommitChanges[];
      /** Full key → the newest commit that changed it. */
      last: Record<string, LastChange>;
      /** The oldest commit looked at when the history goes further back; null when it was read to the start. */
      since: LastChange | null;
      /** Full keys whose value in the working tree differs from HEAD. */
      uncommitted: string[];
      /** The working tree's fact changes against HEAD (empty without `current`). */
      working: { changes: Change[]; objects: ObjectChange[] };
    }
  | { available: false; reason: string };

export interface HistoryOptions {
  /** The manifests folder (absolute, or relative to the working directory). */
  manifests: string;
  /** How many commits that touched the folder to read (default 50). */
  depth?: number;
  /** Where to cache (default node_modules/.cache/honeydue-changes under the working directory). */
  cacheDir?: string;
  /** The facts the site is built from, to mark uncommitted changes. */
  current?: ExtractResult;
}

/**
 * Changes when the engine or the changelog changes: cached results are only
 * valid for the code that made them. The sources are looked up next to this
 * module, then next to the running script (cli/bin.js runs the commands from a
 * bundle in node_modules/.cache), then in the working directory (a site build
 * runs from chunks elsewhere); without them nothing is cached.
 */
function codeStamp(): string | null {
  const script = process.argv[1] ? [resolve(dirname(process.argv[1]), '..')] : [];
  const root = [resolve(import.meta.dirname, '..'), ...script, process.cwd()].find(
    (r) => existsSync(join(r, 'engine/index.ts')) && existsSync(join(r, 'changes/index.ts')),
  );
  if (!root) return null;
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) h.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  walk(join(root, 'engine'));
  walk(join(root, 'changes'));
  return h.digest('hex').slice(0, 16);
}

class Cache {
  readonly dir: string | null;
  constructor(base: string, stamp: string | null) {
    this.dir = stamp ? join(base, stamp) : null;
    if (!stamp || !this.dir) return;
    // Results of older code are never read again.
    if (existsSync(base))
      for (const e of readdirSync(base))
        if (e !== stamp) rmSync(join(base, e), { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }
  has(name: string): boolean {
    return this.dir !== null && existsSync(join(this.dir, `${name}.json`));
  }
  get<T>(name: string): T | undefined {
    if (!this.dir) return undefined;
    try {
      return JSON.parse(readFileSync(join(this.dir, `${name}.json`), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }
  /** Written to a temporary name and renamed: a crashed build never leaves half a file. */
  set(name: string, value: unknown): void {
    if (!this.dir) return;
    const tmp = join(this.dir, `${name}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, join(this.dir, `${name}.json`));
  }
}

const lastOf = (c: CommitInfo): LastChange => ({
  sha: c.sha,
  short: c.short,
  date: c.date,
  subject: c.subject,
});

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

/** Every full key a list of changes touches: folded duplicates and a renamed object's facts too. */
function touchedKeys(changes: Change[], a: Snapshot, b: Snapshot): string[] {
  const full = new Map<string, string>();
  for (const s of [b, a])
    for (const f of Object.values(s.facts)) if (!full.has(f.alias)) full.set(f.alias, f.key);
  const out = new Set<string>();
  for (const c of changes) {
    if (c.change === 'renamed') {
      for (const f of Object.values(b.facts)) if (f.objectKey === c.fullKey) out.add(f.key);
      continue;
    }
    out.add(c.fullKey);
    for (const k of c.also) out.add(full.get(k) ?? k);
  }
  return [...out];
}

type Unreadable = { error: string };
type Base = Omit<Extract<History, { available: true }>, 'uncommitted' | 'working'>;

/** Snapshots by manifests tree: the same tree in many commits is extracted once, ever. */
class Snapshots {
  private readonly memo = new Map<string, Snapshot | Unreadable>();
  /** Revision → tree id of the manifests folder; null when the revision has none. */
  private readonly trees = new Map<string, string | null>();
  private checkout: Checkout | null = null;
  private readonly repo: Repo;
  private readonly manifests: string;
  private readonly cache: Cache;

  constructor(repo: Repo, manifests: string, cache: Cache) {
    this.repo = repo;
    this.manifests = manifests;
    this.cache = cache;
  }

  /** Looks up the tree ids of many revisions in one git call. */
  learn(revs: string[]): void {
    const found = treeIds(this.repo, revs, this.manifests);
    for (const r of revs) this.trees.set(r, found.get(r) ?? null);
  }

  has(rev: string): boolean {
    if (!this.trees.has(rev)) this.learn([rev]);
    return this.trees.get(rev) !== null;
  }

  get(rev: string | null): Snapshot | Unreadable {
    if (!rev || !this.has(rev)) return emptySnapshot(this.manifests);
    const tree = this.trees.get(rev)!;
    const name = `snap-${digest(this.manifests)}-${tree}`;
    let s = this.memo.get(tree) ?? this.cache.get<Snapshot | Unreadable>(name);
    if (!s) {
      this.checkout ??= new Checkout(this.repo, this.manifests);
      try {
        s = loadCommit(this.repo, rev, this.manifests, rev, this.checkout).snapshot;
      } catch (e) {
        if (!(e instanceof ChangesError)) throw e;
        s = { error: e.message };
      }
      this.cache.set(name, s);
    }
    this.memo.set(tree, s);
    return s;
  }

  dispose(): void {
    this.checkout?.dispose();
  }
}

/**
 * The newest state whose manifests can be read after one of the earlier commits that touched
 * them (`older`, newest first); null when none reads.
 */
function readableBefore(
  older: CommitInfo[],
  snaps: Snapshots,
): { snapshot: Snapshot; commit: CommitInfo } | null {
  for (const o of older) {
    const s = snaps.get(o.sha);
    if (!('error' in s)) return { snapshot: s, commit: o };
  }
  return null;
}

/** A commit's changes; `older` are the commits that touched the manifests before it, newest first. */
function commitChanges(c: CommitInfo, snaps: Snapshots, older: CommitInfo[]): CommitChanges {
  let a = snaps.get(c.parent);
  const b = snaps.get(c.sha);
  let since: LastChange | undefined;
  if ('error' in a && !('error' in b)) {
    // The commit repairs manifests its parent cannot read: what changed is measured from the
    // newest earlier state that reads (the commits in between changed nothing readable).
    const base = readableBefore(older, snaps);
    if (base) {
      a = base.snapshot;
      since = lastOf(base.commit);
    }
  }
  if ('error' in a || 'error' in b)
    return {
      commit: c,
      changes: [],
      objects: [],
      introduced: false,
      keys: [],
      error: ('error' in b ? b : (a as Unreadable)).error,
    };
  const changes = diffSnapshots(a, b);
  const introduced = !since && (!c.parent || !snaps.has(c.parent));
  const keys = touchedKeys(changes, a, b);
  // Everything is new in the commit that brought the folder in: its keys say so, a list would not help.
  if (introduced) return { commit: c, changes: [], objects: [], introduced, keys };
  const objects = objectChanges(a, b, changes);
  return { commit: c, changes, objects, introduced, keys, ...(since ? { since } : {}) };
}

function computeHistory(
  repo: Repo,
  head: string,
  manifests: string,
  depth: number,
  cache: Cache,
  snaps: Snapshots,
): Base {
  const found = commitsTouching(repo, head, manifests, depth + 1);
  const walked = found.slice(0, depth);
  const revs = [
    ...new Set([head, ...walked.flatMap((c) => (c.parent ? [c.sha, c.parent] : [c.sha]))]),
  ];
  snaps.learn(revs);
  const commits: CommitChanges[] = walked.map((c, i) => {
    const name = `commit-${digest(manifests)}-${c.sha}`;
    const hit = cache.get<CommitChanges>(name);
    if (hit) return hit;
    const made = commitChanges(c, snaps, found.slice(i + 1));
    cache.set(name, made);
    return made;
  });
  const last: Record<string, LastChange> = {};
  for (const c of commits) for (const k of c.keys) last[k] ??= lastOf(c.commit);
  return {
    available: true,
    commits: commits.filter((c) => c.keys.length || c.error),
    last,
    since: found.length > depth ? lastOf(walked.at(-1)!) : null,
  };
}

const UNAVAILABLE = {
  git: 'The history of the manifests is not available in this checkout: it is not a git clone, or git is not installed.',
  shallow:
    'The history of the manifests is not available in this checkout: it is a shallow clone (only the newest commits were fetched). Clone with the full history (`git fetch --unshallow`) to see it.',
  empty: 'The history of the manifests is not available: the repository has no commits yet.',
};

interface Located {
  repo: Repo;
  head: string;
  /** The manifests folder, relative to the repository's root. */
  manifests: string;
  depth: number;
  cache: Cache;
  /** The cache entry of the history of HEAD. */
  name: string;
}

/** The repository, HEAD and cache entry a history is read from, or why there is no history. */
function locate(opts: HistoryOptions): Located | { available: false; reason: string } {
  const dir = resolve(opts.manifests);
  let repo: Repo;
  try {
    repo = openRepo(existsSync(dir) ? dir : process.cwd());
  } catch {
    return { available: false, reason: UNAVAILABLE.git };
  }
  if (repo.shallow) return { available: false, reason: UNAVAILABLE.shallow };
  let head: string;
  try {
    head = resolveCommit(repo, 'HEAD');
  } catch {
    return { available: false, reason: UNAVAILABLE.empty };
  }
  const manifests = relative(repo.root, dir).split('\\').join('/');
  const depth = opts.depth ?? 50;
  const cache = new Cache(
    opts.cacheDir ??
      (process.env.HONEYDUE_CHANGES_CACHE || resolve('node_modules/.cache/honeydue-changes')),
    codeStamp(),
  );
  return {
    repo,
    head,
    manifests,
    depth,
    cache,
    name: `history-${digest(manifests)}-${depth}-${head}`,
  };
}

/**
 * Whether history() would read the commits from git and extract them (a cold cache, a new
 * commit, changed code), rather than read them from the disk cache or find no history.
 */
export function historyToCompute(opts: HistoryOptions): boolean {
  const at = locate(opts);
  return !('available' in at) && !at.cache.has(at.name);
}

/** The history of a manifests folder, or why there is none. Never throws for a missing or shallow history. */
export function history(opts: HistoryOptions): History {
  const at = locate(opts);
  if ('available' in at) return at;
  const { repo, head, manifests, depth, cache, name } = at;
  const dir = resolve(opts.manifests);
  const snaps = new Snapshots(repo, manifests, cache);
  try {
    let base = cache.get<Base>(name);
    if (!base) {
      base = computeHistory(repo, head, manifests, depth, cache, snaps);
      cache.set(name, base);
    }
    let uncommitted: string[] = [];
    const working: Extract<History, { available: true }>['working'] = { changes: [], objects: [] };
    if (opts.current) {
      const a = snaps.get(head);
      const b = snapshot(opts.current, manifests, rebaser(dir, manifests));
      if (!('error' in a)) {
        working.changes = diffSnapshots(a, b);
        working.objects = objectChanges(a, b, working.changes);
        uncommitted = touchedKeys(working.changes, a, b);
      }
    }
    return { ...base, uncommitted, working };
  } finally {
    snaps.dispose();
  }
}
