/**
 * Reads the book's own MDX (Node-only) for the generated pages: the command
 * index of Appendix B, the citations of Appendix D and the Runbooks page.
 */
import { basename } from 'node:path';
import { chapterFiles, readChapterFile, type Chapter as ChapterModel } from '../../mdx/index.ts';
import { facts } from './facts.ts';

export const DOCS_DIR = 'src/content/docs';

export interface Chapter {
  slug: string;
  file: string;
  title: string;
  text: string;
  /** The chapter read by the MDX reader: elements, headings, footnotes… with positions. */
  model: ChapterModel;
}

/** Shared by the integration's copy of this module and the pages' copy (see facts.ts). */
const store = ((globalThis as Record<symbol, unknown>)[Symbol.for('honeydue.chapters')] ??= {
  chapters: null,
}) as { chapters: Chapter[] | null };

/** Forgets the chapters read: the next chapters() reads the docs again (`astro dev`, on an edit). */
export function invalidateChapters(): void {
  store.chapters = null;
}

/** Every chapter file, in slug order (00…20, then appendices). */
export function chapters(): Chapter[] {
  if (store.chapters) return store.chapters;
  store.chapters = chapterFiles(DOCS_DIR)
    .filter((abs) => /^(\d\d-|appendix-)/.test(basename(abs)))
    .map((abs) => {
      const f = basename(abs);
      const model = readChapterFile(abs, `${DOCS_DIR}/${f}`);
      return {
        slug: f.replace(/\.mdx?$/, ''),
        file: model.file,
        title: model.title ?? f,
        text: model.text,
        model,
      };
    });
  return store.chapters;
}

/** Replaces `{{key}}` placeholders with the facts' values. */
export function fillCommand(code: string): string {
  const { registry } = facts();
  return code.replace(/\\n/g, '\n').replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_m, key: string) => {
    const f = registry.get(key);
    if (!f)
      throw new Error(
        `Unknown fact key \`${key}\` in a command. Closest keys: ${registry.closest(key).join(', ')}.`,
      );
    return Array.isArray(f.value) ? f.value.join(' ') : String(f.value);
  });
}

export interface CommandEntry {
  chapter: Chapter;
  heading: string | null;
  title: string;
  code: string;
}

export function commands(): CommandEntry[] {
  return chapters()
    .filter((c) => c.slug !== 'appendix-b-kubectl-cheatsheet')
    .flatMap((c) =>
      c.model.elements
        .filter((t) => t.name === 'Cmd' && t.attrs.code)
        .map((t) => ({
          chapter: c,
          heading: t.heading,
          title: t.attrs.title ?? 'Command',
          code: fillCommand(t.attrs.code),
        })),
    );
}

export interface Citation {
  chapter: Chapter;
  id: string;
  text: string;
  url: string | null;
}

export function citations(): Citation[] {
  return chapters().flatMap((c) =>
    c.model.footnotes.map((f) => ({
      chapter: c,
      id: f.id,
      text: f.text,
      url: /(https?:\/\/[^\s)>]+)/.exec(f.text)?.[1] ?? null,
    })),
  );
}

export interface RunbookEntry {
  chapter: Chapter;
  /** Subsection headings of the runbook, each with the commands under it. */
  steps: { heading: string | null; commands: { title: string; code: string }[] }[];
}

/** Every chapter's "Operator runbook" section: its subsections and their commands. */
export function runbooks(): RunbookEntry[] {
  return chapters().flatMap((c) => {
    const { headings, elements: tags } = c.model;
    const start = headings.find((h) => h.depth === 2 && /^Operator runbook/i.test(h.text));
    if (!start) return [];
    const end = headings.find((h) => h.depth <= 2 && h.line > start.line)?.line ?? Infinity;
    const inside = (line: number) => line > start.line && line < end;
    const subs = headings.filter((h) => h.depth >= 3 && inside(h.line));
    const steps = [
      { heading: null as string | null, line: start.line },
      ...subs.map((h) => ({ heading: h.text, line: h.line })),
    ].map((s, i, all) => ({
      heading: s.heading,
      commands: tags
        .filter(
          (t) =>
            t.name === 'Cmd' &&
            t.attrs.code &&
            inside(t.line) &&
            t.line > s.line &&
            t.line < (all[i + 1]?.line ?? end),
        )
        .map((t) => ({ title: t.attrs.title ?? 'Command', code: fillCommand(t.attrs.code) })),
    }));
    return [{ chapter: c, steps: steps.filter((s) => s.heading !== null || s.commands.length) }];
  });
}

/** Which chapters reference each fact key directly. */
export function factUsage(): Map<string, string[]> {
  const { registry } = facts();
  const out = new Map<string, string[]>();
  for (const c of chapters()) {
    for (const r of c.model.refs) {
      const key = registry.get(r.key)?.key ?? r.key;
      const list = out.get(key) ?? out.set(key, []).get(key)!;
      if (!list.includes(c.slug)) list.push(c.slug);
    }
  }
  return out;
}
