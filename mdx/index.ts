/**
 * The MDX reader's public entry: the book's chapters read with the parser Astro
 * compiles them with, as data — fact references, elements and their attributes,
 * code blocks, prose, markers, footnotes and headings, with exact positions.
 */
export {
  chapterFiles,
  displayPath,
  MdxErrors,
  readBook,
  readChapterFile,
  UnreadableError,
} from './book.ts';
export { folded, frontmatterProblem, MdxSyntaxError, readChapter } from './read.ts';
export { stringLiteral } from './attributes.ts';
export { REQUIRED_ATTRIBUTES } from './components.ts';
export {
  chapterAnchors,
  citationAnchor,
  citationAnchors,
  commandAnchor,
  commandIndexAnchors,
  commitAnchor,
  isHistoryAnchor,
  NOT_COMMITTED_ANCHOR,
  pageAddress,
  procedureGroupAnchor,
  procedureId,
  runbookIndexAnchors,
  sharedCommandTitles,
} from './anchors.ts';
export {
  commandInvocations,
  commandTool,
  fillPlaceholders,
  placeholderText,
  SHARED_BLOCKS_FILE,
  toolAnchor,
} from './commands.ts';
export type * from './types.ts';
