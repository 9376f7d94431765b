/** Build-time helpers of the site: table reflow, the Config page's grouping, page facts. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { CARDS_BELOW_REM, reflowTables } from '../../src/lib/tables.ts';
import { objectOf } from '../../engine/index.ts';
import { configIndex, factPlaces } from '../../src/lib/config-index.ts';
import { rendersFacts, VALUE_COMPONENTS } from '../../src/lib/page-facts.ts';
import { TABLE_COMPONENTS, resourceSummary, type Cell } from '../../src/lib/views.ts';
import { facts, invalidateFacts } from '../../src/lib/facts.ts';
import { shared } from '../../src/lib/process-store.ts';
import { sharedBlock, sharedCommand } from '../../src/lib/procedures.ts';
import { KIND_LABELS, PROCEDURE_KINDS } from '../../src/lib/procedure-schema.ts';
import { publishedSubject, WITHHELD_SUBJECT } from '../../src/lib/history.ts';

const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

describe('reflowTables', () => {
  test('labels every body cell with its column and gives each row its own group', () => {
    const out = reflowTables(
      `<p>x</p>${table(
        ['Name', 'Port'],
        [
          ['api', '8000'],
          ['web', '3000'],
        ],
      )}`,
    );
    assert.ok(out.startsWith('<p>x</p><table role="table" class="hd-cards-narrow">'), out);
    assert.equal(out.match(/<tbody class="hd-row" role="rowgroup">/g)?.length, 2);
    assert.match(out, /<td role="cell" data-label="Port">8000<\/td>/);
    assert.match(out, /<th role="columnheader">Name<\/th>/);
  });

  test('a table that cannot fit the text column is always shown as cards', () => {
    const long = 'registry.example.com/organisation/some-rather-long-image-name:1.2.3';
    const wide = table(
      ['A', 'B', 'C', 'D'],
      [[`<code>${long}</code>`, `<code>${long}</code>`, 'three words here', 'x']],
    );
    assert.match(reflowTables(wide), /<table role="table" class="hd-cards">/);
    const narrow = table(['A', 'B'], [['one', 'two']]);
    assert.match(reflowTables(narrow), /class="hd-cards-narrow"/);
    assert.ok(CARDS_BELOW_REM > 30 && CARDS_BELOW_REM < 40);
  });

  test('keeps a generated row and its note in one group, and leaves other markup alone', () => {
    const facts =
      '<table class="hd-facts"><thead><tr><th scope="col">Rule</th><th scope="col">Port</th></tr></thead>' +
      '<tbody class="hd-row"><tr class="hd-noted"><th scope="row">ssh</th><td>22</td></tr>' +
      '<tr class="hd-note-row"><td colspan="2">Operator access.</td></tr></tbody></table>';
    const out = reflowTables(`<div class="hd-table">${facts}</div><svg viewBox="0 0 1 1"></svg>`);
    assert.equal(out.match(/<tbody/g)?.length, 1);
    assert.match(out, /<th scope="row" role="rowheader" data-label="Rule">ssh<\/th>/);
    assert.match(out, /<td colspan="2" role="cell">Operator access\.<\/td>/);
    assert.ok(out.endsWith('</div><svg viewBox="0 0 1 1"></svg>'));
  });

  test('a table without a header row is left as written', () => {
    const t = '<table><tbody><tr><td>a</td></tr></tbody></table>';
    assert.equal(reflowTables(t), t);
  });
});

describe('the Config page index', () => {
  test('keys map to their objects', () => {
    assert.deepEqual(objectOf('deployment/honeydue/api.containers.api.limits.memory'), {
      kind: 'deployment',
      namespace: 'honeydue',
      name: 'api',
      field: 'containers.api.limits.memory',
    });
    assert.deepEqual(objectOf('node/hetzner1.publicIp'), {
      kind: 'node',
      namespace: null,
      name: 'hetzner1',
      field: 'publicIp',
    });
    assert.deepEqual(objectOf('external.neon.host'), {
      kind: 'external',
      namespace: null,
      name: 'neon',
      field: 'host',
    });
    assert.equal(objectOf('cloudflare.ssl.mode').field, 'ssl.mode');
  });

  test('every section of the real config has a title, not a raw key family', () => {
    const untitled = configIndex()
      .map((sec) => sec.title)
      .filter((t) => !/^[A-Z]/.test(t));
    assert.deepEqual(untitled, []);
  });

  test('an object whose name holds dots is one object, named in full', () => {
    const names = new Set(['settings.v2', 'settings.v3']);
    assert.deepEqual(objectOf('configmap/shop/settings.v2.LOG_LEVEL', names), {
      kind: 'configmap',
      namespace: 'shop',
      name: 'settings.v2',
      field: 'LOG_LEVEL',
    });
    assert.equal(objectOf('configmap/shop/settings.v3.LOG_LEVEL', names).name, 'settings.v3');
  });

  test('is computed once per facts and pages, and again once the facts are read again', () => {
    const first = configIndex();
    assert.equal(configIndex(), first);
    invalidateFacts();
    const again = configIndex();
    assert.notEqual(again, first);
    assert.deepEqual(
      again.map((s) => s.id),
      first.map((s) => s.id),
    );
    assert.equal(configIndex(), again);
  });

  test('lists every fact once, with the short key writers use', () => {
    const rows = configIndex().flatMap((s) => s.objects.flatMap((o) => o.facts));
    assert.equal(rows.length, facts().registry.facts.size);
    const port = rows.find((r) => r.key === 'service/honeydue/api.port');
    assert.equal(port?.short, 'service/api.port');
  });

  test('knows the chapter places of values rendered by tables as well as by <V>', () => {
    const places = factPlaces();
    const mem = places.get('deployment/honeydue/api.containers.api.limits.memory') ?? [];
    assert.ok(
      mem.some((u) => u.href.startsWith('/07-services/#')),
      JSON.stringify(mem),
    );
  });

  test('knows the places on procedure pages and on the About page', () => {
    const places = factPlaces();
    const at = (key: string) => places.get(facts().registry.get(key)!.key) ?? [];
    // Rendered by the Redis procedure alone (a chapter only assumes it).
    const policy = at('deployment/redis.flags.maxmemory-policy');
    assert.deepEqual(
      policy.map((u) => u.href.split('#')[0]),
      ['/runbooks/redis/'],
    );
    assert.match(policy[0].label, /^Redis\b.* › /);
    // A {{key}} in a shared block counts on the page that shows the block.
    const hosts = at('cloudflare.hosts').map((u) => u.href.split('#')[0]);
    assert.ok(hosts.includes('/runbooks/every-request-fails/'), JSON.stringify(hosts));
    // The About page is the site's root.
    const nodes = at('cluster.nodes').map((u) => u.href);
    assert.ok(nodes.includes('/#summary'), JSON.stringify(nodes));
    assert.ok(
      nodes.indexOf('/#summary') < nodes.findIndex((h) => h.startsWith('/00-')),
      JSON.stringify(nodes),
    );
  });

  test('every table component is known with the views it renders', () => {
    const usesFactTable = readdirSync('src/components')
      .filter((f) => f.endsWith('.astro') && f !== 'FactTable.astro')
      .filter((f) => readFileSync(`src/components/${f}`, 'utf8').includes('<FactTable'))
      .map((f) => f.replace(/\.astro$/, ''))
      .sort();
    assert.deepEqual(Object.keys(TABLE_COMPONENTS).sort(), usesFactTable);
  });
});

describe('rendersFacts', () => {
  test('a page with <V> or a table component renders values; commands and YAML do not', () => {
    assert.equal(rendersFacts('Text <V k="deployment/api.replicas" /> more'), true);
    assert.equal(rendersFacts('<ResourceSummary />'), true);
    assert.equal(rendersFacts('<Cmd title="x" code="y" />\n<Manifest file="a.yaml" />'), false);
    assert.equal(
      rendersFacts("import { Aside } from '@astrojs/starlight/components';\n<Aside>hi</Aside>"),
      false,
    );
  });

  test('procedure blocks and the changelog render no values', () => {
    assert.equal(rendersFacts('<ChangeLog />'), false);
    assert.equal(
      rendersFacts(
        '<ProcedureHead />\n<Block name="check-hosts" />\n<Warning title="t">x</Warning>\n' +
          '<SetNode />\n<SetDeployment />\n<ProcedureLinks ids="redis" />\n<SymptomIndex />',
      ),
      false,
    );
    assert.equal(rendersFacts('<Warning title="t">at <V k="cluster.nodes" /></Warning>'), true);
  });

  test('the components that render a value with its source are V and the table components', () => {
    // A component renders values when it holds a <V>, a <Val> or a <FactTable>; the three
    // building blocks themselves are not used by pages.
    const blocks = new Set(['FactTable', 'FactRow', 'Val']);
    const rendering = readdirSync('src/components')
      .filter((f) => f.endsWith('.astro') && !blocks.has(f.replace(/\.astro$/, '')))
      .filter((f) => /<(V|Val|FactTable)\b/.test(readFileSync(`src/components/${f}`, 'utf8')))
      .map((f) => f.replace(/\.astro$/, ''))
      .sort();
    assert.deepEqual([...VALUE_COMPONENTS].sort(), rendering);
  });
});

describe('the resource summary', () => {
  const keys = (cell: Cell) => cell.map((p) => (typeof p === 'string' ? p : p.key));

  test('lists Traefik with its per-pod requests, and totals and shares with it', () => {
    const view = resourceSummary();
    const row = view.rows.find((r) => keys(r[0]).join('').includes('traefik'));
    assert.ok(row, 'a traefik row');
    assert.deepEqual(row.slice(1).map(keys), [
      ['totals.traefik.replicas'],
      ['traefik.values.resources.requests.cpu'],
      // The chart values set no limit, and the table says so rather than a dash.
      facts().registry.has('traefik.values.resources.limits.cpu')
        ? ['traefik.values.resources.limits.cpu']
        : ['none'],
      ['traefik.values.resources.requests.memory'],
      facts().registry.has('traefik.values.resources.limits.memory')
        ? ['traefik.values.resources.limits.memory']
        : ['none'],
    ]);
    const foot = (view.foot ?? []).flat().flatMap(keys);
    for (const key of [
      'totals.cluster.requests.cpu',
      'totals.cluster.requests.memory',
      'capacity.share.cluster.requests.cpu',
      'capacity.share.cluster.requests.memory',
    ])
      assert.ok(foot.includes(key), key);
    // The namespace total stays the namespace's: Traefik is counted once, in the cluster total.
    const reg = facts().registry;
    const num = (key: string) => Number(reg.get(key)!.value);
    assert.equal(
      num('totals.cluster.replicas'),
      num('totals.honeydue.replicas') + num('totals.traefik.replicas'),
    );
  });
});

describe('procedure blocks', () => {
  test('a shared block is the command block its definition says, placeholders filled', () => {
    const c = sharedCommand('check-hosts');
    const t = sharedBlock('check-hosts');
    assert.equal(c.title, t.attrs.title);
    assert.equal(c.effect, 'read');
    assert.equal(c.raw, t.attrs.code);
    assert.ok(c.raw.includes('{{cloudflare.hosts}}'));
    assert.ok(!c.code.includes('{{'), c.code);
  });

  test('every kind of procedure has its two labels', () => {
    assert.deepEqual(Object.keys(KIND_LABELS).sort(), [...PROCEDURE_KINDS].sort());
    for (const l of Object.values(KIND_LABELS)) assert.ok(l.short && l.long.startsWith(l.short));
  });
});

describe('the process stores', () => {
  test('a second copy of a module sees the same store, as the integration and the pages do', async () => {
    // A query string makes Node load the module again, as Astro loads the site twice.
    const again = (path: string) => import(new URL(`${path}?second-copy`, import.meta.url).href);
    const store = await again('../../src/lib/process-store.ts');
    let inits = 0;
    const a = shared('test.store', () => ({ n: ++inits }));
    const b = store.shared('test.store', () => ({ n: ++inits }));
    assert.equal(b, a);
    assert.equal(inits, 1);
    const copy: typeof import('../../src/lib/facts.ts') = await again('../../src/lib/facts.ts');
    assert.equal(copy.facts(), facts());
  });
});

describe('commit subjects on the What changed page', () => {
  test('a subject that holds a credential is withheld; any other is shown as written', () => {
    const token = 'ghp_' + 'Zq8'.repeat(12);
    for (const subject of [
      'api: one more replica',
      'Rotate REDIS_PASSWORD on the cluster',
      'asynq reads --password="$REDIS_PASSWORD"',
    ])
      assert.equal(publishedSubject(subject), subject);
    for (const subject of [
      `Deploy with ${token}`,
      'Set REDIS_PASSWORD=hunter22 for now',
      'Point the api at postgres://app:s3cr3tpw@db.internal/app',
    ])
      assert.equal(publishedSubject(subject), WITHHELD_SUBJECT, subject);
  });
});
