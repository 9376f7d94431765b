/**
 * Real-world manifests (tests/fixtures/real-world, written to reproduce every
 * construct of three public repositories) extract with exit 0, every object
 * found; the constructs that used to stop or mislead the engine are read with
 * kubectl's meaning. Expected values come from the fixture text.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runExtract } from '../../cli/extract.ts';
import { extract, walkFiles } from '../../engine/index.ts';

const ROOT = 'tests/fixtures/real-world';
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const lineOf = (text: string, needle: string) =>
  text.slice(0, text.indexOf(needle)).split('\n').length;

/** Objects in a folder, counted from the text: top-level `kind:` lines, and a List's items. */
function countObjects(dir: string): number {
  let n = 0;
  for (const f of walkFiles(dir, (name) => /\.ya?ml$/.test(name))) {
    const text = fs.readFileSync(f, 'utf8');
    if (/^kind: List$/m.test(text)) n += (text.match(/^ {2}kind: /gm) ?? []).length;
    else n += (text.match(/^kind: /gm) ?? []).length;
  }
  return n;
}

describe('real-world manifests extract, every object found', () => {
  for (const dir of ['boutique', 'sockshop', 'workshop', 'kubectl-get']) {
    test(`${dir}: exit 0`, () => {
      const r = runExtract(['--manifests', path.join(ROOT, dir), '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const ex = JSON.parse(r.stdout);
      assert.equal(ex.documents.objects, countObjects(path.join(ROOT, dir)));
    });
  }
});

describe('constructs read with kubectl’s meaning', () => {
  test('sockshop: the multi-line single-quoted annotation continued at its key’s indentation', () => {
    const r = extract(path.join(ROOT, 'sockshop'));
    const job = r.load.objects.find((o) => o.name === 'grafana-import-dashboards')!;
    const value = String(
      job.get([
        'spec',
        'template',
        'metadata',
        'annotations',
        'pod.beta.kubernetes.io/init-containers',
      ]),
    );
    assert.equal(JSON.parse(value)[0].name, 'wait-for-endpoints');
  });

  test('sockshop: autoscaling/v1 HPAs target CPU, Deployments without a selector, a NodePort', () => {
    const text = read('sockshop/autoscaling.yaml');
    const r = extract(path.join(ROOT, 'sockshop'));
    const carts = r.extracted.hpas.find((h) => h.name === 'carts')!;
    assert.deepEqual(
      [
        carts.metrics[0].resource,
        carts.metrics[0].averageUtilization,
        carts.metrics[0].source.line,
      ],
      ['cpu', 50, lineOf(text, 'targetCPUUtilizationPercentage')],
    );
    assert.equal(
      r.extracted.services.find((s) => s.name === 'front-end')?.ports[0].nodePort,
      30001,
    );
    assert.equal(r.extracted.workloads.find((w) => w.name === 'carts')?.replicas, 1);
    // A folded block scalar is one line of shell.
    assert.match(r.registry.get('job/grafana-import-dashboards.image')!.value as string, /tiny/);
  });

  test('sockshop: a literal database password in an env value is recorded and blanked', () => {
    const r = extract(path.join(ROOT, 'sockshop'));
    const hit = r.redactions.find((x) => x.name === 'MYSQL_ROOT_PASSWORD')!;
    assert.equal(hit.credential, true);
    assert.equal(hit.line, lineOf(read('sockshop/complete-demo.yaml'), 'value: fake_password'));
    assert.ok(!JSON.stringify(r.extracted).includes('fake_password'));
  });

  test('workshop: the Ingress default backend is a route, and the repeated apiVersion a warning', () => {
    const r = extract(path.join(ROOT, 'workshop'));
    const routes = r.extracted.routes.filter((x) => x.name === 'ui');
    assert.deepEqual(
      routes.map((x) => [x.host, x.path, x.service, x.port, x.defaultBackend]),
      [
        ['shop.example.net', '/', 'ui', 80, false],
        ['shop.example.net', '/catalog', 'catalog', 'http', false],
        ['*', null, 'ui', 80, true],
      ],
    );
    const cm = read('workshop/troubleshooting/configmaps-new.yaml');
    assert.deepEqual(
      r.warnings.map((w) => [w.code, path.basename(w.file), w.line]),
      [['REPEATED_KEY', 'configmaps-new.yaml', cm.split('\n').lastIndexOf('apiVersion: v1') + 1]],
    );
  });

  test('boutique: gRPC probes, matchExpressions peers and a CPU in millicores', () => {
    const r = extract(path.join(ROOT, 'boutique'));
    const catalog = r.extracted.workloads.find((w) => w.name === 'catalog')!;
    assert.deepEqual(
      [catalog.containers[0].probes.readiness?.type, catalog.containers[0].probes.readiness?.port],
      ['grpc', 3550],
    );
    const np = r.extracted.networkPolicies.find((p) => p.name === 'catalog')!;
    assert.deepEqual(np.ingress[0].peers[1].podSelectorExpressions, [
      { key: 'app', operator: 'In', values: ['cart', 'recommendation'] },
    ]);
    assert.deepEqual(r.extracted.networkPolicies.find((p) => p.name === 'deny-all')?.policyTypes, [
      'Ingress',
      'Egress',
    ]);
  });
});
