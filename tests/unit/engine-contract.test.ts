/**
 * The JSON contract comes from one source: real `extract --format json`
 * output reads against the zod schemas (nothing missing, nothing extra), and
 * docs/extract-schema.json is what those schemas generate.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runExtract } from '../../cli/extract.ts';
import { ExtractedSchema, extractJsonSchema } from '../../engine/contract.ts';

function output(dir: string): unknown {
  const r = runExtract(['--manifests', dir, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('the JSON contract', () => {
  for (const dir of ['manifests', 'tests/fixtures/public-demo', 'tests/fixtures/real-world']) {
    test(`${dir}: the output reads against the schema, field for field`, () => {
      const json = output(dir);
      const parsed = ExtractedSchema.safeParse(json);
      assert.ok(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3)));
      // Parsing strips unknown fields: equal means every field is in the schema.
      assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), json);
    });
  }

  test('a field of the wrong type is refused', () => {
    const json = output('manifests') as { workloads: { replicas: unknown }[] };
    json.workloads[0].replicas = '3';
    assert.equal(ExtractedSchema.safeParse(json).success, false);
  });

  test('docs/extract-schema.json is generated from the schemas (npm run schema:doc)', () => {
    assert.equal(fs.readFileSync('docs/extract-schema.json', 'utf8'), extractJsonSchema());
  });
});
