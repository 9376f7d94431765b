/**
 * Build-time Mermaid rendering in headless Chromium: the page ships only SVG, and no
 * Mermaid JavaScript reaches readers. Mermaid's `default` theme is light mode and its
 * `dark` theme dark mode.
 *
 * The two themes draw the same shapes in the same places; only colours differ. So a
 * flowchart is drawn once, in the light theme, and what the dark theme changes is learnt
 * once from a calibration drawing drawn in both: from it come the dark drawing
 * (darkFromLight) and one SVG for both themes (themedFromLight), which is what a page
 * shows. A drawing the calibration does not account for (its style sheet differs, a
 * colour it has not seen) is drawn in the dark theme too, and the page shows both.
 *
 * Node-only. Chromium is launched once per process, by a worker thread of its own (see
 * RENDER_WORKER), when the first render needs it (or earlier, by startDiagramRenderer),
 * and one page is reused for every diagram. Results are cached on disk, so a warm build
 * never starts a browser.
 *
 * State lives in a process store (process-store.ts) because this module is loaded twice during an
 * Astro build (once by the config loader for the integration's close hook,
 * once inside the prerender bundle by Diagram.astro); both copies must share
 * the same renderer thread.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_PRIORITY } from './background.ts';
import { CHROMIUM_ARGS, diagramChromiumPath } from './chromium.ts';
import { shared } from './process-store.ts';

export interface RenderedDiagram {
  light: string;
  dark: string;
  /**
   * One SVG for both themes (themedFromLight): the light drawing, with the dark theme's
   * colours applied by its own style sheet when the page is dark. Null when the dark
   * theme's changes are not known for this drawing: the page then shows `light` or `dark`.
   */
  themed: string | null;
}

export interface RendererStats {
  /** Chromium launches attempted in this process. */
  launches: number;
  /** SVGs served from the disk cache (two per fully cached diagram). */
  cacheHits: number;
  /** SVGs rendered by Mermaid in the browser. */
  renders: number;
  /** Dark SVGs made from the light one (darkFromLight) instead of being rendered. */
  derived: number;
}

type Variant = 'light' | 'dark';

const VARIANTS: ReadonlyArray<{ variant: Variant; theme: 'default' | 'dark' }> = [
  { variant: 'light', theme: 'default' },
  { variant: 'dark', theme: 'dark' },
];

/**
 * Labels are measured in the build machine's Chromium and drawn in the
 * reader's browser. Mermaid's default stack starts with Trebuchet MS, which a
 * Linux build box does not have, so boxes would be sized for a substitute font
 * and text could overflow them for readers. Arial and Liberation Sans share
 * metrics (as does Helvetica), so measuring with that stack gives boxes that
 * fit wherever the page is read.
 */
const FONT_FAMILY = 'arial, "Liberation Sans", helvetica, sans-serif';

/** Bump when the post-processing below changes, to invalidate cached SVGs. */
const OUTPUT_REVISION = 'hd-4';

const RENDER_TIMEOUT_MS = 60_000;

const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>';

// ---------------------------------------------------------------------------
// Text that goes into Mermaid source
// ---------------------------------------------------------------------------

/**
 * Characters with a meaning in Mermaid source, and the look-alike each becomes in a
 * label: `"` would end the label (`"] --> X["` would add a node), `#…;` is Mermaid's
 * entity syntax, `%%` starts a comment or an `%%{init: …}%%` directive (which would
 * restyle the whole diagram), `<…>` is markup, a backtick starts a Markdown string,
 * `|` ends an edge label, `;` ends a statement (and, with `#` and `:`, makes a line look
 * like a `style` rule Mermaid rewrites before parsing), `&` starts an HTML entity.
 * Mermaid's own `#34;` entities are not used: with SVG (non-HTML) labels it draws some
 * of them as the literal text `&#34;`. Full-width forms draw as the character, visibly.
 */
const MERMAID_LOOKALIKE: Record<string, string> = {
  '"': '\uFF02',
  '#': '\uFF03',
  '%': '\uFF05',
  '&': '\uFF06',
  ';': '\uFF1B',
  '<': '\uFF1C',
  '>': '\uFF1E',
  '`': '\uFF40',
  '|': '\uFF5C',
  '\\': '\uFF3C',
};

/** One line of label text, safe inside a quoted Mermaid label (see MERMAID_LOOKALIKE). */
export function mermaidText(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/["#%&;<>`|\\]/g, (ch) => MERMAID_LOOKALIKE[ch])
    .replace(/\p{Cc}/gu, '');
}

/** A quoted Mermaid label (`"…"`), one escaped line per item, joined with line breaks. */
export function mermaidLabel(lines: readonly string[]): string {
  return `"${lines.map(mermaidText).join('<br/>')}"`;
}

// ---------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------

interface RendererState {
  /** The renderer thread (see RENDER_WORKER), once started. */
  renderer: Renderer | null;
  queue: Promise<unknown>;
  stats: RendererStats;
  /** Renders under way, by cache file: a page asking for one waits for it. */
  pending: Map<string, Promise<string>>;
  /** Renderer threads told to close and not yet gone (the browser and its temporary folders). */
  closing: Set<Promise<unknown>>;
  /** Prerenders under way (prerenderDiagrams): a close waits for them. */
  prerendering: Set<Promise<unknown>>;
  /** Set by stopDiagramRenderer: the build is not going on, and no browser starts again. */
  stopped: boolean;
  /** What the dark theme changes (see darkTheme), once per process. */
  darkTheme: Promise<DarkTheme | null> | null;
}

const state = shared<RendererState>('diagrams.renderer', () => ({
  renderer: null,
  queue: Promise.resolve(),
  stats: { launches: 0, cacheHits: 0, renders: 0, derived: 0 },
  pending: new Map(),
  closing: new Set(),
  prerendering: new Set(),
  stopped: false,
  darkTheme: null,
}));

export function rendererStats(): RendererStats {
  return { ...state.stats };
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Renders Mermaid `source` to standalone SVG strings: light, dark and, when the dark
 * theme's changes are known for it, one for both themes. The root ids are `<id>-light`,
 * `<id>-dark` and `<id>`, where `<id>` defaults to `mmd-<first 8 hex of sha256(source)>`.
 */
export async function renderMermaid(
  source: string,
  opts: { id?: string } = {},
): Promise<RenderedDiagram> {
  const light = await renderVariant(source, 'light', opts.id);
  return withDark(source, light, opts.id);
}

/**
 * Both drawings of `source` given its light one: the dark one made from it when the
 * calibration allows (and then the themed SVG too), else drawn in the dark theme.
 */
async function withDark(
  source: string,
  light: string,
  requestedId?: string,
): Promise<RenderedDiagram> {
  const base = diagramBaseId(source, requestedId);
  const theme = await darkTheme();
  const derived = theme && darkFromLight(light, `${base}-light`, `${base}-dark`, theme);
  if (derived) {
    state.stats.derived++;
    return { light, dark: derived, themed: themedFromLight(light, `${base}-light`, base, theme) };
  }
  return { light, dark: await renderVariant(source, 'dark', requestedId), themed: null };
}

// ---------------------------------------------------------------------------
// The dark drawing from the light one
// ---------------------------------------------------------------------------

/**
 * Drawn in both themes to learn what the dark theme changes: the shapes the book's
 * flowcharts use (boxes, a stadium and a cylinder, which are drawn as paths with their
 * colours as attributes, a group, labelled and dotted edges).
 */
const CALIBRATION = `flowchart TB
  a([Stadium]) -->|label| b[Box]
  subgraph g[Group]
    b -.-> c[(Cylinder)]
  end
  c --> d{{Hexagon}}`;
const CALIBRATION_ID = 'hd-calibration';

/** Stands for a drawing's root id while two drawings are compared. */
const ID = '\u0000id\u0000';

/** Attributes that carry a theme's colour outside the style sheet. */
const COLOR_ATTRIBUTE = /\s(fill|stroke|flood-color|stop-color|color)="([^"]*)"/g;
/** A colour literal anywhere: one left outside COLOR_ATTRIBUTE means the drawing is not derived. */
const COLOR_LITERAL = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/gi;

export interface DarkTheme {
  /** The flowchart style sheet of each theme, its root id replaced by ID. */
  lightStyle: string;
  darkStyle: string;
  /** `attribute=light value` → the dark value. */
  colors: Map<string, string>;
  /** Markup the dark theme adds before the closing </svg>, ids replaced by ID. */
  extra: string;
}

const styleOf = (svg: string) => /<style>[\s\S]*?<\/style>/.exec(svg)?.[0] ?? null;

/**
 * What the dark theme changes, learnt from one drawing in both themes (`light` and `dark`,
 * their root ids replaced by ID). Null when they differ in more than a style sheet, colour
 * attributes and added markup at the end: then nothing is derived.
 */
export function learnDarkTheme(light: string, dark: string): DarkTheme | null {
  const lightStyle = styleOf(light);
  const darkStyle = styleOf(dark);
  if (!lightStyle || !darkStyle) return null;
  const colors = new Map<string, string>();
  // A light colour drawn as two dark ones is left out, and the calibration then fails.
  const ambiguous = new Set<string>();
  const lightAttrs = [...light.matchAll(COLOR_ATTRIBUTE)];
  const darkAttrs = [...dark.matchAll(COLOR_ATTRIBUTE)];
  // Added markup may carry colours of its own; the attributes before it pair up in order.
  for (let i = 0; i < lightAttrs.length; i++) {
    const [, name, value] = lightAttrs[i];
    const other = darkAttrs[i];
    if (!other || other[1] !== name) return null;
    const key = `${name}=${value}`;
    if (colors.has(key) && colors.get(key) !== other[2]) ambiguous.add(key);
    colors.set(key, other[2]);
  }
  for (const key of ambiguous) colors.delete(key);
  const theme: DarkTheme = { lightStyle, darkStyle, colors, extra: '' };
  const mapped = recolor(light, theme);
  if (mapped === null || !mapped.endsWith('</svg>') || !dark.endsWith('</svg>')) return null;
  const head = mapped.slice(0, -'</svg>'.length);
  if (!dark.startsWith(head)) return null;
  theme.extra = dark.slice(head.length, -'</svg>'.length);
  return theme;
}

/** `svg` (ids as ID) with the dark style sheet and colours; null when one is not known. */
function recolor(svg: string, theme: DarkTheme): string | null {
  const style = styleOf(svg);
  if (style !== theme.lightStyle) return null;
  const at = svg.indexOf(style);
  const rest = svg.slice(at + style.length);
  let unknown = false;
  const body = rest.replace(COLOR_ATTRIBUTE, (whole, name: string, value: string) => {
    const dark = theme.colors.get(`${name}=${value}`);
    if (dark === undefined) unknown = true;
    return dark === undefined ? whole : ` ${name}="${dark}"`;
  });
  const outside = (svg.slice(0, at) + rest.replace(COLOR_ATTRIBUTE, '')).match(COLOR_LITERAL);
  if (unknown || outside) return null;
  return svg.slice(0, at) + theme.darkStyle + body;
}

/**
 * The dark drawing of a light one (root id `lightId`), as Mermaid's dark theme would draw
 * it with root id `darkId`; null when `theme` does not account for every colour in it.
 */
export function darkFromLight(
  light: string,
  lightId: string,
  darkId: string,
  theme: DarkTheme,
): string | null {
  const dark = recolor(light.split(lightId).join(ID), theme);
  if (dark === null || !dark.endsWith('</svg>')) return null;
  return (dark.slice(0, -'</svg>'.length) + theme.extra + '</svg>').split(ID).join(darkId);
}

/** Starlight's dark theme: the page is dark unless <html data-theme="light">. */
const DARK_PAGE = ":root:not([data-theme='light'])";

/**
 * One SVG for both themes, root id `id`: the light drawing (root id `lightId`) with, added to
 * its style sheet, the dark theme's style sheet and colour attributes for a dark page. Null
 * when `theme` does not account for every colour in it (as darkFromLight).
 *
 * In a dark page every rule of the dark sheet outranks its twin in the light sheet (the two
 * have the same selectors; the dark ones are longer by DARK_PAGE). A colour the dark theme
 * writes as an attribute is set by a rule of no specificity (`:where`), so that, as for the
 * attribute itself, any rule of the sheets that sets the same property wins over it.
 */
export function themedFromLight(
  light: string,
  lightId: string,
  id: string,
  theme: DarkTheme,
): string | null {
  const svg = light.split(lightId).join(ID);
  if (recolor(svg, theme) === null) return null;
  const sheet = (style: string) => style.slice('<style>'.length, -'</style>'.length);
  const used = [...theme.colors].filter(([key]) => {
    const [name, value] = splitKey(key);
    return svg.includes(` ${name}="${value}"`);
  });
  const attributes = used.map(([key, dark]) => {
    const [name, value] = splitKey(key);
    return `:where(${DARK_PAGE} #${ID} [${name}="${value}"]){${name}:${dark}}`;
  });
  // The root id as a selector; `url(#…-gradient)` names an element and stays as it is.
  const dark = sheet(theme.darkStyle).replace(
    new RegExp(`(?<!url\\()#${ID}(?![\\w-])`, 'g'),
    `${DARK_PAGE} #${ID}`,
  );
  const style = `<style>${sheet(theme.lightStyle)}${attributes.join('')}${dark}</style>`;
  const at = svg.indexOf(theme.lightStyle);
  const out =
    svg.slice(0, at) +
    style +
    svg.slice(at + theme.lightStyle.length, -'</svg>'.length) +
    theme.extra +
    '</svg>';
  return out.split(ID).join(id);
}

/** `attribute=value` → [attribute, value]. */
const splitKey = (key: string) => {
  const at = key.indexOf('=');
  return [key.slice(0, at), key.slice(at + 1)] as const;
};

/** What the dark theme changes, from the calibration drawing; null when it cannot be learnt. */
export function darkTheme(): Promise<DarkTheme | null> {
  state.darkTheme ??= Promise.all([
    renderVariant(CALIBRATION, 'light', CALIBRATION_ID),
    renderVariant(CALIBRATION, 'dark', CALIBRATION_ID),
  ]).then(
    ([light, dark]) =>
      learnDarkTheme(
        light.split(`${CALIBRATION_ID}-light`).join(ID),
        dark.split(`${CALIBRATION_ID}-dark`).join(ID),
      ),
    () => null,
  );
  return state.darkTheme;
}

/** One theme's SVG of `source`: from the disk cache, a render under way, or a new render. */
export async function renderVariant(source: string, variant: Variant, requestedId?: string) {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new Error('renderMermaid: the diagram source is empty.');
  }
  const theme = VARIANTS.find((v) => v.variant === variant)!.theme;
  const id = `${diagramBaseId(source, requestedId)}-${variant}`;
  const mermaid = mermaidInfo();
  const dir = cacheDir();
  const key = sha256(
    [mermaid.version, theme, OUTPUT_REVISION, FONT_FAMILY, id, source].join('\u0000'),
  );
  const file = join(dir, `${key}.svg`);

  const hit = await readCached(file);
  if (hit !== null) {
    state.stats.cacheHits++;
    return hit;
  }
  let render = state.pending.get(file);
  if (!render) {
    render = serialize(() => renderInBrowser(source, id, theme, mermaid.dist)).then(async (svg) => {
      state.stats.renders++;
      await writeCached(dir, file, svg);
      return svg;
    });
    state.pending.set(file, render);
    const forget = () => state.pending.delete(file);
    render.then(forget, forget);
  }
  return render;
}

/**
 * Starts rendering every diagram a build will draw, while Astro still bundles: Chromium's
 * start and Mermaid's load (seconds on a cold cache) overlap the bundling instead of holding
 * up the first page with a diagram, and the browser closes as soon as the last one is drawn.
 * Pages ask for the same diagrams and wait for these renders; a diagram this list missed is
 * drawn when its page asks, as before. Errors are left to the page, which reports them.
 */
export function prerenderDiagrams(sources: readonly string[]): Promise<void> {
  const all = Promise.all([...new Set(sources)].map((s) => renderLegible(s).catch(() => {})));
  state.prerendering.add(all);
  return all.then(() => {
    state.prerendering.delete(all);
    return closeDiagramRenderer();
  });
}

/**
 * Widest natural drawing (px at Mermaid's 16 px font) whose text is still drawn at 12 px
 * or more in the laptop's text column (632 px, less the frame's padding: 598 px).
 */
export const LEGIBLE_WIDTH = Math.floor((598 * 16) / 12);

/** The natural width renderMermaid recorded on the SVG, or NaN. */
export function naturalWidth(svg: string): number {
  return Number(/--hd-diagram-width: (\d+)px/.exec(svg.slice(0, 400))?.[1] ?? NaN);
}

/**
 * Renders a diagram so its text stays legible: a left-to-right flowchart too wide for
 * the text column is drawn top to bottom instead.
 */
export async function renderLegible(source: string): Promise<RenderedDiagram> {
  const lr = /^(\s*(?:flowchart|graph))\s+LR\b/;
  if (!lr.test(source)) return renderMermaid(source);
  // The light drawing decides; a dark one of a drawing that is not shown is not drawn.
  const light = await renderVariant(source, 'light');
  if (naturalWidth(light) > LEGIBLE_WIDTH) return renderMermaid(source.replace(lr, '$1 TB'));
  return withDark(source, light);
}

/**
 * Starts Chromium and loads Mermaid now when the diagram cache is empty (a fresh clone, a
 * cold CI run), so that the browser starts while the caller works out what to draw; with
 * any drawing cached it waits for the first render that needs it. Failures are left to that
 * render, which reports them.
 */
export function startDiagramRenderer(): boolean {
  let cached = false;
  try {
    cached = readdirSync(cacheDir()).some((f) => f.endsWith('.svg'));
  } catch {
    // No cache folder yet.
  }
  if (!cached) {
    try {
      getRenderer(mermaidInfo().dist);
    } catch {
      // Reported by the first render, which tries again.
    }
  }
  return !cached;
}

/** Closes the shared browser, if one was launched, after pending renders finish. */
export async function closeDiagramRenderer(): Promise<void> {
  // A diagram's second drawing (its dark or top-to-bottom one) is queued only when the first
  // is done: a prerender is waited for whole, not just the renders queued so far.
  await Promise.all(state.prerendering);
  await state.queue.catch(() => {});
  await retireNow();
}

/**
 * Retires the renderer thread, if one runs, and waits for every close under way (the
 * prerender's, say, when the build's own close comes): the process may end once this returns.
 */
async function retireNow(): Promise<void> {
  const renderer = state.renderer;
  state.renderer = null;
  if (renderer) retire(renderer);
  await Promise.all(state.closing);
}

/**
 * Tells a renderer thread to close its browser, and keeps the wait for its exit in
 * `state.closing`: Playwright removes the browser's temporary folders as it closes.
 */
/**
 * Stops drawing at once, for a build that stops (its drift check failed): no browser starts
 * again, a render not yet drawn fails, and this returns when the browser has closed and its
 * temporary folders are removed, so the process may then exit.
 */
export async function stopDiagramRenderer(): Promise<void> {
  state.stopped = true;
  await retireNow();
}

function retire(renderer: Renderer): void {
  const exited = new Promise((done) => renderer.worker.once('exit', done));
  state.closing.add(exited);
  void exited.then(() => state.closing.delete(exited));
  renderer.worker.ref();
  renderer.worker.postMessage('close');
}

// ---------------------------------------------------------------------------
// Ids, hashes, paths
// ---------------------------------------------------------------------------

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function diagramBaseId(source: string, requested: string | undefined): string {
  if (requested === undefined || requested.trim() === '')
    return `mmd-${sha256(source).slice(0, 8)}`;
  const safe = requested.trim().replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(safe) ? safe : `mmd-${safe}`;
}

function firstLine(source: string): string {
  return (
    source
      .split(/\r?\n/)
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}

function cacheDir(): string {
  return (
    process.env.HONEYDUE_DIAGRAM_CACHE ||
    join(process.cwd(), 'node_modules', '.cache', 'honeydue-diagrams')
  );
}

/** Mermaid's ES module build: a small entry that loads each diagram type's code when drawn. */
const MERMAID_ENTRY = 'mermaid.esm.min.mjs';

let mermaidCache: { version: string; dist: string } | null = null;

/** Locates the installed Mermaid (resolved from the project root), its version and its dist folder. */
function mermaidInfo(): { version: string; dist: string } {
  if (mermaidCache) return mermaidCache;
  let pkgPath: string;
  try {
    pkgPath = createRequire(join(process.cwd(), 'package.json')).resolve('mermaid/package.json');
  } catch {
    throw new Error(
      `Diagram rendering needs the "mermaid" package, which was not found from ${process.cwd()}. Run \`npm install\` in the project root.`,
    );
  }
  const version = String(
    (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version?: unknown }).version,
  );
  const dist = join(dirname(pkgPath), 'dist');
  if (!existsSync(join(dist, MERMAID_ENTRY))) {
    throw new Error(
      `Diagram rendering needs ${join(dist, MERMAID_ENTRY)}, which is missing from the installed mermaid ${version}. Reinstall it with \`npm install\`.`,
    );
  }
  mermaidCache = { version, dist };
  return mermaidCache;
}

// ---------------------------------------------------------------------------
// Disk cache
// ---------------------------------------------------------------------------

async function readCached(file: string): Promise<string | null> {
  try {
    const text = await readFile(file, 'utf8');
    return text.startsWith('<svg') ? text : null;
  } catch {
    return null;
  }
}

async function writeCached(dir: string, file: string, svg: string): Promise<void> {
  const tmp = join(dir, `.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, svg, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    // A cache that cannot be written only costs time on the next build.
    console.warn(
      `[diagrams] could not write the diagram cache in ${dir}: ${(err as Error).message}`,
    );
  }
}

// ---------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------

/** Mermaid keeps global state (config, ids), so renders run one at a time. */
function serialize<T>(task: () => Promise<T>): Promise<T> {
  const run = state.queue.then(task, task);
  state.queue = run.catch(() => {});
  return run;
}

function chromiumHelp(exe: string, what: string): string {
  const from = process.env.CHROMIUM_PATH
    ? 'CHROMIUM_PATH'
    : 'the default path; CHROMIUM_PATH is not set';
  return (
    `Diagram rendering needs Chromium: ${what} (tried "${exe}", from ${from}). ` +
    'Install it with `apt-get install chromium` on Debian, or set CHROMIUM_PATH to a Chromium/Chrome binary.'
  );
}

/** The page's made-up origin: requests to it are answered from Mermaid's dist folder. */
const ORIGIN = 'http://mermaid.invalid';

/**
 * The renderer thread: it loads playwright-core, starts Chromium, loads Mermaid into a page
 * and draws what it is sent, so that none of that (module loading, the browser's protocol
 * traffic, the SVG strings) runs on the thread that builds the pages; it and Chromium give
 * way to that thread (background.ts). Plain JavaScript kept as a string, like PAGE_HELPER. Messages: `{ seq, request }` → `{ seq, result }`, or
 * `{ seq, failed: 'launch' | 'load' | 'render', message }`.
 */
export const RENDER_WORKER = String.raw`
${BACKGROUND_PRIORITY}
const { parentPort, workerData } = require('node:worker_threads');
const { existsSync, readFileSync } = require('node:fs');
const { resolve, sep } = require('node:path');
const { exe, args, dist, entry, origin, blank, helper } = workerData;
const failure = (failed, err) => ({ failed, message: String((err && err.message) || err) });
let closing = false;
const ready = (async () => {
  const { chromium } = require(workerData.playwright);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: exe, args });
  } catch (err) {
    throw failure('launch', err);
  }
  // A browser that crashed retires the thread: the next render starts a new one, in a new
  // thread. This one ends once Playwright has removed the dead browser's temporary folders
  // (nothing else keeps it; at most 5 s). One this thread closes is left to finish closing
  // the same way.
  browser.on('disconnected', () => {
    if (closing) return;
    closing = true;
    parentPort.postMessage({ gone: true });
    parentPort.close();
    setTimeout(() => process.exit(0), 5000).unref();
  });
  try {
    const page = await browser.newPage();
    page.on('crash', () => browser.close().catch(() => {}));
    // Mermaid is served from disk under a made-up origin; nothing may touch the network.
    const root = resolve(dist) + sep;
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== origin) return route.abort();
      if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: blank });
      const file = resolve(root, '.' + url.pathname);
      if (!file.startsWith(root) || !existsSync(file)) return route.abort();
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file) });
    });
    await page.goto(origin + '/');
    await page.evaluate("import('/" + entry + "').then((m) => { window.mermaid = m.default; })");
    await page.addScriptTag({ content: helper });
    return { browser, page };
  } catch (err) {
    await browser.close().catch(() => {});
    throw failure('load', err);
  }
})();
ready.catch(() => {});
parentPort.on('message', async (msg) => {
  if (msg === 'close') {
    closing = true;
    const open = await ready.catch(() => null);
    if (open) await open.browser.close().catch(() => {});
    parentPort.close();
    return;
  }
  let page;
  try {
    page = (await ready).page;
  } catch (f) {
    parentPort.postMessage({ seq: msg.seq, ...f });
    return;
  }
  try {
    const result = await page.evaluate((req) => globalThis.__hdRender(req), msg.request);
    parentPort.postMessage({ seq: msg.seq, result });
  } catch (err) {
    parentPort.postMessage({ seq: msg.seq, ...failure('render', err) });
  }
});
`;

interface Renderer {
  worker: Worker;
  exe: string;
  /** Requests sent and not answered, by sequence number. */
  waiting: Map<number, (answer: WorkerAnswer) => void>;
  seq: number;
}

type WorkerAnswer =
  | { seq: number; result: PageResult }
  | { seq: number; failed: 'launch' | 'load' | 'render'; message: string };

/** The renderer thread, started on first use (or by startDiagramRenderer). */
function getRenderer(dist: string): Renderer {
  if (state.renderer) return state.renderer;
  if (state.stopped) throw new Error('Diagram rendering has stopped: the build is not going on.');
  const exe = diagramChromiumPath();
  if (!existsSync(exe)) throw new Error(chromiumHelp(exe, 'no executable exists at that path'));
  state.stats.launches++;
  const worker = new Worker(RENDER_WORKER, {
    eval: true,
    workerData: {
      playwright: createRequire(join(process.cwd(), 'package.json')).resolve('playwright-core'),
      exe,
      args: CHROMIUM_ARGS,
      dist,
      entry: MERMAID_ENTRY,
      origin: ORIGIN,
      blank: BLANK_PAGE,
      helper: PAGE_HELPER,
    },
  });
  const renderer: Renderer = { worker, exe, waiting: new Map(), seq: 0 };
  // Idle, the thread does not keep the process alive; a request waiting for it does.
  worker.unref();
  worker.on('message', (answer: WorkerAnswer | { gone: true }) => {
    if ('gone' in answer) return gone('the renderer thread stopped: its browser closed');
    renderer.waiting.get(answer.seq)?.(answer);
    renderer.waiting.delete(answer.seq);
    if (!renderer.waiting.size) worker.unref();
  });
  const gone = (message: string) => {
    if (state.renderer === renderer) state.renderer = null;
    for (const [seq, answer] of renderer.waiting) answer({ seq, failed: 'render', message });
    renderer.waiting.clear();
    // A thread whose browser died ends once that browser's temporary folders are removed;
    // the process waits for it (one that has ended is not waited for).
    worker.ref();
  };
  worker.on('error', (err) => gone(err.message));
  worker.on('exit', () => gone('the renderer thread stopped'));
  state.renderer = renderer;
  return renderer;
}

/** Sends one request to the renderer thread and waits for its answer. */
function ask(renderer: Renderer, request: unknown): Promise<WorkerAnswer> {
  const seq = ++renderer.seq;
  return new Promise((done) => {
    renderer.waiting.set(seq, done);
    renderer.worker.ref();
    renderer.worker.postMessage({ seq, request });
  });
}

interface PageResult {
  svg?: string;
  error?: string;
}

async function renderInBrowser(
  source: string,
  id: string,
  theme: string,
  dist: string,
): Promise<string> {
  const renderer = getRenderer(dist);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Mermaid did not finish rendering the diagram "${firstLine(source)}" within ${RENDER_TIMEOUT_MS / 1000} s.`,
          ),
        ),
      RENDER_TIMEOUT_MS,
    );
    timer.unref();
  });
  let answer: WorkerAnswer;
  try {
    answer = await Promise.race([
      ask(renderer, { id, theme, source, fontFamily: FONT_FAMILY }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
  if ('failed' in answer) {
    // A browser that failed to start or to load Mermaid is not kept: the next render tries again.
    if (answer.failed !== 'render') {
      if (state.renderer === renderer) state.renderer = null;
      retire(renderer);
    }
    throw new Error(
      answer.failed === 'launch'
        ? chromiumHelp(renderer.exe, `it failed to launch (${answer.message.split('\n')[0]})`)
        : answer.failed === 'load'
          ? `Diagram rendering could not load Mermaid from ${dist} into Chromium: ${answer.message}`
          : `Mermaid could not render the diagram starting with "${firstLine(source)}": ${answer.message}`,
    );
  }
  const result = answer.result;
  if (result.error !== undefined || !result.svg) {
    throw new Error(
      `Mermaid rejected the diagram starting with "${firstLine(source)}":\n${result.error ?? 'no SVG was produced'}`,
    );
  }
  return result.svg;
}

/**
 * Runs inside the page. Plain JavaScript kept as a string so no bundler or
 * type stripping can rewrite it before Playwright serialises it.
 */
const PAGE_HELPER = String.raw`
const GEOMETRY = ['d', 'points', 'transform', 'viewBox', 'x', 'y', 'x1', 'y1', 'x2', 'y2',
  'cx', 'cy', 'r', 'rx', 'ry', 'width', 'height', 'dx', 'dy'];
window.__hdRender = async function (req) {
  const mermaid = window.mermaid;
  mermaid.initialize({
    startOnLoad: false,
    theme: req.theme,
    securityLevel: 'strict',
    suppressErrorRendering: true,
    htmlLabels: false,
    // Lines are broken where the label says (<br/>); Mermaid's own wrapping at 200 px
    // split hostnames mid-word.
    flowchart: { htmlLabels: false, wrappingWidth: 1000 },
    fontFamily: req.fontFamily,
    themeVariables: { fontFamily: req.fontFamily },
    // Shapes drawn as paths (a stadium, a cylinder) get their curves from a random
    // generator; seeded, the same source always gives the same drawing.
    handDrawnSeed: 1,
  });
  try {
    const rendered = await mermaid.render(req.id, req.source);
    const tpl = document.createElement('template');
    tpl.innerHTML = rendered.svg;
    const svg = tpl.content.querySelector('svg');
    if (!svg) return { error: 'Mermaid returned no <svg> element.' };

    // Responsive: keep the viewBox, drop the fixed size and inline max-width,
    // and hand the natural width to CSS as a custom property so the diagram
    // shrinks on narrow screens but is never scaled above its natural size.
    const box = (svg.getAttribute('viewBox') || '').trim().split(/[\s,]+/).map(Number);
    const maxWidth = /max-width:\s*([\d.]+)px/.exec(svg.getAttribute('style') || '');
    const natural = maxWidth ? Number(maxWidth[1]) : box.length === 4 ? box[2] : NaN;
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.removeAttribute('style');
    if (Number.isFinite(natural) && natural > 0) {
      svg.setAttribute('style', '--hd-diagram-width: ' + Math.ceil(natural) + 'px');
    }
    // Layout debugging payload (base64 edge points); useless to readers.
    for (const el of svg.querySelectorAll('[data-points]')) el.removeAttribute('data-points');
    // Coordinates to a hundredth of a pixel, finer than any screen draws. Mermaid writes
    // them to 16 digits, which gzip cannot shorten: they were most of a drawing's bytes.
    const round = (value) =>
      value.replace(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi, (n) => {
        const r = Math.round(Number(n) * 100) / 100;
        return String(r === 0 ? 0 : r);
      });
    for (const el of [svg, ...svg.querySelectorAll('*')])
      for (const name of GEOMETRY) {
        const value = el.getAttribute(name);
        if (value) el.setAttribute(name, round(value));
      }

    return { svg: new XMLSerializer().serializeToString(svg) };
  } catch (err) {
    return { error: String((err && err.message) || err) };
  } finally {
    document.body.replaceChildren();
  }
};
`;
