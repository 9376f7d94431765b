/**
 * cli/bin.js, the one executable: it dispatches the commands with their exit codes; it runs
 * them from one bundle (cli/bundle.js) that is built again when a source changes, so a run
 * never loads the TypeScript stripper; and with the bundle off, once Node's compile cache
 * holds the commands' modules, a run loads no stripper either.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hd-bin-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Preloaded into the run: at exit, the internal modules whose names say they strip types.
const probe = join(dir, 'probe.mjs');
writeFileSync(
  probe,
  `process.on('exit', () => process.stderr.write('STRIPPER:' + process.moduleLoadList.filter((m) => /amaro|strip/i.test(m)).join(',') + '\\n'));\n`,
);

/**
 * A run whose compile cache is its own (the one the executable turns on, under TMPDIR), with
 * the bundle in `bundles` (a folder inside the project), or the sources when that is null.
 */
function bin(args: string[], tmp: string, bundles: string | null, root = ROOT, preload = probe) {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  // Set, it would turn the cache on before the executable does.
  delete env.NODE_COMPILE_CACHE;
  if (bundles) env.BOOK_CLI_CACHE = bundles;
  else env.BOOK_CLI_BUNDLE = '0';
  return spawnSync(process.execPath, ['--import', preload, 'cli/bin.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env,
  });
}
const stripper = (stderr: string) => /^STRIPPER:(.*)$/m.exec(stderr)?.[1];
const bundlesIn = (folder: string) => readdirSync(folder).filter((f) => /^main-.*\.mjs$/.test(f));

test('with the bundle off and a warm compile cache, a command runs without the TypeScript stripper', () => {
  const cache = join(dir, 'tmp');
  mkdirSync(cache);
  const first = bin(['extract', '--format', 'keys'], cache, null);
  assert.equal(first.status, 0, first.stderr);
  // A cold cache strips each module once, and keeps the result.
  assert.notEqual(stripper(first.stderr), '');
  const second = bin(['extract', '--format', 'keys'], cache, null);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.equal(stripper(second.stderr), '');
  assert.ok(existsSync(join(cache, 'node-compile-cache')));
});

test('an unknown command is a usage error, exit 2, naming the commands', () => {
  const r = bin(['chekc'], dir, null);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: node cli\/bin\.js <extract\|check\|changes>/);
  assert.equal(r.stdout, '');
});

/**
 * A copy of the project's code with its own bundle folder (node_modules linked): the test
 * edits sources there, never in the repository.
 */
function copyOfProject(): { root: string; bundles: string; tmp: string } {
  const root = mkdtempSync(join(tmpdir(), 'hd-bin-project-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  for (const d of ['cli', 'engine', 'check', 'mdx', 'changes'])
    cpSync(join(ROOT, d), join(root, d), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  cpSync(join(ROOT, 'package-lock.json'), join(root, 'package-lock.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  const tmp = join(root, 'tmp');
  mkdirSync(tmp);
  outlastMargin();
  return { root, bundles: join(root, 'bundles'), tmp };
}

/**
 * A bundle built within 50 ms of an input's change is not recorded (an edit may have raced
 * the build): a test that changes an input and expects the next build recorded waits past that.
 */
function outlastMargin(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}

test('the commands run from one bundle, the same output as the sources, with no TypeScript loaded', () => {
  const { root, tmp } = copyOfProject();
  // Outside the checkout: packages and the MDX parser's native addon still resolve from it.
  const bundles = mkdtempSync(join(tmpdir(), 'hd-bin-bundles-'));
  after(() => rmSync(bundles, { recursive: true, force: true }));
  const keys = (from: string | null) =>
    bin(['extract', '--manifests', join(ROOT, 'manifests'), '--format', 'keys'], tmp, from, root);
  const sources = keys(null);
  assert.equal(sources.status, 0, sources.stderr);
  const first = keys(bundles);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, sources.stdout);
  // Even the first run, which builds the bundle, strips no TypeScript.
  assert.equal(stripper(first.stderr), '');
  const built = bundlesIn(bundles);
  assert.equal(built.length, 1);
  const stateAt = statSync(join(bundles, 'inputs.json')).mtimeMs;
  // The check parses the chapters with the MDX parser's native addon.
  const check = (from: string | null) =>
    bin(
      ['check', '--manifests', join(ROOT, 'manifests'), '--docs', join(ROOT, 'src/content/docs')],
      tmp,
      from,
      root,
    );
  const checked = check(bundles);
  assert.equal(checked.stderr.replace(/^STRIPPER:.*\n/m, ''), '');
  assert.equal(checked.stdout, check(null).stdout);
  assert.match(checked.stdout, /pages agree with/);
  const again = keys(bundles);
  assert.equal(again.stdout, sources.stdout);
  // Nothing changed: the same bundle, not built again.
  assert.deepEqual(bundlesIn(bundles), built);
  assert.equal(statSync(join(bundles, 'inputs.json')).mtimeMs, stateAt);
});

test('a source edited after the bundle was built is in the next run, however deep it is imported', () => {
  const { root, bundles, tmp } = copyOfProject();
  const help = () => bin(['check', '--help'], tmp, bundles, root);
  const before = help();
  assert.equal(before.status, 0, before.stderr);
  const built = bundlesIn(bundles);
  // A rule's description, three imports below the executable's entry, as the usage lists it.
  const rule = join(root, 'check', 'rules', 'hpa-bounds.ts');
  const text = readFileSync(rule, 'utf8');
  const description = /description:\s*'([^']+)'/.exec(text)?.[1];
  assert.ok(description && before.stdout.includes(description), 'the usage lists the rule');
  writeFileSync(rule, text.replace(description, 'An edited description of hpa-bounds.'));
  const edited = help();
  assert.equal(edited.status, 0, edited.stderr);
  assert.match(edited.stdout, /An edited description of hpa-bounds\./);
  assert.ok(!edited.stdout.includes(description));
  assert.notDeepEqual(bundlesIn(bundles), built);
  // The earlier bundle is removed, not left to pile up.
  assert.equal(bundlesIn(bundles).length, 1);
});

test('a source edited while the bundle is built is not trusted: the next run builds again', () => {
  const { root, bundles, tmp } = copyOfProject();
  const rule = join(root, 'check', 'rules', 'hpa-bounds.ts');
  const text = readFileSync(rule, 'utf8');
  const description = /description:\s*'([^']+)'/.exec(text)?.[1];
  assert.ok(description);
  const edited = text.replace(description, 'A description edited during the build.');
  // Preloaded: esbuild builds from the file as it was, and the edit lands as the build returns
  // (an editor saving while the command starts). The bundle holds the old text.
  const racing = join(root, 'racing.mjs');
  writeFileSync(
    racing,
    [
      `import Module from 'node:module';`,
      `import { writeFileSync } from 'node:fs';`,
      `const load = Module._load;`,
      `Module._load = function (request, ...rest) {`,
      `  const m = load.call(this, request, ...rest);`,
      `  if (request !== 'esbuild') return m;`,
      `  return { ...m, buildSync: (o) => { const r = m.buildSync(o); writeFileSync(${JSON.stringify(rule)}, ${JSON.stringify(edited)}); return r; } };`,
      `};`,
      '',
    ].join('\n'),
  );
  const during = bin(['check', '--help'], tmp, bundles, root, racing);
  assert.equal(during.status, 0, during.stderr);
  assert.ok(during.stdout.includes(description), 'the racing run used the bundle it built');
  assert.equal(readFileSync(rule, 'utf8'), edited);
  // Its inputs were not recorded as matching the bundle, so this run does not take it as fresh.
  assert.equal(existsSync(join(bundles, 'inputs.json')), false);
  const next = bin(['check', '--help'], tmp, bundles, root);
  assert.equal(next.status, 0, next.stderr);
  assert.match(next.stdout, /A description edited during the build\./);
  assert.ok(existsSync(join(bundles, 'inputs.json')), 'a build nothing raced is recorded');
});

test('a source that does not compile leaves the sources to run, and Node names the file', () => {
  const { root, bundles, tmp } = copyOfProject();
  const ok = bin(['check', '--help'], tmp, bundles, root);
  assert.equal(ok.status, 0, ok.stderr);
  writeFileSync(
    join(root, 'cli', 'args.ts'),
    `${readFileSync(join(root, 'cli', 'args.ts'), 'utf8')}\nexport const broken = ;\n`,
  );
  const r = bin(['check', '--help'], tmp, bundles, root);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /args\.ts/);
  // The bundle of the code as it was is not run in its place.
  assert.doesNotMatch(r.stdout, /usage: npm run check/);
});

test('BOOK_CLI_BUNDLE=0 runs the sources and builds no bundle', () => {
  const { root, bundles, tmp } = copyOfProject();
  const r = spawnSync(process.execPath, ['cli/bin.js', 'check', '--help'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp, BOOK_CLI_CACHE: bundles, BOOK_CLI_BUNDLE: '0' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(bundles), false);
});

test('checkouts sharing one node_modules keep a bundle each, and do not rebuild each other’s', () => {
  const a = copyOfProject();
  const b = copyOfProject();
  // The default folder: node_modules/.cache/honeydue-cli/<checkout>, in the shared node_modules.
  const run = (p: { root: string; tmp: string }) =>
    spawnSync(process.execPath, ['cli/bin.js', 'check', '--help'], {
      cwd: p.root,
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: p.tmp, BOOK_CLI_CACHE: '', BOOK_CLI_BUNDLE: '' },
    });
  const shared = join(ROOT, 'node_modules', '.cache', 'honeydue-cli');
  const before = new Set(existsSync(shared) ? readdirSync(shared) : []);
  after(() => {
    for (const d of readdirSync(shared))
      if (!before.has(d)) rmSync(join(shared, d), { recursive: true, force: true });
  });
  assert.equal(run(a).status, 0);
  const mine = readdirSync(shared).filter((d) => !before.has(d));
  assert.equal(mine.length, 1);
  const stateOfA = join(shared, mine[0], 'inputs.json');
  const builtAt = statSync(stateOfA).mtimeMs;
  assert.equal(run(b).status, 0);
  assert.equal(readdirSync(shared).filter((d) => !before.has(d)).length, 2);
  assert.equal(run(a).status, 0);
  assert.equal(statSync(stateOfA).mtimeMs, builtAt, 'the first checkout’s bundle was not rebuilt');
});

test('a bundle folder that cannot be made, or a garbled list of inputs, loses nothing', () => {
  const { root, tmp } = copyOfProject();
  const keys = (bundles: string) =>
    bin(
      ['extract', '--manifests', join(ROOT, 'manifests'), '--format', 'keys'],
      tmp,
      bundles,
      root,
    );
  const expected = bin(
    ['extract', '--manifests', join(ROOT, 'manifests'), '--format', 'keys'],
    tmp,
    null,
    root,
  );
  // A file where the folder should be: the sources run, with the same output and no error.
  const blocked = join(root, 'blocked');
  writeFileSync(blocked, 'not a folder\n');
  const r = keys(join(blocked, 'bundles'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, expected.stdout);
  assert.doesNotMatch(r.stderr, /Error|at /);
  // A list of inputs cut short: the bundle is built again, not trusted.
  const bundles = join(root, 'bundles');
  assert.equal(keys(bundles).status, 0);
  writeFileSync(join(bundles, 'inputs.json'), '{"format": 1, "node": ');
  for (const f of bundlesIn(bundles)) rmSync(join(bundles, f));
  const again = keys(bundles);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, expected.stdout);
  assert.equal(bundlesIn(bundles).length, 1);
  assert.doesNotThrow(() => JSON.parse(readFileSync(join(bundles, 'inputs.json'), 'utf8')));
});

test('an install that changes the lockfile (esbuild upgraded, say) builds the bundle again', () => {
  const { root, bundles, tmp } = copyOfProject();
  assert.equal(bin(['check', '--help'], tmp, bundles, root).status, 0);
  const built = bundlesIn(bundles);
  const stateAt = statSync(join(bundles, 'inputs.json')).mtimeMs;
  const lock = join(root, 'package-lock.json');
  writeFileSync(lock, `${readFileSync(lock, 'utf8')}\n`);
  outlastMargin();
  assert.equal(bin(['check', '--help'], tmp, bundles, root).status, 0);
  assert.notEqual(statSync(join(bundles, 'inputs.json')).mtimeMs, stateAt);
  // The same code: the same bundle, checked afresh.
  assert.deepEqual(bundlesIn(bundles), built);
});
