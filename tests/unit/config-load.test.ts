/**
 * Astro imports astro.config.mjs with Node and falls back to a Vite server (which
 * transforms every module the config reaches, on every build) when that throws: the
 * config must stay loadable by plain Node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

test('Node imports astro.config.mjs itself', async () => {
  const config = (await import(pathToFileURL(resolve('astro.config.mjs')).href)).default;
  assert.ok(Array.isArray(config.integrations) && config.integrations.length > 0);
});
