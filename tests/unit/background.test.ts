/**
 * The build's background work gives way to the thread that builds the pages: the history
 * worker and the diagram renderer run at a lower priority, and so do the processes they start
 * (git, Chromium); the thread that builds the pages keeps its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICE } from '../../src/lib/background.ts';
import { RENDER_WORKER } from '../../src/lib/diagrams.ts';
import { WORKER } from '../../src/lib/history.ts';

const linux = process.platform === 'linux';

/** Plain JavaScript that writes this thread's priority and a child process's to `out`. */
const report = (out: string) => `
  const { execFileSync } = require('node:child_process');
  const { getPriority } = require('node:os');
  require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({
    thread: getPriority(0),
    child: Number(execFileSync('nice', [], { encoding: 'utf8' }).trim()),
  }));
`;

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'hd-background-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function ended(worker: Worker): Promise<void> {
  await new Promise<void>((done, fail) => {
    worker.on('exit', () => done());
    worker.on('error', fail);
  });
}

test(
  'the history worker and the processes it starts run below the page builder',
  { skip: !linux },
  async (t) => {
    const dir = scratch(t);
    const out = join(dir, 'priority.json');
    // Stands in for the changelog: the worker imports it and calls its history().
    const module = join(dir, 'changelog.cjs');
    writeFileSync(module, `exports.history = () => {${report(out)}};`);
    const before = getPriority(0);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    await ended(
      new Worker(WORKER, {
        eval: true,
        workerData: { flag, module: pathToFileURL(module).href, manifests: dir },
      }),
    );
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { thread: number; child: number };
    assert.equal(seen.thread, Math.min(19, before + BACKGROUND_NICE), 'the worker thread');
    assert.equal(seen.child, Math.min(19, before + BACKGROUND_NICE), 'a process the worker starts');
    assert.equal(getPriority(0), before, 'the thread that builds the pages keeps its priority');
    assert.equal(Atomics.load(flag, 0), 1, 'the worker still raised its flag');
  },
);

test(
  'the diagram renderer and the browser it starts run below the page builder',
  { skip: !linux },
  async (t) => {
    const dir = scratch(t);
    const out = join(dir, 'priority.json');
    // Stands in for playwright-core: what the renderer loads first, before it starts Chromium.
    const playwright = join(dir, 'playwright.cjs');
    writeFileSync(
      playwright,
      `${report(out)}\nexports.chromium = { launch: () => Promise.reject(new Error('no browser here')) };`,
    );
    const before = getPriority(0);
    const worker = new Worker(RENDER_WORKER, {
      eval: true,
      workerData: { playwright, exe: 'chromium', args: [], dist: dir, entry: 'x', origin: 'x' },
    });
    const answer = await new Promise<{ failed?: string }>((done) => {
      worker.on('message', done);
      worker.postMessage({ seq: 1, request: {} });
    });
    worker.postMessage('close');
    await ended(worker);
    assert.equal(answer.failed, 'launch', 'the stand-in refuses to launch');
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { thread: number; child: number };
    assert.equal(seen.thread, Math.min(19, before + BACKGROUND_NICE), 'the renderer thread');
    assert.equal(
      seen.child,
      Math.min(19, before + BACKGROUND_NICE),
      'a process the renderer starts',
    );
    assert.equal(getPriority(0), before, 'the thread that builds the pages keeps its priority');
  },
);
