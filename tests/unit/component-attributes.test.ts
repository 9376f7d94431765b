/**
 * The check's table of the attributes each component needs (mdx/components.ts) is the
 * components' own: every component a chapter can import, with the required members of its
 * `Props`, read from its source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REQUIRED_ATTRIBUTES } from '../../mdx/index.ts';

const DIR = path.resolve(import.meta.dirname, '../../src/components');

/** The required members of a component's `interface Props`. */
function required(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const props = /interface Props\s*\{([\s\S]*?)\n\}/.exec(src)?.[1] ?? '';
  return [...props.matchAll(/^\s+([A-Za-z]\w*):/gm)].map((m) => m[1]);
}

test('every importable component needs exactly the attributes the check asks for', () => {
  const index = fs.readFileSync(path.join(DIR, 'index.ts'), 'utf8');
  const exported = [...index.matchAll(/export \{ default as (\w+) \} from '\.\/(\w+)\.astro'/g)];
  assert.ok(exported.length > 10, 'the components index lists the components');
  const found: Record<string, string[]> = {};
  for (const [, name, file] of exported) {
    const req = required(path.join(DIR, `${file}.astro`));
    if (req.length) found[name] = req;
  }
  assert.deepEqual(
    Object.fromEntries(Object.entries(REQUIRED_ATTRIBUTES).map(([k, v]) => [k, [...v]])),
    found,
  );
});
