/**
 * Build-time history of the manifests for the site: the What changed page's
 * commits, and for the Config page when each fact last changed. Node-only;
 * computed once per build from git and cached on disk per commit (see
 * changes/history.ts), so a warm build reads one file.
 */
import { getCompileCacheDir } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  entries,
  history,
  historyToCompute,
  type Change,
  type CommitChanges,
  type History,
  type LastChange,
} from '../../changes/index.ts';
import { credentialsIn } from '../../engine/index.ts';
import { configHref, facts, MANIFESTS_DIR, sourceLabel } from './facts.ts';
import { BACKGROUND_PRIORITY } from './background.ts';
import { memoOn, shared } from './process-store.ts';

/** Commits the What changed page shows. */
export const CHANGELOG_COMMITS = 20;
/** Fact rows a commit shows before it says how many more there are. */
export const CHANGELOG_ROWS = 60;

/** A history computed ahead in a worker thread: its flag turns 1 when it is done. */
const prefetch = shared<{ flag: Int32Array | null }>('history.prefetch', () => ({ flag: null }));
/** Longest a page waits for the worker before computing the history itself. */
const PREFETCH_WAIT_MS = 60_000;

// The worker is plain JavaScript (no bundler or loader between): it imports the changelog
// by file URL, fills the disk cache, and raises the flag whatever happens. A worker thread
// does not share the compile cache the build enabled, so it opens the same folder itself:
// the engine's modules are then type-stripped and compiled once, not in every build.
// It gives way to the thread that builds the pages (background.ts).
export const WORKER = `
${BACKGROUND_PRIORITY}
const { workerData } = require('node:worker_threads');
const compiled = require('node:module');
if (workerData.compileCache) compiled.enableCompileCache?.(workerData.compileCache);
import(workerData.module)
  .then((m) => m.history({ manifests: workerData.manifests }))
  .catch(() => {})
  .finally(() => {
    try { compiled.flushCompileCache?.(); } catch {}
    Atomics.store(workerData.flag, 0, 1);
    Atomics.notify(workerData.flag, 0);
  });
`;

/**
 * Starts computing the history in a worker thread when a build starts: on a cold cache
 * that is git reads and one extraction per commit, which then run on the other core while
 * Astro bundles and renders the first pages. The pages that show the history wait for it
 * (bookHistory) and read its results from the disk cache. With the history of HEAD
 * already in the cache (a warm build) there is nothing to compute ahead, and no worker.
 * Returns whether a worker was started.
 */
export function prefetchHistory(): boolean {
  if (prefetch.flag) return false;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  prefetch.flag = flag;
  const manifests = resolve(MANIFESTS_DIR);
  let ahead = true;
  try {
    ahead = historyToCompute({ manifests });
  } catch {
    // A failed lookup (an unwritable cache folder, say): the worker starts as before, and the
    // page that needs the history reports what fails.
  }
  if (!ahead) {
    Atomics.store(flag, 0, 1);
    return false;
  }
  const module = new URL('../../changes/index.ts', import.meta.url).href;
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { flag, module, manifests, compileCache: getCompileCacheDir?.() },
  });
  worker.unref();
  worker.on('error', () => Atomics.store(flag, 0, 1));
  return true;
}

/** Waits, bounded, for a history the worker is computing (none started: returns at once). */
export function awaitPrefetch(): void {
  const flag = prefetch.flag;
  if (!flag) return;
  const until = Date.now() + PREFETCH_WAIT_MS;
  while (Atomics.load(flag, 0) === 0 && Date.now() < until) Atomics.wait(flag, 0, 0, 100);
}

/** The history, once per extraction (in `astro dev`, again after a manifest edit). */
export function bookHistory(): History {
  awaitPrefetch();
  return historyOfFacts();
}

const historyOfFacts = memoOn(
  () => [facts()],
  () => history({ manifests: resolve(MANIFESTS_DIR), current: facts() }),
);

export interface ChangeRow {
  key: string;
  /** The fact's entry on the Config page, when the fact still exists. */
  href: string | null;
  change: Change['change'] | 'added object' | 'removed object';
  before: string | null;
  after: string | null;
  /** `file:line`, the newer side's when there is one. */
  source: string;
}

export interface CommitView {
  sha: string;
  short: string;
  /** YYYY-MM-DD. */
  date: string;
  author: string;
  subject: string;
  rows: ChangeRow[];
  derived: ChangeRow[];
  /** Rows left out beyond CHANGELOG_ROWS. */
  more: number;
  /** The commit brought the manifests in: how many facts. */
  introduced: number | null;
  error: string | null;
  /** The parent's manifests cannot be read: the changes are since this earlier commit. */
  since: { short: string } | null;
}

export type ChangeLogView =
  | {
      available: true;
      /** Fact changes in the working tree the site was built from, not committed yet. */
      working: Pick<CommitView, 'rows' | 'derived' | 'more'> | null;
      commits: CommitView[];
      /** Older commits exist that are not shown. */
      truncated: boolean;
    }
  | { available: false; reason: string };

function row(c: Change): ChangeRow {
  const exists = facts().registry.facts.has(c.fullKey);
  return {
    key: c.key,
    href: exists ? configHref(c.fullKey) : null,
    change: c.change,
    before: c.before?.value ?? null,
    after: c.after?.value ?? null,
    source: sourceLabel(c.after ?? c.before!),
  };
}

/** A list of changes as rows: whole objects folded, derived facts apart, bounded. */
function rowsOf(
  c: Pick<CommitChanges, 'changes' | 'objects'>,
): Pick<CommitView, 'rows' | 'derived' | 'more'> {
  const { direct, derived } = entries(c);
  const rows = direct.map((e): ChangeRow =>
    e.change
      ? row(e.change)
      : {
          key: e.object!.key,
          href: null,
          change: e.object!.change === 'added' ? 'added object' : 'removed object',
          before: null,
          after: `${e.object!.facts} facts`,
          source: sourceLabel(e.object!),
        },
  );
  return {
    rows: rows.slice(0, CHANGELOG_ROWS),
    derived: derived.map(row),
    more: Math.max(0, rows.length - CHANGELOG_ROWS),
  };
}

/** What the page shows instead of a commit subject that holds a credential. */
export const WITHHELD_SUBJECT = '(subject not shown: it holds a credential)';

/**
 * A commit's subject as the site may show it. A subject is committed text the site would
 * publish, so one that holds a credential (engine/credentials.ts) is withheld.
 */
export function publishedSubject(subject: string): string {
  return credentialsIn(subject).length ? WITHHELD_SUBJECT : subject;
}

/** The What changed page: the newest commits that changed facts, each with its changes. */
export function changeLog(limit = CHANGELOG_COMMITS): ChangeLogView {
  const h = bookHistory();
  if (!h.available) return h;
  const commits = h.commits.slice(0, limit).map((c): CommitView => ({
    sha: c.commit.sha,
    short: c.commit.short,
    date: c.commit.date.slice(0, 10),
    author: c.commit.author,
    subject: publishedSubject(c.commit.subject),
    ...rowsOf(c),
    introduced: c.introduced ? c.keys.length : null,
    error: c.error ?? null,
    since: c.since ? { short: c.since.short } : null,
  }));
  return {
    available: true,
    working: h.working.changes.length ? rowsOf(h.working) : null,
    commits,
    truncated: h.commits.length > limit || h.since !== null,
  };
}

/** When a fact last changed: its commit, `uncommitted` for a working-tree edit, null when unknown. */
export function lastChanged(fullKey: string): LastChange | 'uncommitted' | null {
  const h = bookHistory();
  if (!h.available) return null;
  if (h.uncommitted.includes(fullKey)) return 'uncommitted';
  return h.last[fullKey] ?? null;
}
