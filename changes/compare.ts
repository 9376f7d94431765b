/**
 * The changelog between two revisions: materialise each side's manifests,
 * extract them with the engine, diff the facts, and find the book places the
 * changes touch (in the chapters of the newer side).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { extract, formatInputError, InputErrors, type ExtractResult } from '../engine/index.ts';
import { affectedPlaces, type Affected, type Doc } from './affected.ts';
import { diffSnapshots, objectChanges, type Change, type ObjectChange } from './diff.ts';
import { ChangesError } from './errors.ts';
import { Checkout, openRepo, readTree, resolveCommit, type Repo } from './git.ts';
import { emptySnapshot, rebaser, snapshot, type Snapshot } from './snapshot.ts';

export interface Revision {
  /** As given (`HEAD`, `origin/main`), or `working tree`. */
  rev: string;
  /** The commit id; null for the working tree. */
  commit: string | null;
}

export interface ChangeReport {
  from: Revision;
  to: Revision;
  /** The manifests folder, repository-relative. */
  manifests: string;
  changes: Change[];
  /** Objects added or removed whole (their facts are in `changes` too). */
  objects: ObjectChange[];
  affected: Affected[];
}

export interface Side {
  snapshot: Snapshot;
  /** null when the revision has no manifests folder. */
  result: ExtractResult | null;
}

function extractOrExplain(dir: string, manifests: string, where: string): Side {
  const rebase = rebaser(dir, manifests);
  try {
    const result = extract(dir);
    return { result, snapshot: snapshot(result, manifests, rebase) };
  } catch (e) {
    if (!(e instanceof InputErrors)) throw e;
    // A renderer's message names the folder it ran in: the temporary checkout is gone by now.
    const named = (text: string) => text.split(dir).join(manifests);
    const errors = e.errors.map((x) =>
      formatInputError({
        ...x,
        file: rebase(x.file),
        message: named(x.message),
        hint: named(x.hint),
      }),
    );
    throw new ChangesError(
      'INVALID_MANIFEST',
      `The manifests of ${where} cannot be read:\n\n${errors.join('\n\n')}`,
      'Fix the manifests in that revision (the positions above are in its files), or compare other revisions.',
    );
  }
}

/**
 * A commit's facts: its manifests written to a temporary folder and extracted
 * there. Pass a Checkout to reuse one folder over many commits.
 */
export function loadCommit(
  repo: Repo,
  commit: string,
  manifests: string,
  label = commit,
  checkout?: Checkout,
): Side {
  const co = checkout ?? new Checkout(repo, manifests);
  try {
    if (!co.to(commit)) return { snapshot: emptySnapshot(manifests), result: null };
    return extractOrExplain(co.dir, manifests, `\`${label}\` (${commit.slice(0, 7)})`);
  } finally {
    if (!checkout) co.dispose();
  }
}

/** The working tree's facts. */
export function loadWorkTree(repo: Repo, manifests: string): Side {
  const dir = join(repo.root, manifests);
  if (!existsSync(dir)) return { snapshot: emptySnapshot(manifests), result: null };
  return extractOrExplain(dir, manifests, 'the working tree');
}

function listDocs(dir: string, base: string): Doc[] {
  const out: Doc[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listDocs(p, `${base}/${e.name}`));
    else if (/\.mdx?$/.test(e.name))
      out.push({ file: `${base}/${e.name}`, text: readFileSync(p, 'utf8') });
  }
  return out;
}

function loadDocs(repo: Repo, commit: string | null, docs: string): Doc[] {
  if (commit === null) {
    const dir = join(repo.root, docs);
    return existsSync(dir) && statSync(dir).isDirectory() ? listDocs(dir, docs) : [];
  }
  return [...readTree(repo, commit, docs)]
    .filter(([rel]) => /\.mdx?$/.test(rel))
    .map(([rel, body]) => ({ file: `${docs}/${rel}`, text: body.toString('utf8') }));
}

export interface CompareOptions {
  /** Where to look for the repository (default: the working directory). */
  cwd?: string;
  /** Older side (default `HEAD`). */
  from?: string;
  /** Newer side; the working tree when omitted. */
  to?: string;
  /** Manifests folder, relative to `cwd` (default `manifests`). */
  manifests?: string;
  /** Chapters folder, relative to `cwd` (default `src/content/docs`). */
  docs?: string;
  /**
   * The working tree's manifests, already extracted (the check holds them): the newer side when
   * `to` is omitted, instead of extracting the folder again.
   */
  current?: ExtractResult;
  /** Whether to find the book places the changes touch (default true); false reads no chapter. */
  places?: boolean;
}

/** A folder given relative to `cwd`, as a path inside the repository. */
function inRepo(repo: Repo, cwd: string, dir: string, flag: string): string {
  const rel = relative(repo.root, resolve(cwd, dir)).split('\\').join('/');
  if (rel.startsWith('..') || rel === '')
    throw new ChangesError(
      'PATH_NOT_FOUND',
      `\`${dir}\` is not a folder inside the repository ${repo.root}.`,
      `Pass ${flag} a folder of this repository, relative to the working directory.`,
    );
  return rel;
}

/** Compares the facts of two revisions and lists the book places the changes touch. */
export function compareRevisions(opts: CompareOptions = {}): ChangeReport {
  const cwd = resolve(opts.cwd ?? '.');
  const repo = openRepo(cwd);
  const manifests = inRepo(repo, cwd, opts.manifests ?? 'manifests', '--manifests');
  const places = opts.places ?? true;
  const docs = places ? inRepo(repo, cwd, opts.docs ?? 'src/content/docs', '--docs') : '';
  const from: Revision = { rev: opts.from ?? 'HEAD', commit: null };
  from.commit = resolveCommit(repo, from.rev);
  const to: Revision = opts.to
    ? { rev: opts.to, commit: resolveCommit(repo, opts.to) }
    : { rev: 'working tree', commit: null };
  const before = loadCommit(repo, from.commit, manifests, from.rev);
  const after = to.commit
    ? loadCommit(repo, to.commit, manifests, to.rev)
    : opts.current
      ? {
          result: opts.current,
          // Its files are named as the folder it was extracted from was given.
          snapshot: snapshot(
            opts.current,
            manifests,
            rebaser(resolve(cwd, opts.manifests ?? 'manifests'), manifests),
          ),
        }
      : loadWorkTree(repo, manifests);
  if (!to.commit && !after.result && !before.result)
    throw new ChangesError(
      'PATH_NOT_FOUND',
      `There is no \`${manifests}\` folder in \`${from.rev}\` nor in the working tree.`,
      'Pass --manifests DIR: the folder of manifests, relative to the working directory.',
    );
  const changes = diffSnapshots(before.snapshot, after.snapshot);
  // No change, no place: the chapters are not read.
  const affected =
    places && changes.length
      ? affectedPlaces(loadDocs(repo, to.commit, docs), changes, { before, after })
      : [];
  const objects = objectChanges(before.snapshot, after.snapshot, changes);
  return { from, to, manifests, changes, objects, affected };
}
