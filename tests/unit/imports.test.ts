/**
 * The data flows one way, and this test holds it there: every relative import
 * of every .ts, .astro, .mjs and .mdx file is resolved and checked against the
 * allowed edges (manifests → engine → {check, site, CLI}; the MDX reader and
 * the check are siblings of the engine; tools are imported by nobody).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', 'dist', '.astro', '.git', 'screenshots']);
const ENTRIES = ['engine/index.ts', 'mdx/index.ts', 'check/index.ts', 'changes/index.ts'];
/**
 * The page script that opens a value's popover builds the link to its Config row with the
 * engine's id scheme. It imports that one file, which has no imports itself, so the browser
 * bundle gets the function and no engine code (engine/index.ts would bring all of it).
 */
const BROWSER_SCRIPT = 'src/components/provenance-client.ts';
const BROWSER_SAFE = 'engine/fact-anchor.ts';

/** Every source file of the repository, relative to its root. */
function sources(): string[] {
  return fs
    .readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|astro|mjs|mdx)$/.test(f) && !f.split(path.sep).some((s) => SKIP.has(s)))
    .map((f) => f.split(path.sep).join('/'));
}

/** The relative specifiers a file imports: static, re-exported and dynamic. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re =
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The file a specifier names: as written, or a folder's index.ts. */
function resolve(from: string, spec: string): string {
  const abs = path.resolve(ROOT, path.dirname(from), spec);
  const candidates = [abs, `${abs}.ts`, path.join(abs, 'index.ts')];
  const hit = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? abs;
  return path.relative(ROOT, hit).split(path.sep).join('/');
}

const area = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '.');

/** Whether `from` may import `to` (both relative to the root). Returns the rule it breaks, or null. */
function forbidden(from: string, to: string): string | null {
  const a = area(from);
  const b = area(to);
  const entry = ENTRIES.includes(to);
  if (b === 'scripts' && a !== 'scripts' && a !== 'tests')
    return 'nothing imports scripts/ except scripts and tests';
  switch (a) {
    case 'engine':
      return b === 'engine' ? null : 'engine imports nothing outside engine/';
    case 'mdx':
      return b === 'mdx' ? null : 'mdx imports nothing outside mdx/';
    case 'check':
      return b === 'check' || to === 'engine/index.ts' || to === 'mdx/index.ts'
        ? null
        : 'check imports only engine/index.ts and mdx/index.ts';
    case 'changes':
      return b === 'changes' || (entry && b !== 'changes')
        ? null
        : 'changes imports only the engine, mdx and check entries';
    case 'cli':
      return b === 'cli' || entry ? null : 'cli imports only the public entries';
    case 'src': {
      if (b === 'src' || to === 'engine/index.ts' || to === 'mdx/index.ts') return null;
      if (from === 'src/lib/book-integration.ts' && to === 'check/index.ts') return null;
      if (from === 'src/lib/history.ts' && to === 'changes/index.ts') return null;
      if (from === BROWSER_SCRIPT && to === BROWSER_SAFE) return null;
      return 'src imports only engine/index.ts and mdx/index.ts (the build integration also check/index.ts)';
    }
    case 'scripts':
      return b === 'tests'
        ? 'scripts never import tests/'
        : b === 'scripts' || b === 'src' || entry
          ? null
          : 'scripts import src/ and the public entries';
    case 'tests':
      return null;
    default:
      return b === 'src' ? null : 'the Astro config imports only src/';
  }
}

describe('import rules', () => {
  test('every relative import in the repository follows the allowed edges', () => {
    const broken: string[] = [];
    let edges = 0;
    for (const file of sources()) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const spec of specifiers(text)) {
        const to = resolve(file, spec);
        edges++;
        const rule = forbidden(file, to);
        if (rule) broken.push(`${file} → ${to}: ${rule}`);
      }
    }
    assert.ok(edges > 100, `only ${edges} imports found: the scan is broken`);
    assert.deepEqual(broken, []);
  });

  test('the rules reject the edges they name', () => {
    assert.match(forbidden('engine/load.ts', 'check/index.ts')!, /engine/);
    assert.match(forbidden('mdx/read.ts', 'engine/index.ts')!, /mdx/);
    assert.match(forbidden('check/rules/x.ts', 'engine/load.ts')!, /check imports only/);
    assert.match(forbidden('src/lib/book.ts', 'check/index.ts')!, /src imports only/);
    assert.match(forbidden('src/components/X.astro', 'check/runner.ts')!, /src imports only/);
    assert.match(forbidden('cli/check.ts', 'check/runner.ts')!, /cli imports only/);
    assert.match(forbidden('scripts/bench/bench.ts', 'tests/unit/x.ts')!, /never import tests/);
    assert.match(forbidden('src/lib/facts.ts', 'scripts/serve.ts')!, /scripts/);
    assert.match(forbidden('changes/diff.ts', 'check/runner.ts')!, /changes imports only/);
    assert.equal(forbidden('src/lib/book-integration.ts', 'check/index.ts'), null);
    assert.equal(forbidden('changes/diff.ts', 'check/index.ts'), null);
    assert.equal(forbidden('check/rules/x.ts', 'mdx/index.ts'), null);
    assert.equal(forbidden(BROWSER_SCRIPT, BROWSER_SAFE), null);
    assert.match(forbidden('src/components/Val.astro', BROWSER_SAFE)!, /src imports only/);
    assert.match(forbidden(BROWSER_SCRIPT, 'engine/config-page.ts')!, /src imports only/);
  });

  test('the engine file the page script imports imports nothing', () => {
    const text = fs.readFileSync(path.join(ROOT, BROWSER_SAFE), 'utf8');
    assert.deepEqual(specifiers(text), []);
    assert.doesNotMatch(text, /^\s*import\b/m, 'not even a package or node: import');
  });

  test('imports are found in every form', () => {
    const found = specifiers(
      "import a from './a.ts';\nimport type { B } from '../b.ts';\nexport { c } from './c.ts';\nconst d = await import('./d.ts');\nimport './e.css';\nimport x from 'node:fs';",
    );
    assert.deepEqual(found.sort(), ['../b.ts', './a.ts', './c.ts', './d.ts', './e.css']);
  });
});
