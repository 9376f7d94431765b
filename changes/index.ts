/**
 * The config changelog's public entry: the facts of two revisions compared,
 * and what the differences mean for the book. The CLI (`npm run changes`) and
 * the site's history (src/lib/history.ts) import from here only.
 */
export {
  compareRevisions,
  loadCommit,
  loadWorkTree,
  type ChangeReport,
  type CompareOptions,
  type Revision,
  type Side,
} from './compare.ts';
export {
  diffSnapshots,
  objectChanges,
  sameFact,
  type Change,
  type ChangeKind,
  type ObjectChange,
} from './diff.ts';
export { affectedPlaces, type Affected, type Doc } from './affected.ts';
export {
  emptySnapshot,
  snapshot,
  type ObjectRef,
  type SnapFact,
  type Snapshot,
} from './snapshot.ts';
export {
  CHANGES_ERRORS,
  ChangesError,
  formatChangesError,
  type ChangesErrorCode,
} from './errors.ts';
export {
  CHANGES_SCHEMA_VERSION,
  COMMENT_MARKER,
  entries,
  FORMATS,
  format,
  type Entry,
  type Format,
} from './format.ts';
export { openRepo, type CommitInfo, type Repo } from './git.ts';
export {
  history,
  historyToCompute,
  type CommitChanges,
  type History,
  type HistoryOptions,
  type LastChange,
} from './history.ts';
