/**
 * The extractor on the real manifests/ and on a public-demo fixture. Expected
 * facts are read from the YAML by the test itself (with the `yaml` package)
 * and compared with what the extractor reports.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runExtract } from '../../cli/extract.ts';
import { extract, type ExtractResult } from '../../engine/index.ts';
import { resolveManifestPath } from '../../engine/index.ts';
import { redactSecretValues } from '../../engine/redact.ts';
import { folder, posOf } from '../fixtures/harness.ts';
import {
  SCHEMA_VERSION,
  type Extracted,
  type Quantity,
  type Workload,
} from '../../engine/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANIFESTS = path.join(ROOT, 'manifests');
const DEMO = path.join(ROOT, 'tests/fixtures/public-demo');

type Obj = Record<string, any>;

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-'));
  temps.push(d);
  return d;
}

/** Every YAML document of every file under dir, with its file (relative, posix). */
function readYaml(dir: string): { rel: string; text: string; obj: Obj }[] {
  const out: { rel: string; text: string; obj: Obj }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const doc of parseAllDocuments(text)) {
          const obj = doc.toJS();
          if (obj && typeof obj === 'object')
            out.push({ rel: path.relative(dir, p).split(path.sep).join('/'), text, obj });
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** 1-based line of the first line equal to / starting with prefix, at or after `from` (1-based). */
function lineOf(text: string, prefix: string, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (lines[i].startsWith(prefix)) return i + 1;
  assert.fail(`no line starting with ${JSON.stringify(prefix)}`);
}

/** The test's own reading of a quantity, for the simple forms the manifests use. */
function millicores(raw: string | number): number {
  const s = String(raw);
  if (s.endsWith('m')) return Number(s.slice(0, -1));
  return Math.round(Number(s) * 1000);
}
function bytes(raw: string | number): number {
  const s = String(raw);
  const bin: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  const dec: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9 };
  const m = /^([\d.]+(?:e\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(s);
  assert.ok(m, `test cannot read quantity ${s}`);
  return Number(m[1]) * (m[2] ? (bin[m[2]] ?? dec[m[2]]) : 1);
}

function json(dir: string): Extracted {
  const r = runExtract(['--manifests', dir, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout);
}

const same = (file: string, abs: string) => path.resolve(file) === abs;

let ex: Extracted;
let result: ExtractResult;
let docs: ReturnType<typeof readYaml>;
let applied: Set<string>;

before(() => {
  ex = json(MANIFESTS);
  result = extract(MANIFESTS);
  docs = readYaml(MANIFESTS);
  const k = docs.find((d) => d.obj.kind === 'Kustomization');
  assert.ok(k, 'manifests/ has a kustomization.yaml');
  applied = new Set(k.obj.resources as string[]);
});

describe('JSON contract on the real manifests', () => {
  test('top-level fields and schemaVersion', () => {
    assert.equal(ex.schemaVersion, SCHEMA_VERSION);
    assert.equal(ex.schemaVersion, 1);
    for (const f of [
      'manifests',
      'documents',
      'applied',
      'workloads',
      'services',
      'routes',
      'middlewares',
      'pdbs',
      'hpas',
      'networkPolicies',
      'pvcs',
      'configMaps',
      'secrets',
      'serviceAccounts',
      'traefik',
      'nodes',
      'hostListeners',
      'ufw',
      'cloudflare',
      'totals',
      'capacity',
    ]) {
      assert.ok(f in ex, `missing field ${f}`);
    }
    assert.equal(ex.documents.objects, docs.length);
  });

  test('every workload has the documented shape', () => {
    assert.ok(ex.workloads.length > 0);
    const isQty = (q: Quantity | null) =>
      q === null ||
      (typeof q.raw === 'string' && typeof q.value === 'number' && Object.keys(q).length === 2);
    for (const w of ex.workloads) {
      assert.ok(
        ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet'].includes(w.kind),
      );
      assert.equal(typeof w.namespace, 'string');
      assert.equal(typeof w.name, 'string');
      assert.ok(w.replicas === null || Number.isInteger(w.replicas));
      assert.equal(typeof w.source.file, 'string');
      assert.ok(Number.isInteger(w.source.line) && w.source.line >= 1);
      assert.ok(w.containers.length > 0);
      for (const c of w.containers) {
        assert.equal(typeof c.name, 'string');
        assert.equal(typeof c.image, 'string');
        for (const set of [c.requests, c.limits]) {
          assert.deepEqual(Object.keys(set).sort(), ['cpu', 'memory']);
          assert.ok(isQty(set.cpu) && isQty(set.memory));
        }
      }
    }
  });

  test('workloads match the Deployment YAML: namespace, replicas, containers, images, resources', () => {
    const deployments = docs.filter((d) => d.obj.kind === 'Deployment');
    assert.equal(ex.workloads.filter((w) => w.kind === 'Deployment').length, deployments.length);
    for (const d of deployments) {
      const w = ex.workloads.find((x) => x.kind === 'Deployment' && x.name === d.obj.metadata.name);
      assert.ok(w, d.obj.metadata.name);
      assert.equal(w.namespace, d.obj.metadata.namespace ?? 'default');
      assert.equal(w.replicas, d.obj.spec.replicas ?? 1);
      assert.ok(same(w.source.file, path.join(MANIFESTS, d.rel)), `${w.source.file} vs ${d.rel}`);
      assert.equal(w.source.line, lineOf(d.text, 'apiVersion:'));
      assert.equal(w.applied, applied.has(d.rel));
      const yamlContainers = d.obj.spec.template.spec.containers as Obj[];
      assert.deepEqual(
        w.containers.map((c) => c.name),
        yamlContainers.map((c) => c.name),
      );
      yamlContainers.forEach((yc, i) => {
        const c = w.containers[i];
        assert.equal(c.image, yc.image);
        for (const kind of ['requests', 'limits'] as const) {
          const want = yc.resources?.[kind] ?? {};
          assert.equal(
            c[kind].cpu?.raw ?? null,
            want.cpu === undefined ? null : String(want.cpu),
            `${w.name} ${kind}.cpu`,
          );
          assert.equal(
            c[kind].memory?.raw ?? null,
            want.memory === undefined ? null : String(want.memory),
            `${w.name} ${kind}.memory`,
          );
          if (want.cpu !== undefined)
            assert.equal(Math.round(c[kind].cpu!.value * 1000), millicores(want.cpu));
          if (want.memory !== undefined) assert.equal(c[kind].memory!.value, bytes(want.memory));
        }
        assert.deepEqual(
          c.ports.map((p) => p.containerPort),
          (yc.ports ?? []).map((p: Obj) => p.containerPort),
        );
      });
    }
  });

  test('services match the Service YAML: namespace, name, type, ports', () => {
    const services = docs.filter((d) => d.obj.kind === 'Service');
    assert.equal(ex.services.length, services.length);
    for (const d of services) {
      const s = ex.services.find((x) => x.name === d.obj.metadata.name);
      assert.ok(s);
      assert.equal(s.namespace, d.obj.metadata.namespace ?? 'default');
      assert.equal(s.type, d.obj.spec.type ?? 'ClusterIP');
      assert.deepEqual(
        s.ports.map((p) => [p.name, p.port, p.targetPort, p.protocol]),
        (d.obj.spec.ports as Obj[]).map((p) => [
          p.name ?? null,
          p.port,
          p.targetPort ?? p.port,
          p.protocol ?? 'TCP',
        ]),
      );
    }
  });

  test('totals = Σ over applied Deployments of replicas × requests (and limits), computed here from the YAML', () => {
    const want: Record<
      string,
      { replicas: number; cpu: number; mem: number; lcpu: number; lmem: number }
    > = {};
    for (const d of docs) {
      if ((d.obj.kind !== 'Deployment' && d.obj.kind !== 'StatefulSet') || !applied.has(d.rel))
        continue;
      const ns = d.obj.metadata.namespace ?? 'default';
      const t = (want[ns] ??= { replicas: 0, cpu: 0, mem: 0, lcpu: 0, lmem: 0 });
      const n = d.obj.spec.replicas ?? 1;
      t.replicas += n;
      for (const c of d.obj.spec.template.spec.containers as Obj[]) {
        t.cpu += n * millicores(c.resources.requests.cpu);
        t.mem += n * bytes(c.resources.requests.memory);
        t.lcpu += n * millicores(c.resources.limits.cpu);
        t.lmem += n * bytes(c.resources.limits.memory);
      }
    }
    assert.deepEqual(Object.keys(ex.totals).sort(), Object.keys(want).sort());
    for (const [ns, t] of Object.entries(want)) {
      const got = ex.totals[ns];
      assert.equal(got.replicas, t.replicas);
      assert.equal(got.requests.cpuMillicores, t.cpu);
      assert.equal(got.requests.memoryBytes, t.mem);
      assert.equal(got.limits.cpuMillicores, t.lcpu);
      assert.equal(got.limits.memoryBytes, t.lmem);
      assert.deepEqual(got.unlimited, { cpu: 0, memory: 0 });
    }
  });

  test('capacity = nodes × vCPU and memory from the inventory', () => {
    const inv = docs.find((d) => d.obj.kind === 'NodeInventory')!.obj.spec;
    const nodes = inv.nodes as Obj[];
    const cpu = nodes.reduce((s, n) => s + (n.vcpu ?? inv.defaults.vcpu) * 1000, 0);
    const mem = nodes.reduce((s, n) => s + bytes(n.memory ?? inv.defaults.memory), 0);
    assert.ok(ex.capacity);
    assert.equal(ex.capacity.nodes, nodes.length);
    assert.equal(ex.capacity.cpuMillicores, cpu);
    assert.equal(ex.capacity.memoryBytes, mem);
    const reqCpu = Object.values(ex.totals).reduce((s, t) => s + t.requests.cpuMillicores, 0);
    assert.equal(ex.capacity.share.requests.cpu, reqCpu / cpu);
  });

  test('the HPA is defined but not applied (its file is not in kustomization.yaml)', () => {
    const hpaDoc = docs.find((d) => d.obj.kind === 'HorizontalPodAutoscaler')!;
    assert.ok(!applied.has(hpaDoc.rel));
    assert.equal(ex.hpas.length, 1);
    const h = ex.hpas[0];
    assert.equal(h.applied, false);
    assert.equal(h.minReplicas, hpaDoc.obj.spec.minReplicas);
    assert.equal(h.maxReplicas, hpaDoc.obj.spec.maxReplicas);
    assert.deepEqual(h.target, {
      kind: hpaDoc.obj.spec.scaleTargetRef.kind,
      name: hpaDoc.obj.spec.scaleTargetRef.name,
    });
    assert.ok(ex.applied.notApplied.includes(hpaDoc.rel));
    assert.equal(h.source.line, lineOf(hpaDoc.text, 'apiVersion:'));
    assert.equal(result.registry.get('hpa/api.applied')?.value, false);
  });

  test('every NetworkPolicy is applied and reported', () => {
    const nps = docs.filter((d) => d.obj.kind === 'NetworkPolicy');
    assert.ok(nps.length > 0);
    assert.deepEqual(
      ex.networkPolicies.map((n) => n.name),
      nps.map((d) => d.obj.metadata.name),
    );
    for (const n of ex.networkPolicies) assert.equal(n.applied, true, n.name);
    const backend = ex.networkPolicies.find((n) => n.name === 'allow-egress-from-backend')!;
    const yb = nps.find((d) => d.obj.metadata.name === 'allow-egress-from-backend')!.obj;
    assert.deepEqual(backend.podSelectorExpressions, yb.spec.podSelector.matchExpressions);
    assert.deepEqual(
      backend.egress.flatMap((r) => r.ports.map((p) => p.port)),
      (yb.spec.egress as Obj[]).flatMap((r) => r.ports.map((p: Obj) => p.port)),
    );
  });

  test('unknown kinds are counted in documents.skipped, not fatal', () => {
    const modelled = new Set([
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'ReplicaSet',
      'Service',
      'IngressRoute',
      'Ingress',
      'Middleware',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
      'NetworkPolicy',
      'PersistentVolumeClaim',
      'ConfigMap',
      'Secret',
      'ServiceAccount',
      'Role',
      'ClusterRole',
      'RoleBinding',
      'ClusterRoleBinding',
      'HelmChartConfig',
      'Kustomization',
      'NodeInventory',
      'UfwPolicy',
      'CloudflareZone',
      'ExternalServices',
    ]);
    const want = docs
      .filter((d) => !modelled.has(d.obj.kind))
      .map((d) => `${d.obj.kind}/${d.obj.metadata?.name}`);
    assert.ok(
      want.length > 0,
      'the real manifests hold kinds the extractor passes over (Namespace)',
    );
    assert.deepEqual(ex.documents.skipped.map((s) => `${s.kind}/${s.name}`).sort(), want.sort());
    for (const d of docs) assert.ok(ex.documents.byKind[d.obj.kind] > 0, d.obj.kind);
  });

  test('a CRD-like object of an unknown group is passed over, not fatal', () => {
    const dir = tmp();
    fs.cpSync(MANIFESTS, dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'certificate.yaml'),
      'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: shop-tls\n  namespace: honeydue\nspec:\n  secretName: shop-tls\n  dnsNames: [shop.example.org]\n',
    );
    fs.writeFileSync(
      path.join(dir, 'crd.yaml'),
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.org\nspec:\n  group: example.org\n  names: { kind: Widget, plural: widgets }\n  scope: Namespaced\n  versions: []\n---\napiVersion: example.org/v1\nkind: Widget\nmetadata:\n  name: w\n',
    );
    const out = json(dir);
    const skipped = out.documents.skipped.map((s) => s.kind);
    for (const k of ['Certificate', 'CustomResourceDefinition', 'Widget'])
      assert.ok(skipped.includes(k), k);
    assert.equal(out.documents.skipped.length, ex.documents.skipped.length + 3);
    assert.equal(out.workloads.length, ex.workloads.length);
  });
});

describe('provenance: source lines', () => {
  test('deployment/api.replicas points at the `  replicas:` line of api/deployment.yaml', () => {
    const text = fs.readFileSync(path.join(MANIFESTS, 'api/deployment.yaml'), 'utf8');
    const f = result.registry.get('deployment/api.replicas')!;
    assert.ok(f);
    assert.ok(same(f.source.file, path.join(MANIFESTS, 'api/deployment.yaml')));
    assert.equal(f.source.line, lineOf(text, '  replicas:'));
  });

  test('every Deployment replicas fact points at its own replicas line', () => {
    for (const d of docs.filter((x) => x.obj.kind === 'Deployment')) {
      const f = result.registry.get(`deployment/${d.obj.metadata.name}.replicas`)!;
      assert.equal(f.value, d.obj.spec.replicas);
      assert.equal(f.source.line, lineOf(d.text, '  replicas:'), d.rel);
    }
  });

  test('container resources point at their lines', () => {
    const text = fs.readFileSync(path.join(MANIFESTS, 'web/deployment.yaml'), 'utf8');
    const resources = lineOf(text, '          resources:');
    const f = result.registry.get('deployment/web.limits.memory')!;
    assert.equal(
      f.source.line,
      lineOf(text, '              memory:', lineOf(text, '            limits:', resources)),
    );
    const g = result.registry.get('deployment/web.requests.cpu')!;
    assert.equal(g.source.line, lineOf(text, '              cpu:', resources));
  });

  test('a node fact points at the node entry, an inventory default at the default', () => {
    const rel = docs.find((d) => d.obj.kind === 'NodeInventory')!;
    const n0 = rel.obj.spec.nodes[0];
    const ip = result.registry.get(`node/${n0.sshAlias}.publicIp`)!;
    assert.equal(ip.value, n0.publicIp);
    assert.equal(ip.source.line, lineOf(rel.text, `      publicIp: ${n0.publicIp}`));
    const mem = result.registry.get(`node/${n0.sshAlias}.memory`)!;
    assert.equal(mem.value, rel.obj.spec.defaults.memory);
    assert.equal(mem.source.line, lineOf(rel.text, '    memory:'));
  });

  test('each Secret key name points at its own line', () => {
    const d = docs.find(
      (x) => x.obj.kind === 'Secret' && x.obj.metadata.name === 'honeydue-secrets',
    )!;
    const s = ex.secrets.find((x) => x.name === 'honeydue-secrets')!;
    assert.deepEqual(
      s.keys.map((k) => k.key),
      Object.keys(d.obj.stringData),
    );
    for (const k of s.keys) assert.equal(k.source.line, lineOf(d.text, `  ${k.key}:`));
  });
});

describe('fact registry', () => {
  test('short alias and full key name the same fact', () => {
    const short = result.registry.get('deployment/api.replicas');
    const full = result.registry.get('deployment/honeydue/api.replicas');
    assert.ok(short && full);
    assert.equal(short, full);
    assert.equal(full.key, 'deployment/honeydue/api.replicas');
    const keys = result.registry.keys();
    assert.ok(keys.includes('deployment/api.replicas'));
    assert.ok(keys.includes('deployment/honeydue/api.replicas'));
    assert.deepEqual(keys, [...keys].sort());
  });

  test('facts carry the value from the YAML and a class', () => {
    const api = docs.find((d) => d.obj.kind === 'Deployment' && d.obj.metadata.name === 'api')!.obj;
    const c = api.spec.template.spec.containers[0];
    assert.equal(result.registry.get('deployment/api.replicas')!.class, 'replicas');
    assert.equal(result.registry.get('deployment/api.image')!.value, c.image);
    assert.equal(result.registry.get('deployment/api.image')!.class, 'image');
    assert.equal(
      result.registry.get('deployment/api.containers.api.requests.memory')!.value,
      c.resources.requests.memory,
    );
    assert.equal(
      result.registry.get('service/api.port')!.value,
      docs.find((d) => d.obj.kind === 'Service' && d.obj.metadata.name === 'api')!.obj.spec.ports[0]
        .port,
    );
    const pdb = docs.find(
      (d) => d.obj.kind === 'PodDisruptionBudget' && d.obj.metadata.name === 'web-pdb',
    )!.obj;
    assert.equal(result.registry.get('pdb/web-pdb.minAvailable')!.value, pdb.spec.minAvailable);
  });

  test('node facts are reachable by ssh alias and by hostname', () => {
    const n0 = docs.find((d) => d.obj.kind === 'NodeInventory')!.obj.spec.nodes[0];
    assert.equal(
      result.registry.get(`node/${n0.hostname}.publicIp`),
      result.registry.get(`node/${n0.sshAlias}.publicIp`),
    );
  });

  test('closest() suggests the intended key for a typo', () => {
    assert.equal(result.registry.closest('deployment/api.replicaz')[0], 'deployment/api.replicas');
    assert.equal(result.registry.closest('deployment/ap.replicas')[0], 'deployment/api.replicas');
    assert.equal(result.registry.closest('deployment/api.replicaz', 5).length, 5);
    assert.equal(result.registry.has('deployment/api.replicaz'), false);
  });

  test('an alias shared by two namespaces is ambiguous: only the full keys resolve', () => {
    const dir = tmp();
    const dep = (ns: string, n: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${ns}\nspec:\n  replicas: ${n}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;
    fs.writeFileSync(path.join(dir, 'a.yaml'), dep('team-a', 2));
    fs.writeFileSync(path.join(dir, 'b.yaml'), dep('team-b', 4));
    const r = extract(dir);
    assert.equal(r.registry.get('deployment/team-a/web.replicas')?.value, 2);
    assert.equal(r.registry.get('deployment/team-b/web.replicas')?.value, 4);
    assert.equal(r.registry.get('deployment/web.replicas'), undefined);
    assert.ok(!r.registry.keys().includes('deployment/web.replicas'));
  });
});

describe('defaults', () => {
  test('namespace defaults to `default` and replicas to 1 (replicasDefaulted)', () => {
    const dir = tmp();
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bare\nspec:\n  template:\n    spec:\n      containers:\n        - name: bare\n          image: nginx:1.27\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: bare\nspec:\n  ports:\n    - port: 80\n';
    fs.writeFileSync(path.join(dir, 'bare.yaml'), text);
    const out = json(dir);
    const w = out.workloads[0];
    assert.equal(w.namespace, 'default');
    assert.equal(w.replicas, 1);
    assert.equal(w.replicasDefaulted, true);
    assert.deepEqual(w.strategy, { type: 'RollingUpdate', maxUnavailable: '25%', maxSurge: '25%' });
    assert.deepEqual(w.containers[0].requests, { cpu: null, memory: null });
    assert.equal(w.containers[0].imageTag, '1.27');
    assert.equal(out.services[0].namespace, 'default');
    assert.equal(out.services[0].type, 'ClusterIP');
    assert.equal(out.services[0].ports[0].targetPort, 80);
    assert.equal(out.applied.kustomization, null);
    assert.deepEqual(out.applied.notApplied, []);
    assert.equal(w.applied, true);
    assert.equal(out.totals.default.replicas, 1);
    assert.deepEqual(out.totals.default.unlimited, { cpu: 1, memory: 1 });
    const r = extract(dir);
    assert.equal(r.registry.get('deployment/default/bare.replicas')?.value, 1);
    assert.equal(
      r.registry.get('deployment/bare.replicas')?.source.line,
      1 + text.split('\n').indexOf('spec:'),
      'a defaulted value points at its parent',
    );
  });

  test('the real manifests state replicas everywhere: none is defaulted', () => {
    for (const w of ex.workloads) assert.equal(w.replicasDefaulted, false, w.name);
  });
});

describe('secrets: key names only, never values', () => {
  const SECRET = 'hunter2-SECRET';
  const B64 = Buffer.from('b64-hunter2-SECRET').toString('base64');
  let dir: string;
  let text: string;

  before(() => {
    dir = tmp();
    fs.cpSync(MANIFESTS, dir, { recursive: true });
    const file = path.join(dir, 'secrets.yaml');
    text = fs
      .readFileSync(file, 'utf8')
      .replace('  POSTGRES_PASSWORD: ""', `  POSTGRES_PASSWORD: ${SECRET}`);
    text += `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: encoded\n  namespace: honeydue\ntype: Opaque\ndata:\n  TOKEN: ${B64}\n`;
    assert.ok(text.includes(SECRET));
    fs.writeFileSync(file, text);
  });

  for (const format of ['json', 'keys', 'text'] as const) {
    test(`--format ${format} never shows a secret value`, () => {
      const r = runExtract(['--manifests', dir, '--format', format]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.includes(SECRET), `${format} output leaks the stringData value`);
      assert.ok(!r.stdout.includes(B64), `${format} output leaks the data value`);
      assert.ok(!r.stdout.includes('hunter2'));
      if (format !== 'text')
        assert.ok(r.stdout.includes('POSTGRES_PASSWORD'), 'the key name is kept');
      if (format !== 'text') assert.ok(r.stdout.includes('TOKEN'));
    });
  }

  test('no fact in the registry holds a secret value', () => {
    const r = extract(dir);
    for (const f of r.registry.facts.values()) {
      const shown = `${JSON.stringify(f.value)} ${f.display}`;
      assert.ok(!shown.includes('hunter2') && !shown.includes(B64), f.key);
    }
    const s = r.extracted.secrets.find((x) => x.name === 'encoded')!;
    assert.deepEqual(
      s.keys.map((k) => k.key),
      ['TOKEN'],
    );
  });

  test('redactSecretValues blanks stringData and data values, keeps key names and the rest', () => {
    const red = redactSecretValues(text);
    assert.ok(!red.includes(SECRET));
    assert.ok(!red.includes(B64));
    assert.match(red, /^ {2}POSTGRES_PASSWORD: ""$/m);
    assert.match(red, /^ {2}TOKEN: ""$/m);
    assert.match(red, /^type: Opaque$/m);
    assert.match(red, /^ {2}name: honeydue-secrets$/m);
    assert.equal(red.split('\n').length, text.split('\n').length);
  });

  test('redactSecretValues hides the lines of a block-scalar value', () => {
    const red = redactSecretValues(
      `kind: Secret\nstringData:\n  key.pem: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvQ${SECRET}\n    -----END PRIVATE KEY-----\ntype: Opaque\n`,
    );
    assert.ok(!red.includes(SECRET));
    assert.match(red, /type: Opaque/);
  });

  test('redactSecretValues blanks a flow-mapping stringData', () => {
    assert.ok(
      !redactSecretValues(`kind: Secret\nstringData: { POSTGRES_PASSWORD: ${SECRET} }\n`).includes(
        SECRET,
      ),
    );
  });

  test('a value after a blanked one on the same line keeps its column (flow mappings)', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: flow, namespace: honeydue }',
      `stringData: { POSTGRES_PASSWORD: ${SECRET}, REDIS_PASSWORD: second-${SECRET}, A: b }`,
      `data: { TOKEN: "${B64}\n  ${B64}", KEY: ${B64} }`,
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: flow-cm, namespace: honeydue }',
      `data: { DB_PASSWORD: ${SECRET}, PORT: "8080", API_TOKEN: t-${SECRET} }`,
      '',
    ].join('\n');
    const dir = folder({ 'flow.yaml': text });
    const r = extract(dir);
    const at = (name: string) => {
      const x = r.redactions.find((d) => d.name === name);
      assert.ok(x, `no redaction of ${name}`);
      return { line: x.line, col: x.col };
    };
    assert.deepEqual(at('POSTGRES_PASSWORD'), posOf(text, SECRET));
    assert.deepEqual(at('REDIS_PASSWORD'), posOf(text, `second-${SECRET}`));
    assert.deepEqual(at('A'), posOf(text, 'b }'));
    // After a value that spans two lines: the column on the line where it ends.
    assert.deepEqual(at('TOKEN'), posOf(text, `"${B64}`));
    assert.deepEqual(at('KEY'), posOf(text, `${B64} }`));
    assert.deepEqual(at('API_TOKEN'), posOf(text, `t-${SECRET}`));
    const cm = (r.extracted.configMaps as Obj[]).find((c) => c.name === 'flow-cm')!;
    assert.deepEqual(
      cm.data.map((d: Obj) => [d.key, d.value]),
      [
        ['DB_PASSWORD', ''],
        ['PORT', '8080'],
        ['API_TOKEN', ''],
      ],
    );
    const all = JSON.stringify(r);
    assert.ok(!all.includes(SECRET) && !all.includes(B64));
  });

  test('a blanked value at the end of its line gets no trailing spaces', () => {
    const red = redactSecretValues(
      `kind: Secret\nstringData:\n  A: ${SECRET}\n  B: ${SECRET} # by hand\n`,
    );
    assert.match(red, /^ {2}A: ""$/m);
    assert.match(red, new RegExp(`^ {2}B: "" {${SECRET.length - 2}} # by hand$`, 'm'));
  });

  test('redactSecretValues blanks values under `stringData:` with a trailing comment', () => {
    assert.ok(
      !redactSecretValues(
        `kind: Secret\nstringData: # filled in by hand\n  POSTGRES_PASSWORD: ${SECRET}\n`,
      ).includes(SECRET),
    );
  });

  test('redactSecretValues does not keep text before a colon inside a block-scalar secret', () => {
    assert.ok(
      !redactSecretValues(
        `kind: Secret\nstringData:\n  config.ini: |\n    ${SECRET}: x\n`,
      ).includes(SECRET),
    );
  });

  test('a Secret excerpt of one key (what <Manifest> renders) does not show the value', () => {
    const r = extract(dir);
    const x = resolveManifestPath(
      r,
      'secrets.yaml#honeydue-secrets',
      'stringData.POSTGRES_PASSWORD',
    );
    assert.ok(!('error' in x));
    assert.ok(!redactSecretValues(x.text).includes(SECRET), redactSecretValues(x.text));
  });

  test('a whole-Secret excerpt shows key names, never the value, and keeps its line range', () => {
    const r = extract(dir);
    const x = resolveManifestPath(r, 'secrets.yaml#honeydue-secrets', null);
    assert.ok(!('error' in x));
    assert.ok(!x.text.includes(SECRET), x.text);
    assert.match(x.text, /POSTGRES_PASSWORD: ""/);
    assert.equal(x.text.split('\n').length, x.endLine - x.startLine + 1);
  });
});

describe('resolveManifestPath', () => {
  test("a container's resources: verbatim dedented slice with its line range", () => {
    const text = fs.readFileSync(path.join(MANIFESTS, 'api/deployment.yaml'), 'utf8');
    const lines = text.split('\n');
    const r = resolveManifestPath(
      result,
      'api/deployment.yaml',
      'spec.template.spec.containers[name=api].resources',
    );
    assert.ok(!('error' in r), JSON.stringify(r));
    const start = lineOf(text, '          resources:', lineOf(text, '        - name: api'));
    const indent = lines[start - 1].indexOf('resources:');
    let end = start;
    while (end < lines.length && lines[end].trim() && /^\s*/.exec(lines[end])![0].length > indent)
      end++;
    assert.equal(r.startLine, start);
    assert.equal(r.endLine, end);
    assert.equal(
      r.text,
      lines
        .slice(start - 1, end)
        .map((l) => l.slice(indent))
        .join('\n'),
    );
    assert.ok(
      text.includes(
        r.text
          .split('\n')
          .map((l) => ' '.repeat(indent) + l)
          .join('\n'),
      ),
      'a verbatim slice',
    );
    assert.ok(same(r.file, path.join(MANIFESTS, 'api/deployment.yaml')));
    assert.equal(r.view.name, 'api');
  });

  test('`manifests/` prefix and [0] index address the same thing', () => {
    const a = resolveManifestPath(
      result,
      'manifests/api/deployment.yaml',
      'spec.template.spec.containers[0].resources',
    );
    const b = resolveManifestPath(
      result,
      'api/deployment.yaml',
      'spec.template.spec.containers[name=api].resources',
    );
    assert.ok(!('error' in a) && !('error' in b));
    assert.equal(a.text, b.text);
    assert.equal(a.startLine, b.startLine);
  });

  test('file#object with no path: the whole object, without the comments above it', () => {
    const text = fs.readFileSync(path.join(MANIFESTS, 'network-policies.yaml'), 'utf8');
    const lines = text.split('\n');
    const r = resolveManifestPath(result, 'network-policies.yaml#allow-egress-from-web', null);
    assert.ok(!('error' in r), JSON.stringify(r));
    const nameLine = lineOf(text, '  name: allow-egress-from-web');
    let start = nameLine;
    while (!lines[start - 1].startsWith('apiVersion:')) start--;
    let end = nameLine;
    while (end < lines.length && lines[end] !== '---' && lines[end] !== '') end++;
    assert.equal(r.startLine, start);
    assert.equal(r.endLine, end);
    assert.equal(r.text, lines.slice(start - 1, end).join('\n'));
    assert.equal(r.view.name, 'allow-egress-from-web');
  });

  test('a scalar path gives its one line', () => {
    const text = fs.readFileSync(path.join(MANIFESTS, 'api/deployment.yaml'), 'utf8');
    const r = resolveManifestPath(result, 'api/deployment.yaml', 'spec.replicas');
    assert.ok(!('error' in r));
    assert.equal(r.startLine, lineOf(text, '  replicas:'));
    assert.equal(r.endLine, r.startLine);
    assert.equal(r.text, text.split('\n')[r.startLine - 1].trim());
  });

  test('a wrong file: error with a did-you-mean hint', () => {
    const r = resolveManifestPath(result, 'api/deploymnt.yaml', null);
    assert.ok('error' in r);
    assert.match(r.error, /api\/deploymnt\.yaml/);
    assert.match(r.hint, /`api\/deployment\.yaml`/);
  });

  test('a wrong object: error listing the objects of the file', () => {
    const r = resolveManifestPath(result, 'network-policies.yaml#allow-everything', null);
    assert.ok('error' in r);
    assert.match(r.error, /allow-everything/);
    assert.match(r.hint, /allow-egress-from-web/);
  });

  test('a wrong path: error', () => {
    for (const p of [
      'spec.replicaz',
      'spec.template.spec.containers[name=nope].resources',
      'spec.template.spec.containers[7]',
      'spec.template.spec.containers[name].image',
    ]) {
      const r = resolveManifestPath(result, 'api/deployment.yaml', p);
      assert.ok('error' in r, p);
      assert.ok(r.hint.length > 0);
    }
  });

  test('a path into a many-object file without #name: error asking which object', () => {
    const r = resolveManifestPath(result, 'network-policies.yaml', 'spec.podSelector');
    assert.ok('error' in r);
    assert.match(r.hint, /network-policies\.yaml#/);
  });
});

describe('public demo fixture (tests/fixtures/public-demo)', () => {
  let demo: Extracted;
  let demoDocs: ReturnType<typeof readYaml>;
  const wl = (name: string): Workload => {
    const w = demo.workloads.find((x) => x.name === name);
    assert.ok(w, name);
    return w;
  };

  before(() => {
    demo = json(DEMO);
    demoDocs = readYaml(DEMO);
  });

  test('every object is found; the CRD object is passed over', () => {
    assert.equal(demo.documents.objects, demoDocs.length);
    assert.deepEqual(
      demo.documents.skipped.map((s) => s.kind),
      ['ServiceMonitor'],
    );
    assert.deepEqual(
      demo.workloads.map((w) => `${w.kind}/${w.name}`).sort(),
      demoDocs
        .filter((d) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'].includes(d.obj.kind))
        .map((d) => `${d.obj.kind}/${d.obj.metadata.name}`)
        .sort(),
    );
  });

  test('replicas: stated, defaulted to 1, and null for a DaemonSet', () => {
    assert.equal(wl('cart').replicas, 2);
    assert.equal(wl('cart').replicasDefaulted, false);
    assert.equal(wl('storefront').replicas, 1);
    assert.equal(wl('storefront').replicasDefaulted, true);
    assert.equal(wl('cart-cache').kind, 'StatefulSet');
    assert.equal(wl('cart-cache').replicas, 1);
    assert.equal(wl('node-agent').kind, 'DaemonSet');
    assert.equal(wl('node-agent').replicas, null);
    assert.equal(wl('node-agent').namespace, 'monitoring');
  });

  test('CronJob: schedule, init containers and containers from the job template', () => {
    const cj = wl('order-cleanup');
    assert.equal(cj.kind, 'CronJob');
    const y = demoDocs.find((d) => d.obj.kind === 'CronJob')!.obj;
    assert.equal(cj.schedule, y.spec.schedule);
    assert.deepEqual(
      cj.initContainers.map((c) => [c.name, c.init]),
      [['wait-for-db', true]],
    );
    assert.deepEqual(
      cj.containers.map((c) => [c.name, c.init]),
      [['cleanup', false]],
    );
    assert.equal(cj.initContainers[0].requests.cpu?.raw, '5m');
  });

  test('quantities in every form are read exactly', () => {
    const cart = wl('cart').containers[0];
    assert.deepEqual(cart.requests.cpu, { raw: '0.5', value: 0.5 });
    assert.deepEqual(cart.requests.memory, { raw: '129M', value: 129e6 });
    assert.deepEqual(cart.limits.cpu, { raw: '1', value: 1 });
    assert.deepEqual(cart.limits.memory, { raw: '1.5Gi', value: 1.5 * 2 ** 30 });
    const [server, envoy] = wl('catalog').containers;
    assert.deepEqual(server.requests.memory, { raw: '129e6', value: 129e6 });
    assert.deepEqual(server.limits.memory, { raw: '128974848', value: 128974848 });
    assert.deepEqual(server.limits.cpu, { raw: '1.5', value: 1.5 });
    assert.deepEqual(envoy.requests.cpu, { raw: '.05', value: 0.05 });
    assert.deepEqual(envoy.limits, { cpu: null, memory: null });
    assert.equal(
      server.imageTag,
      'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    assert.equal(server.imageRepository, 'registry.example.org/shop/catalog');
    assert.equal(envoy.imageTag, 'v1.31.0');
  });

  test('totals count only Deployments and StatefulSets (not the DaemonSet or the CronJob)', () => {
    // storefront 1 × (100m, 64Mi) + cart 2 × (0.5, 129M) + catalog 3 × (250m + 0.05, 129e6 + 32Mi) + cart-cache 1 × (70m, 200Mi)
    const Mi = 2 ** 20;
    const cpu = 1 * 100 + 2 * 500 + 3 * (250 + 50) + 1 * 70;
    const mem = 1 * 64 * Mi + 2 * 129e6 + 3 * (129e6 + 32 * Mi) + 1 * 200 * Mi;
    // limits: storefront 200m/128Mi, cart 1/1.5Gi, catalog server 1.5/128974848 (envoy unlimited), cart-cache 125m/256Mi
    const lcpu = 200 + 2 * 1000 + 3 * 1500 + 125;
    const lmem = 128 * Mi + 2 * 1.5 * 2 ** 30 + 3 * 128974848 + 256 * Mi;
    assert.deepEqual(Object.keys(demo.totals), ['shop']);
    const t = demo.totals.shop;
    assert.equal(t.replicas, 1 + 2 + 3 + 1);
    assert.deepEqual(t.requests, { cpuMillicores: cpu, memoryBytes: mem });
    assert.deepEqual(t.limits, { cpuMillicores: lcpu, memoryBytes: lmem });
    assert.deepEqual(t.unlimited, { cpu: 3, memory: 3 });
    assert.equal(demo.capacity, null, 'no NodeInventory, no capacity');
  });

  test('Services: LoadBalancer, NodePort with nodePort, headless, named targetPort', () => {
    const svc = (n: string) => demo.services.find((s) => s.name === n)!;
    assert.equal(svc('storefront-external').type, 'LoadBalancer');
    assert.equal(svc('storefront-external').ports[0].targetPort, 'http');
    assert.equal(svc('cart').type, 'NodePort');
    assert.equal(svc('cart').ports[0].nodePort, 30070);
    assert.equal(svc('catalog').type, 'ClusterIP');
    assert.equal(svc('catalog').ports[0].targetPort, 3550);
    assert.equal(svc('cart-cache').ports[0].port, 6379);
  });

  test('Ingress hosts → backends, with TLS', () => {
    const routes = demo.routes.map((r) => [
      r.kind,
      r.host,
      r.path,
      r.service,
      r.port,
      r.tlsSecret,
      r.entryPoints.join(','),
    ]);
    assert.deepEqual(routes, [
      ['Ingress', 'shop.example.org', '/', 'storefront', 80, 'shop-tls', 'websecure'],
      ['Ingress', 'api.shop.example.org', '/cart', 'cart', 'grpc', 'shop-tls', 'websecure'],
    ]);
  });

  test('every host of a two-host Ingress keeps a fact in the registry', () => {
    const r = extract(DEMO);
    const hosts = [...r.registry.facts.values()]
      .filter((f) => f.key.startsWith('ingress/'))
      .flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value]));
    assert.ok(hosts.includes('shop.example.org'), 'first host');
    assert.ok(hosts.includes('api.shop.example.org'), 'second host');
  });

  test('the text summary names every workload and the passed-over kind', () => {
    const r = runExtract(['--manifests', DEMO, '--format', 'text']);
    assert.equal(r.code, 0, r.stderr);
    for (const n of ['storefront', 'cart', 'catalog', 'cart-cache', 'node-agent', 'order-cleanup'])
      assert.match(r.stdout, new RegExp(`\\b${n}\\b`));
    assert.match(r.stdout, /replicas=per-node/);
    assert.match(r.stdout, /replicas=1 \(default\)/);
    assert.match(r.stdout, /ServiceMonitor ×1/);
  });
});

describe('command-line flags as facts', () => {
  test('flags in args and inside a `sh -c` script become facts at the line that writes them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-flags-'));
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: cache',
      'spec:',
      '  selector: {matchLabels: {app: cache}}',
      '  template:',
      '    metadata: {labels: {app: cache}}',
      '    spec:',
      '      containers:',
      '        - name: cache',
      '          image: redis:7',
      '          command:',
      '            - sh',
      '            - -c',
      '            - |',
      '              ARGS="--appendonly yes --maxmemory 300mb"',
      '              exec redis-server $ARGS --port $PORT',
      '          args: ["-log.level=warn", "--unused"]',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: queue',
      'spec:',
      '  selector: {matchLabels: {app: queue}}',
      '  template:',
      '    metadata: {labels: {app: queue}}',
      '    spec:',
      '      containers:',
      '        - name: queue',
      '          image: redis:7',
      '          args:',
      '            - --save',
      '            - ""',
      '            - --maxmemory-policy',
      '            - allkeys-lru',
      '            - --protected-mode',
      '            - --no-value-here',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'd.yaml'), text);
    try {
      const { registry } = extract(dir);
      const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
      const max = registry.get('deployment/cache.flags.maxmemory');
      assert.equal(max?.value, '300mb');
      assert.equal(max?.source.line, lineOf('--maxmemory'));
      assert.equal(registry.get('deployment/cache.flags.appendonly')?.value, 'yes');
      assert.equal(registry.get('deployment/cache.flags.log.level')?.value, 'warn');
      assert.equal(
        registry.get('deployment/cache.flags.log.level')?.source.line,
        lineOf('-log.level'),
      );
      // A shell variable is not a value, and a flag with no value is not a fact.
      assert.equal(registry.get('deployment/cache.flags.port'), undefined);
      assert.equal(registry.get('deployment/cache.flags.unused'), undefined);
      // A flag alone in its list item takes the next item as its value, at the flag's line.
      const policy = registry.get('deployment/queue.flags.maxmemory-policy');
      assert.equal(policy?.value, 'allkeys-lru');
      assert.equal(policy?.source.line, lineOf('- --maxmemory-policy'));
      assert.equal(registry.get('deployment/queue.flags.protected-mode'), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
