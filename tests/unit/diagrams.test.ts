import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBook, type Chapter } from '../../mdx/index.ts';
import { DOCS_DIR } from '../../src/lib/book.ts';
import { launchOptions } from '../../src/lib/chromium.ts';
import {
  closeDiagramRenderer,
  darkFromLight,
  darkTheme,
  learnDarkTheme,
  mermaidLabel,
  LEGIBLE_WIDTH,
  mermaidText,
  naturalWidth,
  prerenderDiagrams,
  renderLegible,
  renderMermaid,
  rendererStats,
  renderVariant,
  themedFromLight,
  startDiagramRenderer,
} from '../../src/lib/diagrams.ts';
import { architecture, pageDiagramSources, requestFlow } from '../../src/lib/diagram-sources.ts';

const FLOW = `flowchart LR
  subgraph cluster[Cluster node]
    web[Web pod] -->|proxies to| api[API pod]
  end
  api --> db[(Postgres)]
`;

/** The drawn text: Mermaid splits words of a label into sibling <tspan>s. */
function drawnText(svg: string): string {
  return svg.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '');
}

function rootId(svg: string): string | undefined {
  return /^<svg\b[^>]*\bid="([^"]+)"/.exec(svg)?.[1];
}

/** The sources of the diagrams the book's pages write out. */
const bookDiagrams = () =>
  readBook(DOCS_DIR)
    .chapters.flatMap((c) => c.elements)
    .filter((e) => e.name === 'Diagram' && typeof e.attrs.source === 'string')
    .map((e) => e.attrs.source as string);

/**
 * Runs `lines` as a module in a process of its own, with a temporary folder of its own
 * (where Playwright keeps a browser's profile) and `d` bound to the diagrams module: its
 * last line of output as JSON, and the Playwright folders left when it has ended.
 */
function inOwnProcess(name: string, lines: string[]): { out: unknown; left: string[] } {
  const tmp = mkdtempSync(join(tmpdir(), `honeydue-diagrams-${name}-`));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const module = new URL('../../src/lib/diagrams.ts', import.meta.url).href;
  const file = join(tmp, `${name}.mjs`);
  writeFileSync(file, [`const d = await import(${JSON.stringify(module)});`, ...lines].join('\n'));
  const r = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp, HONEYDUE_DIAGRAM_CACHE: join(tmp, 'cache') },
  });
  assert.equal(r.status, 0, r.stderr);
  return {
    out: JSON.parse(r.stdout.trim().split('\n').pop()!),
    left: readdirSync(tmp).filter((f) => f.startsWith('playwright')),
  };
}

describe('renderMermaid', () => {
  let cache: string;

  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'honeydue-diagrams-test-'));
    process.env.HONEYDUE_DIAGRAM_CACHE = cache;
  });

  after(async () => {
    await closeDiagramRenderer();
    rmSync(cache, { recursive: true, force: true });
    delete process.env.HONEYDUE_DIAGRAM_CACHE;
  });

  test('renders light and dark SVGs with text labels and distinct ids', async () => {
    const { light, dark } = await renderMermaid(FLOW);
    for (const svg of [light, dark]) {
      assert.ok(svg.startsWith('<svg'), 'output starts with <svg');
      assert.match(svg, /viewBox="/);
      for (const label of ['Cluster node', 'Web pod', 'API pod', 'Postgres', 'proxies to']) {
        assert.ok(drawnText(svg).includes(label), `label "${label}" is drawn as SVG text`);
      }
      assert.ok(!svg.includes('<foreignObject'), 'no foreignObject labels');
      assert.doesNotMatch(
        svg.slice(0, svg.indexOf('>')),
        /\s(width|height)="/,
        'no fixed size on the root',
      );
    }
    const lightId = rootId(light);
    const darkId = rootId(dark);
    assert.match(lightId ?? '', /^mmd-[0-9a-f]{8}-light$/);
    assert.match(darkId ?? '', /^mmd-[0-9a-f]{8}-dark$/);
    assert.notEqual(lightId, darkId);
    // Mermaid scopes its CSS by the root id; markers must not collide either.
    assert.ok(light.includes(`#${lightId} `) && dark.includes(`#${darkId} `));
    assert.ok(!dark.includes(`${lightId}`));
    // The dark drawing was made from the light one: the cache holds the light drawing and
    // the calibration drawing in both themes.
    assert.equal(rendererStats().derived, 1);
    assert.equal(readdirSync(cache).filter((f) => f.endsWith('.svg')).length, 3);
  });

  test('serves the same source from the disk cache without launching a browser', async () => {
    const before = rendererStats();
    const first = await renderMermaid(FLOW);
    const after = rendererStats();
    assert.equal(after.launches, before.launches, 'no new browser launch');
    assert.equal(after.renders, before.renders, 'nothing rendered');
    assert.equal(after.cacheHits, before.cacheHits + 1, 'the light drawing came from the cache');
    assert.equal(after.derived, before.derived + 1, 'and the dark one from it');
    assert.ok(first.light.startsWith('<svg') && first.dark.startsWith('<svg'));
  });

  test('a diagram asked for twice at once is rendered once', async () => {
    const source = 'flowchart LR\n  twice --> once';
    const before = rendererStats();
    const [a, b] = await Promise.all([renderMermaid(source), renderMermaid(source)]);
    assert.equal(rendererStats().renders, before.renders + 1, 'the light drawing, once');
    assert.equal(a.light, b.light);
    assert.equal(a.dark, b.dark);
  });

  test('a drawing is the same on every render, its coordinates to a hundredth of a pixel', async () => {
    // A stadium and a cylinder are drawn as paths with randomly bowed curves.
    const source = 'flowchart TB\n  client([Client]) --> db[(Postgres)]';
    const first = await renderMermaid(source);
    for (const f of readdirSync(cache)) rmSync(join(cache, f));
    const before = rendererStats();
    const again = await renderMermaid(source);
    assert.equal(
      rendererStats().renders,
      before.renders + 1,
      'drawn again, not read from the cache',
    );
    assert.equal(again.light, first.light);
    assert.equal(again.dark, first.dark);
    const geometry = [
      ...first.light.matchAll(/\s(?:d|points|transform|viewBox|x|y|width|height)="([^"]*)"/g),
    ];
    assert.ok(geometry.length > 20, 'the drawing has coordinates');
    const fine = geometry.flatMap((m) => m[1].match(/\d\.\d{3,}/g) ?? []);
    assert.deepEqual(fine, [], 'no coordinate has more than two decimals');
    assert.match(first.light, /<path\b[^>]*\sd="M[^"]*\d\.\d/, 'curves keep their fractions');
  });

  test('a dark drawing made from the light one is the one the dark theme draws', async () => {
    const literal = bookDiagrams();
    const sources = [
      FLOW,
      architecture().source,
      requestFlow().source,
      ...literal,
      'flowchart TB\n  s([Stadium]) -.->|dotted| h{{Hexagon}} --> c[(Cylinder)]',
    ];
    assert.ok(literal.length >= 3, "the book's own diagrams are among them");
    const theme = await darkTheme();
    assert.ok(theme, 'the calibration drawing gives what the dark theme changes');
    for (const source of sources.flatMap((s) => [
      s,
      s.replace(/^(\s*flowchart)\s+LR\b/, '$1 TB'),
    ])) {
      const base = rootId(await renderVariant(source, 'light'))!.replace(/-light$/, '');
      const light = await renderVariant(source, 'light');
      const derived = darkFromLight(light, `${base}-light`, `${base}-dark`, theme!);
      assert.ok(derived, `derived: ${source.split('\n')[0]} …`);
      assert.equal(derived, await renderVariant(source, 'dark'), source);
    }
  });

  test('the one SVG for both themes looks, element by element, like the drawing of each theme', async () => {
    const theme = (await darkTheme())!;
    const sources = [FLOW, architecture().source, requestFlow().source, ...bookDiagrams()];
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch(launchOptions());
    try {
      const page = await browser.newPage();
      for (const source of sources) {
        const light = await renderVariant(source, 'light');
        const base = rootId(light)!.replace(/-light$/, '');
        const themed = themedFromLight(light, `${base}-light`, base, theme);
        assert.ok(themed, `one SVG for: ${source.split('\n')[0]} …`);
        assert.equal(rootId(themed), base);
        const drawings = { light, dark: await renderVariant(source, 'dark'), themed };
        await page.setContent(
          Object.entries(drawings)
            .map(([k, svg]) => `<div id="${k}">${svg}</div>`)
            .join(''),
        );
        for (const mode of ['light', 'dark'] as const) {
          const diff = await page.evaluate((mode) => {
            if (mode === 'light') document.documentElement.dataset.theme = 'light';
            else delete document.documentElement.dataset.theme;
            const props = [
              'fill',
              'stroke',
              'color',
              'stop-color',
              'flood-color',
              'stroke-width',
              'opacity',
              'filter',
              'font-family',
              'font-size',
              'background-color',
              'display',
            ];
            const look = (root: string) =>
              [...document.querySelectorAll(`#${root} svg *`)].map((el) => {
                const cs = getComputedStyle(el);
                // Each drawing names its own gradient: compare what it is, not its id.
                const values = props.map((p) => cs.getPropertyValue(p)).join('|');
                return `${el.tagName} ${values.replace(/#[\w-]+?(?:-light|-dark)?-gradient/g, '#gradient')}`;
              });
            const want = look(mode);
            const got = look('themed').slice(0, want.length);
            const i = want.findIndex((w, n) => w !== got[n]);
            return i < 0 ? null : { i, want: want[i], got: got[i] };
          }, mode);
          assert.equal(diff, null, `${mode}: ${source.split('\n')[0]} …`);
        }
      }
    } finally {
      await browser.close();
    }
  });

  test('a drawing with colours of its own is drawn in the dark theme, not derived', async () => {
    const sources = [
      // A class adds rules to the style sheet; a style statement puts colours on the node.
      'flowchart LR\n  a:::hot --> b\n  classDef hot fill:#f96',
      'flowchart LR\n  a --> b\n  style a fill:#f96,stroke:#333',
    ];
    for (const source of sources) {
      const before = rendererStats();
      const { dark } = await renderMermaid(source);
      assert.equal(rendererStats().derived, before.derived, source);
      assert.equal(rendererStats().renders, before.renders + 2, 'both themes drawn');
      assert.equal(dark, await renderVariant(source, 'dark'));
    }
  });

  test('prerendered diagrams are drawn before the page asks, and the browser is closed', async () => {
    const sources = ['flowchart LR\n  early --> ready', 'flowchart TB\n  also --> ready'];
    const before = rendererStats();
    await prerenderDiagrams([...sources, sources[0]]);
    const drawn = rendererStats();
    assert.equal(drawn.renders, before.renders + 2, 'each listed diagram once');
    for (const s of sources) await renderMermaid(s);
    const after = rendererStats();
    assert.equal(after.renders, drawn.renders, 'the pages rendered nothing');
    assert.equal(after.launches, drawn.launches, 'and started no browser');
    assert.equal(after.cacheHits, drawn.cacheHits + 2);
    // The browser was closed after the last prerendered diagram: a new one starts another.
    await renderMermaid('flowchart LR\n  after --> close');
    assert.equal(rendererStats().launches, drawn.launches + 1);
  });

  test('a close while another is under way returns when the browser and its temporary folders are gone', () => {
    // Playwright keeps the browser's profile in the temporary folder until the browser has
    // closed. The build closes twice (after the last prerendered diagram, and when it is
    // done) and may exit when the second returns.
    const { out } = inOwnProcess('close-twice', [
      `import { readdirSync } from 'node:fs';`,
      `await d.renderMermaid('flowchart LR\\n  close --> twice');`,
      `const left = () => readdirSync(process.env.TMPDIR).filter((f) => f.startsWith('playwright'));`,
      `const during = left().length;`,
      `const first = d.closeDiagramRenderer();`,
      `await d.closeDiagramRenderer();`,
      `const after = left();`,
      `await first;`,
      `console.log(JSON.stringify({ during, after }));`,
    ]);
    const { during, after: left } = out as { during: number; after: string[] };
    assert.ok(during > 0, 'the open browser keeps temporary folders');
    assert.deepEqual(left, [], 'none is left when the second close returns');
  });

  test('a browser that dies leaves no temporary folders: its thread ends once Playwright has removed them', () => {
    const { out, left } = inOwnProcess('crash', [
      `import { execFileSync } from 'node:child_process';`,
      `await d.renderMermaid('flowchart LR\\n  before --> crash');`,
      // Chromium descends from this process (the renderer thread runs in it): kill the tree.
      `const ps = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });`,
      `const procs = ps.trim().split('\\n').map((l) => l.trim().split(/\\s+/).map(Number));`,
      `const ours = new Set([process.pid]);`,
      `for (let grew = true; grew; ) {`,
      `  grew = false;`,
      `  for (const [pid, ppid] of procs) if (ours.has(ppid) && !ours.has(pid)) grew = !!ours.add(pid);`,
      `}`,
      `ours.delete(process.pid);`,
      `for (const pid of ours) try { process.kill(pid, 'SIGKILL'); } catch {}`,
      `const again = 'flowchart LR\\n  after --> crash';`,
      `await d.renderMermaid(again).catch(() => d.renderMermaid(again));`,
      `await d.closeDiagramRenderer();`,
      `console.log(JSON.stringify(d.rendererStats()));`,
    ]);
    assert.equal((out as { launches: number }).launches, 2, 'a second browser');
    assert.deepEqual(left, [], 'nothing of either browser is left when the process has ended');
  });

  test('a stop closes the browser at once, and no browser starts after it', () => {
    const { out, left } = inOwnProcess('stop', [
      `await d.renderMermaid('flowchart LR\\n  before --> stop');`,
      `await d.stopDiagramRenderer();`,
      `const after = await d.renderMermaid('flowchart LR\\n  after --> stop').then(() => 'drawn', (e) => e.message);`,
      `console.log(JSON.stringify({ after, launches: d.rendererStats().launches }));`,
    ]);
    assert.deepEqual(out, {
      after: 'Diagram rendering has stopped: the build is not going on.',
      launches: 1,
    });
    assert.deepEqual(left, [], 'the browser closed before the process ended');
  });

  test('a flowchart too wide left to right is drawn top to bottom; its wide dark drawing never is', async () => {
    const chain = Array.from({ length: 14 }, (_, i) => `n${i}["step number ${i}"]`).join(' --> ');
    const wide = `flowchart LR\n  ${chain}\n`;
    const before = rendererStats();
    const drawn = await renderLegible(wide);
    assert.equal(
      rendererStats().renders,
      before.renders + 2,
      'the wide light drawing, then the tall one',
    );
    assert.ok(naturalWidth(drawn.light) <= LEGIBLE_WIDTH, 'the drawing shown fits the text column');
    const tall = await renderMermaid(wide.replace('flowchart LR', 'flowchart TB'));
    assert.deepEqual(drawn, tall, 'both themes are the top-to-bottom drawing');
    assert.equal(rendererStats().renders, before.renders + 2);
  });

  test('a close during a prerender returns once its drawings are all made, second drawings included', async () => {
    // Too wide left to right: its top-to-bottom drawing is queued only when the first is done.
    const chain = Array.from({ length: 14 }, (_, i) => `c${i}["closing step ${i}"]`).join(' --> ');
    const wide = `flowchart LR\n  ${chain}\n`;
    await closeDiagramRenderer();
    const before = rendererStats();
    const prerender = prerenderDiagrams([wide]);
    await closeDiagramRenderer();
    const closed = rendererStats();
    // The wide drawing and the tall one (and, first in a process, what the dark theme changes).
    assert.ok(closed.renders >= before.renders + 2, 'both drawings were made before it returned');
    await prerender;
    await renderLegible(wide);
    const after = rendererStats();
    assert.equal(after.renders, closed.renders, 'nothing was drawn after the close');
    assert.equal(after.launches, closed.launches, 'no browser was started after the close');
    assert.ok(after.cacheHits > closed.cacheHits, 'the drawing shown comes from the cache');
  });

  test('on an empty cache the browser starts before a diagram is asked for; with drawings cached it does not', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'honeydue-diagrams-empty-'));
    const was = process.env.HONEYDUE_DIAGRAM_CACHE;
    process.env.HONEYDUE_DIAGRAM_CACHE = empty;
    try {
      await closeDiagramRenderer();
      const before = rendererStats();
      assert.equal(startDiagramRenderer(), true);
      await renderMermaid('flowchart TB\n  started --> early');
      assert.equal(
        rendererStats().launches,
        before.launches + 1,
        'the render used the early browser',
      );
      await closeDiagramRenderer();
      assert.equal(
        startDiagramRenderer(),
        false,
        'a cached drawing: the first render that needs one starts it',
      );
      await renderMermaid('flowchart TB\n  started --> early');
      assert.equal(rendererStats().launches, before.launches + 1);
    } finally {
      process.env.HONEYDUE_DIAGRAM_CACHE = was;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('rejects invalid Mermaid with the source first line in the message', async () => {
    const bad = '\n  flowchart TD\n  A --> B --> ]]]';
    await assert.rejects(renderMermaid(bad), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.ok(
        err.message.includes('flowchart TD'),
        `message mentions the first line: ${err.message}`,
      );
      assert.match(err.message, /Parse error|Expecting|error/i);
      return true;
    });
  });

  test('reports a missing Chromium clearly', async () => {
    await closeDiagramRenderer();
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium-for-test';
    try {
      await assert.rejects(renderMermaid('flowchart LR\n  only --> once'), (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.match(err.message, /Chromium/);
        assert.ok(err.message.includes('/nonexistent/chromium-for-test'));
        assert.match(err.message, /apt-get install chromium/);
        assert.match(err.message, /CHROMIUM_PATH/);
        return true;
      });
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });

  test('a browser that dies is replaced: the next render starts a new one', async () => {
    await renderMermaid('flowchart LR\n  before --> crash');
    const before = rendererStats();
    // Chromium descends from this process (the renderer thread runs in it).
    const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
    const procs = ps.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .map(([pid, ppid, ...args]) => ({
        pid: Number(pid),
        ppid: Number(ppid),
        args: args.join(' '),
      }));
    const ours = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const p of procs)
        if (ours.has(p.ppid) && !ours.has(p.pid)) grew = Boolean(ours.add(p.pid));
    }
    const browsers = procs
      .filter((p) => ours.has(p.pid) && /chrom/i.test(p.args))
      .map((p) => p.pid);
    assert.ok(browsers.length > 0, 'a browser is running');
    for (const pid of browsers) process.kill(pid, 'SIGKILL');
    const source = 'flowchart LR\n  after --> crash';
    // A render sent before the thread has noticed fails once, saying so; then one starts.
    const light = await renderMermaid(source).then(
      (r) => r.light,
      async (err: Error) => {
        assert.match(err.message, /renderer thread stopped|Target|closed/);
        return (await renderMermaid(source)).light;
      },
    );
    assert.ok(light.startsWith('<svg'));
    assert.equal(rendererStats().launches, before.launches + 1, 'a new browser was started');
  });

  test('a Chromium that fails to start is reported, and the next render starts a new one', async () => {
    await closeDiagramRenderer();
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/bin/false';
    const source = 'flowchart LR\n  fails --> first';
    try {
      await assert.rejects(renderMermaid(source), (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.match(err.message, /^Diagram rendering needs Chromium: it failed to launch \(/);
        assert.ok(err.message.includes('tried "/bin/false", from CHROMIUM_PATH'));
        assert.match(err.message, /apt-get install chromium/);
        return true;
      });
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
    const before = rendererStats();
    const { light } = await renderMermaid(source);
    assert.ok(light.startsWith('<svg'));
    assert.equal(rendererStats().launches, before.launches + 1, 'a new browser was started');
  });
});

/** Names and values written as an attacker (or a careless editor) would. */
const HOSTILE = [
  '%%{init: {"theme": "forest", "themeVariables": {"primaryColor": "#ff0000"}}}%%',
  '"] --> X["injected',
  'a`b` <script>alert(1)</script> <b>bold</b> <br/> x',
  'semi; colon: #35; &amp; #quot; 100% | pipe',
  'two\nlines\r\nand a tab\there',
  'style a fill:#f00;',
  '%% a comment',
  'click a call alert()',
];

/** The drawn text of each node and edge label, tspans joined. */
function labels(svg: string): string[] {
  return [...svg.matchAll(/<g class="label"[^>]*>([\s\S]*?)<\/g>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
const styleOf = (svg: string, id: string) =>
  /<style>([\s\S]*?)<\/style>/.exec(svg)![1].replaceAll(id, 'ID');

describe('text that reaches Mermaid', () => {
  after(async () => {
    await closeDiagramRenderer();
  });

  test('an escaped line holds no character with a meaning in Mermaid source', () => {
    for (const h of HOSTILE) {
      const t = mermaidText(h);
      assert.doesNotMatch(t, /["#%&;<>`|\\\n\r\t]/, t);
    }
    assert.equal(mermaidText('smtp.fastmail.com:587'), 'smtp.fastmail.com:587');
    assert.equal(mermaidText('Full (strict)'), 'Full (strict)');
  });

  for (const h of HOSTILE) {
    test(`a hostile label is drawn as text and changes nothing else: ${JSON.stringify(h)}`, async () => {
      const source = (label: string) =>
        `flowchart TB\n  a[${mermaidLabel([label])}] -->|${mermaidLabel([label])}| b[${mermaidLabel(['plain'])}]`;
      const hostile = await renderMermaid(source(h), { id: 'hostile' });
      const benign = await renderMermaid(source('benign'), { id: 'benign' });
      for (const variant of ['light', 'dark'] as const) {
        const svg = hostile[variant];
        assert.equal((svg.match(/<g class="node /g) ?? []).length, 2, 'still two nodes');
        assert.equal((svg.match(/<path [^>]*class="[^"]*flowchart-link/g) ?? []).length, 1);
        const want = mermaidText(h).replace(/\s+/g, ' ').trim();
        assert.deepEqual(
          labels(svg).filter((l) => l !== 'plain'),
          [want, want],
        );
        assert.ok(!/<script|onclick|javascript:/i.test(svg));
        // A directive would have changed the theme's CSS.
        assert.equal(
          styleOf(svg, `hostile-${variant}`),
          styleOf(benign[variant], `benign-${variant}`),
        );
      }
    });
  }

  test('the architecture diagram of manifests with hostile values draws them as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'honeydue-hostile-'));
    try {
      cpSync('manifests', dir, { recursive: true });
      const file = join(dir, 'configmap.yaml');
      const evil = 'smtp.example.com%%{init: {"theme": "forest"}}%%"] --> X["';
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          /EMAIL_HOST: .*/,
          `EMAIL_HOST: '${evil.replace(/'/g, "''")}'`,
        ),
      );
      const { architectureOf } = await import('../../src/lib/diagram-sources.ts');
      const { extract } = await import('../../engine/index.ts');
      const spec = architectureOf(extract(dir));
      assert.ok(!spec.source.includes('%%'), 'no directive or comment marker in the source');
      assert.ok(!spec.source.includes('"] -->'), 'no label is closed by the value');
      const { light } = await renderMermaid(spec.source, { id: 'hostile-arch' });
      assert.ok(
        labels(light).some((l) => l.includes(mermaidText(evil))),
        'the value is drawn as text',
      );
      assert.ok(!labels(light).includes('X'), 'no node was injected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('learnDarkTheme and darkFromLight', () => {
  const ID = '\u0000id\u0000';
  const svg = (style: string, body: string, extra = '') =>
    `<svg id="${ID}"><style>#${ID} .node{${style}}</style>${body}${extra}</svg>`;
  const theme = learnDarkTheme(
    svg('fill:#eee', '<path fill="#eee" stroke="#333"/><path stroke="#333"/>'),
    svg('fill:#111', '<path fill="#111" stroke="#ccc"/><path stroke="#ccc"/>', '<defs/>'),
  )!;
  const light = (body: string, style = 'fill:#eee') => svg(style, body).split(ID).join('d-light');

  test('learns the style sheet, the colour attributes and the markup the dark theme adds', () => {
    assert.ok(theme);
    assert.deepEqual(
      [...theme.colors],
      [
        ['fill=#eee', '#111'],
        ['stroke=#333', '#ccc'],
      ],
    );
    assert.equal(theme.extra, '<defs/>');
    assert.equal(
      darkFromLight(light('<g><path stroke="#333"/></g>'), 'd-light', 'd-dark', theme),
      '<svg id="d-dark"><style>#d-dark .node{fill:#111}</style><g><path stroke="#ccc"/></g><defs/></svg>',
    );
  });

  test('derives nothing it has not seen', () => {
    const cases = {
      'another style sheet': light('<path/>', 'fill:#f00'),
      'an unknown colour': light('<path stroke="#0f0"/>'),
      'a colour in a style attribute': light('<path style="fill: #0f0"/>'),
      'a colour in text': light('<text>rgb(1,2,3)</text>'),
    };
    for (const [what, svgText] of Object.entries(cases))
      assert.equal(darkFromLight(svgText, 'd-light', 'd-dark', theme), null, what);
  });

  test('learns nothing from drawings that differ in more than colours', () => {
    const l = svg('fill:#eee', '<path fill="#eee"/>');
    assert.equal(learnDarkTheme(l, svg('fill:#111', '<rect fill="#111"/>')), null);
    assert.equal(learnDarkTheme(l, svg('fill:#111', '<path stroke="#111"/>')), null);
    // One light colour that becomes two dark ones cannot be mapped back.
    const two = learnDarkTheme(
      svg('fill:#eee', '<path fill="#eee"/><path fill="#eee"/>'),
      svg('fill:#111', '<path fill="#111"/><path fill="#222"/>'),
    );
    assert.equal(two, null);
  });
});

describe('pageDiagramSources', () => {
  const el = (name: string, attrs: Record<string, string> = {}) =>
    ({ name, attrs }) as unknown as Chapter['elements'][number];

  test('lists the generated diagrams and every literal source, each once', () => {
    const pages = [
      { elements: [el('ArchitectureDiagram'), el('V', { k: 'cluster.nodes' })] },
      {
        elements: [
          el('Diagram', { source: 'flowchart LR\n  a --> b' }),
          el('RequestFlowDiagram'),
          el('ArchitectureDiagram'),
          // A source computed in the page is not known here: drawn when the page asks.
          el('Diagram', {}),
        ],
      },
    ];
    assert.deepEqual(
      pageDiagramSources(pages).sort(),
      [architecture().source, 'flowchart LR\n  a --> b', requestFlow().source].sort(),
    );
  });
});
