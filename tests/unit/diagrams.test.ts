import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDiagramRenderer, renderMermaid, rendererStats } from '../../src/lib/diagrams.ts';

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
    assert.equal(readdirSync(cache).filter((f) => f.endsWith('.svg')).length, 2);
  });

  test('serves the same source from the disk cache without launching a browser', async () => {
    const before = rendererStats();
    const first = await renderMermaid(FLOW);
    const after = rendererStats();
    assert.equal(after.launches, before.launches, 'no new browser launch');
    assert.equal(after.renders, before.renders, 'nothing rendered');
    assert.equal(after.cacheHits, before.cacheHits + 2, 'both themes came from the cache');
    assert.ok(first.light.startsWith('<svg') && first.dark.startsWith('<svg'));
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
});
