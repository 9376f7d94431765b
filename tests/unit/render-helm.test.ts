/**
 * A Helm chart as input (tests/fixtures/helm). Helm is not installed here:
 * the chart's rendered output (rendered.txt) is written by hand in the
 * format `helm template` prints, and these tests check how its objects are
 * traced to the templates and values.yaml, and how Helm is called and
 * reported — not Helm itself. Expected lines are found in the fixture text.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { extract, loadManifests, resolveManifestPath } from '../../engine/index.ts';
import { chartObjects } from '../../engine/render/helm.ts';
import { buildFacts } from '../../engine/model/index.ts';
import { assertReported, run, where } from '../fixtures/harness.ts';

const CHART = 'tests/fixtures/helm';
const OUTPUT = fs.readFileSync(path.join(CHART, 'rendered.txt'), 'utf8');

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function lineOf(file: string, needle: string): string {
  const lines = fs.readFileSync(path.join(CHART, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${file} has no line with ${needle}`);
  return `${path.join(CHART, file)}:${i + 1}`;
}

/** A stand-in for `helm` that checks its arguments and prints the chart's output (or fails as Helm does). */
function fakeHelm(script: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-helm-bin-'));
  temps.push(dir);
  const bin = path.join(dir, 'helm');
  fs.writeFileSync(bin, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return bin;
}

function withEnv<T>(env: Record<string, string | undefined>, f: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  try {
    return f();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

describe('a chart’s rendered objects, traced to templates and values', () => {
  const load = chartObjects(loadManifests(CHART), path.join(CHART, 'Chart.yaml'), OUTPUT);
  const { registry } = buildFacts(load, CHART);
  const at = (key: string) => {
    const f = registry.get(key);
    assert.ok(f, `no fact ${key}`);
    return `${f.source.file}:${f.source.line}`;
  };

  test('the objects are the rendered ones, applied; the chart’s files are no objects', () => {
    const docs = parseAllDocuments(OUTPUT).map((d) => d.toJS());
    assert.deepStrictEqual(
      load.objects.map((o) => o.obj),
      docs,
    );
    assert.equal(load.errors.length, 0, JSON.stringify(load.errors));
    assert.equal(load.applied.via, 'helm template');
    assert.ok(load.objects.every((o) => load.applied.objects.has(o)));
    assert.deepEqual(load.applied.files.sort(), [
      'templates/deployment.yaml',
      'templates/service.yaml',
    ]);
  });

  test('a value taken straight from values.yaml points at its line there', () => {
    assert.equal(registry.get('deployment/shop-api.replicas')?.value, 3);
    assert.equal(at('deployment/shop-api.replicas'), lineOf('values.yaml', 'replicaCount: 3'));
    assert.equal(at('service/shop-api.port'), lineOf('values.yaml', 'port: 8080'));
  });

  test('a block written with toYaml points into values.yaml below its key', () => {
    assert.equal(at('deployment/shop-api.requests.cpu'), lineOf('values.yaml', 'cpu: 200m'));
    assert.equal(at('deployment/shop-api.requests.memory'), lineOf('values.yaml', 'memory: 256Mi'));
    assert.equal(at('deployment/shop-api.limits.memory'), lineOf('values.yaml', 'memory: 512Mi'));
  });

  test('anything else points at the template line that writes it', () => {
    assert.equal(at('deployment/shop-api.image'), lineOf('templates/deployment.yaml', 'image:'));
    assert.equal(
      at('deployment/shop-api.port'),
      lineOf('templates/deployment.yaml', 'containerPort:'),
    );
    assert.equal(
      at('service/shop-api.ports.http.targetPort'),
      lineOf('templates/service.yaml', 'targetPort:'),
    );
    const d = load.objects.find((o) => o.kind === 'Deployment')!;
    const loc = (p: (string | number)[]) => `${d.loc(p).file}:${d.loc(p).line}`;
    assert.equal(
      loc(['metadata', 'name']),
      lineOf('templates/deployment.yaml', 'name: {{ .Release.Name }}'),
    );
    assert.equal(
      loc(['spec', 'template', 'metadata', 'labels', 'app']),
      `${path.join(CHART, 'templates/deployment.yaml')}:15`,
    );
    assert.match(
      fs.readFileSync(path.join(CHART, 'templates/deployment.yaml'), 'utf8').split('\n')[14],
      /^ {8}app: api$/,
    );
  });
});

describe('calling Helm', () => {
  test('helm template is run with the chart’s name as release, in the default namespace', () => {
    const out = path.resolve(CHART, 'rendered.txt');
    const helm = fakeHelm(
      `[ "$1 $2 $4 $5" = "template shop --namespace default" ] || { echo "Error: unexpected arguments $*" >&2; exit 1; }\ncat '${out}'`,
    );
    const r = withEnv({ BOOK_HELM: helm }, () => extract(CHART));
    assert.equal(r.load.applied.via, 'helm template');
    assert.equal(r.registry.get('deployment/default/shop-api.replicas')?.value, 3);
    const w = withEnv({ BOOK_HELM: helm, BOOK_HELM_NAMESPACE: 'shop' }, () => run(CHART));
    assert.equal(w.code, 2);
    assert.match(
      w.stderr,
      /RENDER_FAILED {2}`helm template shop` failed: unexpected arguments template shop/,
    );
  });

  test('Helm’s refusal is bad input at Chart.yaml with Helm’s own words', () => {
    const helm = fakeHelm(
      `echo "Error: parse error at (shop/templates/service.yaml:10): unexpected EOF" >&2; exit 1`,
    );
    const r = withEnv({ BOOK_HELM: helm }, () => run(CHART));
    assertReported(r, 'RENDER_FAILED', `${path.join(CHART, 'Chart.yaml')}:1:1`);
    assert.match(r.stderr, /parse error at \(shop\/templates\/service\.yaml:10\): unexpected EOF/);
  });

  test('a template with a line of 20,000 spaces is traced at once', () => {
    // Every template line is read for its key and masked: in a child process with a deadline,
    // so a match that backtracks over the spaces fails here instead of hanging.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-helm-'));
    temps.push(dir);
    fs.cpSync(CHART, dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'templates/service.yaml'), `${' '.repeat(20_000)}\n`);
    const helm = fakeHelm(`cat '${path.join(CHART, 'rendered.txt')}'`);
    const p = spawnSync(
      process.execPath,
      ['cli/bin.js', 'extract', '--manifests', dir, '--format', 'keys'],
      { encoding: 'utf8', timeout: 20_000, env: { ...process.env, BOOK_HELM: helm } },
    );
    assert.equal(p.signal, null, 'still running after 20 s');
    assert.equal(p.status, 0, p.stderr);
    assert.match(p.stdout, /^service\/shop-api\.port\t8080\t/m);
  });

  test('without helm: HELM_NOT_FOUND at Chart.yaml, naming what to install, exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-helm-'));
    temps.push(dir);
    fs.cpSync(CHART, dir, { recursive: true });
    const r = withEnv({ BOOK_HELM: path.join(dir, 'no-helm-here') }, () => run(dir));
    assertReported(r, 'HELM_NOT_FOUND', where(dir, 'Chart.yaml', { line: 1, col: 1 }));
    assert.match(r.stderr, /Install Helm/);
    // The templates are not YAML before rendering: no complaint about them.
    assert.doesNotMatch(r.stderr, /UNRENDERED_TEMPLATE|YAML_SYNTAX/);
  });
});

describe('a chart inside a manifests folder', () => {
  const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: "1"\n';
  for (const [name, root] of [
    ['beside a kustomization', { 'kustomization.yaml': 'resources:\n  - cm.yaml\n' }],
    ['in a folder read as files', {}],
  ] as const)
    test(`${name}: not read, a NESTED_CHART warning at its Chart.yaml, the rest read`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-nested-'));
      temps.push(dir);
      for (const [f, text] of Object.entries({ ...root, 'cm.yaml': CM }))
        fs.writeFileSync(path.join(dir, f), text);
      fs.cpSync(CHART, path.join(dir, 'chart', 'shop'), { recursive: true });
      const r = extract(dir);
      assert.deepEqual(
        r.load.warnings.map((w) => [w.code, path.relative(dir, w.file), w.line]),
        [['NESTED_CHART', 'chart/shop/Chart.yaml', 1]],
      );
      assert.ok(r.load.files.every((f) => !f.rel.startsWith('chart/')));
      assert.equal(r.registry.get('configmap/default/plain.a')?.value, '1');
    });
});

describe('a chart’s credentials', () => {
  const SENTINEL = 'hunter2-q7Zp';
  const VALUES = `db:\n  user: app\n  password: ${SENTINEL}\n`;
  const TEMPLATE = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: {{ .Release.Name }}-db',
    'stringData:',
    '  user: {{ .Values.db.user }}',
    '  password: {{ .Values.db.password }}',
    '',
  ].join('\n');
  // What `helm template vault DIR` prints for the chart.
  const OUT = [
    '---',
    '# Source: vault/templates/secret.yaml',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: vault-db',
    'stringData:',
    '  user: app',
    `  password: ${SENTINEL}`,
    '',
  ].join('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-helm-secret-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, 'templates'));
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: vault\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(dir, 'values.yaml'), VALUES);
  fs.writeFileSync(path.join(dir, 'templates/secret.yaml'), TEMPLATE);
  fs.writeFileSync(path.join(dir, 'rendered.txt'), OUT);
  const helm = fakeHelm(`cat '${path.join(dir, 'rendered.txt')}'`);
  const lineIn = (text: string, needle: string) =>
    text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  test('values.yaml is redacted by key name; no credential byte reaches a file, an excerpt or the JSON', () => {
    const load = chartObjects(loadManifests(dir), path.join(dir, 'Chart.yaml'), OUT);
    assert.ok(load.files.some((f) => f.rel === 'values.yaml'));
    for (const f of load.files) {
      assert.ok(!f.text.includes(SENTINEL), `${f.rel} holds the credential`);
      assert.ok(!f.lines.some((l) => l.includes(SENTINEL)), `${f.rel} lines hold the credential`);
    }
    // Only the credential goes: the user name stays readable.
    assert.match(load.files.find((f) => f.rel === 'values.yaml')!.text, /^ {2}user: app$/m);
    const red = load.redactions.find((r) => r.file.endsWith('values.yaml'));
    assert.deepEqual(
      red && { line: red.line, kind: red.kind, name: red.name, credential: red.credential },
      {
        line: lineIn(VALUES, 'password:'),
        kind: 'embedded-credential',
        name: 'password',
        credential: true,
      },
    );
    const r = withEnv({ BOOK_HELM: helm }, () => extract(dir));
    for (const p of ['db', 'db.password']) {
      const x = resolveManifestPath(r, 'values.yaml', p);
      assert.ok('text' in x, `values.yaml ${p}: ${JSON.stringify(x)}`);
      assert.ok(!x.text.includes(SENTINEL), `excerpt of values.yaml ${p} holds the credential`);
    }
    // A template is shown as written or not at all; never with the rendered value.
    const t = resolveManifestPath(r, 'templates/secret.yaml', null);
    assert.ok(!('text' in t) || !t.text.includes(SENTINEL));
    const json = withEnv({ BOOK_HELM: helm }, () => run(dir));
    assert.equal(json.code, 0, json.stderr);
    assert.ok(json.stdout.includes('vault-db'));
    assert.ok(!json.stdout.includes(SENTINEL) && !json.stderr.includes(SENTINEL));
  });

  test('a Secret template’s keys are located on their own lines', () => {
    const load = chartObjects(loadManifests(dir), path.join(dir, 'Chart.yaml'), OUT);
    const s = load.objects.find((o) => o.kind === 'Secret')!;
    const template = path.join(dir, 'templates/secret.yaml');
    const loc = (p: string[]) => `${path.resolve(s.loc(p).file)}:${s.loc(p).line}`;
    assert.equal(loc(['metadata', 'name']), `${template}:${lineIn(TEMPLATE, '  name:')}`);
    assert.equal(loc(['stringData', 'user']), `${template}:${lineIn(TEMPLATE, '  user:')}`);
    assert.equal(loc(['stringData', 'password']), `${template}:${lineIn(TEMPLATE, '  password:')}`);
  });
});
