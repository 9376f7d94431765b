/**
 * The served-versions table against kubernetes-models (which models every group/version Kubernetes
 * has served), custom resources that share a kind's name, and the check end to end on a copy of
 * the real manifests and book.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { API_VERSIONS, apiVersionVerdict } from '../../engine/api-versions.ts';
import { extract } from '../../engine/index.ts';
import { runCheck } from '../../cli/check.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODELS = path.dirname(
  createRequire(import.meta.url).resolve('kubernetes-models/package.json'),
);
const temps: string[] = [];
after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

/** The group/versions kubernetes-models has a model of `kind` in. */
function modelled(kind: string): string[] {
  const out: string[] = [];
  for (const group of fs.readdirSync(MODELS)) {
    const dir = path.join(MODELS, group);
    if (!fs.statSync(dir).isDirectory() || group.startsWith('_')) continue;
    if (group === 'v1') {
      if (fs.existsSync(path.join(dir, `${kind}.js`))) out.push('v1');
      continue;
    }
    for (const version of fs.readdirSync(dir))
      if (fs.existsSync(path.join(dir, version, `${kind}.js`))) out.push(`${group}/${version}`);
  }
  return out.sort();
}

describe('served versions', () => {
  test('every version of a Kubernetes kind is listed, served or removed, and no other', () => {
    for (const [kind, spec] of Object.entries(API_VERSIONS)) {
      if (/traefik|helm\.cattle/.test(spec.served[0])) continue;
      const listed = [...spec.served, ...Object.keys(spec.removed ?? {})].sort();
      assert.deepEqual(listed, modelled(kind), kind);
    }
  });

  test('ordinary public versions are served; custom groups are not judged', () => {
    for (const [v, k] of [
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ['autoscaling/v1', 'HorizontalPodAutoscaler'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['batch/v1', 'CronJob'],
      ['traefik.io/v1alpha1', 'IngressRoute'],
      ['traefik.containo.us/v1alpha1', 'Middleware'],
    ])
      assert.equal(apiVersionVerdict(v, k).status, 'served', `${v} ${k}`);
    assert.equal(apiVersionVerdict('serving.knative.dev/v1', 'Service').status, 'custom');
    assert.equal(apiVersionVerdict('example.org/v1', 'Widget').status, 'unjudged');
    assert.deepEqual(apiVersionVerdict('autoscaling/v2beta2', 'HorizontalPodAutoscaler'), {
      status: 'removed',
      served: ['autoscaling/v1', 'autoscaling/v2'],
      release: '1.26',
    });
    assert.equal(apiVersionVerdict('apps/v2', 'Deployment').status, 'unserved');
  });

  test('a custom resource named like a kind the model reads (Knative Service) is passed over', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-refused-'));
    temps.push(dir);
    fs.writeFileSync(
      path.join(dir, 'k.yaml'),
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  template:\n    spec:\n      containers:\n        - image: ghcr.io/knative/helloworld-go\n',
    );
    const r = extract(dir);
    assert.deepEqual(r.extracted.services, []);
    assert.deepEqual(
      r.extracted.documents.skipped.map((s) => `${s.apiVersion} ${s.kind} ${s.name}`),
      ['serving.knative.dev/v1 Service hello'],
    );
  });
});

describe('the real manifests and book, mutated', () => {
  const mutate = (rel: string, from: string, to: string) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-refused-'));
    temps.push(root);
    const m = path.join(root, 'manifests');
    fs.cpSync(path.join(ROOT, 'manifests'), m, { recursive: true });
    const text = fs.readFileSync(path.join(m, rel), 'utf8');
    assert.equal(text.split(from).length, 2, `one ${from} in ${rel}`);
    fs.writeFileSync(path.join(m, rel), text.replace(from, to));
    const line = text.slice(0, text.indexOf(from)).split('\n').length;
    const r = runCheck([
      '--manifests',
      m,
      '--docs',
      path.join(ROOT, 'src/content/docs'),
      '--format',
      'json',
    ]);
    const findings = JSON.parse(r.stdout).findings.filter(
      (f: { code: string }) => f.code === 'REFUSED_BY_API',
    );
    return { code: r.code, findings, line, file: path.join(m, rel) };
  };
  const where = (f: { file: string; line: number; ruleId: string }) => [
    path.resolve(f.file),
    f.line,
    f.ruleId,
  ];

  test('the real manifests have no object the API server refuses', () => {
    const r = runCheck(['--format', 'json']);
    assert.equal(r.code, 0);
  });

  test('apps/v2 on the api Deployment: exit 1 at its apiVersion line', () => {
    const r = mutate(
      'api/deployment.yaml',
      'apiVersion: apps/v1\nkind: Deployment',
      'apiVersion: apps/v2\nkind: Deployment',
    );
    assert.equal(r.code, 1);
    assert.deepEqual(r.findings.map(where), [[r.file, r.line, 'unserved-api-version']]);
  });

  test('the api image removed: exit 1 at the container', () => {
    const r = mutate(
      'api/deployment.yaml',
      '        - name: api\n          image: ',
      '        - name: api\n          x-image: ',
    );
    assert.equal(r.code, 1);
    assert.deepEqual(r.findings.map(where), [[r.file, r.line, 'missing-required-field']]);
  });

  test('a Secret template given a `data` key that is not base64: exit 1 at the key, value unsaid', () => {
    const from = 'stringData:\n  apns_auth_key.p8: ""\n';
    const r = mutate('secrets.yaml', from, `${from}data:\n  backup.p8: "plain PEM text"\n`);
    assert.equal(r.code, 1);
    // stringData:, its key, data:, then the added key: three lines below where the mutation starts.
    assert.deepEqual(r.findings.map(where), [[r.file, r.line + 3, 'invalid-secret-data']]);
    assert.equal(r.findings[0].col, 3);
    // `plain` is base64 text; the space after it is byte 5.
    assert.match(
      r.findings[0].message,
      /^`backup\.p8` in `data` of `secret\/honeydue\/honeydue-apns-key` .*input byte 5`\)\.$/,
    );
    assert.doesNotMatch(JSON.stringify(r.findings), /PEM/);
  });

  test('the web selector removed: exit 1 at the spec line', () => {
    const text = fs.readFileSync(path.join(ROOT, 'manifests/web/deployment.yaml'), 'utf8');
    const sel = '  selector:\n    matchLabels:\n      app.kubernetes.io/name: web\n';
    const r = mutate('web/deployment.yaml', sel, '');
    assert.equal(r.code, 1);
    const specLine = text.split('\n').indexOf('spec:') + 1;
    assert.deepEqual(r.findings.map(where), [[r.file, specLine, 'missing-required-field']]);
  });
});
