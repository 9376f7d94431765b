/**
 * Kustomize input: the overlay fixture (tests/fixtures/kustomize) read as
 * `kubectl apply -k` applies it. The ground truth is `kubectl kustomize`
 * itself, run here; every expected line is found in the fixture's text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  extract,
  InputErrors,
  resolveManifestPath,
  type ExtractResult,
  type ObjectView,
} from '../../engine/index.ts';
import { onPath } from '../../engine/render/tools.ts';
import { assertReported, DEPLOYMENT, posOf, run, where } from '../fixtures/harness.ts';

const FIX = 'tests/fixtures/kustomize';
const kubectl = onPath('kubectl');
const NO_KUBECTL = kubectl ? false : 'kubectl is not installed';

type Obj = Record<string, unknown>;

/** `kubectl kustomize DIR`, parsed: what `kubectl apply -k DIR` sends to the API server. */
export function kustomize(dir: string): Obj[] {
  const out = execFileSync(kubectl!, ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => d.toJS() as Obj);
}

/** file:line of the nth line of a fixture file containing `needle`. */
export function lineOf(dir: string, file: string, needle: string, nth = 1): string {
  const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
  let seen = 0;
  const i = lines.findIndex((l) => l.includes(needle) && ++seen === nth);
  assert.ok(i >= 0, `${file} has no line with ${JSON.stringify(needle)}`);
  return `${path.join(dir, file)}:${i + 1}`;
}

const at = (p: { file: string; line: number }) => `${p.file}:${p.line}`;
const lineNo = (fileLine: string) => Number(fileLine.split(':').pop());
const idOf = (o: { kind?: unknown; metadata?: unknown }) =>
  `${o.kind}/${(o.metadata as Obj | undefined)?.name}`;

function leaves(x: unknown, p: (string | number)[] = []): [(string | number)[], unknown][] {
  if (Array.isArray(x)) return x.flatMap((y, i) => leaves(y, [...p, i]));
  if (x && typeof x === 'object')
    return Object.entries(x as Obj).flatMap(([k, y]) => leaves(y, [...p, k]));
  return [[p, x]];
}

let result: ExtractResult;
let truth: Obj[];
let applied: ObjectView[];
const view = (kind: string, name: string) =>
  result.load.objects.find((o) => o.kind === kind && o.name === name)!;

before(() => {
  result = extract(FIX);
  applied = result.load.objects.filter((o) => result.load.applied.objects.has(o));
  if (kubectl) truth = kustomize(FIX);
});

describe('an overlay rendered by Kustomize', { skip: NO_KUBECTL }, () => {
  test('the applied objects are exactly those kubectl kustomize renders, value for value', () => {
    assert.deepEqual(applied.map((o) => idOf(o.obj)).sort(), truth.map(idOf).sort());
    for (const o of applied) {
      const t = truth.find((x) => idOf(x) === idOf(o.obj))!;
      assert.deepStrictEqual(o.obj, t, idOf(o.obj));
    }
    assert.equal(result.load.applied.via, 'kubectl kustomize');
  });

  test('the build annotations are gone from what the model reads', () => {
    for (const o of applied)
      assert.doesNotMatch(
        JSON.stringify(o.obj),
        /config\.kubernetes\.io\/(origin|transformations)/,
      );
  });

  test('each fact equals the rendered value and points at the line that set it', () => {
    const cm = truth.find((t) => t.kind === 'ConfigMap')!;
    const cmName = (cm.metadata as Obj).name as string;
    const c0 = ['spec', 'template', 'spec', 'containers', 0];
    const c1 = ['spec', 'template', 'spec', 'containers', 1];
    const table: [string, string, (string | number)[], string][] = [
      [
        'deployment/shop/prod-api.replicas',
        'prod-api',
        ['spec', 'replicas'],
        lineOf(FIX, 'kustomization.yaml', 'count: 4'),
      ],
      [
        'deployment/shop/prod-api.containers.api.image',
        'prod-api',
        [...c0, 'image'],
        lineOf(FIX, 'kustomization.yaml', 'newTag: "1.4.2"'),
      ],
      [
        'deployment/shop/prod-api.containers.api.limits.memory',
        'prod-api',
        [...c0, 'resources', 'limits', 'memory'],
        lineOf(FIX, 'patches/api-resources.yaml', 'memory: 512Mi'),
      ],
      [
        'deployment/shop/prod-api.containers.api.limits.cpu',
        'prod-api',
        [...c0, 'resources', 'limits', 'cpu'],
        lineOf(FIX, 'patches/api-resources.yaml', 'cpu: 500m'),
      ],
      [
        'deployment/shop/prod-api.containers.api.requests.cpu',
        'prod-api',
        [...c0, 'resources', 'requests', 'cpu'],
        lineOf(FIX, 'base/deployment.yaml', 'cpu: 100m'),
      ],
      [
        'deployment/shop/prod-api.containers.api.requests.memory',
        'prod-api',
        [...c0, 'resources', 'requests', 'memory'],
        lineOf(FIX, 'base/deployment.yaml', 'memory: 128Mi'),
      ],
      [
        'deployment/shop/prod-api.containers.api.port',
        'prod-api',
        [...c0, 'ports', 0, 'containerPort'],
        lineOf(FIX, 'base/deployment.yaml', 'containerPort: 8000'),
      ],
      [
        'deployment/shop/prod-api.containers.log-shipper.requests.cpu',
        'prod-api',
        [...c1, 'resources', 'requests', 'cpu'],
        lineOf(FIX, 'base/deployment.yaml', 'cpu: 10m'),
      ],
      [
        'deployment/shop/prod-redis.image',
        'prod-redis',
        [...c0, 'image'],
        lineOf(FIX, 'kustomization.yaml', 'newName: mirror.example.com/library/redis'),
      ],
      [
        'deployment/shop/prod-redis.replicas',
        'prod-redis',
        ['spec', 'replicas'],
        lineOf(FIX, 'redis/deployment.yaml', 'replicas: 1'),
      ],
      [
        'poddisruptionbudget/shop/prod-api.minAvailable',
        'prod-api',
        ['spec', 'minAvailable'],
        lineOf(FIX, 'components/availability/pdb.yaml', 'minAvailable: 2'),
      ],
      [
        'service/shop/prod-api.port',
        'prod-api',
        ['spec', 'ports', 0, 'port'],
        lineOf(FIX, 'base/service.yaml', 'port: 80'),
      ],
      [
        `configmap/shop/${cmName}.CURRENCY`,
        cmName,
        ['data', 'CURRENCY'],
        lineOf(FIX, 'kustomization.yaml', '- CURRENCY=EUR'),
      ],
      [
        `configmap/shop/${cmName}.PAYMENT_PROVIDER`,
        cmName,
        ['data', 'PAYMENT_PROVIDER'],
        lineOf(FIX, 'config/app.env', 'PAYMENT_PROVIDER='),
      ],
      [
        `configmap/shop/${cmName}.CHECKOUT_TIMEOUT`,
        cmName,
        ['data', 'CHECKOUT_TIMEOUT'],
        lineOf(FIX, 'config/app.env', 'CHECKOUT_TIMEOUT='),
      ],
    ];
    for (const [key, name, p, line] of table) {
      const fact = result.registry.get(key);
      assert.ok(fact, `no fact ${key}`);
      const t = truth.find(
        (x) => (x.metadata as Obj).name === name && key.startsWith(String(x.kind).toLowerCase()),
      );
      let expected: unknown = t;
      for (const seg of p) expected = (expected as Record<string | number, unknown>)[seg];
      assert.deepEqual(fact.value, expected, key);
      assert.equal(at(fact.source), line, key);
    }
    // The tag is the overlay's, not the base's own `images:` override, nor the file's.
    assert.equal(
      result.registry.get('deployment/prod-api.containers.api.imageTag')?.value,
      '1.4.2',
    );
  });

  test('values set by a transformer point at the kustomization line that set them', () => {
    const d = view('Deployment', 'prod-api');
    const c0 = ['spec', 'template', 'spec', 'containers', 0];
    const cases: [(string | number)[], string][] = [
      [['metadata', 'namespace'], lineOf(FIX, 'kustomization.yaml', 'namespace: shop')],
      [['metadata', 'labels', 'env'], lineOf(FIX, 'kustomization.yaml', 'env: production')],
      [
        ['metadata', 'labels', 'app.kubernetes.io/part-of'],
        lineOf(FIX, 'base/kustomization.yaml', 'part-of: shop'),
      ],
      [
        ['metadata', 'annotations', 'owner'],
        lineOf(FIX, 'components/availability/kustomization.yaml', 'owner:'),
      ],
      [
        ['spec', 'template', 'metadata', 'annotations', 'owner'],
        lineOf(FIX, 'components/availability/kustomization.yaml', 'owner:'),
      ],
      [[...c0, 'env', 0, 'value'], lineOf(FIX, 'kustomization.yaml', 'value: debug')],
      [[...c0, 'env', 2, 'value'], lineOf(FIX, 'kustomization.yaml', 'value: checkout-v2')],
      [[...c0, 'env', 1, 'value'], lineOf(FIX, 'base/deployment.yaml', 'value: db.internal')],
      // Names after namePrefix, and the references Kustomize renames, point at the source's name.
      [['metadata', 'name'], lineOf(FIX, 'base/deployment.yaml', 'name: api')],
      [
        [...c0, 'envFrom', 0, 'configMapRef', 'name'],
        lineOf(FIX, 'base/deployment.yaml', 'name: app-config'),
      ],
      [[], `${path.join(FIX, 'base/deployment.yaml')}:1`],
    ];
    for (const [p, line] of cases) assert.equal(at(d.loc(p)), line, p.join('.'));
    assert.equal(d.get([...c0, 'env', 0, 'value']), 'debug');
    const cm = result.load.objects.find((o) => o.kind === 'ConfigMap')!;
    assert.equal(
      at(cm.loc(['metadata', 'name'])),
      lineOf(FIX, 'kustomization.yaml', '- name: app-config'),
    );
  });

  test('every rendered value points at a line of the fixture that writes it (or the part a prefix, tag or hash completes)', () => {
    const unquote = (s: string) =>
      s
        .trim()
        .replace(/^- /, '')
        .replace(/^[^:=]*[:=]\s*/, '')
        .replace(/^["']|["']$/g, '');
    let checked = 0;
    for (const o of applied) {
      const generated = o.source.rel.endsWith('kustomization.yaml');
      for (const [p, value] of leaves(o.obj)) {
        if (generated && (p[0] === 'kind' || p[0] === 'apiVersion')) continue;
        const pos = o.loc(p);
        assert.ok(pos.file.startsWith(FIX), `${idOf(o.obj)} ${p.join('.')} at ${pos.file}`);
        const text = fs.readFileSync(pos.file, 'utf8').split('\n')[pos.line - 1];
        const v = String(value);
        assert.ok(
          text.includes(v) || (unquote(text) !== '' && v.includes(unquote(text))),
          `${idOf(o.obj)} ${p.join('.')} = ${v} at ${at(pos)}: ${text}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 60, `checked ${checked} values`);
  });

  test('an excerpt of a rendered object shows its source file', () => {
    const r = resolveManifestPath(
      result,
      'base/deployment.yaml',
      'spec.template.spec.containers[name=api].resources',
    );
    assert.ok(!('error' in r), JSON.stringify(r));
    assert.equal(r.file, path.join(FIX, 'base/deployment.yaml'));
    assert.match(r.text, /memory: 256Mi/);
    // What the file shows is not what is applied: each difference says where it is set.
    assert.deepEqual(
      r.overrides.map((o) => [o.path, o.value, o.line, at(o.source)]),
      [
        [
          'limits.memory',
          '512Mi',
          lineNo(lineOf(FIX, 'base/deployment.yaml', 'memory: 256Mi')),
          lineOf(FIX, 'patches/api-resources.yaml', 'memory: 512Mi'),
        ],
        ['limits.cpu', '500m', null, lineOf(FIX, 'patches/api-resources.yaml', 'cpu: 500m')],
      ],
    );
    const image = resolveManifestPath(
      result,
      'base/deployment.yaml',
      'spec.template.spec.containers[name=api].image',
    );
    assert.ok(!('error' in image));
    assert.deepEqual(
      image.overrides.map((o) => [o.value, at(o.source)]),
      [
        [
          'registry.example.com/shop/api:1.4.2',
          lineOf(FIX, 'kustomization.yaml', 'newTag: "1.4.2"'),
        ],
      ],
    );
    const sidecar = resolveManifestPath(
      result,
      'base/deployment.yaml',
      'spec.template.spec.containers[name=log-shipper]',
    );
    assert.ok(!('error' in sidecar));
    assert.deepEqual(sidecar.overrides, []);
  });

  test('a patch file can still be shown', () => {
    const r = resolveManifestPath(
      result,
      'patches/api-resources.yaml',
      'spec.template.spec.containers[name=api].resources.limits',
    );
    assert.ok(!('error' in r), JSON.stringify(r));
    assert.equal(r.text, 'limits:\n  cpu: 500m\n  memory: 512Mi');
  });
});

describe('applied and defined follow the root kustomization', () => {
  test('only the root is a root: files it does not reach are defined, not applied', () => {
    assert.equal(
      result.extracted.applied.kustomization?.file,
      path.join(FIX, 'kustomization.yaml'),
    );
    assert.deepEqual(result.extracted.applied.notApplied, [
      'legacy/worker.yaml',
      'unused/hpa.yaml',
    ]);
    assert.equal(result.registry.get('hpa/api.applied')?.value, false);
    assert.equal(result.registry.get('deployment/shop/worker.replicas')?.value, 1);
    const worker = result.extracted.workloads.find((w) => w.name === 'worker')!;
    assert.equal(worker.applied, false);
    assert.deepEqual(
      result.extracted.workloads.filter((w) => w.applied).map((w) => w.name),
      ['prod-api', 'prod-redis'],
    );
  });

  test('a patch file is no object of its own', () => {
    assert.ok(!result.load.objects.some((o) => o.source.rel.startsWith('patches/')));
    assert.ok(result.load.consumed.some((o) => o.source.rel === 'patches/api-resources.yaml'));
    assert.equal(result.extracted.workloads.filter((w) => w.name.endsWith('api')).length, 1);
  });

  test('a kustomization is never an object of unknown kind, with or without `kind:`', () => {
    // redis/kustomization.yaml has no apiVersion or kind, the component is `kind: Component`.
    assert.doesNotMatch(
      fs.readFileSync(path.join(FIX, 'redis/kustomization.yaml'), 'utf8'),
      /kind:/,
    );
    assert.equal(result.extracted.documents.byKind['(no kind)'], undefined);
    // The component keeps its kind and is passed over, as the model passes over custom kinds.
    assert.deepEqual(
      result.extracted.documents.skipped.map((s) => s.kind),
      ['Component'],
    );
    assert.ok(!result.extracted.applied.notApplied.some((f) => f.endsWith('kustomization.yaml')));
  });

  test('the namespace totals count the overlay namespace', () => {
    assert.equal(result.registry.get('workloads.count')?.value, 2);
    assert.deepEqual(result.registry.get('namespace.shop.workloads')?.value, [
      'prod-api',
      'prod-redis',
    ]);
  });
});

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** A new folder holding exactly these files (names relative to it). */
function folderOf(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-kz-'));
  temps.push(dir);
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

/** A copy of a folder to change. */
export function copyOf(dir: string): string {
  const to = folderOf({});
  fs.cpSync(dir, to, { recursive: true });
  return to;
}

/** Everything an extraction keeps (file texts, objects, the model, every fact), as one text to scan. */
function everythingOf(r: ReturnType<typeof extract>): string {
  return JSON.stringify([
    r.load.files.map((f) => f.text),
    r.load.objects.map((o) => o.obj),
    r.extracted,
    r.registry.keys().map((key) => r.registry.get(key)),
  ]);
}

describe('the real manifests', () => {
  test(
    'a plain resources list: reading its files gives what rendering it gives',
    { skip: NO_KUBECTL },
    () => {
      const read = extract('manifests');
      const rendered = extract('manifests', { alwaysRender: true });
      assert.equal(read.load.applied.via, 'resources list');
      assert.equal(rendered.load.applied.via, 'kubectl kustomize');
      const facts = (r: ExtractResult) =>
        r.registry.keys().map((k) => {
          const f = r.registry.get(k)!;
          return [k, f.value, f.source.file, f.source.line];
        });
      assert.deepStrictEqual(facts(rendered), facts(read));
      assert.deepStrictEqual(rendered.extracted.applied, read.extracted.applied);
      assert.deepEqual(read.extracted.applied.notApplied, ['api/hpa.yaml', 'secrets.yaml']);
    },
  );

  test(
    'an images: override changes the api tag the book shows, at the newTag line',
    { skip: NO_KUBECTL },
    () => {
      const dir = copyOf('manifests');
      const k = path.join(dir, 'kustomization.yaml');
      fs.appendFileSync(
        k,
        'images:\n  - name: gitea.treytartt.com/admin/honeydue-api\n    newTag: 9f8e7d6\n',
      );
      const before = extract('manifests');
      const r = extract(dir);
      const api = kustomize(dir).find((o) => idOf(o) === 'Deployment/api')!;
      const image = (api as any).spec.template.spec.containers[0].image as string;
      assert.equal(image.split(':').pop(), '9f8e7d6');
      const tag = r.registry.get('deployment/api.imageTag')!;
      assert.equal(tag.value, '9f8e7d6');
      assert.equal(at(tag.source), lineOf(dir, 'kustomization.yaml', 'newTag: 9f8e7d6'));
      assert.notEqual(before.registry.get('deployment/api.imageTag')?.value, '9f8e7d6');
      // The other images and what is applied do not move.
      for (const w of ['worker', 'admin', 'web']) {
        const [was, is] = [before, r].map((x) => x.registry.get(`deployment/${w}.imageTag`)!);
        assert.deepEqual([is.value, is.source.line], [was.value, was.source.line], w);
      }
      assert.deepEqual(r.extracted.applied.notApplied, before.extracted.applied.notApplied);
    },
  );
});

/** A kustomization with a JSON patch file (a list, no object) and `field` after it. */
function jsonPatchFolder(field: string): string {
  return folderOf({
    'kustomization.yaml': `resources:\n  - cm.yaml\npatchesJson6902:\n  - target: { version: v1, kind: ConfigMap, name: app }\n    path: patch.yaml\n${field}\n`,
    'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  X: "1"\n',
    'patch.yaml': '- op: add\n  path: /data/Y\n  value: "2"\n',
  });
}

/** The codes of the bad-input errors extract stops with. */
function codesOf(dir: string, opts?: Parameters<typeof extract>[1]): string[] {
  try {
    extract(dir, opts);
  } catch (e) {
    if (e instanceof InputErrors) return e.errors.map((x) => x.code);
    throw e;
  }
  return [];
}

describe('without a renderer', () => {
  test('an overlay is bad input naming what to install', () => {
    assert.throws(
      () => extract(FIX, { env: { PATH: '' } }),
      (e: unknown) => {
        assert.ok(e instanceof InputErrors);
        const err = e.errors.find((x) => x.code === 'RENDERER_NOT_FOUND')!;
        assert.ok(err, JSON.stringify(e.errors));
        assert.equal(
          `${err.file}:${err.line}`,
          lineOf(FIX, 'kustomization.yaml', 'namespace: shop'),
        );
        assert.match(err.message, /`namespace`.*`images`.*`patches`/);
        assert.match(err.message, /kubectl.*kustomize/);
        assert.match(err.hint, /Install kubectl/);
        return true;
      },
    );
  });

  test('a JSON patch file is still no object: the one error is the missing renderer', () => {
    assert.deepEqual(codesOf(jsonPatchFolder('replicas: 2'), { env: { PATH: '' } }), [
      'RENDERER_NOT_FOUND',
    ]);
  });

  test('a plain resources list still reads the same', () => {
    const r = extract('manifests', { env: { PATH: '' } });
    assert.equal(r.load.applied.via, 'resources list');
    assert.deepEqual(r.extracted.applied.notApplied, ['api/hpa.yaml', 'secrets.yaml']);
  });
});

describe('a plain resources list with scalars Kustomize reads its own way', () => {
  // kubectl apply -f reads `yes` as true and a date as text; kubectl apply -k (Kustomize,
  // go-yaml v3) reads `yes` as text and a data value's date as a timestamp (an annotation's
  // stays text). Kustomize decides, so the list is rendered.
  const listed = () =>
    folderOf({
      'kustomization.yaml': 'resources:\n  - flags.yaml\n',
      'flags.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: flags',
        '  annotations:',
        '    released: 2024-01-05',
        'data:',
        '  FEATURE: yes',
        '  DAY: 2024-01-05',
        '  MODE: "on"',
        '',
      ].join('\n'),
    });

  test(
    'is read as kubectl apply -k applies it, each value at its line',
    { skip: NO_KUBECTL },
    () => {
      const dir = listed();
      const r = extract(dir);
      assert.equal(r.load.applied.via, 'kubectl kustomize');
      const [truth] = kustomize(dir);
      const cm = r.load.objects.find((o) => r.load.applied.objects.has(o))!;
      assert.deepStrictEqual(cm.obj, truth);
      assert.equal((cm.obj.data as Obj).FEATURE, 'yes');
      assert.equal((cm.obj.data as Obj).DAY, '2024-01-05T00:00:00Z');
      const fact = r.registry.get('configmap/default/flags.FEATURE')!;
      assert.equal(fact.value, 'yes');
      assert.equal(at(fact.source), lineOf(dir, 'flags.yaml', 'FEATURE: yes'));
    },
  );

  test('without Kustomize it is bad input at the first such scalar, naming it', () => {
    const dir = listed();
    assert.throws(
      () => extract(dir, { env: { PATH: '' } }),
      (e: unknown) => {
        assert.ok(e instanceof InputErrors);
        const [err] = e.errors;
        assert.equal(err.code, 'RENDERER_NOT_FOUND');
        const pos = posOf(fs.readFileSync(path.join(dir, 'flags.yaml'), 'utf8'), '2024-01-05');
        assert.deepEqual(
          [err.file, err.line, err.col],
          [path.join(dir, 'flags.yaml'), pos.line, pos.col],
        );
        assert.match(err.message, /`2024-01-05` here is a timestamp to Kustomize/);
        return true;
      },
    );
  });

  test('quoted values and the real manifests keep the fast path', () => {
    const dir = folderOf({
      'kustomization.yaml': 'resources:\n  - flags.yaml\n',
      'flags.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  FEATURE: "yes"\n  NOTE: |\n    on\n',
    });
    assert.equal(extract(dir, { env: { PATH: '' } }).load.applied.via, 'resources list');
    assert.equal(extract('manifests', { env: { PATH: '' } }).load.applied.via, 'resources list');
  });
});

/** A copy of the overlay fixture with one file rewritten. */
function overlayWith(file: string, edit: (text: string) => string): string {
  const dir = copyOf(FIX);
  const p = path.join(dir, file);
  fs.writeFileSync(p, edit(fs.readFileSync(p, 'utf8')));
  return dir;
}

describe('bad input from Kustomize itself', { skip: NO_KUBECTL }, () => {
  test('a patch file that does not exist: at its entry, with Kustomize’s words, exit 2', () => {
    const dir = overlayWith('kustomization.yaml', (t) =>
      t.replace('path: patches/api-resources.yaml', 'path: patches/missing.yaml'),
    );
    const r = run(dir);
    const pos = posOf(
      fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'),
      'path: patches/missing.yaml',
    );
    assertReported(
      r,
      'RENDER_FAILED',
      where(dir, 'kustomization.yaml', { ...pos, col: pos.col + 6 }),
    );
    assert.match(r.stderr, /failed to get the patch file from path\(patches\/missing\.yaml\)/);
    assert.doesNotMatch(r.stderr, /book-kustomize-|must resolve to a file': recursed/);
    assert.ok(r.stderr.length < 1500, `${r.stderr.length} characters`);
  });

  test('a patch that matches no object: at the name it patches', () => {
    const dir = overlayWith('patches/api-resources.yaml', (t) =>
      t.replace('name: api\n', 'name: nothere\n'),
    );
    const pos = posOf(
      fs.readFileSync(path.join(dir, 'patches/api-resources.yaml'), 'utf8'),
      'nothere',
    );
    assertReported(run(dir), 'RENDER_FAILED', where(dir, 'patches/api-resources.yaml', pos));
  });

  test('a field of the wrong shape (patches written as file names, as Kustomize v2 read them): at that field', () => {
    // `a` stands in Kustomize's message too ("must resolve to a file"): no reason to blame it.
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  X: "1"\n';
    const k = 'resources:\n  - cm.yaml\npatches:\n  - other.yaml\n';
    const root = folderOf({ 'kustomization.yaml': k, 'cm.yaml': cm, 'other.yaml': cm });
    const r = run(root);
    assertReported(r, 'RENDER_FAILED', where(root, 'kustomization.yaml', posOf(k, 'patches:')));
    assert.match(
      r.stderr,
      /failed: invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization\.patches/,
    );
    // In a base, at the base's field.
    const top = folderOf({ 'kustomization.yaml': 'resources:\n  - base\nnamePrefix: x-\n' });
    fs.mkdirSync(path.join(top, 'base'));
    for (const [f, t] of Object.entries({
      'kustomization.yaml': k,
      'cm.yaml': cm,
      'other.yaml': cm,
    }))
      fs.writeFileSync(path.join(top, 'base', f), t);
    assertReported(
      run(top),
      'RENDER_FAILED',
      where(top, 'base/kustomization.yaml', posOf(k, 'patches:')),
    );
  });

  test('a JSON patch file of a kustomization Kustomize refuses is still no object', () => {
    assert.deepEqual(codesOf(jsonPatchFolder('images: 3')), ['RENDER_FAILED']);
  });

  test('a base folder that does not exist: at its resources entry', () => {
    const dir = overlayWith('kustomization.yaml', (t) =>
      t.replace('  - redis\n', '  - redis\n  - gone\n'),
    );
    const pos = posOf(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'), 'gone');
    const r = run(dir);
    assertReported(r, 'RENDER_FAILED', where(dir, 'kustomization.yaml', pos));
    assert.match(r.stderr, /gone: no such file or directory/);
  });
});

describe('a name written twice in one rendered list', { skip: NO_KUBECTL }, () => {
  test('each item is located at its own line, the second at the second', () => {
    const dir = folderOf({
      'kustomization.yaml': 'namespace: shop\nresources:\n  - web.yaml\n',
      'web.yaml': DEPLOYMENT.replaceAll('good', 'web').replace(
        '          resources:',
        [
          '          env:',
          '            - name: MODE',
          '              value: first',
          '            - name: MODE',
          '              value: second',
          '          resources:',
        ].join('\n'),
      ),
    });
    const r = extract(dir);
    assert.equal(r.load.applied.via, 'kubectl kustomize');
    const web = r.load.objects.find((o) => o.name === 'web')!;
    const env = ['spec', 'template', 'spec', 'containers', 0, 'env'];
    assert.deepEqual(
      [0, 1].map((i) => at(web.loc([...env, i, 'value']))),
      [lineOf(dir, 'web.yaml', 'value: first'), lineOf(dir, 'web.yaml', 'value: second')],
    );
    assert.deepEqual(
      [0, 1].map((i) => at(web.loc([...env, i, 'name']))),
      [lineOf(dir, 'web.yaml', 'name: MODE'), lineOf(dir, 'web.yaml', 'name: MODE', 2)],
    );
  });
});

describe('a Component at the root', { skip: NO_KUBECTL }, () => {
  const component = (patchedName: string) =>
    folderOf({
      'kustomization.yaml': [
        'apiVersion: kustomize.config.k8s.io/v1alpha1',
        'kind: Component',
        'resources:',
        '  - web.yaml',
        'images:',
        '  - name: nginx',
        '    newTag: "1.28"',
        'patches:',
        '  - path: replicas.yaml',
        '',
      ].join('\n'),
      'web.yaml': DEPLOYMENT.replaceAll('good', 'web'),
      'replicas.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${patchedName}`,
        '  namespace: shop',
        'spec:',
        '  replicas: 3',
        '',
      ].join('\n'),
    });

  test('is applied as kubectl kustomize builds it on its own, each value at the line that sets it', () => {
    const dir = component('web');
    const r = extract(dir);
    const objects = r.load.objects.filter((o) => r.load.applied.objects.has(o));
    const truth = kustomize(dir);
    assert.deepEqual(
      objects.map((o) => idOf(o.obj)),
      truth.map(idOf),
    );
    assert.deepStrictEqual(objects[0].obj, truth[0]);
    const fact = (key: string) => r.registry.get(key)!;
    assert.equal(fact('deployment/shop/web.replicas').value, 3);
    assert.equal(
      at(fact('deployment/shop/web.replicas').source),
      lineOf(dir, 'replicas.yaml', 'replicas: 3'),
    );
    assert.equal(fact('deployment/shop/web.containers.web.imageTag').value, '1.28');
    assert.equal(
      at(fact('deployment/shop/web.containers.web.imageTag').source),
      lineOf(dir, 'kustomization.yaml', 'newTag'),
    );
  });

  test('a patch it cannot apply: at the name it patches, in Kustomize’s words without the wrapper’s', () => {
    const dir = component('nothere');
    const r = run(dir);
    const pos = posOf(fs.readFileSync(path.join(dir, 'replicas.yaml'), 'utf8'), 'nothere');
    assertReported(r, 'RENDER_FAILED', where(dir, 'replicas.yaml', pos));
    assert.match(
      r.stderr,
      /failed: no resource matches strategic merge patch "Deployment\.v1\.apps\/nothere/,
    );
    assert.doesNotMatch(r.stderr, /accumulating components|book-kustomize-|\\"/);
  });
});

describe("Kustomize's vars", { skip: NO_KUBECTL }, () => {
  const files = (vars: boolean) => ({
    'kustomization.yaml': `namespace: shop\nresources:\n  - ns.yaml\n  - sa.yaml\n${
      vars
        ? 'vars:\n  - name: target-ns\n    objref: { apiVersion: v1, kind: ServiceAccount, name: app }\n    fieldref: { fieldPath: metadata.namespace }\nconfigurations:\n  - params.yaml\n'
        : 'namePrefix: p-\n'
    }`,
    'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: $(target-ns)\n',
    'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n',
    'params.yaml': 'varReference:\n  - path: metadata/name\n    kind: Namespace\n',
  });

  test('a name written as a var is the value Kustomize puts there, not INVALID_NAME', () => {
    const r = run(folderOf(files(true)));
    assert.equal(r.code, 0, r.stderr);
    const names = JSON.parse(r.stdout).documents.skipped.map((s: { name: string }) => s.name);
    assert.ok(names.includes('shop'), JSON.stringify(names));
  });

  test('without vars, the same name is INVALID_NAME at the file', () => {
    const dir = folderOf(files(false));
    const r = run(dir);
    assertReported(r, 'INVALID_NAME', where(dir, 'ns.yaml', { line: 4, col: 9 }));
  });
});

describe('a resource from the network', () => {
  test('REMOTE_RESOURCE at each entry, in the root and in a base, and Kustomize never runs', () => {
    const root =
      'resources:\n  - good.yaml\n  - base\n  - https://example.com/v1/crds.yaml\npatches:\n  - path: patch.yaml\n    target: { kind: Deployment }\n';
    const base = 'resources:\n  - github.com/example/repo//deploy?ref=v1\n';
    // A JSON patch is a list: no object, whether or not Kustomize runs.
    const patch = '- op: add\n  path: /metadata/labels/x\n  value: y\n';
    const dir = folderOf({
      'kustomization.yaml': root,
      'good.yaml': DEPLOYMENT,
      'patch.yaml': patch,
    });
    fs.mkdirSync(path.join(dir, 'base'));
    fs.writeFileSync(path.join(dir, 'base', 'kustomization.yaml'), base);
    // A stand-in Kustomize that leaves a mark when it is run.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-bin-'));
    const mark = path.join(bin, 'ran');
    fs.writeFileSync(path.join(bin, 'kustomize'), `#!/bin/sh\ntouch '${mark}'\nexit 1\n`, {
      mode: 0o755,
    });
    const saved = process.env.BOOK_KUSTOMIZE;
    process.env.BOOK_KUSTOMIZE = path.join(bin, 'kustomize');
    try {
      const r = run(dir);
      const url = 'https://example.com/v1/crds.yaml';
      assertReported(r, 'REMOTE_RESOURCE', where(dir, 'kustomization.yaml', posOf(root, url)));
      assertReported(
        r,
        'REMOTE_RESOURCE',
        where(dir, 'base/kustomization.yaml', posOf(base, 'github.com')),
      );
      assert.match(r.stderr, /would fetch from the network/);
      assert.doesNotMatch(r.stderr, /patch\.yaml|WRONG_TYPE/);
      assert.equal(fs.existsSync(mark), false, 'Kustomize was run');
    } finally {
      if (saved === undefined) delete process.env.BOOK_KUSTOMIZE;
      else process.env.BOOK_KUSTOMIZE = saved;
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

test('the renderer runs without network: no git transport but files, HTTP to a refusing proxy', () => {
  const dir = folderOf({
    'kustomization.yaml': 'namePrefix: p-\nresources:\n  - good.yaml\n',
    'good.yaml': DEPLOYMENT,
  });
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-bin-'));
  // A stand-in Kustomize that fails with the environment it was given.
  const script =
    '#!/bin/sh\necho "Error: git=$GIT_ALLOW_PROTOCOL https=$HTTPS_PROXY" >&2\nexit 1\n';
  fs.writeFileSync(path.join(bin, 'kustomize'), script, { mode: 0o755 });
  const saved = { k: process.env.BOOK_KUSTOMIZE, p: process.env.HTTPS_PROXY };
  process.env.BOOK_KUSTOMIZE = path.join(bin, 'kustomize');
  process.env.HTTPS_PROXY = 'http://proxy.example:3128';
  try {
    const r = run(dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /RENDER_FAILED .*git=file https=http:\/\/127\.0\.0\.1:9/);
  } finally {
    for (const [k, v] of [
      ['BOOK_KUSTOMIZE', saved.k],
      ['HTTPS_PROXY', saved.p],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    fs.rmSync(bin, { recursive: true, force: true });
  }
});

describe('a plain resources list is checked as Kustomize checks it', () => {
  const plain = folderOf;

  test('a listed file that does not exist: MISSING_RESOURCE at its entry, no renderer needed', () => {
    const k = 'resources:\n  - good.yaml\n  - missing.yaml\n';
    const dir = plain({ 'kustomization.yaml': k, 'good.yaml': DEPLOYMENT });
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      assertReported(
        run(dir),
        'MISSING_RESOURCE',
        where(dir, 'kustomization.yaml', posOf(k, 'missing.yaml')),
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  test('the same object listed twice: DUPLICATE_OBJECT at the second', () => {
    const k = 'resources:\n  - good.yaml\n  - again.yaml\n';
    const dir = plain({
      'kustomization.yaml': k,
      'good.yaml': DEPLOYMENT,
      'again.yaml': DEPLOYMENT,
    });
    const r = run(dir);
    assertReported(r, 'DUPLICATE_OBJECT', where(dir, 'again.yaml', posOf(DEPLOYMENT, 'good')));
    assert.match(r.stderr, /Deployment\/shop\/good/);
  });

  // What Kustomize refuses in a list that looks plain goes to Kustomize, which says why.
  for (const [what, k, says] of [
    [
      'the same file listed twice',
      'resources:\n  - good.yaml\n  - good.yaml\n',
      /already registered id/,
    ],
    ['`resources` that is not a list', 'resources: good.yaml\n', /cannot unmarshal string/],
    [
      'an entry that is not a string',
      'resources:\n  - good.yaml\n  - 123\n',
      /cannot unmarshal number/,
    ],
  ] as const)
    test(`${what}: Kustomize’s refusal, exit 2`, { skip: NO_KUBECTL }, () => {
      const dir = plain({ 'kustomization.yaml': k, 'good.yaml': DEPLOYMENT });
      const r = run(dir);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, /kustomization\.yaml:\d+:\d+\s+RENDER_FAILED\s/);
      assert.match(r.stderr, says);
    });

  test(
    'a listed symlink that leads outside the folder: Kustomize’s refusal, exit 2',
    { skip: NO_KUBECTL },
    () => {
      const outside = plain({ 'good.yaml': DEPLOYMENT });
      const dir = plain({ 'kustomization.yaml': 'resources:\n  - link.yaml\n' });
      fs.symlinkSync(path.join(outside, 'good.yaml'), path.join(dir, 'link.yaml'));
      const r = run(dir);
      assertReported(r, 'RENDER_FAILED', where(dir, 'kustomization.yaml', { line: 2, col: 5 }));
      assert.match(r.stderr, /security; file .*link\.yaml' is not in or below/);
    },
  );

  test('a listed symlink to a file in the folder applies that file, read once at its own path', () => {
    const dir = plain({
      'kustomization.yaml': 'resources:\n  - link.yaml\n',
      'good.yaml': DEPLOYMENT,
    });
    fs.symlinkSync(path.join(dir, 'good.yaml'), path.join(dir, 'link.yaml'));
    const r = extract(dir);
    assert.deepEqual(r.extracted.applied.notApplied, []);
    assert.deepEqual(
      r.extracted.workloads.map((w) => [w.name, w.applied]),
      [['good', true]],
    );
    assert.equal(
      r.registry.get('deployment/shop/good.replicas')?.source.file,
      path.join(dir, 'good.yaml'),
    );
  });

  test('a copy the list leaves out, before or after the listed file, gives none of its facts', () => {
    const k = 'resources:\n  - good.yaml\n';
    const before = DEPLOYMENT.replace('replicas: 2', 'replicas: 9').replace(
      '              memory: 64Mi\n',
      '              memory: 64Mi\n            limits:\n              cpu: "2"\n',
    );
    const after = DEPLOYMENT.replace('replicas: 2', 'replicas: 7').replace(
      'nginx:1.27',
      'nginx:0.1',
    );
    const dir = plain({
      'kustomization.yaml': k,
      'a-old.yaml': before,
      'good.yaml': DEPLOYMENT,
      'z-old.yaml': after,
    });
    const r = extract(dir);
    const fact = (key: string) => r.registry.get(key);
    assert.equal(fact('deployment/shop/good.replicas')?.value, 2);
    assert.equal(fact('deployment/shop/good.replicas')?.source.file, path.join(dir, 'good.yaml'));
    assert.equal(fact('deployment/shop/good.image')?.value, 'nginx:1.27');
    assert.equal(fact('deployment/shop/good.limits.cpu'), undefined);
    // Both copies are still listed, as defined and not applied.
    assert.deepEqual(r.extracted.applied.notApplied, ['a-old.yaml', 'z-old.yaml']);
    assert.deepEqual(
      r.extracted.workloads.map((w) => [w.replicas, w.applied]),
      [
        [9, false],
        [2, true],
        [7, false],
      ],
    );
  });

  test('without a root kustomization every YAML file is applied, and kustomization files are no objects', () => {
    const dir = plain({ 'good.yaml': DEPLOYMENT });
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub/kustomization.yaml'), 'resources:\n  - other.yaml\n');
    fs.writeFileSync(path.join(dir, 'sub/other.yaml'), DEPLOYMENT.replace(/good/g, 'other'));
    const r = extract(dir);
    assert.equal(r.extracted.applied.kustomization, null);
    assert.deepEqual(
      r.extracted.workloads.map((w) => [w.name, w.applied]),
      [
        ['good', true],
        ['other', true],
      ],
    );
    assert.ok(!r.load.objects.some((o) => o.source.rel === 'sub/kustomization.yaml'));
    assert.deepEqual(r.extracted.documents.byKind, { Deployment: 2 });
  });
});

describe('the same object twice in a folder read as files', () => {
  const web = (replicas: number, image = 'nginx:1.27') =>
    DEPLOYMENT.replace(/good/g, 'web')
      .replace('replicas: 2', `replicas: ${replicas}`)
      .replace('nginx:1.27', image);

  test('the last copy is what the cluster ends with: its facts, the totals, and a REPEATED_OBJECT warning at it', () => {
    const dir = folderOf({ 'a.yaml': web(2, 'nginx:0.1'), 'b.yaml': web(5) });
    const r = extract(dir);
    const fact = (key: string) => r.registry.get(key);
    assert.equal(fact('deployment/shop/web.replicas')?.value, 5);
    assert.equal(fact('deployment/shop/web.replicas')?.source.file, path.join(dir, 'b.yaml'));
    assert.equal(fact('deployment/shop/web.image')?.value, 'nginx:1.27');
    assert.equal(fact('totals.shop.replicas')?.value, 5);
    assert.equal(fact('workloads.count')?.value, 1);
    assert.deepEqual(
      r.extracted.workloads.map((w) => [w.replicas, w.applied]),
      [
        [2, false],
        [5, true],
      ],
    );
    // kubectl applies both files.
    assert.deepEqual(r.extracted.applied.files, ['a.yaml', 'b.yaml']);
    assert.deepEqual(r.extracted.applied.notApplied, []);
    const at = posOf(web(5), 'web');
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.file, w.line, w.col]),
      [['REPEATED_OBJECT', path.join(dir, 'b.yaml'), at.line, at.col]],
    );
    assert.equal(
      r.warnings[0].message,
      `\`Deployment/shop/web\` is defined again here (before at ${path.join(dir, 'a.yaml')}:1); \`kubectl apply -R -f\` applies both in turn, so the cluster ends with this one.`,
    );
  });

  test('extract warns and exits 0: applying the folder twice over is legal', () => {
    const dir = folderOf({ 'a.yaml': web(2), 'b.yaml': web(5) });
    const r = run(dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /b\.yaml:4:9\s+REPEATED_OBJECT\s/);
    assert.equal(JSON.parse(r.stdout).totals.shop.replicas, 5);
  });

  test('path order decides, as kubectl walks the folder: a subfolder before a later file, a later document in one file', () => {
    const dir = folderOf({ 'b.yaml': web(5) });
    fs.mkdirSync(path.join(dir, 'a'));
    fs.writeFileSync(path.join(dir, 'a/web.yaml'), web(2));
    assert.equal(extract(dir).registry.get('deployment/shop/web.replicas')?.value, 5);
    const one = folderOf({ 'web.yaml': `${web(3)}---\n${web(4)}` });
    const r = extract(one);
    assert.equal(r.registry.get('deployment/shop/web.replicas')?.value, 4);
    assert.equal(r.warnings[0].line, posOf(`${web(3)}---\n${web(4)}`, 'name: web', 3).line);
  });

  test('objects that only share a name are not copies: another kind, another namespace', () => {
    const service =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n';
    const dir = folderOf({
      'a.yaml': web(2),
      'b.yaml': web(5).replace('namespace: shop', 'namespace: staging'),
      'c.yaml': service,
    });
    const r = extract(dir);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.registry.get('totals.shop.replicas')?.value, 2);
    assert.equal(r.registry.get('totals.staging.replicas')?.value, 5);
  });
});

describe('credentials in a kustomization', { skip: NO_KUBECTL }, () => {
  // Kustomize reads a kustomization without `apiVersion` and `kind` as well.
  const headers = {
    'with its kind': ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization'],
    'without apiVersion and kind': [],
  };
  for (const [form, header] of Object.entries(headers))
    test(`generator literals are blanked at load and reported at their line; none reaches the model (${form})`, () => {
      const k = [
        ...header,
        'resources:',
        '  - good.yaml',
        'secretGenerator:',
        '  - name: db',
        '    literals:',
        '      - DB_PASSWORD=hunter2-sentinel',
        'configMapGenerator:',
        '  - name: cfg',
        '    literals:',
        '      - LOG_LEVEL=info',
        '      - SMTP_PASSWORD=smtp-sentinel',
        '',
      ].join('\n');
      const r = extract(folderOf({ 'kustomization.yaml': k, 'good.yaml': DEPLOYMENT }));
      assert.doesNotMatch(everythingOf(r), /sentinel/);
      const reported = r.redactions.filter((x) => x.credential).map((x) => [x.name, x.line, x.col]);
      const p = posOf(k, 'hunter2');
      const q = posOf(k, 'smtp-sentinel');
      assert.deepEqual(reported, [
        ['DB_PASSWORD', p.line, p.col],
        ['SMTP_PASSWORD', q.line, q.col],
      ]);
      // The key names stay, so the facts still point at their literal.
      const secret = r.extracted.secrets[0];
      assert.deepEqual(
        secret.keys.map((x) => x.key),
        ['DB_PASSWORD'],
      );
      const cm = r.load.objects.find((o) => o.kind === 'ConfigMap')!;
      assert.equal(cm.loc(['data', 'LOG_LEVEL']).line, posOf(k, 'LOG_LEVEL').line);
    });
});

describe('a JSON patch file that writes data', { skip: NO_KUBECTL }, () => {
  // The loader blanks such a value in the file (the file does not say it patches a ConfigMap).
  test("the patched ConfigMap's value points at the patch line, not at the base value it replaced", () => {
    const cm =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  LEVEL: info\n  MODE: a\n';
    const patch =
      '- op: replace\n  path: /data/LEVEL\n  value: debug\n- op: add\n  path: /data/EXTRA\n  value: "on"\n';
    const k =
      'resources:\n  - cm.yaml\npatches:\n  - target: { version: v1, kind: ConfigMap, name: app }\n    path: patch.yaml\n';
    const dir = folderOf({ 'kustomization.yaml': k, 'cm.yaml': cm, 'patch.yaml': patch });
    const r = extract(dir);
    const fact = (key: string) => r.registry.get(`configmap/app.${key}`)!;
    assert.equal(fact('LEVEL').value, 'debug');
    assert.equal(at(fact('LEVEL').source), lineOf(dir, 'patch.yaml', 'value: debug'));
    assert.equal(fact('EXTRA').value, 'on');
    assert.equal(at(fact('EXTRA').source), lineOf(dir, 'patch.yaml', 'value: "on"'));
    assert.equal(at(fact('MODE').source), lineOf(dir, 'cm.yaml', 'MODE: a'));
  });
});

describe('a generated ConfigMap', { skip: NO_KUBECTL }, () => {
  test('its facts keep a key without the content hash, which survives an edit', () => {
    const hashed = truth.find((t) => t.kind === 'ConfigMap')!;
    const name = (hashed.metadata as Obj).name as string;
    assert.match(name, /^prod-app-config-[a-z0-9]{10}$/);
    assert.equal(result.registry.get('configmap/shop/prod-app-config.CURRENCY')?.value, 'EUR');
    const dir = overlayWith('kustomization.yaml', (t) => t.replace('CURRENCY=EUR', 'CURRENCY=CHF'));
    const edited = extract(dir);
    const renamed = kustomize(dir).find((t) => t.kind === 'ConfigMap')!;
    assert.notEqual((renamed.metadata as Obj).name, name);
    const fact = edited.registry.get('configmap/prod-app-config.CURRENCY')!;
    assert.equal(fact.value, 'CHF');
    assert.equal(at(fact.source), lineOf(dir, 'kustomization.yaml', 'CURRENCY=CHF'));
  });
});

describe('the changelog between two revisions of an overlay', { skip: NO_KUBECTL }, () => {
  test('a tag bumped in the overlay is a change of the image tag at its newTag line', async () => {
    const { TestRepo } = await import('../fixtures/changes/repo.ts');
    const { compareRevisions } = await import('../../changes/index.ts');
    const repo = new TestRepo();
    temps.push(repo.root);
    repo.git('init', '-q', '-b', 'main');
    fs.cpSync(FIX, repo.path('manifests'), { recursive: true });
    repo.write('src/content/docs/app.mdx', '---\ntitle: App\n---\n\nThe api.\n');
    const from = repo.commit('Overlay');
    repo.edit('manifests/kustomization.yaml', /newTag: "1\.4\.2"/, () => 'newTag: "1.4.3"');
    const to = repo.commit('Bump the api');
    const report = compareRevisions({ cwd: repo.root, from, to });
    const tags = report.changes.filter((c) =>
      c.fullKey.endsWith('prod-api.containers.api.imageTag'),
    );
    assert.equal(tags.length, 1, JSON.stringify(report.changes.map((c) => c.fullKey)));
    const [c] = tags;
    assert.deepEqual([c.before?.value, c.after?.value], ['1.4.2', '1.4.3']);
    const line = lineNo(lineOf(repo.path('manifests'), 'kustomization.yaml', 'newTag: "1.4.3"'));
    assert.deepEqual(
      [c.after?.source.file, c.after?.source.line],
      ['manifests/kustomization.yaml', line],
    );
  });
});

describe('finding Kustomize', () => {
  const bin = (name: string, script = 'exit 0') => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-kz-bin-'));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return dir;
  };

  test('kubectl first (what kubectl apply -k embeds), else a standalone kustomize', async () => {
    const { findKustomize } = await import('../../engine/render/tools.ts');
    const both = bin('kubectl');
    fs.writeFileSync(path.join(both, 'kustomize'), '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(findKustomize({ PATH: both })?.name, 'kubectl kustomize');
    const only = bin('kustomize');
    assert.deepEqual(findKustomize({ PATH: only }), {
      name: 'kustomize build',
      bin: path.join(only, 'kustomize'),
      args: ['build'],
    });
    assert.equal(findKustomize({ PATH: '' }), null);
    assert.equal(
      findKustomize({ PATH: both, BOOK_KUSTOMIZE: path.join(only, 'kustomize') })?.name,
      'kustomize build',
    );
    assert.equal(findKustomize({ PATH: both, BOOK_KUSTOMIZE: '/nowhere/kustomize' }), null);
  });

  test('a standalone kustomize renders the overlay as kubectl does', { skip: NO_KUBECTL }, () => {
    // `kustomize build DIR` and `kubectl kustomize DIR` take the same folder; this one is kubectl's.
    const dir = bin('kustomize', `[ "$1" = build ] || exit 3\nexec '${kubectl}' kustomize "$2"`);
    const r = extract(FIX, { env: { PATH: dir } });
    assert.equal(r.load.applied.via, 'kustomize build');
    assert.equal(r.registry.get('deployment/shop/prod-api.replicas')?.value, 4);
  });
});

describe('an excerpt of an item a patch moved', { skip: NO_KUBECTL }, () => {
  test('starts and ends in the item the file writes, not at the rendered index', () => {
    const deployment = DEPLOYMENT.replace(
      '        - name: good\n',
      '        - name: debug\n          image: busybox:1.36\n          command: ["sleep", "infinity"]\n        - name: good\n',
    );
    const files: Record<string, string> = {
      'kustomization.yaml': [
        'resources:',
        '  - deployment.yaml',
        'patches:',
        '  - target:',
        '      kind: Deployment',
        '      name: good',
        '    patch: |-',
        '      - op: remove',
        '        path: /spec/template/spec/containers/0',
        '',
      ].join('\n'),
      'deployment.yaml': deployment,
    };
    const dir = folderOf(files);
    const r = extract(dir);
    const truthDeployment = kustomize(dir).find((o) => o.kind === 'Deployment') as any;
    assert.deepEqual(
      truthDeployment.spec.template.spec.containers.map((c: Obj) => c.name),
      ['good'],
    );
    const x = resolveManifestPath(r, 'deployment.yaml', 'spec.template.spec.containers[name=good]');
    assert.ok(!('error' in x), JSON.stringify(x));
    const lines = deployment.split('\n');
    const start = lines.indexOf('        - name: good') + 1;
    const end = lines.indexOf('              memory: 64Mi') + 1;
    assert.deepEqual([x.startLine, x.endLine], [start, end]);
    assert.equal(
      x.text,
      lines
        .slice(start - 1, end)
        .map((l) => l.slice(8))
        .join('\n'),
    );
    const resources = resolveManifestPath(
      r,
      'deployment.yaml',
      'spec.template.spec.containers[name=good].resources',
    );
    assert.ok(!('error' in resources), JSON.stringify(resources));
    assert.equal(resources.text, 'resources:\n  requests:\n    cpu: 100m\n    memory: 64Mi');
  });
});

describe('replacements', { skip: NO_KUBECTL }, () => {
  test('a value copied from another object points where that object sets it', () => {
    const files: Record<string, string> = {
      'kustomization.yaml': [
        'resources:',
        '  - deployment.yaml',
        '  - settings.yaml',
        '  - myapp-settings.yaml',
        '  - other-settings.yaml',
        'namePrefix: x-',
        'replacements:',
        '  - source:',
        '      kind: ConfigMap',
        '      name: settings',
        '      namespace: shop',
        '      fieldPath: data.HOST',
        '    targets:',
        '      - select:',
        '          kind: Deployment',
        '          name: good',
        '        fieldPaths:',
        '          - spec.template.spec.containers.[name=good].env.[name=DB_HOST].value',
        '  - path: tag.yaml',
        '',
      ].join('\n'),
      'tag.yaml': [
        'source:',
        '  kind: ConfigMap',
        '  name: settings',
        '  namespace: shop',
        '  fieldPath: data.TAG',
        'targets:',
        '  - select:',
        '      kind: Deployment',
        '    fieldPaths:',
        '      - spec.template.spec.containers.0.image',
        '    options:',
        "      delimiter: ':'",
        '      index: 1',
        '',
      ].join('\n'),
      'settings.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  HOST: db.prod.internal\n  TAG: "9.9.9"\n',
      // Peers Kustomize writes first: a name that contains `settings`, and `settings` elsewhere.
      'myapp-settings.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: myapp-settings\n  namespace: shop\ndata:\n  HOST: myapp.internal\n  TAG: "0.0.1"\n',
      'other-settings.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: other\ndata:\n  HOST: other.internal\n',
      'deployment.yaml': DEPLOYMENT.replace(
        '          image: nginx:1.27\n',
        '          image: nginx:1.27\n          env:\n            - name: DB_HOST\n              value: placeholder\n',
      ),
    };
    const dir = folderOf(files);
    const r = extract(dir);
    const rendered = kustomize(dir);
    const names = rendered.map(
      (o) => `${(o.metadata as Obj).namespace}/${(o.metadata as Obj).name}`,
    );
    // The peers come first, so a loose match would take one of them.
    assert.ok(
      names.indexOf('shop/x-myapp-settings') < names.indexOf('shop/x-settings'),
      names.join(),
    );
    assert.ok(names.indexOf('other/x-settings') < names.indexOf('shop/x-settings'), names.join());
    const truthDeployment = rendered.find((o) => o.kind === 'Deployment') as any;
    const c = truthDeployment.spec.template.spec.containers[0];
    const env = r.load.objects.find((o) => o.kind === 'Deployment')!;
    const c0 = ['spec', 'template', 'spec', 'containers', 0];
    assert.equal(env.get([...c0, 'env', 0, 'value']), c.env[0].value);
    assert.equal(env.get([...c0, 'image']), c.image);
    assert.equal(c.image, 'nginx:9.9.9');
    assert.equal(c.env[0].value, 'db.prod.internal');
    assert.equal(at(env.loc([...c0, 'env', 0, 'value'])), lineOf(dir, 'settings.yaml', 'HOST:'));
    assert.equal(at(env.loc([...c0, 'image'])), lineOf(dir, 'settings.yaml', 'TAG:'));
  });
});

describe('credentials in patches', { skip: NO_KUBECTL }, () => {
  test('a JSON patch writing a Secret value, in its own file or inline, reaches nothing', () => {
    const secret = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'stringData:',
      '  DB_PASSWORD: ""',
      '  DB_HOST: ""',
      '',
    ].join('\n');
    const filePatch = [
      '- op: replace',
      '  path: /stringData/DB_PASSWORD',
      '  value: file-patch-sentinel',
      '',
    ].join('\n');
    const k = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '  - secret.yaml',
      'patches:',
      '  - path: password.yaml',
      '    target: { kind: Secret, name: db }',
      '  - target: { kind: Secret, name: db }',
      '    patch: |-',
      '      - op: add',
      '        path: /stringData/API_TOKEN',
      '        value: inline-patch-sentinel',
      '',
    ].join('\n');
    const r = extract(
      folderOf({ 'kustomization.yaml': k, 'secret.yaml': secret, 'password.yaml': filePatch }),
    );
    assert.doesNotMatch(everythingOf(r), /sentinel/);
    const patched = r.redactions.filter((x) => x.kind === 'patch-value');
    const f = posOf(filePatch, 'file-patch-sentinel');
    const i = posOf(k, 'inline-patch-sentinel');
    assert.deepEqual(
      patched.map((x) => [path.basename(x.file), x.name, x.line, x.col, x.credential]),
      [
        ['kustomization.yaml', 'API_TOKEN', i.line, i.col, true],
        ['password.yaml', 'DB_PASSWORD', f.line, f.col, true],
      ].sort(),
    );
    // The rendered Secret keeps its key names.
    assert.deepEqual(r.extracted.secrets[0].keys.map((x) => x.key).sort(), [
      'API_TOKEN',
      'DB_HOST',
      'DB_PASSWORD',
    ]);
  });
});
