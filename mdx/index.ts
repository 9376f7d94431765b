/**
 * The MDX reader's public entry: the book's chapters as data — fact references,
 * component tags, code blocks, prose, markers, footnotes and headings, with positions.
 */
export {
  scanMdx,
  type Assumption,
  type CodeBlock,
  type Ignore,
  type ManifestRef,
  type Ref,
  type ScannedMdx,
  type Tag,
} from './scan.ts';
