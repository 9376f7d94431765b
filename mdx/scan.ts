/**
 * A line-oriented reader of the book's MDX: where facts are referenced, which
 * assumptions and ignores are declared, what is prose and what is code. It is
 * deliberately not a full MDX parser — the drift check must start in well
 * under a second — but it knows the constructs the book uses: frontmatter,
 * imports, fenced code, JSX tags with string attributes, JSX comments.
 */

export interface Ref {
  key: string;
  line: number;
  col: number;
}

export interface ManifestRef {
  file: string;
  path: string | null;
  line: number;
  col: number;
}

export interface Assumption {
  expr: string;
  line: number;
  col: number;
}

export interface Ignore {
  reason: string;
  line: number;
  /** The line the ignore covers: its own when inline, else the next non-blank one. */
  covers: number;
}

export interface CodeBlock {
  lang: string;
  meta: string;
  title: string | null;
  /** Line of the opening fence. */
  line: number;
  body: string[];
}

export interface Tag {
  name: string;
  attrs: Record<string, string>;
  line: number;
  col: number;
  /** The nearest heading above the tag. */
  heading: string | null;
}

export interface ScannedMdx {
  /** Component tags with their string attributes. */
  tags: Tag[];
  refs: Ref[];
  manifestRefs: ManifestRef[];
  assumptions: Assumption[];
  ignores: Ignore[];
  codeBlocks: CodeBlock[];
  /** Prose lines with JSX tags, comments and link targets blanked out (same length, same columns). */
  prose: { line: number; text: string }[];
  /** Footnote definitions `[^id]: text`. */
  footnotes: { id: string; text: string; line: number }[];
  headings: { depth: number; text: string; line: number }[];
}

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

const ALL_ATTRS = /\b([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\})/g;

const ATTR = (name: string) =>
  new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)'|\\{\\s*["'\`]([^"'\`]*)["'\`]\\s*\\})`);

/** Scans one MDX file. Positions are 1-based. */
export function scanMdx(text: string): ScannedMdx {
  const lines = text.split(/\r?\n/);
  const out: ScannedMdx = {
    tags: [],
    refs: [],
    manifestRefs: [],
    assumptions: [],
    ignores: [],
    codeBlocks: [],
    prose: [],
    footnotes: [],
    headings: [],
  };
  let i = 0;
  if (lines[0]?.trim() === '---') {
    i = 1;
    while (i < lines.length && lines[i].trim() !== '---') i++;
    i++;
  }
  let fence: { marker: string; block: CodeBlock } | null = null;
  let comment: { body: string; line: number; col: number; inline: boolean } | null = null;
  /** An assume or drift-ignore marker, on one line or spread over several. */
  const marker = (body: string, line: number, col: number, inline: boolean) => {
    const b = body.replace(/\s+/g, ' ').trim();
    const assume = /^assume:\s*(.+)$/.exec(b);
    const ignore = /^drift-ignore:\s*(.*)$/.exec(b);
    if (assume) out.assumptions.push({ expr: assume[1].trim(), line, col });
    if (ignore) {
      const ig = { reason: ignore[1].trim(), line, covers: inline ? line : -1 };
      out.ignores.push(ig);
      if (!inline) pending.ignore = ig;
    }
  };
  // Held in an object: the comment callback below sets it, which plain `let` narrowing cannot see.
  const pending: { ignore: Ignore | null } = { ignore: null };
  for (; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i];
    if (fence) {
      if (raw.trim().startsWith(fence.marker) && raw.trim().replace(/`|~/g, '') === '') {
        out.codeBlocks.push(fence.block);
        fence = null;
      } else fence.block.body.push(raw);
      if (pending.ignore && raw.trim()) {
        pending.ignore.covers = n;
        pending.ignore = null;
      }
      continue;
    }
    const open = /^\s*(`{3,}|~{3,})\s*([\w+-]*)\s*(.*)$/.exec(raw);
    if (open) {
      const meta = open[3] ?? '';
      const title = ATTR('title').exec(meta);
      fence = {
        marker: open[1],
        block: {
          lang: open[2] || '',
          meta,
          title: title ? (title[1] ?? title[2] ?? title[3]) : null,
          line: n,
          body: [],
        },
      };
      if (pending.ignore) {
        // An ignore before a fence covers the whole block.
        pending.ignore.covers = n;
        pending.ignore = null;
      }
      continue;
    }
    if (/^\s*(import|export)\s/.test(raw) && !comment) continue;

    // JSX comments: assumptions and ignores live here; the rest is blanked.
    let line = raw;
    if (comment) {
      const end = line.indexOf('*/}');
      if (end < 0) {
        comment.body += `\n${line}`;
        continue;
      }
      comment.body += `\n${line.slice(0, end)}`;
      marker(
        comment.body,
        comment.line,
        comment.col,
        comment.inline || line.slice(end + 3).trim() !== '',
      );
      line = blank(line.slice(0, end + 3)) + line.slice(end + 3);
      comment = null;
    }
    line = line.replace(/\{\/\*([\s\S]*?)\*\/\}/g, (m, body: string, at: number) => {
      marker(
        body,
        n,
        at + 1,
        raw.slice(0, at).trim() !== '' || raw.slice(at + m.length).trim() !== '',
      );
      return blank(m);
    });
    const start = line.indexOf('{/*');
    if (start >= 0) {
      comment = {
        body: line.slice(start + 3),
        line: n,
        col: start + 1,
        inline: line.slice(0, start).trim() !== '',
      };
      line = line.slice(0, start);
    }

    const heading = /^(#{1,6})\s+(.*)$/.exec(raw);
    if (heading) out.headings.push({ depth: heading[1].length, text: heading[2].trim(), line: n });

    // Component tags: fact keys (k="…" and {{key}} placeholders) and manifest paths.
    for (const m of line.matchAll(/<([A-Z][A-Za-z]*)\b((?:[^>"']|"[^"]*"|'[^']*')*?)\/?>/g)) {
      const [tag, name, attrText] = m;
      const col = (m.index ?? 0) + 1;
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(ALL_ATTRS)) attrs[a[1]] = a[2] ?? a[3] ?? a[4] ?? '';
      out.tags.push({ name, attrs, line: n, col, heading: out.headings.at(-1)?.text ?? null });
      if (attrs.k !== undefined)
        out.refs.push({
          key: attrs.k,
          line: n,
          col: col + attrText.indexOf('k=') + name.length + 1,
        });
      for (const ph of attrText.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g))
        out.refs.push({ key: ph[1], line: n, col: col + name.length + 1 + (ph.index ?? 0) });
      if ((name === 'Manifest' || name === 'ManifestExcerpt') && attrs.file)
        out.manifestRefs.push({ file: attrs.file, path: attrs.path ?? null, line: n, col });
      line = line.replace(tag, blank(tag));
    }
    // Closing tags, link targets, inline HTML.
    line = line
      .replace(/<\/?[A-Za-z][^>]*>/g, blank)
      .replace(/\]\(([^)]*)\)/g, (m) => `]${blank(m.slice(1))}`);

    const foot = /^\[\^([^\]]+)\]:\s*(.*)$/.exec(raw);
    if (foot) out.footnotes.push({ id: foot[1], text: foot[2], line: n });

    if (line.trim()) {
      out.prose.push({ line: n, text: line });
      if (pending.ignore) {
        pending.ignore.covers = n;
        pending.ignore = null;
      }
    }
  }
  return out;
}
