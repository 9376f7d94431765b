/**
 * Which Chromium draws the diagrams: the one CHROMIUM_PATH names, else Debian's headless
 * shell when it is installed, else the full browser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumPath, diagramChromiumPath, HEADLESS_SHELL } from '../../src/lib/chromium.ts';

const installed =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

test('CHROMIUM_PATH decides, installed shell or not', () => {
  const env = { CHROMIUM_PATH: '/opt/chrome/chrome' };
  assert.equal(diagramChromiumPath(env, installed(HEADLESS_SHELL)), '/opt/chrome/chrome');
  assert.equal(diagramChromiumPath(env, installed()), '/opt/chrome/chrome');
});

test('without CHROMIUM_PATH the headless shell draws when it is installed, else the full browser', () => {
  assert.equal(
    diagramChromiumPath({}, installed(HEADLESS_SHELL, '/usr/bin/chromium')),
    HEADLESS_SHELL,
  );
  assert.equal(diagramChromiumPath({}, installed('/usr/bin/chromium')), '/usr/bin/chromium');
  assert.equal(diagramChromiumPath({ CHROMIUM_PATH: '' }, installed()), '/usr/bin/chromium');
});

test('pages are tested in the full browser, never the shell', () => {
  const saved = process.env.CHROMIUM_PATH;
  delete process.env.CHROMIUM_PATH;
  try {
    assert.equal(chromiumPath(), '/usr/bin/chromium');
  } finally {
    if (saved !== undefined) process.env.CHROMIUM_PATH = saved;
  }
});
