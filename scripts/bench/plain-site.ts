/**
 * The build benchmark's baseline: a plain Starlight site with the book's pages
 * and words but none of its machinery. Each book page becomes one page of the
 * same path holding the page's Markdown with every component, import and MDX
 * expression taken out (an inline value such as `<V k="…" />` leaves one word,
 * as the reader sees one); code blocks, tables and headings stay. It builds
 * with this repository's Astro and Starlight: its node_modules is a hard-linked
 * copy of ours (no network, no disk to speak of) without the cache folders, so
 * the two sites' caches never mix. A symbolic link would not do: Astro then
 * sees Starlight's components outside the project and fails to compile them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { markdownToMdast, mdxToMdast } from 'satteri';
import { parse, stringify } from 'yaml';

interface MdNode {
  type: string;
  children?: MdNode[];
  value?: string;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  position?: { start: { offset?: number; column?: number }; end: { offset?: number } };
}

/**
 * What the commands are when a plain page keeps them (`--with-commands`): a shared block's
 * title and code by name (`<Cmd name>` in a `_` file, shown by `<Block name>`).
 */
export type Commands = Map<string, { title: string; code: string; lang: string }>;

const attr = (n: MdNode, name: string) => {
  const v = n.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name)?.value;
  return typeof v === 'string' ? v : null;
};

/** A command block as a plain Starlight page writes it: a fenced block with its title. */
function fence(c: { title: string; code: string; lang: string }, indent: number): string {
  const body = c.code.replace(/\\n/g, '\n').replace(/\{\{\s*[^}\s]+\s*\}\}/g, 'value');
  const lines = [
    '```' + `${c.lang} title="${c.title.replace(/"/g, "'")}"`,
    ...body.split('\n'),
    '```',
  ];
  return lines.map((l, i) => (i ? ' '.repeat(indent) + l : l)).join('\n');
}

/** A source range to replace: [start, end) → text. */
type Cut = [number, number, string];

const span = (n: MdNode): [number, number] => [
  n.position?.start.offset ?? 0,
  n.position?.end.offset ?? 0,
];

/** The page's front matter reduced to what plain Starlight's schema knows. */
function plainFrontmatter(yaml: string): string {
  const fm = (parse(yaml) ?? {}) as Record<string, unknown>;
  const keep = ['title', 'description', 'template', 'hero', 'draft', 'pagefind', 'editUrl'];
  const out = Object.fromEntries(keep.filter((k) => k in fm).map((k) => [k, fm[k]]));
  return `---\n${stringify(out)}---`;
}

function collectCuts(n: MdNode, cuts: Cut[], commands: Commands | null): void {
  const [a, b] = span(n);
  switch (n.type) {
    case 'yaml':
      cuts.push([a, b, plainFrontmatter(n.value ?? '')]);
      return;
    case 'mdxjsEsm':
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      cuts.push([a, b, '']);
      return;
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement': {
      const kids = n.children ?? [];
      const cmd =
        n.name === 'Cmd'
          ? {
              title: attr(n, 'title') ?? 'Command',
              code: attr(n, 'code') ?? '',
              lang: attr(n, 'lang') ?? 'bash',
            }
          : n.name === 'Block'
            ? commands?.get(attr(n, 'name') ?? '')
            : undefined;
      if (commands && cmd && n.type === 'mdxJsxFlowElement') {
        cuts.push([a, b, fence(cmd, (n.position?.start.column ?? 1) - 1)]);
        return;
      }
      if (!kids.length) {
        cuts.push([a, b, n.type === 'mdxJsxTextElement' ? 'value' : '']);
        return;
      }
      // A wrapper (a warning box, a tab): its prose stays, its tags go.
      cuts.push([a, span(kids[0])[0], ''], [span(kids[kids.length - 1])[1], b, '']);
      break;
    }
  }
  for (const c of n.children ?? []) collectCuts(c, cuts, commands);
}

/**
 * One page's Markdown without its components. With `commands`, a command block (`<Cmd>`, or
 * `<Block>` showing a shared one) stays, as the fenced code block a plain page would have.
 */
export function plainPage(
  text: string,
  markdown = false,
  commands: Commands | null = null,
): string {
  const cuts: Cut[] = [];
  const tree = markdown ? markdownToMdast(text) : mdxToMdast(text);
  collectCuts(tree as unknown as MdNode, cuts, commands);
  cuts.sort((x, y) => y[0] - x[0]);
  let out = text;
  for (const [a, b, s] of cuts) out = out.slice(0, a) + s + out.slice(b);
  // Blank lines left where blocks were: keep Markdown's paragraphs apart, no more.
  return out.replace(/\n{3,}/g, '\n\n');
}

/** Words a reader sees in a page's Markdown (front matter excluded). */
export function words(markdown: string): number {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function pages(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f) && !f.split('/').some((p) => p.startsWith('_')))
    .sort();
}

const CONFIG = `import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

export default defineConfig({
  site: 'https://plain.example',
  trailingSlash: 'always',
  integrations: [starlight({ title: 'Plain Starlight', lastUpdated: false, pagination: true })],
});
`;

const CONTENT_CONFIG = `import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };
`;

/** A hard-linked copy of `from` (a node_modules folder) at `to`, without its caches. */
export function linkNodeModules(from: string, to: string): void {
  mkdirSync(to);
  const entries = readdirSync(from).filter((e) => !e.startsWith('.') || e === '.bin');
  const cp = spawnSync('cp', ['-al', ...entries.map((e) => join(from, e)), to]);
  if (cp.status !== 0) throw new Error(`cp -al into ${to} failed: ${cp.stderr}`);
}

export interface PlainSite {
  dir: string;
  pages: number;
  /** Words of the plain pages (the book's MDX text without its components). */
  words: number;
}

/**
 * Writes the plain site for the book's `docsDir` into a new temporary folder.
 * `nodeModules` is the repository's; every package is linked, dot-folders
 * (caches) are not.
 */
/** The shared command blocks of a docs folder: `<Cmd name>` in its `_` files, by name. */
export function sharedCommands(docsDir: string): Commands {
  const out: Commands = new Map();
  const visit = (n: MdNode) => {
    const name = n.name === 'Cmd' ? attr(n, 'name') : null;
    if (name)
      out.set(name, {
        title: attr(n, 'title') ?? 'Command',
        code: attr(n, 'code') ?? '',
        lang: attr(n, 'lang') ?? 'bash',
      });
    for (const c of n.children ?? []) visit(c);
  };
  for (const f of readdirSync(docsDir, { recursive: true, encoding: 'utf8' }))
    if (f.endsWith('.mdx') && f.split('/').some((p) => p.startsWith('_')))
      visit(mdxToMdast(readFileSync(join(docsDir, f), 'utf8')) as unknown as MdNode);
  return out;
}

export function writePlainSite(
  docsDir: string,
  nodeModules: string,
  opts: { commands?: boolean } = {},
): PlainSite {
  const dir = mkdtempSync(join(tmpdir(), 'hd-bench-plain-'));
  linkNodeModules(nodeModules, join(dir, 'node_modules'));
  // Astro marks the integrations it must bundle by reading the project's dependencies.
  const ours = JSON.parse(readFileSync('package.json', 'utf8')).dependencies;
  const pkg = {
    name: 'plain-starlight',
    private: true,
    type: 'module',
    scripts: { build: 'astro build' },
    dependencies: { astro: ours.astro, '@astrojs/starlight': ours['@astrojs/starlight'] },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, 'astro.config.mjs'), CONFIG);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'content.config.ts'), CONTENT_CONFIG);
  let total = 0;
  const files = pages(docsDir);
  const commands = opts.commands ? sharedCommands(docsDir) : null;
  for (const f of files) {
    const text = plainPage(readFileSync(join(docsDir, f), 'utf8'), f.endsWith('.md'), commands);
    total += words(text);
    const out = join(dir, 'src', 'content', 'docs', f);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
  return { dir, pages: files.length, words: total };
}

export function removeSite(site: PlainSite): void {
  rmSync(site.dir, { recursive: true, force: true });
}
