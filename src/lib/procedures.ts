/**
 * The operator procedures (Node-only): one MDX page per incident or task under
 * `src/content/docs/runbooks/`, read once per build for the generated pages —
 * the Runbooks index, the chapters' links, the command index of Appendix B,
 * the sidebar and the Runbooks table of contents.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  commandAnchor,
  pageAddress,
  procedureGroupAnchor,
  procedureId,
  readChapterFile,
  SHARED_BLOCKS_FILE,
  type Chapter,
  type Element,
  type FactRef,
} from '../../mdx/index.ts';
import { fillCommand } from './book.ts';
import { shared } from './process-store.ts';
import { PROCEDURE_GROUPS, procedureSchema, type ProcedureData } from './procedure-schema.ts';

// Spelled out rather than built from book.ts's DOCS_DIR: book.ts imports this module too.
export const PROCEDURES_DIR = 'src/content/docs/runbooks';

export type Effect = 'read' | 'change';

export interface ProcedureCommand {
  title: string;
  /** The command with its `{{key}}` placeholders filled from the facts. */
  code: string;
  /** The command as written in the MDX. */
  raw: string;
  effect: Effect | null;
  /** The id of the block on its page. */
  anchor: string;
  /** The heading the block sits under. */
  heading: string | null;
  line: number;
}

export interface Procedure {
  id: string;
  href: string;
  file: string;
  title: string;
  description: string;
  data: ProcedureData;
  /** The page read by the MDX reader: elements, headings, frontmatter… with positions. */
  model: Chapter;
  /** The `<Warning title="…">` blocks, each beside the step it concerns. */
  warnings: { title: string; heading: string | null; line: number }[];
  commands: ProcedureCommand[];
}

/** The command blocks several procedures share, defined once in `runbooks/_shared.mdx`. */
export const SHARED_FILE = `${dirname(PROCEDURES_DIR)}/${SHARED_BLOCKS_FILE}`;

/** A command block; `at` is where the page shows it, when that is not where it is defined. */
function toCommand(t: Element, at: Element = t): ProcedureCommand {
  const title = t.attrs.title ?? 'Command';
  return {
    title,
    // Filled on first use: the sidebar reads titles before the facts are needed.
    get code() {
      return fillCommand(t.attrs.code);
    },
    raw: t.attrs.code,
    effect: t.attrs.effect === 'read' || t.attrs.effect === 'change' ? t.attrs.effect : null,
    anchor: commandAnchor(title),
    heading: at.heading,
    line: at.line,
  };
}

/** A shared block by name, as its `<Cmd name="…">` tag in the shared file. */
export function sharedBlock(name: string): Element {
  const shared = (store.shared ??= new Map(
    readChapterFile(SHARED_FILE, SHARED_FILE)
      .elements.filter((t) => t.name === 'Cmd' && t.attrs.name)
      .map((t) => [t.attrs.name, t]),
  ));
  const t = shared.get(name);
  if (!t)
    throw new Error(
      `${SHARED_FILE}: no shared block named \`${name}\`. Blocks: ${[...shared.keys()].join(', ')}.`,
    );
  return t;
}

/** A shared block by name, as a command block. */
export function sharedCommand(name: string): ProcedureCommand {
  return toCommand(sharedBlock(name));
}

/** The `{{key}}` placeholders of a shared block, where the shared file writes them. */
export function sharedBlockRefs(name: string): FactRef[] {
  const t = sharedBlock(name);
  return readChapterFile(SHARED_FILE, SHARED_FILE).refs.filter(
    (r) => r.line >= t.line && r.line <= t.endLine,
  );
}

/** A procedure page, or null when the file becomes no page (a draft), as the check reads it. */
function readProcedure(name: string): Procedure | null {
  const file = `${PROCEDURES_DIR}/${name}`;
  const model = readChapterFile(join(PROCEDURES_DIR, name), file);
  const href = pageAddress(model, dirname(PROCEDURES_DIR));
  if (!href) return null;
  const fm = model.frontmatter;
  const parsed = procedureSchema.safeParse(fm.procedure);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `procedure.${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file}:1:1  The procedure frontmatter is invalid: ${issues.join('; ')}.`);
  }
  const id = procedureId(name);
  return {
    id,
    href,
    file,
    title: String(fm.title ?? id),
    description: String(fm.description ?? ''),
    data: parsed.data,
    model,
    warnings: model.elements
      .filter((t) => t.name === 'Warning')
      .map((t) => ({ title: t.attrs.title ?? '', heading: t.heading, line: t.line })),
    // A shared block counts as the page's own, under the heading where the page shows it.
    commands: model.elements.flatMap((t) =>
      t.name === 'Cmd' && t.attrs.code
        ? [toCommand(t)]
        : t.name === 'Block' && t.attrs.name
          ? [toCommand(sharedBlock(t.attrs.name), t)]
          : [],
    ),
  };
}

/** Shared by the config's copy of this module (the sidebar) and the pages' copy (see book.ts). */
const store = shared<{ list: Procedure[] | null; shared: Map<string, Element> | null }>(
  'procedures',
  () => ({ list: null, shared: null }),
);

/** Forgets the procedures read (`astro dev`, on an edit: see invalidateChapters in book.ts). */
export function invalidateProcedures(): void {
  store.list = null;
  store.shared = null;
}

/** Every procedure, in Runbooks order: by symptom group, then by `order`. */
export function procedures(): Procedure[] {
  if (store.list) return store.list;
  const names = readdirSync(PROCEDURES_DIR).filter((f) => /^[^_].*\.mdx?$/.test(f));
  const groupRank = new Map(PROCEDURE_GROUPS.map((g, i) => [g.id as string, i]));
  const list = names
    .flatMap((name) => readProcedure(name) ?? [])
    .sort(
      (a, b) =>
        groupRank.get(a.data.group)! - groupRank.get(b.data.group)! ||
        a.data.order - b.data.order ||
        a.id.localeCompare(b.id),
    );
  store.list = list;
  return list;
}

export function procedure(id: string): Procedure {
  const p = procedures().find((x) => x.id === id);
  if (!p)
    throw new Error(
      `Unknown procedure \`${id}\`. Procedures: ${procedures()
        .map((x) => x.id)
        .join(', ')}.`,
    );
  return p;
}

/** The procedures of each symptom group, groups in Runbooks order, empty groups left out. */
export function procedureGroups(): { id: string; title: string; procedures: Procedure[] }[] {
  return PROCEDURE_GROUPS.map((g) => ({
    id: procedureGroupAnchor(g.id),
    title: g.title as string,
    procedures: procedures().filter((p) => p.data.group === g.id),
  })).filter((g) => g.procedures.length > 0);
}

/**
 * A procedure's sidebar entry: the page at its address, which its front matter's `slug:`
 * moves, as it moves the links the drift check follows.
 */
export function sidebarItem(p: Pick<Procedure, 'href' | 'title'>): { slug: string; label: string } {
  return { slug: p.href.replace(/^\/+|\/+$/g, ''), label: p.title };
}

/** Sidebar entries for astro.config.mjs: one collapsed group per symptom group. */
export function procedureSidebar(): {
  label: string;
  collapsed: boolean;
  items: { slug: string; label: string }[];
}[] {
  return procedureGroups().map((g) => ({
    label: g.title,
    collapsed: g.id !== 'start',
    items: g.procedures.map(sidebarItem),
  }));
}
