/**
 * Secret and ConfigMap data the API server refuses: Go's base64 decoder, offset for offset, and
 * what the loader keeps of a refused Secret value (why, never the value) through every output.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { runCheck } from '../../cli/check.ts';
import { runExtract } from '../../cli/extract.ts';
import { extract } from '../../engine/index.ts';
import { base64ErrorAt, dataRefusal } from '../../engine/secret-data.ts';

const temps: string[] = [];
after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));
const tempDir = () => {
  temps.push(fs.mkdtempSync(path.join(os.tmpdir(), 'hd-secret-data-')));
  return temps.at(-1)!;
};

describe('base64ErrorAt: Go base64.StdEncoding.Decode', () => {
  // Go's own table (src/encoding/base64/base64_test.go, TestDecodeCorrupt): -1 decodes.
  const GO_CORRUPT: [string, number][] = [
    ['', -1],
    ['\n', -1],
    ['AAA=\n', -1],
    ['AAAA\n', -1],
    ['!!!!', 0],
    ['====', 0],
    ['x===', 1],
    ['=AAA', 0],
    ['A=AA', 1],
    ['AA=A', 2],
    ['AA==A', 4],
    ['AAA=AAAA', 4],
    ['AAAAA', 4],
    ['AAAAAA', 4],
    ['A=', 1],
    ['A==', 1],
    ['AA=', 3],
    ['AA==', -1],
    ['AAA=', -1],
    ['AAAA', -1],
    ['AAAAAA=', 7],
    ['YWJjZA=====', 8],
    ['A!\n', 1],
    ['A=\n', 1],
  ];
  for (const [input, offset] of GO_CORRUPT)
    test(`${JSON.stringify(input)} → ${offset < 0 ? 'decodes' : `byte ${offset}`}`, () => {
      assert.equal(base64ErrorAt(input), offset < 0 ? null : offset);
    });

  test('padded standard base64 decodes, `+` and `/` included', () => {
    assert.equal(base64ErrorAt(Buffer.from('hello').toString('base64')), null);
    assert.equal(base64ErrorAt(Buffer.from([0xfb, 0xff, 0xbf]).toString('base64')), null);
    assert.equal(Buffer.from([0xfb, 0xff, 0xbf]).toString('base64'), '+/+/');
  });

  test('unpadded: refused where the short last quantum starts', () => {
    // `hello` is 5 bytes: one whole quantum `aGVs`, then `bG8` wants its `=`.
    assert.equal(base64ErrorAt('aGVsbG8'), 4);
  });

  test('the URL-safe alphabet is refused at its first `-` or `_`', () => {
    assert.equal(base64ErrorAt('aGV-bG8='), 3);
    assert.equal(base64ErrorAt('aGVs_G8='), 4);
  });

  test('line breaks anywhere are skipped (a `|` block scalar), a space is not (a folded one)', () => {
    assert.equal(base64ErrorAt('aGVs\nbG8=\n'), null);
    assert.equal(base64ErrorAt('aG\r\nVs\nbG\n8=\n'), null);
    assert.equal(base64ErrorAt('aGVs bG8=\n'), 4);
  });

  test('a character outside ASCII is refused at its first byte', () => {
    // Every byte before the first bad one is ASCII, so bytes and characters count alike there.
    assert.equal(base64ErrorAt('é'), 0);
    assert.equal(base64ErrorAt('AAAAé'), 4);
    assert.equal(base64ErrorAt('AA\nAé'), 4);
  });
});

describe('dataRefusal', () => {
  test('a Secret data and a ConfigMap binaryData take base64 strings; null and "" pass', () => {
    for (const [kind, field] of [
      ['Secret', 'data'],
      ['ConfigMap', 'binaryData'],
    ] as const) {
      assert.equal(dataRefusal(kind, field, 'YQ=='), null);
      assert.equal(dataRefusal(kind, field, ''), null);
      assert.equal(dataRefusal(kind, field, null), null);
      assert.deepEqual(dataRefusal(kind, field, 'plain text'), {
        field,
        problem: 'not-base64',
        byte: 5,
      });
    }
  });

  test('a Secret stringData and a ConfigMap data take any string', () => {
    assert.equal(dataRefusal('Secret', 'stringData', 'plain text, not base64'), null);
    assert.equal(dataRefusal('ConfigMap', 'data', 'plain text, not base64'), null);
  });

  test('a whole `${NAME}` is a substitution (envsubst, Flux), not judged; a partial one is', () => {
    assert.equal(dataRefusal('Secret', 'data', '${DB_PASSWORD_B64}'), null);
    assert.equal(dataRefusal('Secret', 'data', '${DB_PASSWORD:=c2VjcmV0}'), null);
    assert.deepEqual(dataRefusal('Secret', 'data', 'YQ==${X}'), {
      field: 'data',
      problem: 'not-base64',
      byte: 4,
    });
  });

  test('a value that is no string is refused under every field, with its YAML type', () => {
    assert.deepEqual(dataRefusal('Secret', 'stringData', 8080), {
      field: 'stringData',
      problem: 'not-string',
      type: 'number',
    });
    const type = (r: ReturnType<typeof dataRefusal>) => (r as { type: string }).type;
    assert.equal(type(dataRefusal('Secret', 'data', true)), 'boolean');
    assert.equal(type(dataRefusal('ConfigMap', 'binaryData', {})), 'mapping');
    assert.equal(type(dataRefusal('ConfigMap', 'data', [])), 'list');
  });
});

test('a ConfigMap data number, not blanked, stays the engine’s WRONG_TYPE (bad input)', () => {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'c.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  WORKERS: 4\n',
  );
  assert.throws(() => extract(dir), /c\.yaml:6:12 WRONG_TYPE `WORKERS` must be a string/);
});

describe('a refused Secret value is reported, and no byte of it reaches any output', () => {
  const S = (id: string) => `SNTL-${id}-4e1b7d`;
  // Valid base64 whose text is itself a sentinel, a bad one, and a number.
  const VALID = Buffer.from(`${S('valid')}!`).toString('base64');
  const BAD = `${S('bad')}~`;
  const NUMBER = '73914628501';
  const BINARY = `${S('binary')}~`;
  const SENTINELS = [VALID, BAD, S('bad'), NUMBER, S('string'), BINARY, S('binary')];
  const secret = `apiVersion: v1
kind: Secret
metadata:
  name: refused
  namespace: honeydue
data:
  valid: ${VALID}
  bad: "${BAD}"
  count: ${NUMBER}
stringData:
  text: ${S('string')}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: refused-binary
  namespace: honeydue
binaryData:
  API_TOKEN: "${BINARY}"
`;
  const dir = tempDir();
  fs.cpSync('manifests', dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'refused.yaml'), secret);
  const file = path.join(dir, 'refused.yaml');
  const lineOf = (needle: string) => secret.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const leaks = (blob: string) => SENTINELS.filter((s) => blob.includes(s));

  test('the redactions say why, at the key, and the result holds no sentinel', () => {
    const r = extract(dir);
    const mine = r.redactions.filter((x) => x.file === file);
    assert.deepEqual(
      mine.map((x) => [x.name, x.refused ?? null]),
      [
        ['valid', null],
        // `SNTL-` is base64 text; the `-` is byte 4.
        ['bad', { field: 'data', problem: 'not-base64', byte: 4, line: lineOf('bad:'), col: 3 }],
        [
          'count',
          { field: 'data', problem: 'not-string', type: 'number', line: lineOf('count:'), col: 3 },
        ],
        ['text', null],
        [
          'API_TOKEN',
          {
            field: 'binaryData',
            problem: 'not-base64',
            byte: 4,
            line: lineOf('API_TOKEN'),
            col: 3,
          },
        ],
      ],
    );
    const blob = util.inspect(r, { depth: Infinity, showHidden: true, maxStringLength: Infinity });
    assert.deepEqual(leaks(blob), []);
  });

  for (const format of ['json', 'human', 'github']) {
    test(`check --format ${format}: the refusals are findings, and no sentinel is printed`, () => {
      const r = runCheck(['--manifests', dir, '--format', format]);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
      if (format !== 'json') return;
      const found = JSON.parse(r.stdout).findings.filter(
        (f: { ruleId: string }) => f.ruleId === 'invalid-secret-data',
      );
      assert.deepEqual(
        found.map((f: { file: string; line: number; col: number }) => [f.file, f.line, f.col]),
        [
          [file, lineOf('bad:'), 3],
          [file, lineOf('count:'), 3],
          [file, lineOf('API_TOKEN'), 3],
        ],
      );
    });
  }

  for (const format of ['json', 'text', 'keys']) {
    test(`extract --format ${format} shows no sentinel`, () => {
      const r = runExtract(['--manifests', dir, '--format', format]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
    });
  }
});
