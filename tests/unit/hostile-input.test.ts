/**
 * Hostile input: alias bombs, runaway nesting, huge files and lines, every
 * encoding a careless editor produces, impossible names. Each gets exit 2
 * with the code and the file:line:col computed from the fixture text, a
 * message of bounded size and no stack trace; none crashes the engine.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCheck } from '../../cli/check.ts';
import { runExtract } from '../../cli/extract.ts';
import { extract, LIMITS, walkFiles } from '../../engine/index.ts';
import { assertReported, DEPLOYMENT, folder, posOf, run, where } from '../fixtures/harness.ts';

/** Every reported problem (header line to hint) stays under 2 KB. */
function assertBounded(stderr: string): void {
  for (const block of stderr.split(/\n\n/)) assert.ok(block.length < 2048, `${block.length} bytes`);
}

const utf16 = (text: string, be = false) => {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return be ? Buffer.from(le.map((_, i) => le[i ^ 1])) : le;
};

describe('bounded resources', () => {
  test('an alias bomb → ALIAS_LIMIT at the alias that expands most, not a crash', () => {
    const levels = 'abcdefghi'.split('');
    const text = levels
      .map((l, i) =>
        i === 0
          ? `${l}: &${l} [${Array(9).fill('"lol"').join(',')}]`
          : `${l}: &${l} [${Array(9)
              .fill(`*${levels[i - 1]}`)
              .join(',')}]`,
      )
      .join('\n')
      .concat('\nj: [*i, *i, *i, *i]\n');
    const dir = folder({ 'bomb.yaml': text });
    const r = run(dir);
    assertReported(r, 'ALIAS_LIMIT', where(dir, 'bomb.yaml', posOf(text, '*i')));
    assert.match(r.stderr, /alias bomb/);
    assertBounded(r.stderr);
  });

  test('the bomb is measured in a small heap: the process stays well under 1 GB', () => {
    const text = `a: &a [${Array(10).fill('"x"').join(',')}]\n${'bcdefghij'
      .split('')
      .map((l, i) => `${l}: &${l} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(',')}]`)
      .join('\n')}\n`;
    const dir = folder({ 'bomb.yaml': text });
    const p = spawnSync(
      process.execPath,
      ['--max-old-space-size=256', 'cli/bin.js', 'extract', '--manifests', dir],
      { encoding: 'utf8' },
    );
    assert.equal(p.status, 2, p.stderr);
    assert.match(p.stderr, /ALIAS_LIMIT/);
  });

  test('an alias inside its own anchor → ALIAS_CYCLE at the alias', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loop\nitems: &a [1, *a]\n';
    const dir = folder({ 'loop.yaml': text });
    assertReported(run(dir), 'ALIAS_CYCLE', where(dir, 'loop.yaml', posOf(text, '*a')));
  });

  test(`nesting deeper than ${LIMITS.depth} → TOO_DEEP at the first level past it`, () => {
    const text = `a: ${'['.repeat(300)}${']'.repeat(300)}\n`;
    const dir = folder({ 'deep.yaml': text });
    // The mapping is level 1, so the 256th bracket is the first past the limit.
    const col = 'a: '.length + LIMITS.depth;
    assertReported(run(dir), 'TOO_DEEP', where(dir, 'deep.yaml', { line: 1, col }));
  });

  test('nesting deep enough to exhaust the parser → TOO_DEEP at the same place', () => {
    const text = `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const dir = folder({ 'deeper.yaml': text });
    const col = 'a: '.length + LIMITS.depth;
    const r = run(dir);
    assertReported(r, 'TOO_DEEP', where(dir, 'deeper.yaml', { line: 1, col }));
    assertBounded(r.stderr);
  });

  test('deep block nesting → TOO_DEEP at its line', () => {
    const text = `${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    const dir = folder({ 'blocks.yaml': text });
    const r = run(dir);
    // Level n is the mapping on line n; line 257 holds the first past the limit.
    assertReported(r, 'TOO_DEEP', where(dir, 'blocks.yaml', posOf(text, `k${LIMITS.depth}:`)));
  });

  test('block nesting deep enough to exhaust the parser → TOO_DEEP at the first level past it', () => {
    const text = `${Array.from({ length: 1500 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    const dir = folder({ 'blocks.yaml': text });
    const r = run(dir);
    assertReported(r, 'TOO_DEEP', where(dir, 'blocks.yaml', posOf(text, `k${LIMITS.depth}:`)));
    assertBounded(r.stderr);
  });

  test('a broken file with a line indented 20,000 spaces deep is reported at once', () => {
    // The excerpts of a file that cannot be parsed are masked line by line: in a child process
    // with a deadline, so a mask that backtracks over the spaces fails here instead of hanging.
    const text = `data: ]\n${' '.repeat(20_000)}key:\n`;
    const dir = folder({ 'wide.yaml': text });
    const p = spawnSync(process.execPath, ['cli/bin.js', 'extract', '--manifests', dir], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(p.signal, null, 'still running after 20 s');
    assert.equal(p.status, 2, p.stderr);
    assert.match(p.stderr, /wide\.yaml:1:7\s+YAML_SYNTAX/);
    assertBounded(p.stderr);
  });

  test('a ConfigMap value of 400,000 name characters is searched for Service addresses at once', () => {
    // In a child process with a deadline: a search that backtracks over the run of letters
    // takes minutes. The address after the run must still be found.
    const value = `${'a'.repeat(400_000)} redis.honeydue.svc:6380`;
    const svc =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: redis\n  namespace: honeydue\nspec:\n  ports:\n    - port: 6379\n';
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: honeydue\ndata:\n  URLS: "${value}"\n`;
    const dir = folder({ 'svc.yaml': svc, 'cm.yaml': cm });
    const docs = fs.mkdtempSync(path.join(dir, 'docs-'));
    const p = spawnSync(
      process.execPath,
      ['cli/bin.js', 'check', '--manifests', dir, '--docs', docs, '--format', 'json'],
      { encoding: 'utf8', timeout: 20_000, maxBuffer: 1 << 26 },
    );
    assert.equal(p.signal, null, 'still running after 20 s');
    const found = (JSON.parse(p.stdout) as { findings: { ruleId: string; line: number }[] })
      .findings;
    assert.ok(
      found.some((f) => f.ruleId === 'dangling-service-url' && f.line === 7),
      JSON.stringify(found.map((f) => f.ruleId)),
    );
  });

  test('a file over the size limit → FILE_TOO_LARGE at 1:1, without reading it as YAML', () => {
    const big = `# ${'x'.repeat(LIMITS.fileBytes)}\n`;
    const dir = folder({ 'big.yaml': big });
    const r = run(dir);
    assertReported(r, 'FILE_TOO_LARGE', where(dir, 'big.yaml', { line: 1, col: 1 }));
    assert.match(r.stderr, /16\.0 MiB/);
  });

  test('a syntax error on a 5 MB one-line document prints a window, not megabytes', () => {
    const text = `data: {"k": "${'x'.repeat(5_000_000)}", "b": ]}\n`;
    const dir = folder({ 'oneline.yaml': text });
    const r = run(dir);
    assertReported(r, 'YAML_SYNTAX', where(dir, 'oneline.yaml', posOf(text, ']}')));
    assert.ok(r.stderr.length < 4096, `${r.stderr.length} bytes of stderr`);
    assertBounded(r.stderr);
    // The excerpt is a window of the line, and the caret stands under the column named.
    const lines = r.stderr.split('\n');
    const excerpt = lines.findIndex((l) => l.startsWith('  1 | '));
    const shown = lines[excerpt].slice('  1 | '.length);
    const caret = lines[excerpt + 1].indexOf('^') - '  1 | '.length;
    assert.ok(shown.startsWith('…'));
    assert.equal(shown.slice(caret, caret + 2), ']}');
  });

  test('a document of more tokens than the limit stops there → TOO_MANY_TOKENS', () => {
    const text = `data: [${'1,'.repeat(LIMITS.lexemes)}1]\n`;
    const dir = folder({ 'dense.yaml': text });
    const r = run(dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /dense\.yaml:1:\d+\s+TOO_MANY_TOKENS/);
    // `data`, `:`, ` `, `[` come first; then each `1` and `,` is a lexeme.
    const col = Number(/dense\.yaml:1:(\d+)/.exec(r.stderr)![1]);
    assert.equal(col, 'data: ['.length + (LIMITS.lexemes - 4) + 1);
    assertBounded(r.stderr);
  });

  test('TOO_MANY_TOKENS over many lines names a line and column of the file', () => {
    const text = `data:\n${'  - {a: 1}\n'.repeat(LIMITS.lexemes / 4)}`;
    const dir = folder({ 'long.yaml': text });
    const r = run(dir);
    const [, line, col] = /long\.yaml:(\d+):(\d+)\s+TOO_MANY_TOKENS/.exec(r.stderr)!.map(Number);
    const lines = text.split('\n');
    assert.ok(line > 1 && line <= lines.length, `line ${line}`);
    assert.ok(col >= 1 && col <= lines[line - 1].length + 1, `column ${col} of ${lines[line - 1]}`);
  });

  test('a huge value quoted in a message is clipped', () => {
    const huge = 'x'.repeat(100_000);
    const dir = folder({ 'bad.yaml': DEPLOYMENT.replace('replicas: 2', `replicas: "${huge}"`) });
    const r = run(dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /WRONG_TYPE/);
    assertBounded(r.stderr);
  });
});

describe('anchors and merge keys', () => {
  const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n${data}`;

  test('an anchor above a `---` is not seen below it: YAML_SYNTAX at the alias that names it', () => {
    // The first alias of the second document resolves; the merge further down does not.
    const text = `x: &res {cpu: 100m}\n---\n${cm('  labels: &l {app: m}\n  annotations: *l\ndata:\n  <<: *res\n')}`;
    const dir = folder({ 'm.yaml': text });
    const r = run(dir);
    assertReported(r, 'YAML_SYNTAX', where(dir, 'm.yaml', posOf(text, '*res')));
    assert.match(r.stderr, /`\*res` names no anchor set before it in this document/);
  });

  test('a merge of a scalar: YAML_SYNTAX at that alias, saying what a merge takes', () => {
    const text = cm('  labels: &l {app: m}\n  annotations: *l\ndata:\n  s: &s text\n  <<: *s\n');
    const dir = folder({ 'm.yaml': text });
    const r = run(dir);
    assertReported(r, 'YAML_SYNTAX', where(dir, 'm.yaml', posOf(text, '*s')));
    assert.match(r.stderr, /A `<<` merge takes mappings .*`\*s` is not one/);
  });

  test('merges of mappings and of a list of mappings are read', () => {
    const text = cm('data:\n  <<: [{a: "1"}, {b: "2"}]\n  c: "3"\n');
    const r = extract(folder({ 'm.yaml': text }));
    const m = r.extracted.configMaps.find((c) => c.name === 'm');
    assert.deepEqual(m?.data.map((d) => `${d.key}=${d.value}`).sort(), ['a=1', 'b=2', 'c=3']);
  });
});

describe('files that cannot be read', () => {
  test(
    'a file whose read fails → UNREADABLE_FILE at 1:1 with the reason, no stack trace',
    {
      skip: process.platform === 'linux' ? false : '/proc/self/mem is Linux only',
    },
    () => {
      // Opening it succeeds and reading at offset 0 fails (EIO), for root too.
      const r = run('/proc/self/mem');
      assertReported(r, 'UNREADABLE_FILE', '/proc/self/mem:1:1');
      assert.match(r.stderr, /`mem` cannot be read: i\/o error\./);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    },
  );

  test(
    'a file and a folder without read permission → UNREADABLE_FILE at each',
    {
      skip: process.getuid?.() === 0 ? 'root reads every file' : false,
    },
    () => {
      const dir = folder({ 'locked.yaml': DEPLOYMENT, 'closed/x.yaml': DEPLOYMENT });
      fs.chmodSync(path.join(dir, 'locked.yaml'), 0o000);
      fs.chmodSync(path.join(dir, 'closed'), 0o000);
      try {
        const r = run(dir);
        assertReported(r, 'UNREADABLE_FILE', where(dir, 'locked.yaml', { line: 1, col: 1 }));
        assertReported(r, 'UNREADABLE_FILE', where(dir, 'closed', { line: 0, col: 0 }));
        assert.match(r.stderr, /`locked\.yaml` cannot be read: permission denied\./);
      } finally {
        fs.chmodSync(path.join(dir, 'closed'), 0o755);
      }
    },
  );
});

describe('chapters that cannot be read', () => {
  const CHAPTER = '---\ntitle: A\n---\n\nThe api runs <V k="deployment/good.replicas" /> pods.\n';
  /** The valid Deployment, and a docs folder of its own holding these chapters. */
  const book = (chapters: Record<string, string>) => ({
    manifests: folder({}),
    docs: folder(chapters),
  });
  const check = (b: { manifests: string; docs: string }, format = 'human') =>
    runCheck(['--manifests', b.manifests, '--docs', b.docs, '--format', format]);
  const reported = (r: ReturnType<typeof check>, at: string) =>
    assert.match(
      r.stderr,
      new RegExp(
        `(^|\\n)${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+INVALID_MDX\\s+UNREADABLE_FILE: `,
      ),
      r.stderr,
    );

  test(
    'a chapter whose read fails → UNREADABLE_FILE at 1:1 with the reason, exit 2, no stack trace',
    {
      skip: process.platform === 'linux' ? false : '/proc/self/mem is Linux only',
    },
    () => {
      const b = book({ '01-a.mdx': CHAPTER });
      // Opening it succeeds and reading at offset 0 fails (EIO), for root too.
      fs.symlinkSync('/proc/self/mem', path.join(b.docs, '02-mem.mdx'));
      const r = check(b);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      reported(r, `${path.join(b.docs, '02-mem.mdx')}:1:1`);
      assert.match(
        r.stderr,
        /UNREADABLE_FILE: `02-mem\.mdx` cannot be read: i\/o error\.  \[invalid-mdx\]/,
      );
      assert.match(r.stderr, /\n\s+hint: Let the user running this read it/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      const [f] = JSON.parse(check(b, 'json').stdout).findings;
      assert.deepEqual(
        [f.code, f.ruleId, f.line, f.col, f.message],
        [
          'INVALID_MDX',
          'invalid-mdx',
          1,
          1,
          'UNREADABLE_FILE: `02-mem.mdx` cannot be read: i/o error.',
        ],
      );
    },
  );

  test(
    'a chapter and a docs folder without read permission → UNREADABLE_FILE at each',
    {
      skip: process.getuid?.() === 0 ? 'root reads every file' : false,
    },
    () => {
      const b = book({ '01-a.mdx': CHAPTER, 'locked.mdx': CHAPTER, 'closed/x.mdx': CHAPTER });
      fs.chmodSync(path.join(b.docs, 'locked.mdx'), 0o000);
      fs.chmodSync(path.join(b.docs, 'closed'), 0o000);
      try {
        const r = check(b);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        reported(r, `${path.join(b.docs, 'locked.mdx')}:1:1`);
        reported(r, `${path.join(b.docs, 'closed')}:0:0`);
        assert.match(r.stderr, /`locked\.mdx` cannot be read: permission denied\./);
        assert.match(r.stderr, /`closed` cannot be read: permission denied\./);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
        fs.chmodSync(b.docs, 0o000);
        const root = check(b);
        assert.equal(root.code, 2, root.stdout + root.stderr);
        reported(root, `${b.docs}:0:0`);
        assert.match(root.stderr, /`\.` cannot be read: permission denied\./);
      } finally {
        fs.chmodSync(b.docs, 0o755);
        fs.chmodSync(path.join(b.docs, 'closed'), 0o755);
      }
    },
  );
});

describe('encodings, told apart', () => {
  test('UTF-16 little-endian with a byte order mark is decoded and read', () => {
    const dir = folder({ 'le.yaml': utf16(DEPLOYMENT.replace(/good/g, 'wide')) });
    const r = extract(dir);
    assert.equal(r.extracted.workloads.find((w) => w.name === 'wide')?.replicas, 2);
  });

  test('UTF-16 big-endian with a byte order mark is decoded and read', () => {
    const dir = folder({ 'be.yaml': utf16(DEPLOYMENT.replace(/good/g, 'wide'), true) });
    const r = extract(dir);
    assert.equal(r.extracted.workloads.find((w) => w.name === 'wide')?.replicas, 2);
  });

  test('UTF-16 without a byte order mark → INVALID_ENCODING naming UTF-16', () => {
    const dir = folder({ 'x.yaml': Buffer.from(DEPLOYMENT, 'utf16le') });
    const r = run(dir);
    assertReported(r, 'INVALID_ENCODING', where(dir, 'x.yaml', { line: 1, col: 1 }));
    assert.match(r.stderr, /UTF-16/);
    assert.doesNotMatch(r.stderr, /binary/i);
  });

  test('invalid UTF-8 deep in a file → INVALID_ENCODING at its line and column, naming the byte', () => {
    const text = `${DEPLOYMENT}# r\xe9sum\xe9 of the change\n`;
    const dir = folder({ 'x.yaml': Buffer.from(text, 'latin1') });
    const r = run(dir);
    assertReported(r, 'INVALID_ENCODING', where(dir, 'x.yaml', posOf(text, '\xe9')));
    assert.match(r.stderr, /0xE9/);
  });

  test('a truncated UTF-8 sequence is found at its first byte', () => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "caf';
    const buf = Buffer.concat([Buffer.from(head), Buffer.from([0xc3]), Buffer.from('"\n')]);
    const dir = folder({ 'x.yaml': buf });
    const r = run(dir);
    assertReported(r, 'INVALID_ENCODING', where(dir, 'x.yaml', { line: 6, col: 10 }));
    assert.match(r.stderr, /0xC3/);
  });

  test('a NUL after the first 8 KB → CONTROL_CHARACTER at its line and column', () => {
    const text = `${DEPLOYMENT}# ${'padding '.repeat(1200)}\n# tail\u0000here\n`;
    assert.ok(text.indexOf('\u0000') > 8192);
    const dir = folder({ 'nul.yaml': text });
    const r = run(dir);
    assertReported(r, 'CONTROL_CHARACTER', where(dir, 'nul.yaml', posOf(text, '\u0000')));
    assert.match(r.stderr, /NUL/);
    assert.doesNotMatch(r.stderr, /binary/i);
  });

  test('another control character (ESC) is named by its code point', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "\u001b[31m"\n';
    const dir = folder({ 'esc.yaml': text });
    const r = run(dir);
    assertReported(r, 'CONTROL_CHARACTER', where(dir, 'esc.yaml', posOf(text, '\u001b')));
    assert.match(r.stderr, /U\+001B/);
  });

  test('"binary" is said of a file that is mostly NUL and control bytes', () => {
    const bytes = Buffer.alloc(4096, 0);
    bytes.write('apiVersion: v1\n');
    const dir = folder({ 'blob.yaml': bytes });
    assertReported(run(dir), 'BINARY_FILE', where(dir, 'blob.yaml', { line: 1, col: 1 }));
  });
});

describe('keys written twice', () => {
  const twice = DEPLOYMENT.replace(
    'apiVersion: apps/v1\n',
    'apiVersion: apps/v1\napiVersion: apps/v1\n',
  );

  test('with the same value: extracted (exit 0), a warning on stderr with file:line:col', () => {
    const dir = folder({ 'twice.yaml': twice.replace(/good/g, 'twice') });
    const r = runExtract(['--manifests', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const at = where(dir, 'twice.yaml', posOf(twice, 'apiVersion', 2));
    assert.match(
      r.stderr,
      new RegExp(`${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+REPEATED_KEY`),
    );
    const ex = JSON.parse(r.stdout);
    assert.equal(ex.warnings.length, 1);
    assert.equal(ex.warnings[0].line, posOf(twice, 'apiVersion', 2).line);
  });

  test('on the result, for the check to print', () => {
    const dir = folder({ 'twice.yaml': twice.replace(/good/g, 'twice') });
    const r = extract(dir);
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.line, w.col]),
      [['REPEATED_KEY', posOf(twice, 'apiVersion', 2).line, 1]],
    );
  });

  test('with different values: DUPLICATE_KEY, bad input', () => {
    const text = DEPLOYMENT.replace('replicas: 2\n', 'replicas: 2\n  replicas: 3\n');
    const dir = folder({ 'dup.yaml': text.replace(/good/g, 'dup') });
    assertReported(run(dir), 'DUPLICATE_KEY', where(dir, 'dup.yaml', posOf(text, 'replicas', 2)));
  });
});

describe('object names follow the Kubernetes rules', () => {
  const rename = (name: string, kind = 'Deployment') =>
    DEPLOYMENT.replace('kind: Deployment', `kind: ${kind}`).replace('name: good', `name: ${name}`);

  test('a name with a right-to-left override is quoted with the code point, not reordered', () => {
    const text = rename('"web\u202e-ipa"');
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    assertReported(r, 'INVALID_NAME', where(dir, 'x.yaml', posOf(text, '"web')));
    assert.match(r.stderr, /`webU\+202E-ipa` is not a valid Deployment name/);
    assert.doesNotMatch(r.stderr, /\u202e/);
  });

  test('a file name with a line break or a right-to-left override is written visibly in every report', () => {
    // A line break would start a forged report line; an override would reorder the path on screen.
    const bad = rename('My_App');
    const dir = folder({ 'a\n::error file=x::forged.yaml': bad });
    const r = run(dir);
    assert.equal(r.code, 2, r.stderr);
    const head = r.stderr.split('\n')[0];
    assert.ok(head.startsWith(`${dir}/a⏎::error file=x::forged.yaml:`), head);
    assert.match(head, /INVALID_NAME/);
    const leaked = DEPLOYMENT.replace(
      'containers:',
      'containers:\n        - name: side\n          image: x:1\n          env:\n            - name: DB_PASSWORD\n              value: hunter2-literal',
    ).replace('name: good', 'name: leaky');
    const manifests = folder({ 'b\u202ec.yaml': leaked });
    for (const format of ['human', 'github']) {
      const c = runCheck(['--manifests', manifests, '--docs', folder({}), '--format', format]);
      // An annotation's `file=` is the real path, for GitHub to find the file by.
      const out = (c.stdout + c.stderr).replace(/^(::\w+ )file=[^,]*,/gm, '$1');
      assert.match(out, /bU\+202Ec\.yaml/, out);
      assert.doesNotMatch(out, /\u202e|hunter2/);
    }
  });

  for (const [name, kind] of [
    ['My_App', 'Deployment'],
    ['web.', 'Deployment'],
    ['1api', 'Service'],
    ['a'.repeat(64), 'Service'],
    ['n'.repeat(53), 'CronJob'],
  ] as const) {
    test(`${kind} \`${name.slice(0, 20)}\` → INVALID_NAME at the name`, () => {
      const text = rename(name, kind);
      const dir = folder({ 'n.yaml': text });
      const r = run(dir);
      assertReported(r, 'INVALID_NAME', where(dir, 'n.yaml', posOf(text, name)));
      assertBounded(r.stderr);
    });
  }

  test('an invalid namespace → INVALID_NAME at the namespace', () => {
    const text = DEPLOYMENT.replace('namespace: shop', 'namespace: Shop');
    const dir = folder({ 'ns.yaml': text.replace('name: good', 'name: nsbad') });
    assertReported(run(dir), 'INVALID_NAME', where(dir, 'ns.yaml', posOf(text, 'Shop')));
  });

  test('no name and no generateName → MISSING_FIELD at metadata', () => {
    const text = DEPLOYMENT.replace('  name: good\n', '');
    const dir = folder({ 'anon.yaml': text });
    assertReported(run(dir), 'MISSING_FIELD', where(dir, 'anon.yaml', posOf(text, 'metadata')));
  });

  // A collection is located at its key, a scalar at itself, as every WRONG_TYPE is.
  for (const [from, to, message, at] of [
    [
      'name: good',
      'name: { app: good }',
      '`metadata.name` must be a string, found a mapping.',
      'name: {',
    ],
    ['name: good', 'name: 123', '`metadata.name` must be a string, found `123`.', '123'],
    [
      'namespace: shop',
      'namespace: [shop]',
      '`metadata.namespace` must be a string, found a list.',
      'namespace: [',
    ],
    [
      'metadata:\n  name: good\n  namespace: shop',
      'metadata: [good]',
      '`metadata` must be a mapping, found a list.',
      'metadata: [',
    ],
    [
      'metadata:\n  name: good\n  namespace: shop',
      'metadata: good',
      '`metadata` must be a mapping, found `good`.',
      'good',
    ],
  ] as const) {
    test(`${to} → WRONG_TYPE at it, not a missing name`, () => {
      const text = DEPLOYMENT.replace(from, to);
      const dir = folder({ 'typed.yaml': text });
      const r = run(dir);
      assertReported(r, 'WRONG_TYPE', where(dir, 'typed.yaml', posOf(text, at)));
      assert.ok(r.stderr.includes(`WRONG_TYPE  ${message}`), r.stderr);
      assert.doesNotMatch(r.stderr, /MISSING_FIELD/);
    });
  }

  test('names the rules allow: RBAC path segments, dotted names, generateName prefixes', () => {
    const dir = folder({
      'ok.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:controller:book
rules: []
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings.v2
  namespace: shop
---
apiVersion: batch/v1
kind: Job
metadata:
  generateName: migrate-
  namespace: shop
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: example.com/migrate:1
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: Custom_Resources_Have_Their_Own_Rules
`,
    });
    const r = extract(dir);
    assert.ok(r.extracted.workloads.some((w) => w.kind === 'Job' && w.name === 'migrate-'));
  });
});

describe('kind and apiVersion, as kubectl reads them', () => {
  for (const [to, message, at] of [
    ['kind: 42', '`kind` must be a string such as `Deployment`, found `42`.', '42'],
    [
      'kind: [Deployment]',
      '`kind` must be a string such as `Deployment`, found a list.',
      'kind: [',
    ],
  ] as const)
    test(`${to} → WRONG_TYPE at it, not an object of no kind passed over`, () => {
      const text = DEPLOYMENT.replace('kind: Deployment', to);
      const dir = folder({ 'kind.yaml': text });
      const r = run(dir);
      assertReported(r, 'WRONG_TYPE', where(dir, 'kind.yaml', posOf(text, at)));
      assert.ok(r.stderr.includes(`WRONG_TYPE  ${message}`), r.stderr);
    });

  test('kind: "" → MISSING_FIELD at it, not a document of no kind passed over', () => {
    const text = DEPLOYMENT.replace('kind: Deployment', 'kind: ""');
    const dir = folder({ 'empty.yaml': text });
    const r = run(dir);
    assertReported(r, 'MISSING_FIELD', where(dir, 'empty.yaml', posOf(text, '""')));
    assert.ok(r.stderr.includes('MISSING_FIELD  This document has no `kind`.'), r.stderr);
  });

  test('apiVersion: 1 → WRONG_TYPE at it', () => {
    const text = DEPLOYMENT.replace('apiVersion: apps/v1', 'apiVersion: 1');
    const dir = folder({ 'api.yaml': text });
    const r = run(dir);
    assertReported(r, 'WRONG_TYPE', where(dir, 'api.yaml', { line: 1, col: 13 }));
    assert.ok(r.stderr.includes('`apiVersion` must be a string such as `apps/v1`, found `1`.'));
  });

  test('an object with a kind and no apiVersion → MISSING_FIELD at the start of its document', () => {
    const second = 'kind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n';
    const text = `${DEPLOYMENT.replace('apiVersion: apps/v1\n', '')}---\n${second}`;
    const dir = folder({ 'bare.yaml': text });
    const r = run(dir);
    assertReported(r, 'MISSING_FIELD', where(dir, 'bare.yaml', { line: 1, col: 1 }));
    const at = where(dir, 'bare.yaml', posOf(text, 'kind: ConfigMap'));
    assertReported(r, 'MISSING_FIELD', at);
    assert.ok(r.stderr.includes('MISSING_FIELD  This Deployment has no `apiVersion`.'));
    assert.ok(r.stderr.includes('MISSING_FIELD  This ConfigMap has no `apiVersion`.'));
    assert.match(r.stderr, /\n2 problems in the manifests/);
  });

  test('an item of a `kind: List` without apiVersion → MISSING_FIELD at the item', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - kind: ConfigMap',
      '    metadata:',
      '      name: listed',
      '',
    ].join('\n');
    const dir = folder({ 'list.yaml': text });
    assertReported(
      run(dir),
      'MISSING_FIELD',
      where(dir, 'list.yaml', posOf(text, 'kind: ConfigMap')),
    );
  });

  test('what is no Kubernetes object is passed over as before: a values file (no kind), a kustomization without apiVersion; a chart in a subfolder is not read', () => {
    const dir = folder({
      'values.yaml': 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.27"\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'base/kustomization.yaml': 'kind: Kustomization\nresources: []\n',
    });
    const r = run(dir);
    assert.equal(r.code, 0, r.stderr);
    const ex = JSON.parse(r.stdout);
    assert.equal(ex.documents.byKind['(no kind)'], 1);
    assert.equal(ex.documents.byKind.Kustomization, 1);
    assert.match(r.stderr, /NESTED_CHART {2}`chart` holds a `Chart.yaml`/);
    assert.equal(ex.workloads.length, 1);
  });
});

describe('symbolic links in the manifests folder', () => {
  /** Written outside the manifests folder, as a credentials file next to it would be. */
  const SENTINEL = 'hunter2-outside-the-book';
  const configMap = (name: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  a: b\n`;

  /**
   * `root/manifests` (the folder read) beside `root/prod-credentials.yaml` and `root/vendor/`;
   * `links` maps a link's path inside the manifests folder to its target, as written.
   */
  function linked(files: Record<string, string>, links: Record<string, string>) {
    const root = folder({
      'manifests/good.yaml': DEPLOYMENT,
      'prod-credentials.yaml': configMap('stolen').replace('a: b', `password: ${SENTINEL}`),
      'vendor/extra.yaml': configMap('vendored').replace('a: b', `token: ${SENTINEL}`),
      ...Object.fromEntries(Object.entries(files).map(([f, text]) => [`manifests/${f}`, text])),
    });
    const m = path.join(root, 'manifests');
    for (const [link, target] of Object.entries(links)) {
      fs.mkdirSync(path.dirname(path.join(m, link)), { recursive: true });
      fs.symlinkSync(target, path.join(m, link));
    }
    return m;
  }
  const objects = (m: string) =>
    extract(m).load.objects.map((o) => `${o.kind}/${o.name} ${path.relative(m, o.source.file)}`);
  const warned = (m: string) =>
    extract(m).warnings.map((w) => `${w.code} ${path.relative(m, w.file)}:${w.line}:${w.col}`);

  test('a link to a YAML file inside the folder is read, at the link’s path when only the link reaches it', () => {
    // `.shared` is a dot-folder, which the walk skips: the link is the only way to the file.
    const m = linked(
      { '.shared/app.yaml': configMap('linked-app') },
      { 'app.yaml': '.shared/app.yaml' },
    );
    assert.deepEqual(objects(m), ['ConfigMap/linked-app app.yaml', 'Deployment/good good.yaml']);
    assert.deepEqual(warned(m), []);
  });

  test('a file reached twice is read once: at its own path, else at the first link’s', () => {
    const m = linked(
      { 'base/app.yaml': configMap('app'), '.x/hidden.yaml': configMap('hidden') },
      {
        'again.yaml': 'good.yaml',
        'a-first/app.yaml': '../base/app.yaml',
        'base-too': 'base',
        'one.yaml': '.x/hidden.yaml',
        'two.yaml': '.x/hidden.yaml',
      },
    );
    assert.deepEqual(objects(m), [
      'ConfigMap/app base/app.yaml',
      'Deployment/good good.yaml',
      'ConfigMap/hidden one.yaml',
    ]);
    assert.deepEqual(warned(m), []);
  });

  test('a link to a folder inside the folder is walked, its files at paths under the link', () => {
    const m = linked(
      { '.teams/web/cm.yaml': configMap('web'), '.teams/web/notes.txt': SENTINEL },
      { teams: '.teams', 'web-again': '.teams/web' },
    );
    assert.deepEqual(objects(m), ['Deployment/good good.yaml', 'ConfigMap/web teams/web/cm.yaml']);
    assert.deepEqual(
      walkFiles(m, (name) => name.endsWith('.txt')),
      [path.join(m, 'teams/web/notes.txt')],
    );
  });

  test('a loop of links ends: a link to the folder, to its own folder, and two links to each other', () => {
    const m = linked(
      { '.shared/deep/cm.yaml': configMap('deep') },
      {
        shared: '.shared',
        '.shared/deep/up': '../..',
        '.shared/deep/self': '.',
        '.shared/deep/back': '..',
        'ring-a.yaml': 'ring-b.yaml',
        'ring-b.yaml': 'ring-a.yaml',
      },
    );
    assert.deepEqual(objects(m), [
      'Deployment/good good.yaml',
      'ConfigMap/deep shared/deep/cm.yaml',
    ]);
    // Links that lead only to themselves reach nothing, and say so.
    assert.deepEqual(warned(m), [
      'SYMLINK_NOT_FOLLOWED ring-a.yaml:1:1',
      'SYMLINK_NOT_FOLLOWED ring-b.yaml:1:1',
    ]);
  });

  test('a link to a file or folder outside is not read: SYMLINK_NOT_FOLLOWED at the link, its content nowhere', () => {
    const m = linked(
      {},
      {
        'creds.yaml': '../prod-credentials.yaml',
        vendor: '../vendor',
        'NOTICE.txt': '../prod-credentials.yaml',
      },
    );
    const r = runExtract(['--manifests', m, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `${where(m, 'creds.yaml', { line: 1, col: 1 }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+SYMLINK_NOT_FOLLOWED`,
      ),
    );
    const ex = JSON.parse(r.stdout);
    assert.deepEqual(
      ex.warnings.map((w: { code: string; file: string; message: string; hint: string }) => [
        w.code,
        path.relative(m, w.file),
        w.message,
        w.hint,
      ]),
      [
        [
          'SYMLINK_NOT_FOLLOWED',
          'creds.yaml',
          '`creds.yaml` is a symbolic link to a file outside the manifests folder, so it was not read.',
          'Copy what it points at into the manifests folder, or point the link inside the folder: the book reads and publishes only what the folder holds, and a link out of it could reach a file that must never be published (a secrets file).',
        ],
        [
          'SYMLINK_NOT_FOLLOWED',
          'vendor',
          '`vendor` is a symbolic link to a folder outside the manifests folder, so it was not read.',
          'Copy what it points at into the manifests folder, or point the link inside the folder: the book reads and publishes only what the folder holds, and a link out of it could reach a file that must never be published (a secrets file).',
        ],
      ],
      'a link whose name the walk does not read anyway (NOTICE.txt) is not reported',
    );
    assert.deepEqual(objects(m), ['Deployment/good good.yaml']);
    const docs = folder({ 'docs/index.md': '# Nothing here\n' });
    const outputs = [r.stdout, r.stderr];
    for (const format of ['json', 'human', 'github']) {
      const c = runCheck(['--manifests', m, '--docs', path.join(docs, 'docs'), '--format', format]);
      assert.match(c.stdout + c.stderr, /SYMLINK_NOT_FOLLOWED/, format);
      outputs.push(c.stdout, c.stderr, c.summary ?? '');
    }
    for (const out of outputs) {
      assert.ok(!out.includes(SENTINEL), 'nothing of the outside files is read');
      assert.ok(!/stolen|vendored|prod-credentials|extra\.yaml/.test(out), 'nor where they are');
    }
  });

  test('a dangling link: SYMLINK_NOT_FOLLOWED at the link, saying its target does not exist', () => {
    const m = linked({}, { 'gone.yaml': 'removed.yaml', 'old-overlay': '../overlays/old' });
    const r = extract(m);
    assert.deepEqual(warned(m), [
      'SYMLINK_NOT_FOLLOWED gone.yaml:1:1',
      'SYMLINK_NOT_FOLLOWED old-overlay:1:1',
    ]);
    assert.equal(
      r.warnings[0].message,
      '`gone.yaml` is a symbolic link to a path that does not exist, so it was not read.',
    );
    assert.equal(
      r.warnings[0].hint,
      'Point the link at a file inside the manifests folder, or delete the link.',
    );
  });
});
