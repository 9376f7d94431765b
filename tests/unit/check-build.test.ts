/**
 * A drifted book cannot be published: `astro build` runs the full drift check
 * before it writes a page. Three builds on copies of the manifests (the
 * chapters stay the real ones): drift stops the build; BOOK_ALLOW_DRIFT=1
 * builds it with the findings as warnings; bad input stops even that. The
 * refused builds stop within seconds, before any page is rendered.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGate, gateBuild } from '../../src/lib/book-integration.ts';
import type { Finding } from '../../check/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-build-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the manifests with one replacement in one file. */
function manifests(name: string, rel: string, from: string, to: string): string {
  const dir = path.join(tmp, name);
  fs.cpSync(path.join(ROOT, 'manifests'), dir, { recursive: true });
  const file = path.join(dir, rel);
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(text.split(from).length, 2, `one ${from} in ${rel}`);
  fs.writeFileSync(file, text.replace(from, to));
  return dir;
}

function build(dir: string, env: Record<string, string> = {}) {
  const out = path.join(tmp, `out-${path.basename(dir)}`);
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/astro'), ['build'], {
    cwd: ROOT,
    env: { ...process.env, BOOK_MANIFESTS: dir, BOOK_OUT_DIR: out, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, out };
}

const f = (code: Finding['code'], ruleId: string): Finding => ({
  code,
  ruleId,
  file: 'a.mdx',
  line: 1,
  col: 1,
  message: 'm',
  hint: 'h',
});

describe('the build gate', () => {
  test('without BOOK_ALLOW_DRIFT every finding stops the build', () => {
    const all = [
      f('BROKEN_ASSUMPTION', 'broken-assumption'),
      f('HARDCODED_VALUE', 'hardcoded-value'),
    ];
    assert.deepEqual(buildGate(all, false), { stop: all, warn: [] });
  });

  test('with BOOK_ALLOW_DRIFT drift and a broken link are warnings; broken references, bad input and a credential in the book still stop it', () => {
    const drift = f('BROKEN_ASSUMPTION', 'broken-assumption');
    const ref = f('BROKEN_REF', 'broken-fact-ref');
    const link = f('BROKEN_REF', 'broken-link');
    const bad = f('INVALID_MANIFEST', 'invalid-manifest');
    const mdx = f('INVALID_MDX', 'invalid-mdx');
    const leak = f('CREDENTIAL_IN_BOOK', 'credential-in-book');
    const config = f('CREDENTIAL_IN_CONFIG', 'credential-in-config');
    assert.deepEqual(buildGate([drift, ref, link, bad, mdx, leak, config], true), {
      stop: [ref, bad, mdx, leak],
      warn: [drift, link, config],
    });
  });

  test('a build stopped by many findings lists the first 50 and counts the rest', () => {
    const many = Array.from({ length: 70 }, (_, i) => ({
      ...f('HARDCODED_VALUE', 'hardcoded-value'),
      line: i + 1,
    }));
    const logger = { warn: () => assert.fail('nothing is a warning without BOOK_ALLOW_DRIFT') };
    assert.throws(
      () => gateBuild(logger, many),
      (e: Error) => {
        assert.match(e.message, /^The drift check found 70 problems; the book is not built\./);
        assert.equal(e.message.match(/^a\.mdx:\d+:1 /gm)?.length, 50);
        assert.match(e.message, /^a\.mdx:50:1 /m);
        assert.doesNotMatch(e.message, /^a\.mdx:51:1 /m);
        assert.match(e.message, /… and 20 more findings, not listed here/);
        return true;
      },
    );
  });
});

describe('astro build on a drifted copy', () => {
  const drifted = manifests(
    'drifted',
    'worker/deployment.yaml',
    '  replicas: 1\n',
    '  replicas: 2\n',
  );

  test('stops before writing a page, with the positioned findings and no stack trace, and leaves no browser behind', () => {
    // An empty diagram cache: the build starts Chromium at once, before the drift check runs.
    const own = fs.mkdtempSync(path.join(tmp, 'tmpdir-'));
    const r = build(drifted, { TMPDIR: own, HONEYDUE_DIAGRAM_CACHE: path.join(own, 'diagrams') });
    assert.notEqual(r.status, 0);
    assert.match(
      r.output,
      /src\/content\/docs\/[\w-]+\.mdx:\d+:1 {2}BROKEN_ASSUMPTION {2}This paragraph assumes `deployment\/worker\.replicas == 1`/,
    );
    assert.match(r.output, /config: .*worker\/deployment\.yaml:\d+/);
    assert.match(r.output, /BOOK_ALLOW_DRIFT=1/);
    assert.doesNotMatch(r.output, /\n\s+at [\w.<>]+ \(/, 'no stack trace');
    assert.ok(!fs.existsSync(path.join(r.out, 'index.html')), 'nothing was published');
    // The browser closed before the process ended, so Playwright removed its folders.
    assert.deepEqual(
      fs.readdirSync(own).filter((f) => f.startsWith('playwright')),
      [],
      'no temporary folder of the diagrams’ browser is left',
    );
  });

  test('BOOK_ALLOW_DRIFT=1 builds it, printing the findings as warnings', () => {
    const r = build(drifted, { BOOK_ALLOW_DRIFT: '1' });
    assert.equal(r.status, 0, r.output.slice(-2000));
    assert.match(r.output, /BOOK_ALLOW_DRIFT=1: building a book with \d+ drift findings/);
    assert.match(r.output, /BROKEN_ASSUMPTION/);
    assert.ok(fs.existsSync(path.join(r.out, 'index.html')));
  });

  test('bad input still stops a BOOK_ALLOW_DRIFT=1 build, at the bad line', () => {
    const bad = manifests(
      'bad',
      'worker/deployment.yaml',
      '  replicas: 1\n',
      '  replicas: 1\n  replicas: 2\n',
    );
    const r = build(bad, { BOOK_ALLOW_DRIFT: '1' });
    assert.notEqual(r.status, 0);
    assert.match(r.output, /worker\/deployment\.yaml:\d+:\d+ {2}INVALID_MANIFEST {2}DUPLICATE_KEY/);
    assert.doesNotMatch(r.output, /\n\s+at [\w.<>]+ \(/, 'no stack trace');
  });
});
