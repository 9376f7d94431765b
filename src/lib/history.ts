/**
 * Build-time history of the manifests for the site: the What changed page's
 * commits, and for the Config page when each fact last changed. Node-only;
 * computed once per build from git and cached on disk per commit (see
 * changes/history.ts), so a warm build reads one file.
 */
import { resolve } from 'node:path';
import {
  entries,
  history,
  type Change,
  type CommitChanges,
  type History,
  type LastChange,
} from '../../changes/index.ts';
import { facts, factAnchor, MANIFESTS_DIR } from './facts.ts';

/** Commits the What changed page shows. */
export const CHANGELOG_COMMITS = 20;
/** Fact rows a commit shows before it says how many more there are. */
export const CHANGELOG_ROWS = 60;

let memo: { result: object; history: History } | null = null;

/** The history, once per extraction (in `astro dev`, again after a manifest edit). */
export function bookHistory(): History {
  const current = facts();
  if (memo?.result !== current)
    memo = { result: current, history: history({ manifests: resolve(MANIFESTS_DIR), current }) };
  return memo.history;
}

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

const at = (s: { file: string; line: number }) =>
  s.line > 0 ? `${s.file}:${s.line}` : `derived from ${s.file}/`;

function row(c: Change): ChangeRow {
  const exists = facts().registry.facts.has(c.fullKey);
  return {
    key: c.key,
    href: exists ? `/config/#${factAnchor(c.fullKey)}` : null,
    change: c.change,
    before: c.before?.value ?? null,
    after: c.after?.value ?? null,
    source: at((c.after ?? c.before)!.source),
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
          source: at(e.object!.source),
        },
  );
  return {
    rows: rows.slice(0, CHANGELOG_ROWS),
    derived: derived.map(row),
    more: Math.max(0, rows.length - CHANGELOG_ROWS),
  };
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
    subject: c.commit.subject,
    ...rowsOf(c),
    introduced: c.introduced ? c.keys.length : null,
    error: c.error ?? null,
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
