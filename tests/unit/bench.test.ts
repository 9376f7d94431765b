/**
 * The build benchmark's baseline is only fair if its pages hold the book's words and
 * nothing of its machinery: the page transformation and the word count, and the
 * synthetic manifests the check's scaling runs on. `--against REV` must build REV. The
 * cache breakdown must hand each build exactly the one cache it names.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { plainPage, words } from '../../scripts/bench/plain-site.ts';
import { scaledManifests } from '../../scripts/bench/checks.ts';
import { cacheParts, checkout, keepParts, restoreOnly } from '../../scripts/bench/builds.ts';
import { extract } from '../../engine/index.ts';
import { pairedRatios, stats } from '../../scripts/bench/measure.ts';

describe('ratios of interleaved runs', () => {
  test('round by round: run i against run i, their median and spread', () => {
    const of = (walls: number[]) =>
      stats(
        'x',
        walls.map((wall) => ({ wall, cpu: 0 })),
      );
    // The machine slows down through the run: both sides of a round move alike.
    const book = of([1300, 2600, 1950, 3900, 1320]);
    const plain = of([1000, 2000, 1500, 3000, 1000]);
    assert.deepEqual(book.walls, [1300, 2600, 1950, 3900, 1320]);
    assert.equal(book.median / plain.median, 1.3);
    const p = pairedRatios(book, plain);
    assert.equal(p.median, 1.3);
    assert.equal(p.min, 1.3);
    assert.equal(p.max, 1.32);
    // Medians taken apart from their rounds can say another ratio.
    const shuffled = pairedRatios(
      of([1300, 2600, 1950, 3900, 1320]),
      of([3000, 1000, 2000, 1000, 1500]),
    );
    assert.ok(shuffled.min < 1 && shuffled.max > 2.5);
  });
});

describe('plain baseline page', () => {
  const mdx = [
    '---',
    'title: Redis',
    'procedure:',
    '  group: data',
    '---',
    '',
    "import { V, Warning, Cmd } from '../../components';",
    '',
    '{/* assume: deployment/redis.replicas == 1 */}',
    'Redis runs as <V k="deployment/redis.replicas" /> pod on one node.',
    '',
    '<Cmd title="Show the pod" code="kubectl get pods" />',
    '',
    '<Warning>',
    'Deleting the claim **deletes** the data.',
    '</Warning>',
    '',
    '```sh',
    'kubectl -n honeydue get pvc',
    '```',
    '',
  ].join('\n');
  const out = plainPage(mdx);

  test('drops imports, comments, components and unknown front matter', () => {
    assert.doesNotMatch(out, /import|assume|<V|<Cmd|<Warning|<\/Warning>|procedure|group/);
    assert.match(out, /^---\ntitle: Redis\n---\n/);
  });

  test('keeps prose, a wrapper component’s children and code blocks', () => {
    assert.match(out, /Redis runs as value pod on one node\./);
    assert.match(out, /Deleting the claim \*\*deletes\*\* the data\./);
    assert.match(out, /```sh\nkubectl -n honeydue get pvc\n```/);
  });

  test('counts the words a reader sees, front matter excluded', () => {
    // 8 in the sentence, 6 in the warning, 6 in the code block (its fence names the language).
    assert.equal(words(out), 8 + 6 + 6);
  });
});

describe('plain baseline page that keeps the commands (--with-commands)', () => {
  const mdx = [
    '---',
    'title: Redis',
    '---',
    '',
    '<Cmd title="Show the &quot;redis&quot; pod" code="kubectl -n honeydue get pods\\nkubectl top pod {{deployment/redis.name}}" />',
    '',
    '1. Then:',
    '',
    '   <Block name="restart" />',
    '',
    'Text with <Cmd title="inline" code="x" /> inside.',
    '',
  ].join('\n');
  const shared = new Map([['restart', { title: 'Restart it', code: 'a\\nb', lang: 'sh' }]]);
  const out = plainPage(mdx, false, shared);

  test('a command block is the fenced block a plain page would have, with its title', () => {
    assert.match(
      out,
      /```bash title="Show the 'redis' pod"\nkubectl -n honeydue get pods\nkubectl top pod value\n```/,
    );
  });

  test('a shared block is resolved by name and stays inside its list item', () => {
    assert.match(out, /\n   ```sh title="Restart it"\n   a\n   b\n   ```/);
  });

  test('an inline element is a word, as without the commands', () => {
    assert.match(out, /Text with value inside\./);
    assert.doesNotMatch(plainPage(mdx), /```/);
  });
});

describe('scaled manifests', () => {
  test('reach the requested size and stay applied and valid', () => {
    const { dir, docs } = scaledManifests(120);
    try {
      assert.ok(docs >= 120 && docs < 160, `${docs} documents`);
      const kustomization = readFileSync(join(dir, 'kustomization.yaml'), 'utf8');
      assert.match(kustomization, /- copy-1\/api\/deployment\.yaml/);
      // A file the real kustomization leaves out stays out in its copies.
      assert.doesNotMatch(kustomization, /copy-1\/secrets\.yaml/);
      const { extracted } = extract(dir);
      const names = extracted.workloads.map((w) => w.name);
      assert.ok(names.includes('api') && names.includes('api-c1'), names.join(', '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the revision --against builds', () => {
  test('is the named branch or commit of this repository, with its node_modules', () => {
    const repo = mkdtempSync(join(tmpdir(), 'hd-bench-repo-'));
    const clones: string[] = [];
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
        encoding: 'utf8',
      }).trim();
    try {
      git('init', '-q', '-b', 'main');
      writeFileSync(join(repo, 'page.txt'), 'on main\n');
      git('add', 'page.txt');
      git('commit', '-q', '-m', 'main');
      const first = git('rev-parse', 'HEAD');
      git('checkout', '-q', '-b', 'feature');
      writeFileSync(join(repo, 'page.txt'), 'on feature\n');
      git('commit', '-q', '-am', 'feature');
      git('checkout', '-q', 'main');
      mkdirSync(join(repo, 'node_modules', 'dep'), { recursive: true });
      writeFileSync(join(repo, 'node_modules', 'dep', 'index.js'), 'export {};\n');

      for (const [rev, text] of [
        ['feature', 'on feature\n'],
        ['main', 'on main\n'],
        [first.slice(0, 10), 'on main\n'],
      ]) {
        const dir = checkout(rev, repo);
        clones.push(dir);
        assert.equal(readFileSync(join(dir, 'page.txt'), 'utf8'), text, rev);
        assert.ok(readFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'utf8'));
      }
      assert.throws(() => checkout('no-such-branch', repo), /rev-parse/);
      // Another lockfile than the installed one: refused, before anything is cloned.
      writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3}\n');
      git('add', 'package-lock.json');
      git('commit', '-q', '-m', 'lock');
      clones.push(checkout('main', repo));
      writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
      for (const rev of ['main', 'feature'])
        assert.throws(
          () => checkout(rev, repo),
          new RegExp(
            `^Error: --against ${rev}: its package-lock.json differs from the one installed here`,
          ),
        );
    } finally {
      for (const d of [repo, ...clones]) rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('the cache breakdown', () => {
  test('puts back exactly the caches a build keeps, with their contents', () => {
    const root = mkdtempSync(join(tmpdir(), 'hd-bench-site-'));
    const site = { root, compileCache: join(root, '..', `${root.split('/').pop()}-cc`) };
    const put = (rel: string, text: string) => {
      const file = isAbsolute(rel) ? rel : join(root, rel);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    };
    const kept = mkdtempSync(join(tmpdir(), 'hd-bench-kept-'));
    try {
      put(join(site.compileCache, 'v24', 'entry'), 'code cache');
      put('.astro/data-store.json', 'astro');
      put('node_modules/.vite/deps/a.js', 'vite');
      put('node_modules/.cache/honeydue-diagrams/d.svg', '<svg/>');
      put('node_modules/.cache/honeydue-changes/h.json', '{}');
      const parts = cacheParts(site);
      assert.deepEqual(
        parts.map((p) => p.name),
        [
          "Node's compile cache",
          "Astro's and Vite's caches",
          'node_modules/.cache/honeydue-changes',
          'node_modules/.cache/honeydue-diagrams',
        ],
      );
      keepParts(parts, kept);
      const present = () =>
        [
          join(site.compileCache, 'v24', 'entry'),
          join(root, '.astro/data-store.json'),
          join(root, 'node_modules/.vite/deps/a.js'),
          join(root, 'node_modules/.cache/honeydue-diagrams/d.svg'),
          join(root, 'node_modules/.cache/honeydue-changes/h.json'),
        ].map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : null));

      restoreOnly(parts, kept, new Set(['node_modules/.cache/honeydue-diagrams']));
      assert.deepEqual(present(), [null, null, null, '<svg/>', null]);
      restoreOnly(parts, kept, new Set(["Astro's and Vite's caches"]));
      assert.deepEqual(present(), [null, 'astro', 'vite', null, null]);
      restoreOnly(parts, kept, new Set());
      assert.deepEqual(present(), [null, null, null, null, null]);
      restoreOnly(parts, kept, new Set(parts.map((p) => p.name)));
      assert.deepEqual(present(), ['code cache', 'astro', 'vite', '<svg/>', '{}']);
    } finally {
      for (const d of [root, site.compileCache, kept]) rmSync(d, { recursive: true, force: true });
    }
  });
});
