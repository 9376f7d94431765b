/**
 * The book model: one chapter read as data. Everything the drift check and the
 * generated pages (Appendix B, the Runbooks page, Appendix D) need, with exact
 * 1-based positions in the chapter's source.
 */

/** A point in the chapter's source: 1-based line and column, 0-based UTF-16 offset. */
export interface Point {
  line: number;
  col: number;
  offset: number;
}

/** A node's extent: where it starts, and the line it ends on. */
export interface Extent {
  line: number;
  col: number;
  endLine: number;
}

export interface Attribute {
  name: string;
  /**
   * The value the component receives when it is a string: a quoted attribute
   * (`k="…"`) or an expression that is one string literal (`code={"…"}`).
   * null for boolean attributes and other expressions.
   */
  value: string | null;
  kind: 'string' | 'expression' | 'boolean' | 'spread';
  /** The value as written in the source: between the quotes, or inside the braces. */
  raw: string | null;
  /** Where the attribute's name starts. */
  at: Point;
  /** Where `raw` starts in the source. */
  rawAt: Point | null;
}

export interface Element extends Extent {
  name: string;
  /** String-valued attributes by name (see Attribute.value). */
  attrs: Record<string, string>;
  attributes: Attribute[];
  /** A block element (`<Cmd />` on its own line) rather than one inside a paragraph. */
  flow: boolean;
  /** The nearest heading above the element, as plain text. */
  heading: string | null;
}

export interface FactRef {
  key: string;
  line: number;
  col: number;
  /** The element it belongs to and how it is written: `k="…"` or a `{{key}}` placeholder. */
  element: string;
  via: 'k' | 'placeholder';
}

export interface ManifestRef {
  file: string;
  path: string | null;
  line: number;
  col: number;
}

export interface CodeBlock {
  lang: string;
  meta: string;
  title: string | null;
  /** Line of the opening fence. */
  line: number;
  endLine: number;
  /** Body lines as the reader sees them (a list item's indentation removed). */
  body: string[];
  /** Columns the body is shifted right in the source (the fence's indentation). */
  indent: number;
}

export interface Heading {
  depth: number;
  /** Plain text (inline code without backticks). */
  text: string;
  /** As written after the hashes. */
  source: string;
  line: number;
  /**
   * The id the page gives the heading, as Astro's Markdown processor makes it: github-slugger
   * over the heading's text, a repeated text numbered (`-1`, `-2`) in reading order.
   */
  slug: string;
}

/** A link written in a chapter: a Markdown link or definition, an `<a href>`, or a front matter `link:`. */
export interface Link {
  /** The target as written. */
  url: string;
  /** Where the target starts. */
  line: number;
  col: number;
  via: 'markdown' | 'element' | 'frontmatter';
}

/** The block a marker stands above (or, written inside a paragraph, the paragraph). */
export type Covered = Extent & { type: string };

export interface Assumption {
  expr: string;
  line: number;
  col: number;
  covers: Covered | null;
}

export interface Ignore {
  /** Rule ids named in the marker (`drift-ignore hardcoded-value: …`); empty for the bare form. */
  rules: string[];
  reason: string;
  line: number;
  col: number;
  covers: Covered | null;
}

/** A comment that starts like a marker but cannot be read. */
export interface BadMarker {
  text: string;
  line: number;
  col: number;
}

/**
 * Code in a chapter that would run when the site is built: an `{expression}` that is neither
 * a `{/* comment *\/}` nor a string, or an `import`/`export` of anything but the book's
 * components.
 */
export interface ChapterCode {
  kind: 'expression' | 'esm';
  /** As written, whitespace folded. */
  text: string;
  line: number;
  col: number;
}

export interface Footnote {
  id: string;
  /** The definition's text as written, lines joined with spaces. */
  text: string;
  line: number;
  endLine: number;
}

/** A line of prose with everything that is not prose (tags, comments, link targets, markup) blanked: same length, same columns. */
export interface ProseLine {
  line: number;
  text: string;
}

/** A top-level block of the chapter: a paragraph, list, table, heading, element, code… */
export interface Block extends Extent {
  type: string;
}

export interface Chapter {
  /** The path the chapter is reported under. */
  file: string;
  text: string;
  lines: string[];
  frontmatter: Record<string, unknown>;
  title: string | null;
  headings: Heading[];
  /** Links, in reading order. */
  links: Link[];
  /**
   * Ids the page's own markup gives elements other than headings: an HTML element's `id`
   * (`<div id="…">`), and the footnotes' ids.
   */
  ids: string[];
  elements: Element[];
  refs: FactRef[];
  manifestRefs: ManifestRef[];
  codeBlocks: CodeBlock[];
  prose: ProseLine[];
  assumptions: Assumption[];
  ignores: Ignore[];
  badMarkers: BadMarker[];
  code: ChapterCode[];
  /** Names the chapter imports from the components (`import { V, Cmd } from '../../components'`). */
  imports: string[];
  footnotes: Footnote[];
  blocks: Block[];
  /** The source position of a UTF-16 offset. */
  locate(offset: number): Point;
}

export interface Book {
  dir: string;
  chapters: Chapter[];
}
