/**
 * cli/bin.js, the one executable: it dispatches the commands with their exit codes, and once
 * Node's compile cache holds the commands' modules, a run loads no TypeScript stripper.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** A run whose compile cache is its own: the one the executable turns on, under TMPDIR. */
function bin(args: string[], tmp: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  // Set, it would turn the cache on before the executable does.
  delete env.NODE_COMPILE_CACHE;
  return spawnSync(process.execPath, ['--import', probe, 'cli/bin.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
}
const stripper = (stderr: string) => /^STRIPPER:(.*)$/m.exec(stderr)?.[1];

test('with a warm compile cache, a command runs without the TypeScript stripper', () => {
  const cache = join(dir, 'tmp');
  mkdirSync(cache);
  const first = bin(['extract', '--format', 'keys'], cache);
  assert.equal(first.status, 0, first.stderr);
  // A cold cache strips each module once, and keeps the result.
  assert.notEqual(stripper(first.stderr), '');
  const second = bin(['extract', '--format', 'keys'], cache);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.equal(stripper(second.stderr), '');
  assert.ok(existsSync(join(cache, 'node-compile-cache')));
});

test('an unknown command is a usage error, exit 2, naming the commands', () => {
  const r = bin(['chekc'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: node cli\/bin\.js <extract\|check\|changes>/);
  assert.equal(r.stdout, '');
});
