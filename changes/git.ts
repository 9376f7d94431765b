/**
 * Git plumbing: resolve revisions, read a folder of a commit without touching
 * the work tree (`ls-tree` + one `cat-file --batch`), list the commits that
 * changed a folder. Every failure a user can cause becomes a ChangesError.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ChangesError } from './errors.ts';

export interface Repo {
  /** Absolute path of the work tree's top level. */
  root: string;
  shallow: boolean;
}

export interface CommitInfo {
  sha: string;
  short: string;
  /** Author date, ISO 8601 with offset. */
  date: string;
  author: string;
  subject: string;
  /** First parent; null for a root commit. */
  parent: string | null;
}

function run(
  cwd: string,
  args: string[],
  input?: string,
): { ok: boolean; out: Buffer; err: string } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) return { ok: false, out: Buffer.alloc(0), err: r.error.message };
  return { ok: r.status === 0, out: r.stdout, err: r.stderr.toString('utf8').trim() };
}

/** The repository around `cwd`; throws NOT_A_REPOSITORY when there is none. */
export function openRepo(cwd: string): Repo {
  const r = run(cwd, ['rev-parse', '--show-toplevel', '--is-shallow-repository']);
  if (!r.ok)
    throw new ChangesError(
      'NOT_A_REPOSITORY',
      `\`${cwd}\` is not inside a git repository (${r.err || 'git failed'}).`,
      'Run the command from a clone of the book, with git on PATH.',
    );
  const [root, shallow] = r.out.toString('utf8').trim().split('\n');
  return { root, shallow: shallow === 'true' };
}

const FETCH_HINT =
  'Fetch the history it needs: `git fetch --unshallow origin`, or for a pull request only ' +
  '`git fetch --no-tags origin main:refs/remotes/origin/main`. In GitHub Actions, give ' +
  'actions/checkout `fetch-depth: 0`.';

/** The full commit id a revision names. */
export function resolveCommit(repo: Repo, rev: string): string {
  if (!rev || rev.startsWith('-'))
    throw new ChangesError(
      'UNKNOWN_REVISION',
      `\`${rev}\` is not a revision.`,
      'Pass a branch, tag or commit, e.g. --from origin/main.',
    );
  const r = run(repo.root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (r.ok) return r.out.toString('utf8').trim();
  if (repo.shallow)
    throw new ChangesError(
      'SHALLOW_CLONE',
      `The revision \`${rev}\` is not in this clone: it is shallow (only part of the history was fetched).`,
      FETCH_HINT,
    );
  if (!run(repo.root, ['rev-list', '-n', '1', '--all']).out.toString('utf8').trim())
    throw new ChangesError(
      'UNKNOWN_REVISION',
      `The repository at ${repo.root} has no commits yet, so \`${rev}\` names none.`,
      'Commit the manifests first (`git add manifests && git commit`); the changes are counted from the first commit on.',
    );
  throw new ChangesError(
    'UNKNOWN_REVISION',
    `The revision \`${rev}\` does not name a commit in ${repo.root}.`,
    'Check the name with `git log --oneline -5 REV`; a remote branch may need `git fetch` first.',
  );
}

/** Every regular file under `path` in a commit, with its blob id; paths relative to `path`. */
function listTree(repo: Repo, commit: string, path: string): { rel: string; oid: string }[] {
  const prefix = `${path.replace(/\/+$/, '')}/`;
  const ls = run(repo.root, ['ls-tree', '-r', '-z', commit, '--', prefix]);
  if (!ls.ok) return [];
  const out: { rel: string; oid: string }[] = [];
  for (const rec of ls.out.toString('utf8').split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(rec);
    // Regular files only: symlinks (120000) and submodules are not manifests.
    if (m && m[2] === 'blob' && m[1] !== '120000')
      out.push({ rel: m[4].slice(prefix.length), oid: m[3] });
  }
  return out;
}

/** The contents of blobs, in one `cat-file --batch`. */
function readBlobs(repo: Repo, oids: string[]): Buffer[] {
  if (!oids.length) return [];
  const cat = run(repo.root, ['cat-file', '--batch'], oids.join('\n') + '\n');
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < oids.length; i++) {
    const nl = cat.out.indexOf(10, at);
    const size = Number(cat.out.subarray(at, nl).toString('latin1').split(' ')[2]);
    out.push(cat.out.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return out;
}

/** Every regular file under `path` in a commit: path relative to `path` → content. */
export function readTree(repo: Repo, commit: string, path: string): Map<string, Buffer> {
  const entries = listTree(repo, commit, path);
  const bodies = readBlobs(
    repo,
    entries.map((e) => e.oid),
  );
  return new Map(entries.map((e, i) => [e.rel, bodies[i]]));
}

/**
 * A folder of a commit written out to a temporary directory, for the engine
 * to read. Moving it to another commit writes only the files that differ, so
 * walking a history costs one file or two per commit, not the whole tree.
 */
export class Checkout {
  /** The folder, as of the last `to()`. */
  readonly dir: string;
  private readonly root: string;
  private readonly files = new Map<string, string>();
  private readonly repo: Repo;
  private readonly path: string;

  constructor(repo: Repo, path: string) {
    this.repo = repo;
    this.path = path;
    this.root = mkdtempSync(join(tmpdir(), 'hd-changes-'));
    this.dir = join(this.root, 'manifests');
    mkdirSync(this.dir);
  }

  /** Makes the folder hold `path` as of `commit`; returns how many files it has. */
  to(commit: string): number {
    const entries = listTree(this.repo, commit, this.path);
    const wanted = new Map(entries.map((e) => [e.rel, e.oid]));
    for (const rel of this.files.keys())
      if (!wanted.has(rel)) {
        rmSync(join(this.dir, rel), { force: true });
        this.files.delete(rel);
      }
    const changed = entries.filter((e) => this.files.get(e.rel) !== e.oid);
    const bodies = readBlobs(
      this.repo,
      changed.map((e) => e.oid),
    );
    changed.forEach((e, i) => {
      const to = join(this.dir, e.rel);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, bodies[i]);
      this.files.set(e.rel, e.oid);
    });
    return entries.length;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The newest `limit` non-merge commits reachable from `rev` that changed `path`, newest first. */
export function commitsTouching(
  repo: Repo,
  rev: string,
  path: string,
  limit: number,
): CommitInfo[] {
  const r = run(repo.root, [
    'log',
    '--no-merges',
    `-n${limit}`,
    '--format=%H%x00%h%x00%aI%x00%an%x00%s%x00%P%x1e',
    rev,
    '--',
    path,
  ]);
  if (!r.ok) return [];
  return r.out
    .toString('utf8')
    .split('\x1e')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [sha, short, date, author, subject, parents] = s.split('\0');
      return { sha, short, date, author, subject, parent: parents.split(' ')[0] || null };
    });
}

/** The object id of `path` in each revision (one `cat-file --batch-check`); absent when it has none. */
export function treeIds(repo: Repo, revs: string[], path: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!revs.length) return out;
  const r = run(
    repo.root,
    ['cat-file', '--batch-check'],
    revs.map((v) => `${v}:${path}`).join('\n') + '\n',
  );
  r.out
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^([0-9a-f]+) tree /.exec(line);
      if (m && i < revs.length) out.set(revs[i], m[1]);
    });
  return out;
}
