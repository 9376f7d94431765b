/**
 * The drift check, by mutation: a fixture book (tests/fixtures/book) that is
 * clean against the real manifests/, then one textual change at a time to a
 * temp copy of manifests/ or of the book, and the finding it must produce —
 * its rule code, file and line (computed from the mutated text).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extract } from '../../engine/index.ts';
import { checkBook, github, human, summary, type CheckReport } from '../../check/index.ts';
import { runCheck } from '../../cli/check.ts';
import { DEPLOYMENT } from '../fixtures/harness.ts';
import type { Finding, RuleCode } from '../../check/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANIFESTS = path.join(ROOT, 'manifests');
const BOOK = path.join(ROOT, 'tests/fixtures/book');
const REAL_BOOK = path.join(ROOT, 'src/content/docs');

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

interface Copy {
  m: string;
  d: string;
  /** Path inside the copy: `manifests/...` or `book/...`. */
  file(rel: string): string;
  read(rel: string): string;
  write(rel: string, text: string): void;
  /** Replaces exactly one occurrence of `from`; returns the new text. */
  replace(rel: string, from: string | RegExp, to: string): string;
}

/** A temp copy of manifests/ and of a book: the fixture book, or the real one (`REAL_BOOK`). */
function copy(book = BOOK): Copy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-'));
  temps.push(root);
  const m = path.join(root, 'manifests');
  const d = path.join(root, 'book');
  fs.cpSync(MANIFESTS, m, { recursive: true });
  fs.cpSync(book, d, { recursive: true });
  const file = (rel: string) => path.join(root, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
    fs.writeFileSync(file(rel), text);
  };
  return {
    m,
    d,
    file,
    read,
    write,
    replace(rel, from, to) {
      const text = read(rel);
      const count =
        typeof from === 'string'
          ? text.split(from).length - 1
          : (text.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length;
      assert.equal(count, 1, `${rel}: expected one occurrence of ${from}`);
      const out = text.replace(from, to);
      write(rel, out);
      return out;
    },
  };
}

function check(c: Pick<Copy, 'm' | 'd'>, format = 'json') {
  return runCheck(['--manifests', c.m, '--docs', c.d, '--format', format]);
}

function report(c: Pick<Copy, 'm' | 'd'>): { code: number; report: CheckReport } {
  const r = check(c);
  assert.equal(r.stderr, '');
  return { code: r.code, report: JSON.parse(r.stdout) };
}

/**
 * Replaces the first `snippet` after `name: <policy>` in the copy's network-policies.yaml,
 * and returns the file as written.
 */
function editPolicy(c: Copy, policy: string, snippet: string, by = ''): string {
  const rel = 'manifests/network-policies.yaml';
  const text = c.read(rel);
  const at = text.indexOf(`name: ${policy}`);
  const from = text.indexOf(snippet, at);
  assert.ok(at >= 0 && from > at, `${policy} holds ${JSON.stringify(snippet)}`);
  const mutated = text.slice(0, from) + by + text.slice(from + snippet.length);
  c.write(rel, mutated);
  return mutated;
}

/** 1-based line of the first line containing needle (at or after line `from`). */
function lineOf(text: string, needle: string, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
  assert.fail(`no line contains ${JSON.stringify(needle)}`);
}

/** 1-based column of the first occurrence of needle on its line. */
function colOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `no ${JSON.stringify(needle)}`);
  return at - text.lastIndexOf('\n', at - 1);
}

/** The paragraph a marker comment stands above: the next non-blank line. */
function paragraphAfter(text: string, marker: string): number {
  const lines = text.split('\n');
  for (let i = lineOf(text, marker); i < lines.length; i++) if (lines[i].trim()) return i + 1;
  assert.fail('no paragraph after marker');
}

function show(fs_: Finding[]): string {
  return fs_.map((f) => `  ${f.file}:${f.line}:${f.col} ${f.code} ${f.message}`).join('\n');
}

/** Asserts one finding with this code, at a file ending in `file`, on `line` (and `col` if given). */
function expectFinding(
  findings: Finding[],
  code: RuleCode,
  file: string,
  line: number,
  col?: number,
): Finding {
  const f = findings.find(
    (x) =>
      x.code === code &&
      x.file.endsWith(file) &&
      x.line === line &&
      (col === undefined || x.col === col),
  );
  assert.ok(
    f,
    `expected ${code} at …${file}:${line}${col ? `:${col}` : ''}; got:\n${show(findings)}`,
  );
  return f;
}

/** The one finding of a rule after a mutation, exit 1, asserted at a file ending in `file`, on `line`. */
function soleFinding(c: Copy, ruleId: string, code: RuleCode, file: string, line: number): Finding {
  const { code: exit, report: rep } = report(c);
  assert.equal(exit, 1);
  const found = rep.findings.filter((f) => f.ruleId === ruleId);
  assert.equal(found.length, 1, show(found));
  return expectFinding(found, code, file, line);
}

/** Asserts a finding's other side: a file ending in `file`, on `line`. */
function otherSide(f: Finding, file: string, line: number): void {
  assert.ok(f.config?.file.endsWith(file), `other side ${f.config?.file}`);
  assert.equal(f.config?.line, line);
}

const W = 'book/01-workloads.mdx';
const N = 'book/02-network.mdx';

describe('the clean fixture book', () => {
  test('has no findings against the real manifests (exit 0)', () => {
    const r = check({ m: MANIFESTS, d: BOOK });
    const rep: CheckReport = JSON.parse(r.stdout);
    assert.deepEqual(rep.findings, [], `findings:\n${show(rep.findings)}`);
    assert.equal(r.code, 0);
    assert.equal(rep.docs, 3);
    assert.equal(rep.ignores.length, 1);
    assert.equal(rep.ignores[0].reason, 'history');
  });

  test('checkBook() gives the same clean report in-process', () => {
    const rep = checkBook(BOOK, extract(MANIFESTS));
    assert.deepEqual(rep.findings, []);
    assert.equal(rep.objects, extract(MANIFESTS).load.objects.length);
  });

  test('human format says there is no drift', () => {
    const r = check({ m: MANIFESTS, d: BOOK }, 'human');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No drift: 3 pages/);
    assert.match(r.stdout, /1 drift-ignore marker/);
  });
});

describe('mutations of the manifests', () => {
  test('scale the worker to 2 → BROKEN_ASSUMPTION at the worker paragraph, config side worker/deployment.yaml', () => {
    const c = copy();
    const dep = c.replace('manifests/worker/deployment.yaml', '  replicas: 1\n', '  replicas: 2\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      W,
      paragraphAfter(c.read(W), 'assume: deployment/worker.replicas == 1'),
      1,
    );
    assert.ok(f.config);
    assert.ok(f.config.file.endsWith('manifests/worker/deployment.yaml'), f.config.file);
    assert.equal(f.config.line, lineOf(dep, '  replicas:'));
    assert.match(f.message, /deployment\/worker\.replicas = 2/);
  });

  test('api memory request raised to 2Gi → BROKEN_ASSUMPTION (quantities compare by value: 2Gi ≥ 1Gi)', () => {
    const c = copy();
    c.replace(
      'manifests/api/deployment.yaml',
      '              memory: 128Mi\n',
      '              memory: 2Gi\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      W,
      paragraphAfter(c.read(W), 'assume: deployment/api.requests.memory < 1Gi'),
    );
    assert.match(f.message, /deployment\/api\.requests\.memory = 2Gi/);
    assert.equal(
      rep.findings.filter((x) => x.code === 'BROKEN_ASSUMPTION').length,
      1,
      'only the memory clause breaks',
    );
  });

  test('api memory request 1023Mi still satisfies `< 1Gi`; above the 512Mi limit it is request-above-limit', () => {
    const c = copy();
    const dep = c.replace(
      'manifests/api/deployment.yaml',
      '              memory: 128Mi\n',
      '              memory: 1023Mi\n',
    );
    const { code, report: rep } = report(c);
    assert.ok(!rep.findings.some((f) => f.code === 'BROKEN_ASSUMPTION'), show(rep.findings));
    assert.equal(rep.findings.length, 1, show(rep.findings));
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/api/deployment.yaml',
      lineOf(dep, 'memory: 1023Mi'),
    );
    assert.equal(f.ruleId, 'request-above-limit');
    assert.equal(f.config?.line, lineOf(dep, 'memory: 512Mi'));
    assert.equal(code, 1);
  });

  test('web replicas 2 → the PDB arithmetic assumption breaks, and web-pdb is INCONSISTENT (minAvailable ≥ replicas)', () => {
    const c = copy();
    c.replace('manifests/web/deployment.yaml', '  replicas: 3\n', '  replicas: 2\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      W,
      paragraphAfter(c.read(W), 'assume: pdb/web-pdb.minAvailable < deployment/web.replicas'),
    );
    const pdbs = c.read('manifests/pod-disruption-budgets.yaml');
    // At the minAvailable line of web-pdb; the other side is the web Deployment's replicas line.
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/pod-disruption-budgets.yaml',
      lineOf(pdbs, 'minAvailable:', lineOf(pdbs, 'name: web-pdb')),
    );
    assert.equal(f.ruleId, 'pdb-min-available');
    assert.match(f.message, /web-pdb/);
    assert.ok(f.config?.file.endsWith('manifests/web/deployment.yaml'));
    assert.equal(f.config?.line, lineOf(c.read('manifests/web/deployment.yaml'), '  replicas:'));
    assert.ok(
      !rep.findings.some((x) => x.code === 'INCONSISTENT' && /api-pdb|worker-pdb/.test(x.message)),
      show(rep.findings),
    );
  });

  test('change a node IP → INCONSISTENT at the Cloudflare DNS records and the UFW inter-node rules', () => {
    const c = copy();
    const old = '178.105.32.198';
    c.replace('manifests/hosts/nodes.yaml', `publicIp: ${old}`, 'publicIp: 178.105.32.199');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const zone = c.read('manifests/cloudflare/zone.yaml').split('\n');
    const dnsLines = zone.flatMap((l, i) => (l.includes(`content: ${old}`) ? [i + 1] : []));
    assert.equal(dnsLines.length, 4);
    for (const line of dnsLines)
      expectFinding(rep.findings, 'INCONSISTENT', 'manifests/cloudflare/zone.yaml', line);
    const ufw = c.read('manifests/hosts/ufw.yaml');
    for (const rule of ['etcd-peers', 'kubelet', 'flannel-vxlan']) {
      const f = expectFinding(
        rep.findings,
        'INCONSISTENT',
        'manifests/hosts/ufw.yaml',
        lineOf(ufw, `- name: ${rule}`),
      );
      assert.ok(rep.findings.some((x) => x.line === f.line && x.message.includes(old)));
    }
    assert.ok(
      !rep.findings.some(
        (x) => x.file.endsWith('ufw.yaml') && x.line === lineOf(ufw, '- name: ssh'),
      ),
    );
  });

  test('a new Deployment listed in kustomization.yaml → UNDOCUMENTED at that file', () => {
    const c = copy();
    c.write(
      'manifests/billing/deployment.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
  namespace: honeydue
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: billing
  template:
    metadata:
      labels:
        app.kubernetes.io/name: billing
    spec:
      containers:
        - name: billing
          image: gitea.treytartt.com/admin/honeydue-billing:0000001
          resources:
            requests: { cpu: 50m, memory: 64Mi }
            limits: { cpu: 200m, memory: 128Mi }
`,
    );
    c.replace(
      'manifests/kustomization.yaml',
      '  - worker/deployment.yaml\n',
      '  - worker/deployment.yaml\n  - billing/deployment.yaml\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(rep.findings, 'UNDOCUMENTED', 'manifests/billing/deployment.yaml', 1);
    assert.match(f.message, /`billing`/);
    // And the paragraph that counts six Deployments is told the count changed.
    expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      W,
      paragraphAfter(c.read(W), 'assume: workloads.count == 6'),
    );
    assert.equal(rep.findings.length, 2, show(rep.findings));
  });

  test('a new Deployment NOT listed in kustomization.yaml is not applied, so not required in the book', () => {
    const c = copy();
    c.write(
      'manifests/billing/deployment.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: billing\n  namespace: honeydue\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: billing }\n  template:\n    metadata:\n      labels: { app: billing }\n    spec:\n      containers:\n        - name: billing\n          image: nginx:1.27\n',
    );
    const { code, report: rep } = report(c);
    assert.deepEqual(rep.findings, [], show(rep.findings));
    assert.equal(code, 0);
  });

  test('open UFW port 8080 with no entrypoint or listener → INCONSISTENT at the new rule', () => {
    const c = copy();
    const text =
      c.read('manifests/hosts/ufw.yaml').replace(/\n*$/, '\n') +
      '    - name: debug-http\n      port: 8080\n      protocol: tcp\n      from: [any]\n      comment: debug\n';
    c.write('manifests/hosts/ufw.yaml', text);
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/hosts/ufw.yaml',
      lineOf(text, '- name: debug-http'),
    );
    assert.match(f.message, /8080/);
  });

  test('change a line of api/service.yaml that the pasted excerpt shows → STALE_EXCERPT at that line of the code block', () => {
    const c = copy();
    c.replace('manifests/api/service.yaml', '      targetPort: 8000\n', '      targetPort: http\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const book = c.read(W);
    const fence = lineOf(book, '```yaml title="manifests/api/service.yaml"');
    const f = expectFinding(
      rep.findings,
      'STALE_EXCERPT',
      W,
      lineOf(book, 'targetPort: 8000', fence),
    );
    assert.ok(f.config && f.config.file.endsWith('manifests/api/service.yaml'));
    assert.equal(f.config.line, lineOf(c.read('manifests/api/service.yaml'), 'targetPort: http'));
    assert.equal(rep.findings.length, 1, show(rep.findings));
  });

  test('Service api selects a label no pod has → INCONSISTENT at the Service', () => {
    const c = copy();
    c.replace(
      'manifests/api/service.yaml',
      'selector:\n    app.kubernetes.io/name: api\n',
      'selector:\n    app.kubernetes.io/name: api-v2\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/api/service.yaml',
      lineOf(c.read('manifests/api/service.yaml'), 'selector:'),
    );
    assert.equal(f.ruleId, 'dangling-service');
    assert.match(f.message, /api-v2/);
  });

  test('redis nodeSelector on a label no node has → INCONSISTENT at the Deployment', () => {
    const c = copy();
    c.replace(
      'manifests/redis/deployment.yaml',
      'honeydue/redis: "true"',
      'honeydue/cache: "true"',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/redis/deployment.yaml',
      lineOf(c.read('manifests/redis/deployment.yaml'), 'nodeSelector:'),
    );
    assert.equal(f.ruleId, 'unschedulable-node-selector');
    assert.match(f.message, /honeydue\/cache=true/);
    assert.ok(f.config?.file.endsWith('manifests/hosts/nodes.yaml'));
  });

  test('a NetworkPolicy port the selected pods do not expose → INCONSISTENT at the rule', () => {
    const c = copy();
    const rel = 'manifests/network-policies.yaml';
    const text = c.read(rel);
    const at = text.indexOf('name: allow-ingress-to-admin');
    const portAt = text.indexOf('port: 3000', at);
    const mutated = `${text.slice(0, portAt)}port: 3001${text.slice(portAt + 'port: 3000'.length)}`;
    c.write(rel, mutated);
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      rel,
      lineOf(mutated, '- from:', lineOf(mutated, 'name: allow-ingress-to-admin')),
    );
    assert.match(f.message, /allow-ingress-to-admin/);
    assert.match(f.message, /3001/);
  });

  test("an HPA with minReplicas above the Deployment's replicas → INCONSISTENT at the HPA", () => {
    const c = copy();
    const hpa = c.replace('manifests/api/hpa.yaml', '  minReplicas: 3\n', '  minReplicas: 4\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/api/hpa.yaml',
      lineOf(hpa, '  minReplicas:'),
    );
    assert.equal(f.ruleId, 'hpa-replicas-out-of-bounds');
    assert.match(f.message, /between 4 and 6/);
    assert.ok(f.config?.file.endsWith('manifests/api/deployment.yaml'));
    assert.equal(f.config?.line, lineOf(c.read('manifests/api/deployment.yaml'), '  replicas:'));
  });

  test("a Service port the ConfigMap's URL still dials → INCONSISTENT at the ConfigMap key", () => {
    const c = copy();
    const svc = c.replace('manifests/redis/service.yaml', 'port: 6379', 'port: 6380');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const cm = c.read('manifests/configmap.yaml');
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/configmap.yaml',
      lineOf(cm, 'REDIS_URL:'),
    );
    assert.equal(f.ruleId, 'dangling-service-url');
    assert.match(f.message, /port 6379 of Service `redis`.*has ports 6380/);
    assert.ok(f.config?.file.endsWith('manifests/redis/service.yaml'));
    assert.equal(f.config?.line, lineOf(svc, 'ports:'));
  });

  test('a pull Secret renamed in one Deployment only → INCONSISTENT at its imagePullSecrets', () => {
    const c = copy();
    const web = c.replace(
      'manifests/web/deployment.yaml',
      '- name: gitea-credentials',
      '- name: gitea-credential',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/web/deployment.yaml',
      lineOf(web, '- name: gitea-credential'),
    );
    assert.equal(f.ruleId, 'dangling-image-pull-secret');
    assert.match(f.message, /Deployment `web`.*`gitea-credential`, which no manifest declares/);
  });

  test("Redis's egress rule dropped from the backend's policy → INCONSISTENT at the ConfigMap's REDIS_URL", () => {
    const c = copy();
    const rel = 'manifests/network-policies.yaml';
    const mutated = editPolicy(
      c,
      'allow-egress-from-backend',
      '    - to:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: redis\n      ports:\n        - { protocol: TCP, port: 6379 }\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const cm = c.read('manifests/configmap.yaml');
    const found = rep.findings.filter((f) => f.ruleId === 'egress-blocks-service-address');
    assert.deepEqual(found.map((f) => /^(\w+) reads/.exec(f.message)?.[1]).sort(), [
      'api',
      'worker',
    ]);
    for (const f of found) {
      assert.equal(f.code, 'INCONSISTENT');
      assert.ok(f.file.endsWith('manifests/configmap.yaml'));
      assert.equal(f.line, lineOf(cm, 'REDIS_URL:'));
      assert.ok(f.config?.file.endsWith(rel));
      assert.equal(
        f.config?.line,
        lineOf(mutated, '  egress:', lineOf(mutated, 'name: allow-egress-from-backend')),
      );
    }
  });

  test("Traefik's ingress rule dropped from the api's policy → INCONSISTENT at both routes to the api, its most specific policy as the other side", () => {
    const c = copy();
    const rel = 'manifests/network-policies.yaml';
    const mutated = editPolicy(
      c,
      'allow-ingress-to-api',
      '  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.42.0.0/16\n      ports:\n        - { protocol: TCP, port: 8000 }\n',
      '  ingress: []\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const routes = c.read('manifests/ingress/ingressroutes.yaml');
    const found = rep.findings.filter((f) => f.ruleId === 'ingress-blocks-connection');
    // The IngressRoutes whose backend is the api: `api` and `apex`, each at the entry under
    // its `services:`.
    const backends = [1, lineOf(routes, 'name: apex')].map(
      (start) => lineOf(routes, 'services:', start) + 1,
    );
    assert.deepEqual(
      found.map((f) => f.line),
      backends,
    );
    const vmagent = lineOf(mutated, 'name: allow-api-scrape-from-vmagent');
    for (const f of found) {
      assert.equal(f.code, 'INCONSISTENT');
      assert.ok(f.file.endsWith('manifests/ingress/ingressroutes.yaml'));
      assert.match(
        f.message,
        /Service `api`.*lets Traefik \(namespace kube-system\) in on port 8000/,
      );
      assert.ok(f.config?.file.endsWith(rel));
      // The api's policies that keep ingress rules: the vmagent scrape, whose rules miss Traefik.
      assert.equal(f.config?.line, lineOf(mutated, '  ingress:', vmagent));
    }
  });

  test("the worker's peer dropped from Redis's ingress policy → INCONSISTENT at the ConfigMap's REDIS_URL for the worker alone", () => {
    const c = copy();
    const rel = 'manifests/network-policies.yaml';
    const mutated = editPolicy(
      c,
      'allow-redis-from-app',
      '        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: worker\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const cm = c.read('manifests/configmap.yaml');
    const found = rep.findings.filter((f) => f.ruleId === 'ingress-blocks-connection');
    assert.deepEqual(
      found.map((f) => /^(\w+) reads/.exec(f.message)?.[1]),
      ['worker'],
    );
    const [f] = found;
    assert.equal(f.code, 'INCONSISTENT');
    assert.ok(f.file.endsWith('manifests/configmap.yaml'));
    assert.equal(f.line, lineOf(cm, 'REDIS_URL:'));
    assert.ok(f.config?.file.endsWith(rel));
    assert.equal(
      f.config?.line,
      lineOf(mutated, '  ingress:', lineOf(mutated, 'name: allow-redis-from-app')),
    );
  });

  test("Redis's maxmemory raised to its memory limit → INCONSISTENT at the flag, the limit as the other side", () => {
    const c = copy();
    const rel = 'manifests/redis/deployment.yaml';
    const text = c.replace(rel, '--maxmemory 256mb', '--maxmemory 512mb');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(rep.findings, 'INCONSISTENT', rel, lineOf(text, '--maxmemory 512mb'));
    assert.equal(f.ruleId, 'maxmemory-above-limit');
    assert.match(f.message, /`--maxmemory 512mb`.*limit of 512Mi/);
    assert.equal(f.config?.line, lineOf(text, 'memory: 512Mi'));
  });

  test("the web app's API_URL pointed at a host the zone lacks → INCONSISTENT at the key, the zone's records as the other side", () => {
    const c = copy();
    const cm = c.replace(
      'manifests/configmap.yaml',
      '  API_URL: https://api.myhoneydue.com/api',
      '  API_URL: https://api-v2.myhoneydue.com/api',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/configmap.yaml',
      lineOf(cm, '  API_URL:'),
    );
    assert.equal(f.ruleId, 'url-host-without-route');
    assert.match(f.message, /`api-v2\.myhoneydue\.com`, which has no DNS record/);
    assert.ok(f.config?.file.endsWith('manifests/cloudflare/zone.yaml'));
    assert.equal(f.config?.line, lineOf(c.read('manifests/cloudflare/zone.yaml'), '  dns:'));
  });

  test('the Namespace renamed and nothing else → INCONSISTENT once, at the first object left in the old one', () => {
    const c = copy();
    c.replace('manifests/namespace.yaml', /^  name: honeydue$/m, '  name: honeydue-prod');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const found = rep.findings.filter((f) => f.ruleId === 'missing-namespace');
    assert.equal(found.length, 1, show(rep.findings));
    const [f] = found;
    assert.equal(f.code, 'INCONSISTENT');
    assert.match(
      f.message,
      /objects are in namespace `honeydue`, which no Namespace manifest creates/,
    );
    assert.equal(
      f.line,
      lineOf(c.read(f.file.slice(f.file.indexOf('manifests/'))), 'namespace: honeydue'),
    );
    assert.ok(f.config?.file.endsWith('manifests/namespace.yaml'));
  });

  test('a chapter that reads the environment → INVALID_MDX, exit 2, at the expression', () => {
    const c = copy();
    const text = c.read(W);
    const at = text.indexOf('\n\n', text.indexOf('\n---', 4) + 4) + 2;
    const mutated = `${text.slice(0, at)}Built on {process.env.HOSTNAME}.\n\n${text.slice(at)}`;
    c.write(W, mutated);
    const { code, report: rep } = report(c);
    assert.equal(code, 2);
    const f = expectFinding(
      rep.findings,
      'INVALID_MDX',
      W,
      lineOf(mutated, 'Built on {'),
      colOf(mutated, '{process'),
    );
    assert.equal(f.ruleId, 'code-in-chapter');
    assert.match(f.message, /`process\.env\.HOSTNAME`/);
  });

  test('the origin certificate reissued for subdomains only → INCONSISTENT at the apex route, the hosts as the other side', () => {
    const c = copy();
    const zone = c.replace(
      'manifests/cloudflare/zone.yaml',
      'hosts: [myhoneydue.com, "*.myhoneydue.com"]',
      'hosts: ["*.myhoneydue.com"]',
    );
    const routes = c.read('manifests/ingress/ingressroutes.yaml');
    // The subdomains are still named by the wildcard: only the apex is refused.
    const f = soleFinding(
      c,
      'route-host-not-in-origin-certificate',
      'INCONSISTENT',
      'manifests/ingress/ingressroutes.yaml',
      lineOf(routes, 'match: Host(`myhoneydue.com`)'),
    );
    assert.match(f.message, /^Route for myhoneydue\.com is served with the origin certificate/);
    otherSide(f, 'manifests/cloudflare/zone.yaml', lineOf(zone, 'hosts: ["*.myhoneydue.com"]'));
  });

  test('Redis moved to 8 in its image only → INCONSISTENT at the inventory version, the image as the other side', () => {
    const c = copy();
    const redis = c.replace(
      'manifests/redis/deployment.yaml',
      'image: redis:7-alpine',
      'image: redis:8-alpine',
    );
    const inventory = c.read('manifests/external/services.yaml');
    const f = soleFinding(
      c,
      'software-version-not-image',
      'INCONSISTENT',
      'manifests/external/services.yaml',
      lineOf(inventory, 'id: redis'),
    );
    assert.match(
      f.message,
      /^The inventory says Redis 7, but container `redis\/redis` runs `redis:8-alpine`, version 8\.$/,
    );
    otherSide(f, 'manifests/redis/deployment.yaml', lineOf(redis, 'image: redis:8-alpine'));
  });

  test('PostHog moved in the ConfigMap only → INCONSISTENT at the inventory host, the setting as the other side', () => {
    const c = copy();
    const cm = c.replace(
      'manifests/configmap.yaml',
      'POSTHOG_HOST: https://analytics.88oakapps.com',
      'POSTHOG_HOST: https://eu.i.posthog.com',
    );
    const inventory = c.read('manifests/external/services.yaml');
    const f = soleFinding(
      c,
      'external-host-unused',
      'INCONSISTENT',
      'manifests/external/services.yaml',
      lineOf(inventory, 'host: analytics.88oakapps.com'),
    );
    assert.match(
      f.message,
      /PostHog at `analytics\.88oakapps\.com`.*`POSTHOG_HOST` is `https:\/\/eu\.i\.posthog\.com`/,
    );
    otherSide(f, 'manifests/configmap.yaml', lineOf(cm, 'POSTHOG_HOST:'));
  });

  test('a <V> whose k is computed → one finding, INVALID_MDX at the attribute, exit 2', () => {
    const c = copy();
    const text = c.read(W);
    const at = text.indexOf('\n\n', text.indexOf('\n---', 4) + 4) + 2;
    const mutated = `${text.slice(0, at)}The api runs <V k={key} /> pods.\n\n${text.slice(at)}`;
    c.write(W, mutated);
    const { code, report: rep } = report(c);
    assert.equal(code, 2);
    const line = lineOf(mutated, 'The api runs <V k={key}');
    const here = rep.findings.filter((f) => f.line === line && f.file.endsWith(W));
    assert.deepEqual(
      here.map((f) => [f.code, f.ruleId, f.col]),
      [['INVALID_MDX', 'code-in-chapter', colOf(mutated, 'k={key}')]],
    );
  });

  test("a page whose title is deleted → INVALID_MDX, exit 2, at the front matter, before Starlight's build would fail", () => {
    const c = copy();
    const mutated = c.replace(W, /^title: .*\n/m, '');
    const { code, report: rep } = report(c);
    assert.equal(code, 2);
    const f = expectFinding(rep.findings, 'INVALID_MDX', W, 2, 1);
    assert.equal(f.ruleId, 'page-front-matter');
    assert.match(f.message, /no `title`/);
    assert.ok(mutated.startsWith('---\n'));
  });

  test("the APNs key's mount moved in the api only → INCONSISTENT at APNS_AUTH_KEY_PATH, the mount as the other side", () => {
    const c = copy();
    const api = c.replace(
      'manifests/api/deployment.yaml',
      'mountPath: /secrets/apns',
      'mountPath: /etc/apns',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const cm = c.read('manifests/configmap.yaml');
    const found = rep.findings.filter((f) => f.ruleId === 'setting-path-not-mounted');
    assert.equal(found.length, 1, show(rep.findings));
    const [f] = found;
    assert.ok(f.file.endsWith('manifests/configmap.yaml'));
    assert.equal(f.line, lineOf(cm, 'APNS_AUTH_KEY_PATH:'));
    assert.match(f.message, /container `api\/api`.*at `\/etc\/apns\/apns_auth_key\.p8`/);
    assert.ok(f.config?.file.endsWith('manifests/api/deployment.yaml'));
    assert.equal(f.config?.line, lineOf(api, 'mountPath: /etc/apns'));
  });

  test("vmagent's config mount moved, its -promscrape.config flag not → INCONSISTENT at the flag, the mount as the other side", () => {
    const c = copy();
    const rel = 'manifests/vmagent/deployment.yaml';
    const dep = c.replace(rel, 'mountPath: /config\n', 'mountPath: /etc/vmagent\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const found = rep.findings.filter((f) => f.ruleId === 'setting-path-not-mounted');
    assert.equal(found.length, 1, show(rep.findings));
    const [f] = found;
    assert.equal(f.code, 'INCONSISTENT');
    assert.ok(f.file.endsWith(rel), f.file);
    assert.equal(f.line, lineOf(dep, '- -promscrape.config=/config/scrape.yaml'));
    assert.match(f.message, /flag `promscrape\.config`.*at `\/etc\/vmagent\/scrape\.yaml`/);
    assert.ok(f.config?.file.endsWith(rel));
    assert.equal(f.config?.line, lineOf(dep, 'mountPath: /etc/vmagent'));
  });

  test('an HPA with minReplicas > maxReplicas → INCONSISTENT', () => {
    const c = copy();
    const hpa = c.replace('manifests/api/hpa.yaml', '  maxReplicas: 6\n', '  maxReplicas: 2\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    assert.ok(
      rep.findings.some(
        (f) =>
          f.code === 'INCONSISTENT' &&
          f.ruleId === 'hpa-bounds' &&
          f.line === lineOf(hpa, '  minReplicas:') &&
          f.config?.line === lineOf(hpa, '  maxReplicas:') &&
          /above maxReplicas/.test(f.message),
      ),
      show(rep.findings),
    );
  });

  test('a container reading a Secret key the template does not declare → INCONSISTENT', () => {
    const c = copy();
    c.replace('manifests/secrets.yaml', '  SECRET_KEY: ""\n', '');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const api = c.read('manifests/api/deployment.yaml');
    // At the env entry that reads the key.
    const f = expectFinding(
      rep.findings,
      'INCONSISTENT',
      'manifests/api/deployment.yaml',
      lineOf(api, '- name: SECRET_KEY'),
    );
    assert.equal(f.ruleId, 'env-value-from');
    assert.match(f.message, /SECRET_KEY/);
  });

  test('a malformed manifest → exit 2 and INVALID_MANIFEST at the bad value', () => {
    const c = copy();
    const text = c.replace(
      'manifests/worker/deployment.yaml',
      '  replicas: 1\n',
      '  replicas: "one"\n',
    );
    const r = check(c);
    assert.equal(r.code, 2);
    const rep: CheckReport = JSON.parse(r.stdout);
    const line = lineOf(text, 'replicas:');
    expectFinding(
      rep.findings,
      'INVALID_MANIFEST',
      'manifests/worker/deployment.yaml',
      line,
      text.split('\n')[line - 1].indexOf('"one"') + 1,
    );
    assert.match(rep.findings[0].message, /^WRONG_TYPE/);
  });

  test('a YAML syntax error → exit 2, INVALID_MANIFEST; human format goes to stderr', () => {
    const c = copy();
    c.replace(
      'manifests/worker/deployment.yaml',
      '  revisionHistoryLimit: 5\n',
      '  revisionHistoryLimit: 5\n  revisionHistoryLimit: 6\n',
    );
    const r = check(c, 'human');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /INVALID_MANIFEST\s+DUPLICATE_KEY/);
    assert.ok(!/\n\s+at /.test(r.stderr));
  });
});

describe('mutations of the book', () => {
  test('an IP typed into prose → HARDCODED_VALUE at its line and column', () => {
    const c = copy();
    const ip = '178.104.247.152';
    const text = c.replace(
      N,
      'The cluster has three nodes: hetzner1, hetzner2 and hetzner3.',
      `The cluster has three nodes: hetzner1 (${ip}), hetzner2 and hetzner3.`,
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(text, ip);
    const f = expectFinding(
      rep.findings,
      'HARDCODED_VALUE',
      N,
      line,
      text.split('\n')[line - 1].indexOf(ip) + 1,
    );
    assert.match(f.message, new RegExp(ip.replace(/\./g, '\\.')));
    assert.match(f.hint, /<V k="/);
  });

  test('an IP at the end of a sentence → HARDCODED_VALUE', () => {
    const c = copy();
    const ip = '178.104.247.152';
    const text = c.replace(N, 'and hetzner3.', `and hetzner3. The first one is ${ip}.`);
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(text, ip);
    expectFinding(
      rep.findings,
      'HARDCODED_VALUE',
      N,
      line,
      text.split('\n')[line - 1].indexOf(ip) + 1,
    );
  });

  test('the hint for a node IP names the node fact', () => {
    const c = copy();
    c.replace(N, 'and hetzner3.', 'and hetzner3 (the first is 178.104.247.152).');
    const { report: rep } = report(c);
    const f = rep.findings.find((x) => x.code === 'HARDCODED_VALUE');
    assert.ok(f, show(rep.findings));
    assert.match(f.hint, /node\/hetzner1\.publicIp/);
  });

  test('an IP in the line under a drift-ignore is not reported; without the marker it is', () => {
    const c = copy();
    const text = c.replace(N, '{/* drift-ignore: history */}\n', '');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(text, '116.203.10.20');
    expectFinding(
      rep.findings,
      'HARDCODED_VALUE',
      N,
      line,
      text.split('\n')[line - 1].indexOf('116.203.10.20') + 1,
    );
  });

  test('`replicas: 3` typed into a code block → HARDCODED_VALUE at that line', () => {
    const c = copy();
    const text = c.replace(W, 'spec:\n  template: {}\n', 'spec:\n  replicas: 3\n  template: {}\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(text, '  replicas: 3');
    expectFinding(
      rep.findings,
      'HARDCODED_VALUE',
      W,
      line,
      text.split('\n')[line - 1].indexOf('replicas') + 1,
    );
  });

  test('a literal in a <Cmd code="…"> attribute → HARDCODED_VALUE on that line', () => {
    const c = copy();
    const text = c.replace(
      'book/03-runbook.mdx',
      'kubectl drain {{node/hetzner1.hostname}}',
      'kubectl drain ubuntu-8gb-nbg1-2',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'HARDCODED_VALUE',
      'book/03-runbook.mdx',
      lineOf(text, 'ubuntu-8gb-nbg1-2'),
    );
    assert.match(f.message, /node\/hetzner1\.hostname/);
  });

  test('a literal in a <Cmd code="…"> attribute is reported at its column', () => {
    const c = copy();
    const text = c.replace(
      'book/03-runbook.mdx',
      'kubectl drain {{node/hetzner1.hostname}}',
      'kubectl drain ubuntu-8gb-nbg1-2',
    );
    const { report: rep } = report(c);
    const line = lineOf(text, 'ubuntu-8gb-nbg1-2');
    expectFinding(
      rep.findings,
      'HARDCODED_VALUE',
      'book/03-runbook.mdx',
      line,
      text.split('\n')[line - 1].indexOf('ubuntu-8gb-nbg1-2') + 1,
    );
  });

  test('an unknown key <V k="deployment/api.replicaz" /> → BROKEN_REF at the key, hint lists deployment/api.replicas', () => {
    const c = copy();
    const text = c.replace(
      W,
      '<V k="deployment/api.replicas" />',
      '<V k="deployment/api.replicaz" />',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(text, 'deployment/api.replicaz');
    const f = expectFinding(
      rep.findings,
      'BROKEN_REF',
      W,
      line,
      text.split('\n')[line - 1].indexOf('k="deployment/api.replicaz"') + 1,
    );
    assert.match(f.hint, /`deployment\/api\.replicas`/);
    assert.match(f.message, /deployment\/api\.replicaz/);
  });

  test('an unknown key in a {{placeholder}} of <Cmd> → BROKEN_REF', () => {
    const c = copy();
    const text = c.replace(
      'book/03-runbook.mdx',
      '{{node/hetzner1.hostname}}',
      '{{node/hetzner9.hostname}}',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(
      rep.findings,
      'BROKEN_REF',
      'book/03-runbook.mdx',
      lineOf(text, 'hetzner9'),
    );
    assert.match(f.hint, /node\/hetzner\d\.hostname/);
  });

  test('a multi-line <V> with a wrong key → BROKEN_REF at the line and column of its k=', () => {
    const c = copy();
    const text = c.replace(
      'book/03-runbook.mdx',
      '  k="deployment/api.replicas"\n',
      '  k="deployment/api.replicaz"\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(text, 'deployment/api.replicaz');
    assert.ok(!text.split('\n')[line - 1].includes('<V'), 'the key is not on the tag line');
    expectFinding(rep.findings, 'BROKEN_REF', 'book/03-runbook.mdx', line, 3);
  });

  test('a multi-line <Cmd>: a wrong placeholder and a typed IP are reported at their own lines', () => {
    const c = copy();
    const text = c.replace(
      'book/03-runbook.mdx',
      '  code="kubectl uncordon {{node/hetzner2.hostname}}"\n',
      '  code="kubectl uncordon {{node/hetzner7.hostname}} && ping 10.9.8.7"\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(text, 'hetzner7');
    const row = text.split('\n')[line - 1];
    expectFinding(rep.findings, 'BROKEN_REF', 'book/03-runbook.mdx', line, row.indexOf('{{') + 1);
    expectFinding(
      rep.findings,
      'HARDCODED_VALUE',
      'book/03-runbook.mdx',
      line,
      row.indexOf('10.9.8.7') + 1,
    );
  });

  test('an assume marker naming an unknown fact → BROKEN_REF at the marker', () => {
    const c = copy();
    const text = c.replace(
      W,
      'assume: deployment/worker.replicas == 1',
      'assume: deployment/wroker.replicas == 1',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    expectFinding(rep.findings, 'BROKEN_REF', W, lineOf(text, 'deployment/wroker.replicas'));
  });

  test('an unreadable assume marker → BAD_MARKER', () => {
    const c = copy();
    const text = c.replace(
      W,
      'assume: deployment/worker.replicas == 1',
      'assume: deployment/worker.replicas is one',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    expectFinding(rep.findings, 'BAD_MARKER', W, lineOf(text, 'is one'));
  });

  test('an ingress host no longer mentioned → UNDOCUMENTED at its route', () => {
    const c = copy();
    c.replace(N, ', admin.myhoneydue.com and', ' and');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const routes = c.read('manifests/ingress/ingressroutes.yaml');
    const f = expectFinding(
      rep.findings,
      'UNDOCUMENTED',
      'manifests/ingress/ingressroutes.yaml',
      lineOf(routes, 'Host(`admin.myhoneydue.com`)'),
    );
    assert.match(f.message, /admin\.myhoneydue\.com/);
    assert.equal(rep.findings.length, 1, show(rep.findings));
  });

  test('the apex host is not documented by mentioning its subdomains', () => {
    const c = copy();
    c.replace(N, 'Cloudflare proxies myhoneydue.com, api', 'Cloudflare proxies api');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const routes = c.read('manifests/ingress/ingressroutes.yaml');
    expectFinding(
      rep.findings,
      'UNDOCUMENTED',
      'manifests/ingress/ingressroutes.yaml',
      lineOf(routes, 'Host(`myhoneydue.com`)'),
    );
  });

  test('a <Manifest> tag with a path that does not exist → BROKEN_REF at the tag', () => {
    const c = copy();
    const text = c.replace(W, 'containers[name=api].resources"', 'containers[name=api].resourcez"');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(text, 'resourcez');
    const f = expectFinding(
      rep.findings,
      'BROKEN_REF',
      W,
      line,
      text.split('\n')[line - 1].indexOf('<Manifest') + 1,
    );
    assert.match(f.message, /resourcez/);
  });

  test('a <Manifest> tag naming a file that does not exist → BROKEN_REF with a did-you-mean', () => {
    const c = copy();
    const text = c.replace(W, 'file="api/deployment.yaml"', 'file="api/deploy.yaml"');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectFinding(rep.findings, 'BROKEN_REF', W, lineOf(text, 'api/deploy.yaml'));
    assert.match(f.hint, /api\/deployment\.yaml/);
  });

  test('an assume marker comparing with a decimal quantity literal (1.5Gi) is read as a quantity', () => {
    const c = copy();
    c.replace(
      W,
      'assume: deployment/api.requests.memory < 1Gi',
      'assume: deployment/api.requests.memory < 1.5Gi',
    );
    const { code, report: rep } = report(c);
    assert.deepEqual(rep.findings, [], show(rep.findings));
    assert.equal(code, 0);
  });

  test('a multi-line assume marker is checked, not silently ignored', () => {
    const c = copy();
    c.replace(
      W,
      '{/* assume: deployment/worker.replicas == 1 */}',
      '{/*\n  assume: deployment/worker.replicas == 1\n*/}',
    );
    c.replace('manifests/worker/deployment.yaml', '  replicas: 1\n', '  replicas: 2\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    assert.ok(
      rep.findings.some((f) => f.code === 'BROKEN_ASSUMPTION' || f.code === 'BAD_MARKER'),
      show(rep.findings),
    );
  });

  test('a drift-ignore with no reason → BAD_MARKER at the marker', () => {
    const c = copy();
    const text = c.replace(N, '{/* drift-ignore: history */}', '{/* drift-ignore: */}');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    expectFinding(rep.findings, 'BAD_MARKER', N, lineOf(text, 'drift-ignore:'), 1);
  });

  test('a NetworkPolicy no longer mentioned anywhere → UNDOCUMENTED at the policy', () => {
    const c = copy();
    c.replace(N, ' and allow-api-scrape-from-vmagent', '');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const np = c.read('manifests/network-policies.yaml');
    const nameLine = lineOf(np, 'name: allow-api-scrape-from-vmagent');
    const start =
      np
        .split('\n')
        .slice(0, nameLine)
        .findLastIndex((l) => l.startsWith('apiVersion:')) + 1;
    expectFinding(rep.findings, 'UNDOCUMENTED', 'manifests/network-policies.yaml', start);
  });
});

describe('configured ports vs egress policies', () => {
  test('a ConfigMap port no egress policy allows → INCONSISTENT at the ConfigMap line, naming the policy', () => {
    const c = copy();
    const text = c.replace('manifests/configmap.yaml', /DB_PORT: "\d+"/, 'DB_PORT: "6543"');
    const f = expectFinding(
      report(c).report.findings,
      'INCONSISTENT',
      'manifests/configmap.yaml',
      lineOf(text, 'DB_PORT:'),
    );
    assert.match(f.message, /6543/);
    assert.ok(
      f.config && f.config.file.endsWith('network-policies.yaml'),
      JSON.stringify(f.config),
    );
    // The other side is the egress rules of the policy that selects the api.
    const policies = c.read('manifests/network-policies.yaml');
    assert.match(policies.split('\n')[f.config.line - 1], /^ {2}egress:/);
  });
});

describe('versions typed by hand', () => {
  test('a k3s version without its build suffix → HARDCODED_VALUE naming the cluster-wide fact', () => {
    const c = copy();
    const full = /k3s:\s*(\S+)/.exec(c.read('manifests/hosts/nodes.yaml'))![1];
    const core = /^v?(\d+\.\d+\.\d+)/.exec(full)![1];
    const text = `${c.read(W)}\nThe servers run k3s v${core} today.\n`;
    c.write(W, text);
    const line = text.split('\n').length - 1;
    const f = expectFinding(
      report(c).report.findings,
      'HARDCODED_VALUE',
      W,
      line,
      'The servers run k3s '.length + 1,
    );
    assert.match(f.message, /`cluster\.k3s`/);
  });
});

describe('commands name real objects', () => {
  const R = 'book/03-runbook.mdx';
  const add = (c: Copy, code: string) => {
    const text = `${c.read(R)}\n<Cmd title="Probe" code="${code}" />\n`;
    c.write(R, text);
    return text.split('\n').length - 1;
  };

  test('a kubectl namespace the manifests do not define → BROKEN_REF at the namespace', () => {
    const c = copy();
    const line = add(c, 'kubectl -n honeydoo get pods');
    const f = expectFinding(report(c).report.findings, 'BROKEN_REF', R, line);
    assert.equal(
      c
        .read(R)
        .split('\n')
        [line - 1].slice(f.col - 1, f.col - 1 + 'honeydoo'.length),
      'honeydoo',
    );
    assert.match(f.hint, /honeydue/);
  });

  test('an object the manifests do not define → BROKEN_REF naming the ones that exist', () => {
    const c = copy();
    const line = add(c, 'kubectl -n honeydue rollout restart deployment/apii');
    const f = expectFinding(report(c).report.findings, 'BROKEN_REF', R, line);
    assert.match(f.message, /Deployment `apii`/);
    assert.match(f.hint, /\bapi\b/);
  });

  test('-n of other tools, and k3s-managed objects in kube-system, are not findings', () => {
    const c = copy();
    add(c, 'kubectl -n honeydue logs deployment/api | tail -n 20 | grep -n error');
    add(c, 'kubectl -n kube-system rollout status daemonset/traefik');
    const { code, report: rep } = report(c);
    assert.deepEqual(rep.findings, [], show(rep.findings));
    assert.equal(code, 0);
  });
});

describe('output formats and usage', () => {
  let c: Copy;
  before(() => {
    c = copy();
    c.replace('manifests/worker/deployment.yaml', '  replicas: 1\n', '  replicas: 2\n');
    c.replace(W, '<V k="deployment/api.replicas" />', '<V k="deployment/api.replicaz" />');
  });

  test('--format json parses and lists every finding with code, file, line, col, message, hint', () => {
    const r = check(c, 'json');
    assert.equal(r.code, 1);
    const rep: CheckReport = JSON.parse(r.stdout);
    assert.ok(rep.findings.length >= 2);
    for (const f of rep.findings) {
      for (const k of ['code', 'file', 'line', 'col', 'message', 'hint'] as const)
        assert.ok(k in f, k);
    }
    const sorted = [...rep.findings].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col,
    );
    assert.deepEqual(rep.findings, sorted);
  });

  test('--format github prints ::error annotations with file, line and title=CODE', () => {
    const r = check(c, 'github');
    assert.equal(r.code, 1);
    const rep: CheckReport = JSON.parse(check(c, 'json').stdout);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.equal(errors.length, rep.findings.length);
    for (const l of errors)
      assert.match(l, /^::error file=[^,]+,line=\d+,col=\d+,title=[A-Z_]+::\S/);
    const w = rep.findings.find((f) => f.code === 'BROKEN_ASSUMPTION')!;
    assert.ok(
      errors.some(
        (l) =>
          l.includes(`line=${w.line},`) &&
          l.includes('title=BROKEN_ASSUMPTION::') &&
          l.includes('01-workloads.mdx'),
      ),
    );
    assert.ok(!r.stdout.includes('::notice '), 'drift-ignore notices only with --verbose');
    const verbose = runCheck([
      '--manifests',
      c.m,
      '--docs',
      c.d,
      '--format',
      'github',
      '--verbose',
    ]);
    assert.ok(
      verbose.stdout.includes('::notice '),
      'with --verbose, drift-ignore markers are notices',
    );
  });

  test('human format: file:line:col CODE message, then a hint', () => {
    const r = check(c, 'human');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /01-workloads\.mdx:\d+:\d+\s+BROKEN_ASSUMPTION\s/);
    assert.match(r.stdout, /\n\s+hint: /);
    assert.match(r.stdout, /findings? \(/);
  });

  test('--docs /nonexistent → exit 2', () => {
    const r = runCheck([
      '--manifests',
      MANIFESTS,
      '--docs',
      '/nonexistent-docs-dir',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /`\/nonexistent-docs-dir` does not exist/);
  });

  test('--docs FILE → exit 2, saying it is a file', () => {
    const file = path.join(
      BOOK,
      fs.readdirSync(BOOK).find((f) => f.endsWith('.mdx'))!,
    );
    const r = runCheck(['--manifests', MANIFESTS, '--docs', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.includes(`\`${file}\` is a file, not a folder.`), r.stderr);
  });

  test('--manifests /nonexistent → exit 2 with INVALID_MANIFEST', () => {
    const r = runCheck([
      '--manifests',
      '/nonexistent-manifests-dir',
      '--docs',
      BOOK,
      '--format',
      'json',
    ]);
    assert.equal(r.code, 2);
    const rep: CheckReport = JSON.parse(r.stdout);
    assert.equal(rep.findings[0].code, 'INVALID_MANIFEST');
    assert.match(rep.findings[0].message, /PATH_NOT_FOUND/);
  });

  test('an unknown flag or format → exit 2', () => {
    assert.equal(runCheck(['--doc', BOOK]).code, 2);
    assert.equal(runCheck(['--docs', BOOK, '--format', 'xml']).code, 2);
  });
});

/** Asserts a finding of this rule at a file ending in `file`, on `line`; returns it. */
function expectRule(findings: Finding[], ruleId: string, file: string, line: number): Finding {
  const f = findings.find((x) => x.ruleId === ruleId && x.file.endsWith(file) && x.line === line);
  assert.ok(f, `expected ${ruleId} at …${file}:${line}; got:\n${show(findings)}`);
  return f;
}

describe('relational drift in the real manifests', () => {
  const NP = 'manifests/network-policies.yaml';
  const API = 'manifests/api/deployment.yaml';

  test('a NetworkPolicy whose podSelector matches no pod → dangling-networkpolicy at the podSelector', () => {
    const c = copy();
    const np = c.replace(
      NP,
      '  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: redis\n  policyTypes: [Ingress]',
      '  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: redis-cache\n  policyTypes: [Ingress]',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    expectRule(
      rep.findings,
      'dangling-networkpolicy',
      NP,
      lineOf(np, '  podSelector:', lineOf(np, 'name: allow-redis-from-app')),
    );
  });

  test('a peer podSelector that matches no pod → dangling-networkpolicypeer-podselector at the peer', () => {
    const c = copy();
    const np = c.replace(
      NP,
      '              app.kubernetes.io/name: worker\n      ports:\n        - { protocol: TCP, port: 6379 }',
      '              app.kubernetes.io/name: workers\n      ports:\n        - { protocol: TCP, port: 6379 }',
    );
    const { report: rep } = report(c);
    const peer = lineOf(np, 'app.kubernetes.io/name: workers') - 2;
    expectRule(rep.findings, 'dangling-networkpolicypeer-podselector', NP, peer);
  });

  test('a ServiceAccount nobody defines → non-existent-service-account at serviceAccountName', () => {
    const c = copy();
    const dep = c.replace(
      API,
      '      serviceAccountName: api\n',
      '      serviceAccountName: api-runner\n',
    );
    const { report: rep } = report(c);
    expectRule(
      rep.findings,
      'non-existent-service-account',
      API,
      lineOf(dep, 'serviceAccountName:'),
    );
  });

  test('a RoleBinding to a Role its namespace lacks → dangling-role-ref at the roleRef, the Role as the other side', () => {
    const RBAC = 'manifests/vmagent/rbac.yaml';
    const c = copy(REAL_BOOK);
    const rbac = c.replace(
      RBAC,
      '  kind: Role\n  name: vmagent-discovery\n',
      '  kind: Role\n  name: vmagent-discover\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectRule(
      rep.findings,
      'dangling-role-ref',
      RBAC,
      lineOf(rbac, 'name: vmagent-discover', lineOf(rbac, 'roleRef:')),
    );
    assert.equal(f.code, 'INCONSISTENT');
    assert.ok(f.config?.file.endsWith(RBAC));
    // The Role's object, whose apiVersion line stands above its kind.
    assert.equal(f.config?.line, lineOf(rbac, 'kind: Role') - 1);
  });

  test('a RoleBinding subject nobody defines → non-existent-service-account at the subject, the closest account as the other side', () => {
    const RBAC = 'manifests/vmagent/rbac.yaml';
    const c = copy(REAL_BOOK);
    const rbac = c.replace(
      RBAC,
      '  - kind: ServiceAccount\n    name: vmagent\n',
      '  - kind: ServiceAccount\n    name: vm-agent\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectRule(
      rep.findings,
      'non-existent-service-account',
      RBAC,
      lineOf(rbac, 'name: vm-agent'),
    );
    assert.equal(f.code, 'INCONSISTENT');
    assert.ok(f.config?.file.endsWith(RBAC));
    // The ServiceAccount `vmagent`, the closest name, at its object's first line.
    assert.equal(f.config?.line, lineOf(rbac, 'kind: ServiceAccount') - 1);
  });

  test('the backend let out on every port but HTTPS → egress-blocks-external-url at the B2 endpoint, the policy as the other side', () => {
    const CM = 'manifests/configmap.yaml';
    const c = copy(REAL_BOOK);
    const np = c.replace(
      NP,
      '        - { protocol: TCP, port: 5432 }\n        - { protocol: TCP, port: 443 }\n',
      '        - { protocol: TCP, port: 5432 }\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const cm = c.read(CM);
    const f = expectRule(
      rep.findings,
      'egress-blocks-external-url',
      CM,
      lineOf(cm, 'B2_ENDPOINT:'),
    );
    assert.equal(f.code, 'INCONSISTENT');
    assert.match(f.message, /which api connects to on port 443/);
    assert.ok(f.config?.file.endsWith(NP));
    assert.equal(
      f.config?.line,
      lineOf(np, '  egress:', lineOf(np, 'name: allow-egress-from-backend')),
    );
    // The web and admin keep their own HTTPS way out.
    assert.ok(
      !rep.findings.some(
        (x) => x.ruleId === 'egress-blocks-external-url' && /which (web|admin) /.test(x.message),
      ),
    );
    // The api and the worker read every key of the ConfigMap. Of its HTTPS URLs, the ones
    // they dial are reported, for each of them; the api's own address and the origin it
    // accepts are links.
    const found = rep.findings
      .filter((x) => x.ruleId === 'egress-blocks-external-url' && x.file.endsWith(CM))
      .map((x) => `${x.line} ${/which (\w+) connects/.exec(x.message)?.[1]}`);
    const dialled = [
      'B2_ENDPOINT:',
      'API_URL:',
      'NEXT_PUBLIC_API_URL:',
      'POSTHOG_HOST:',
      'OTEL_EXPORTER_OTLP_ENDPOINT:',
    ].flatMap((key) => ['api', 'worker'].map((w) => `${lineOf(cm, `  ${key}`)} ${w}`));
    assert.deepEqual(found.sort(), dialled.sort());
  });

  /** Findings as rows: rule, code, file and line (as `manifests/…`), workload and port, the other side. */
  const egressRows = (c: Copy, findings: readonly Finding[]) => {
    const rel = (file?: string) =>
      file && path.relative(path.dirname(c.m), file).split(path.sep).join('/');
    return findings
      .map((x) => [
        x.ruleId,
        x.code,
        rel(x.file),
        x.line,
        /which (\w+) connects to on port (\d+)/.exec(x.message)?.slice(1).join(' '),
        rel(x.config?.file),
        x.config?.line,
      ])
      .sort();
  };
  /** The rows of one egress-blocks-external-url finding per backend workload, the backend policy as the other side. */
  const backendRows = (c: Copy, line: number, port: number) => {
    const np = c.read(NP);
    const egress = lineOf(np, '  egress:', lineOf(np, 'name: allow-egress-from-backend'));
    return ['api', 'worker'].map((w) => [
      'egress-blocks-external-url',
      'INCONSISTENT',
      'manifests/configmap.yaml',
      line,
      `${w} ${port}`,
      NP,
      egress,
    ]);
  };

  test('Redis moved to a managed rediss:// host on 6380 → egress-blocks-external-url at REDIS_URL, for each workload that reads it', () => {
    const c = copy(REAL_BOOK);
    const cm = c.replace(
      'manifests/configmap.yaml',
      /REDIS_URL: redis:\/\/\S+/,
      'REDIS_URL: rediss://default@eu1-cache.upstash.io:6380/0',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    assert.deepEqual(egressRows(c, rep.findings), backendRows(c, lineOf(cm, '  REDIS_URL:'), 6380));
  });

  test('mail let out only to private addresses → egress-blocks-external-url at EMAIL_HOST (with EMAIL_PORT), not egress-blocks-configured-port', () => {
    const c = copy(REAL_BOOK);
    // 587 moves from the backend's way out to the internet to a rule of its own for the private
    // network: the port is allowed, the mail server on the internet is not.
    c.replace(NP, '        - { protocol: TCP, port: 587 }\n', '');
    c.replace(
      NP,
      '        - { protocol: TCP, port: 6379 }\n    - to:\n        - ipBlock:',
      '        - { protocol: TCP, port: 6379 }\n    - to:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n      ports:\n        - { protocol: TCP, port: 587 }\n    - to:\n        - ipBlock:',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const cm = c.read('manifests/configmap.yaml');
    assert.deepEqual(egressRows(c, rep.findings), backendRows(c, lineOf(cm, '  EMAIL_HOST:'), 587));
    assert.match(
      rep.findings[0].message,
      /is `smtp\.fastmail\.com`, which \w+ connects to on port 587,/,
    );
  });

  /** The copy's one ssh-port-not-allowed finding: at the inventory's sshPort, the `ssh` rule as the other side. */
  function sshPortFinding(c: Copy, port: number): Finding {
    const NODES_FILE = 'manifests/hosts/nodes.yaml';
    const UFW = 'manifests/hosts/ufw.yaml';
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const line = lineOf(c.read(NODES_FILE), `sshPort: ${port}`);
    const f = expectRule(rep.findings, 'ssh-port-not-allowed', NODES_FILE, line);
    assert.equal(f.code, 'INCONSISTENT');
    assert.ok(f.config?.file.endsWith(UFW));
    assert.equal(f.config?.line, lineOf(c.read(UFW), '- name: ssh'));
    assert.equal(rep.findings.filter((x) => x.ruleId === 'ssh-port-not-allowed').length, 1);
    return f;
  }

  test('the nodes moved to SSH port 2222 while UFW opens 22 → ssh-port-not-allowed at the inventory, the UFW rule as the other side', () => {
    const c = copy(REAL_BOOK);
    c.replace('manifests/hosts/nodes.yaml', '    sshPort: 22\n', '    sshPort: 2222\n');
    assert.match(
      sshPortFinding(c, 2222).message,
      /nodes `hetzner1`, `hetzner2`, `hetzner3` SSH port 2222, but UFW rule `ssh` opens SSH on 22\/tcp/,
    );
  });

  test('UFW opening SSH on 2222 while the inventory says 22 → ssh-port-not-allowed at the inventory', () => {
    const c = copy(REAL_BOOK);
    c.replace(
      'manifests/hosts/ufw.yaml',
      '    - name: ssh\n      port: 22\n',
      '    - name: ssh\n      port: 2222\n',
    );
    assert.match(
      sshPortFinding(c, 22).message,
      /SSH port 22, but UFW rule `ssh` opens SSH on 2222\/tcp and none lets 22\/tcp in from outside the cluster/,
    );
  });

  test('links on a port the backend may not leave by → no egress-blocks-external-url', () => {
    const CM = 'manifests/configmap.yaml';
    const c = copy(REAL_BOOK);
    // The api's public address and the origin it accepts move to 8443, which no egress
    // policy of the api opens; everything it dials stays on the ports it may use.
    c.replace(CM, 'BASE_URL: https://myhoneydue.com\n', 'BASE_URL: https://myhoneydue.com:8443\n');
    c.replace(
      CM,
      'CORS_ALLOWED_ORIGINS: https://admin.myhoneydue.com\n',
      'CORS_ALLOWED_ORIGINS: https://admin.myhoneydue.com:8443\n',
    );
    const { report: rep } = report(c);
    const found = rep.findings.filter((x) => x.ruleId === 'egress-blocks-external-url');
    assert.deepEqual(found, [], show(found));
  });

  test('the web told to listen on a port it does not declare → undeclared-listen-port at PORT, the ports as the other side', () => {
    const WEB = 'manifests/web/deployment.yaml';
    const c = copy(REAL_BOOK);
    const web = c.replace(
      WEB,
      '            - name: PORT\n              value: "3000"\n',
      '            - name: PORT\n              value: "3001"\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectRule(rep.findings, 'undeclared-listen-port', WEB, lineOf(web, '- name: PORT'));
    assert.equal(f.code, 'INCONSISTENT');
    assert.ok(f.config?.file.endsWith(WEB));
    assert.equal(f.config?.line, lineOf(web, '          ports:'));
  });

  test('a readiness probe on a port the container does not declare → readiness-port at the probe port', () => {
    const c = copy();
    const dep = c.replace(
      API,
      '          readinessProbe:\n            httpGet:\n              path: /api/health/\n              port: 8000\n',
      '          readinessProbe:\n            httpGet:\n              path: /api/health/\n              port: 8080\n',
    );
    const { report: rep } = report(c);
    const f = expectRule(rep.findings, 'readiness-port', API, lineOf(dep, 'port: 8080'));
    assert.equal(f.config?.line, lineOf(dep, 'ports:'));
  });

  test('a volume from a Secret no template declares → dangling-volume at the volume', () => {
    const c = copy();
    const dep = c.replace(API, 'secretName: honeydue-apns-key', 'secretName: honeydue-apns');
    const { report: rep } = report(c);
    expectRule(
      rep.findings,
      'dangling-volume',
      API,
      lineOf(dep, '          secret:', lineOf(dep, 'volumes:')),
    );
  });

  test('a volume projecting a key the Secret template does not declare → dangling-volume at the item, the Secret as the other side', () => {
    const c = copy();
    const dep = c.replace(
      API,
      '              - key: apns_auth_key.p8\n',
      '              - key: apns.p8\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectRule(rep.findings, 'dangling-volume', API, lineOf(dep, '- key: apns.p8'));
    assert.equal(f.code, 'INCONSISTENT');
    assert.match(f.message, /key `apns\.p8` of Secret `honeydue-apns-key`/);
    const secrets = c.read('manifests/secrets.yaml');
    assert.ok(f.config?.file.endsWith('manifests/secrets.yaml'), f.config?.file);
    assert.equal(
      f.config?.line,
      lineOf(secrets, 'apiVersion:', lineOf(secrets, 'name: honeydue-apns-key') - 3),
    );
  });

  test('the Redis volume renamed, its mount not → dangling-volume-mount at the mount, the volumes as the other side', () => {
    const c = copy();
    const rel = 'manifests/redis/deployment.yaml';
    const dep = c.replace(
      rel,
      '        - name: data\n          persistentVolumeClaim:',
      '        - name: redis-data\n          persistentVolumeClaim:',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectRule(
      rep.findings,
      'dangling-volume-mount',
      rel,
      lineOf(dep, '- name: data', lineOf(dep, 'volumeMounts:')),
    );
    assert.equal(f.code, 'INCONSISTENT');
    assert.match(f.message, /mounts volume `data` at `\/data`.*\(it has `redis-data`, `tmp`\)/);
    assert.ok(f.config?.file.endsWith(rel));
    assert.equal(f.config?.line, lineOf(dep, '      volumes:'));
  });

  test('one A record of the api host set to DNS only → dns-record-not-proxied at the record, the Cloudflare-only UFW rule as the other side', () => {
    const c = copy();
    const rel = 'manifests/cloudflare/zone.yaml';
    const z = c.replace(
      rel,
      'name: api.myhoneydue.com, content: 178.105.32.198, proxied: true',
      'name: api.myhoneydue.com, content: 178.105.32.198, proxied: false',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const found = rep.findings.filter((f) => f.ruleId === 'dns-record-not-proxied');
    assert.equal(found.length, 1, show(rep.findings));
    const [f] = found;
    assert.equal(f.code, 'INCONSISTENT');
    assert.ok(f.file.endsWith(rel));
    assert.equal(f.line, lineOf(z, 'proxied: false'));
    assert.match(f.message, /api\.myhoneydue\.com → 178\.105\.32\.198 .*node `hetzner2`/);
    const ufw = c.read('manifests/hosts/ufw.yaml');
    assert.ok(f.config?.file.endsWith('manifests/hosts/ufw.yaml'));
    assert.equal(f.config?.line, lineOf(ufw, '- name: https-from-cloudflare'));
  });

  test('api/service.yaml dropped from kustomization.yaml → dangling-ingress at both routes to the api, the kustomization as the other side', () => {
    const c = copy();
    const k = c.replace('manifests/kustomization.yaml', '  - api/service.yaml\n', '');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const routes = c.read('manifests/ingress/ingressroutes.yaml');
    for (const host of ['Host(`api.myhoneydue.com`)', 'Host(`myhoneydue.com`)']) {
      const f = expectRule(
        rep.findings,
        'dangling-ingress',
        'manifests/ingress/ingressroutes.yaml',
        lineOf(routes, host),
      );
      assert.equal(f.code, 'INCONSISTENT');
      assert.match(f.message, /Service `api`, which is defined but not applied/);
      // The other side is the kustomization file itself, the list the Service's file is missing from.
      assert.ok(f.config?.file.endsWith('manifests/kustomization.yaml'), f.config?.file);
      assert.equal(f.config?.line, 1);
      assert.ok(!k.includes('api/service.yaml'));
    }
  });

  test('configmap.yaml dropped from kustomization.yaml → dangling-env-from at the api and worker envFrom', () => {
    const c = copy();
    c.replace('manifests/kustomization.yaml', '  - configmap.yaml\n', '');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    for (const rel of ['manifests/api/deployment.yaml', 'manifests/worker/deployment.yaml']) {
      const f = expectRule(
        rep.findings,
        'dangling-env-from',
        rel,
        lineOf(c.read(rel), '- configMapRef:'),
      );
      assert.match(f.message, /ConfigMap `honeydue-config`, which is defined but not applied/);
      assert.ok(f.config?.file.endsWith('manifests/kustomization.yaml'));
    }
  });

  test('the api IngressRoute on a misspelt entrypoint → route-unknown-entrypoint at its entryPoints, the Traefik ports as the other side', () => {
    const c = copy();
    const rel = 'manifests/ingress/ingressroutes.yaml';
    const routes = c.replace(
      rel,
      '  entryPoints: [websecure]\n  routes:\n    - kind: Rule\n      match: Host(`api.',
      '  entryPoints: [web-secure]\n  routes:\n    - kind: Rule\n      match: Host(`api.',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectRule(
      rep.findings,
      'route-unknown-entrypoint',
      rel,
      lineOf(routes, 'entryPoints: [web-secure]'),
    );
    assert.equal(f.code, 'INCONSISTENT');
    assert.match(f.message, /IngressRoute `api` is served on entrypoint `web-secure`/);
    const values = c.read('manifests/traefik/helmchartconfig.yaml');
    assert.ok(f.config?.file.endsWith('manifests/traefik/helmchartconfig.yaml'));
    assert.equal(f.config?.line, lineOf(values, 'port: 8000'));
  });

  test('a Deployment selector that misses its template labels → mismatching-selector, both sides', () => {
    const c = copy();
    const dep = c.replace(
      API,
      '  selector:\n    matchLabels:\n      app.kubernetes.io/name: api\n',
      '  selector:\n    matchLabels:\n      app.kubernetes.io/name: api-v1\n',
    );
    const { report: rep } = report(c);
    const f = expectRule(rep.findings, 'mismatching-selector', API, lineOf(dep, '  selector:'));
    assert.equal(f.config?.line, lineOf(dep, '      labels:', lineOf(dep, '  template:')));
  });

  test('an env variable set twice → duplicate-env-var at the second, the first as the other side', () => {
    const c = copy();
    const dep = c.replace(
      API,
      '            - name: SECRET_KEY\n',
      '            - name: DB_HOST_OVERRIDE\n              value: x\n            - name: DB_HOST_OVERRIDE\n              value: z\n            - name: SECRET_KEY\n',
    );
    const { report: rep } = report(c);
    const f = expectRule(
      rep.findings,
      'duplicate-env-var',
      API,
      lineOf(dep, '- name: DB_HOST_OVERRIDE') + 2,
    );
    assert.equal(f.config?.line, lineOf(dep, '- name: DB_HOST_OVERRIDE'));
  });

  test('a budget with maxUnavailable 0 → pdb-max-unavailable at that line', () => {
    const c = copy();
    const pdbs = c.replace(
      'manifests/pod-disruption-budgets.yaml',
      /minAvailable: 2\n(?=[\s\S]*name: web-pdb)/,
      'maxUnavailable: 0\n',
    );
    const { report: rep } = report(c);
    expectRule(
      rep.findings,
      'pdb-max-unavailable',
      'manifests/pod-disruption-budgets.yaml',
      lineOf(pdbs, 'maxUnavailable: 0'),
    );
  });
});

describe('credentials in the book', () => {
  test('a token typed into a procedure of the real book → CREDENTIAL_IN_BOOK at its line and column (exit 1), the value nowhere in the output', () => {
    const docs = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-docs-'));
    temps.push(docs);
    fs.cpSync(path.join(ROOT, 'src/content/docs'), docs, { recursive: true });
    const file = path.join(docs, 'runbooks/dns-rotation.mdx');
    const planted = 'planted7Hx2CfToken9';
    const text = fs.readFileSync(file, 'utf8');
    const from = 'Read the token without echoing it: `read -rs CF_API_TOKEN`.';
    assert.equal(text.split(from).length, 2);
    const page = text.replace(from, `Set it first: \`CF_API_TOKEN=${planted}\`.`);
    fs.writeFileSync(file, page);
    const run = (format: string) =>
      runCheck(['--manifests', MANIFESTS, '--docs', docs, '--format', format]);
    for (const format of ['json', 'human', 'github'])
      assert.ok(!run(format).stdout.includes(planted), format);
    const r = run('json');
    assert.equal(r.code, 1);
    const rep: CheckReport = JSON.parse(r.stdout);
    const line = lineOf(page, `CF_API_TOKEN=${planted}`);
    const f = expectRule(rep.findings, 'credential-in-book', 'runbooks/dns-rotation.mdx', line);
    assert.equal(f.code, 'CREDENTIAL_IN_BOOK');
    assert.equal(f.col, page.split('\n')[line - 1].indexOf('CF_API_TOKEN=') + 1);
    assert.match(f.message, /^A literal value for `CF_API_TOKEN` is written into the book/);
    assert.equal(rep.findings.length, 1, show(rep.findings));
  });
});

describe('links in the book', () => {
  /** The real book copied, checked against the real manifests. */
  function realBook() {
    const docs = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-docs-'));
    temps.push(docs);
    fs.cpSync(path.join(ROOT, 'src/content/docs'), docs, { recursive: true });
    const read = (rel: string) => fs.readFileSync(path.join(docs, rel), 'utf8');
    const run = () => {
      const r = runCheck(['--manifests', MANIFESTS, '--docs', docs, '--format', 'json']);
      assert.equal(r.stderr, '');
      return { code: r.code, findings: (JSON.parse(r.stdout) as CheckReport).findings };
    };
    const rel = (f: Finding) => path.relative(docs, path.resolve(f.file));
    return { docs, read, run, rel };
  }

  test('a heading of the real book renamed → BROKEN_REF (broken-link) at every link to it, in other chapters, at the target (exit 1)', () => {
    const b = realBook();
    const file = path.join(b.docs, '07-services.mdx');
    const heading = '### The HPA: defined, not applied';
    assert.equal(b.read('07-services.mdx').split(heading).length, 2);
    fs.writeFileSync(
      file,
      b.read('07-services.mdx').replace(heading, '### The HPA: written, not applied'),
    );
    const r = b.run();
    assert.equal(r.code, 1);
    const target = '/07-services/#the-hpa-defined-not-applied';
    const expected = ['02-orchestrator-choice.mdx', '08-database.mdx'].map((rel) => {
      const text = b.read(rel);
      const line = lineOf(text, target);
      return { file: rel, line, col: text.split('\n')[line - 1].indexOf(target) + 1 };
    });
    assert.deepEqual(
      r.findings.map((f) => ({ file: b.rel(f), line: f.line, col: f.col })),
      expected,
      show(r.findings),
    );
    for (const f of r.findings) {
      assert.equal(f.ruleId, 'broken-link');
      assert.equal(f.code, 'BROKEN_REF');
      assert.equal(
        f.message,
        'The link goes to `#the-hpa-defined-not-applied` on `/07-services/`, which has no heading or anchor with that id.',
      );
      assert.match(f.hint, /`#the-hpa-written-not-applied`/);
    }
  });

  /** Appends a paragraph to a chapter of the copied book; returns the chapter's new text. */
  function append(b: ReturnType<typeof realBook>, rel: string, paragraph: string): string {
    const text = `${b.read(rel).trimEnd()}\n\n${paragraph}\n`;
    fs.writeFileSync(path.join(b.docs, rel), text);
    return text;
  }

  test('links to ids the generated pages write (a Config row, a tool, a procedure, a citation) pass the check of the real book', () => {
    const b = realBook();
    append(
      b,
      '07-services.mdx',
      [
        'The Config page lists [the api’s replica count](/config/#fact-deployment-honeydue-api-replicas),',
        '[the api Deployment](/config/#obj-deployment-honeydue-api) and [every Deployment](/config/#kind-deployments);',
        'see also [kubectl in the command index](/appendix-b-kubectl-cheatsheet/#tool-kubectl),',
        '[a node down](/runbooks/#node-down) under [its group](/runbooks/#nodes) and',
        '[the k3s architecture source](/appendix-d-citations/#cite-02-orchestrator-choice-k3s-arch).',
      ].join('\n'),
    );
    const r = b.run();
    assert.deepEqual(r.findings, [], show(r.findings));
    assert.equal(r.code, 0);
  });

  test('a misspelt Config row in the real book → BROKEN_REF (broken-link) at the link, the real row as the closest (exit 1)', () => {
    const b = realBook();
    const target = '/config/#fact-deployment-honeydue-api-replicaz';
    const text = append(b, '07-services.mdx', `See [the replica count](${target}).`);
    const r = b.run();
    assert.equal(r.code, 1);
    assert.equal(r.findings.length, 1, show(r.findings));
    const [f] = r.findings;
    assert.equal(f.code, 'BROKEN_REF');
    assert.equal(f.ruleId, 'broken-link');
    assert.equal(b.rel(f), '07-services.mdx');
    const line = lineOf(text, target);
    assert.equal(f.line, line);
    assert.equal(f.col, text.split('\n')[line - 1].indexOf(target) + 1);
    assert.equal(
      f.message,
      'The link goes to `#fact-deployment-honeydue-api-replicaz` on `/config/`, which has no heading or anchor with that id.',
    );
    assert.match(f.hint, /^Ids on `\/config\/` like it: `#fact-deployment-honeydue-api-replicas`/);
  });

  test('a link to a commit of the What changed page → BROKEN_REF saying the id comes from git history', () => {
    const b = realBook();
    const text = append(b, '07-services.mdx', 'See [that change](/changes/#commit-1a2b3c4).');
    const r = b.run();
    assert.equal(r.code, 1);
    assert.equal(r.findings.length, 1, show(r.findings));
    const [f] = r.findings;
    assert.equal(f.ruleId, 'broken-link');
    assert.equal(f.line, lineOf(text, '/changes/#commit-1a2b3c4'));
    assert.match(f.message, /an id the change log makes from git history/);
  });

  test('a chapter renamed → every link to its old address is BROKEN_REF, with the new address as the closest', () => {
    const b = realBook();
    fs.renameSync(path.join(b.docs, '18-cost.mdx'), path.join(b.docs, '18-costs.mdx'));
    const r = b.run();
    assert.equal(r.code, 1);
    assert.ok(r.findings.length > 0, 'links to /18-cost/ exist in the real book');
    for (const f of r.findings) {
      assert.equal(f.ruleId, 'broken-link', show([f]));
      const line = b.read(b.rel(f)).split('\n')[f.line - 1];
      assert.ok(line.slice(f.col - 1).startsWith('/18-cost/'), show([f]));
      assert.equal(f.message, 'The link goes to `/18-cost/`, which is no page of the book.');
      assert.match(f.hint, /^Pages with a similar address: `\/18-costs\/`/);
    }
  });
});

describe('credentials in the manifests', () => {
  test('a literal password in an env value → CREDENTIAL_IN_CONFIG at its line (exit 1), the value nowhere in the output', () => {
    const c = copy();
    const planted = 'planted-9f2c-password';
    const dep = c.replace(
      'manifests/api/deployment.yaml',
      '            - name: SECRET_KEY\n',
      `            - name: DB_PASSWORD\n              value: "${planted}"\n            - name: SECRET_KEY\n`,
    );
    for (const format of ['json', 'human', 'github'])
      assert.ok(!check(c, format).stdout.includes(planted), format);
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const f = expectRule(
      rep.findings,
      'credential-in-config',
      'manifests/api/deployment.yaml',
      lineOf(dep, 'name: DB_PASSWORD') + 1,
    );
    assert.equal(f.code, 'CREDENTIAL_IN_CONFIG');
    assert.match(f.hint, /secretKeyRef/);
  });

  test('a Secret template with a real value → CREDENTIAL_IN_CONFIG at that key', () => {
    const c = copy();
    const s = c.replace(
      'manifests/secrets.yaml',
      '  REDIS_PASSWORD: ""\n',
      '  REDIS_PASSWORD: "planted-redis-pw"\n',
    );
    const { report: rep } = report(c);
    expectRule(
      rep.findings,
      'credential-in-config',
      'manifests/secrets.yaml',
      lineOf(s, 'REDIS_PASSWORD'),
    );
  });

  test("the engine's warnings are printed, without failing the check", () => {
    const c = copy();
    const dep = c.replace(
      'manifests/worker/deployment.yaml',
      '  replicas: 1\n',
      '  replicas: 1\n  replicas: 1\n',
    );
    const r = check(c);
    const rep: CheckReport = JSON.parse(r.stdout);
    assert.equal(r.code, 0, show(rep.findings));
    const w = rep.warnings.find((x) => x.ruleId === 'manifest-warning');
    assert.ok(w, JSON.stringify(rep.warnings));
    assert.equal(w.line, lineOf(dep, '  replicas: 1') + 1);
    assert.match(check(c, 'human').stdout, /REPEATED_KEY/);
  });

  test('an object defined twice in a folder read as files: the book follows the last copy and warns, without failing', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-'));
    temps.push(root);
    const c = { m: path.join(root, 'manifests'), d: path.join(root, 'book') };
    fs.mkdirSync(c.m);
    fs.mkdirSync(c.d);
    const web = (replicas: number) =>
      DEPLOYMENT.replace(/good/g, 'web').replace('replicas: 2', `replicas: ${replicas}`);
    fs.writeFileSync(path.join(c.m, 'a.yaml'), web(2));
    fs.writeFileSync(path.join(c.m, 'b.yaml'), web(5));
    fs.writeFileSync(
      path.join(c.d, '01-web.mdx'),
      `---\ntitle: Web\n---\n\nimport { V } from '../components';\n\n{/* assume: totals.shop.replicas == 5 */}\nThe web app runs <V k="deployment/web.replicas" /> pods, <V k="totals.shop.replicas" /> in all.\n`,
    );
    const r = check(c);
    const rep: CheckReport = JSON.parse(r.stdout);
    assert.equal(r.code, 0, show(rep.findings));
    assert.deepEqual(
      rep.warnings.map((w) => [w.ruleId, w.file, w.message.slice(0, 'REPEATED_OBJECT'.length)]),
      [['manifest-warning', path.join(c.m, 'b.yaml'), 'REPEATED_OBJECT']],
    );
    const human = check(c, 'human').stdout;
    assert.match(
      human,
      /b\.yaml:\d+:\d+ {2}manifest-warning {2}REPEATED_OBJECT: `Deployment\/shop\/web`/,
    );
    assert.match(human, /No drift/);
  });
});

describe('literals found by the fact they state', () => {
  test('"the api has 3 replicas" → hardcoded-replicas whose hint names deployment/api.replicas, never cluster.nodes', () => {
    const c = copy();
    const text = c.replace(
      'book/03-runbook.mdx',
      '/> pods serving.',
      '/> pods serving. The api has 3 replicas, so `kubectl scale --replicas=3 deployment/api` changes nothing.',
    );
    const { report: rep } = report(c);
    const line = lineOf(text, 'The api has 3 replicas');
    const byRule = rep.findings.filter((f) => f.file.endsWith('03-runbook.mdx') && f.line === line);
    assert.equal(byRule.length, 2, show(rep.findings));
    for (const f of byRule) {
      assert.equal(f.ruleId, 'hardcoded-replicas');
      assert.match(f.hint, /deployment\/api\.replicas/);
      assert.doesNotMatch(`${f.message} ${f.hint}`, /cluster\.nodes/);
    }
  });

  test('"Redis listens on 6379" → hardcoded-port at the phrase, naming the redis port', () => {
    const c = copy();
    const text = c.replace(
      W,
      '## The worker\n',
      '## The worker\n\nRedis listens on 6379 for the api and the worker.\n',
    );
    const { report: rep } = report(c);
    const line = lineOf(text, 'Redis listens on 6379');
    const f = expectRule(rep.findings, 'hardcoded-port', W, line);
    assert.equal(f.col, text.split('\n')[line - 1].indexOf('listens') + 1);
    assert.match(f.message, /redis\.port/);
  });

  test('"the zone\'s SSL mode is Full (strict)" → hardcoded-setting naming cloudflare.ssl.mode', () => {
    const c = copy();
    const text = c.replace(
      N,
      '## Public hosts\n',
      "## Public hosts\n\nThe zone's SSL mode is Full (strict).\n",
    );
    const { report: rep } = report(c);
    const f = expectRule(rep.findings, 'hardcoded-setting', N, lineOf(text, 'Full (strict)'));
    assert.match(f.message, /cloudflare\.ssl\.mode/);
  });

  test('a public host typed into a <Cmd> → hardcoded-host at its column', () => {
    const c = copy();
    const text = c.replace(
      'book/03-runbook.mdx',
      '  code="kubectl uncordon {{node/hetzner2.hostname}}"\n',
      '  code="kubectl uncordon {{node/hetzner2.hostname}} && curl -sSI https://admin.myhoneydue.com/"\n',
    );
    const { report: rep } = report(c);
    const line = lineOf(text, 'https://admin.myhoneydue.com/');
    const f = expectRule(rep.findings, 'hardcoded-host', 'book/03-runbook.mdx', line);
    assert.equal(f.col, text.split('\n')[line - 1].indexOf('https://admin') + 1);
  });

  test('"five Secrets"-style counts: "three nodes" outside its guard → hardcoded-count at the count', () => {
    const c = copy();
    const text = c.replace(N, '## Firewall\n', '## Firewall\n\nUFW runs on all three nodes.\n');
    const { report: rep } = report(c);
    const f = expectRule(rep.findings, 'hardcoded-count', N, lineOf(text, 'all three nodes'));
    assert.match(f.message, /cluster\.nodes/);
  });

  test('a path the facts hold → hardcoded-path', () => {
    const c = copy();
    const text = c.replace(
      W,
      '## The worker\n',
      '## The worker\n\nThe api answers /api/health/ when it is ready.\n',
    );
    const { report: rep } = report(c);
    expectRule(rep.findings, 'hardcoded-path', W, lineOf(text, '/api/health/'));
  });

  test('the guard breaks when the value changes: the count becomes a broken assumption at its paragraph', () => {
    const c = copy();
    const nodes = c.read('manifests/hosts/nodes.yaml');
    const third = nodes.slice(
      nodes.indexOf('    - sshAlias: hetzner3'),
      nodes.indexOf('  # Services that listen'),
    );
    c.replace('manifests/hosts/nodes.yaml', third, '');
    const { report: rep } = report(c);
    expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      N,
      paragraphAfter(c.read(N), 'assume: cluster.nodes == 3'),
    );
  });
});

describe('pull-request output', () => {
  /** A copy with twelve findings or more: twelve IPs typed into prose. */
  function twelve() {
    const c = copy();
    const ips = Array.from({ length: 12 }, (_, i) => `10.9.${i}.1`).join(', ');
    c.replace(N, '## Firewall\n', `## Firewall\n\nOld addresses: ${ips}.\n`);
    return c;
  }

  test('--format github with twelve findings: twelve ::error lines, and the job summary lists all twelve grouped by file', () => {
    const c = twelve();
    const r = check(c, 'github');
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('::error ')).length, 12);
    assert.ok(r.summary, 'a job summary');
    const rows = r.summary.split('\n').filter((l) => /^\| \d+:\d+ \|/.test(l));
    assert.equal(rows.length, 12);
    assert.match(r.summary, /#### `.*02-network\.mdx`/);
    for (let i = 0; i < 12; i++) assert.ok(r.summary.includes(`10.9.${i}.1`), `10.9.${i}.1`);
  });

  test('a job summary of many findings lists the first 1,000 and counts the rest, under GitHub’s 1 MiB', () => {
    const findings: Finding[] = Array.from({ length: 1234 }, (_, i) => ({
      code: 'HARDCODED_VALUE',
      ruleId: 'hardcoded-value',
      file: `docs/p${i % 40}.mdx`,
      line: i + 1,
      col: 1,
      message: 'The address `10.0.0.1` is typed into the book; the facts hold it.',
      hint: 'Render it with `<V k="node/hetzner1.ip" />`.',
    }));
    const text = summary({ findings, docs: 40, objects: 55 } as CheckReport);
    assert.equal(text.split('\n').filter((l) => /^\| \d+:\d+ \|/.test(l)).length, 1000);
    assert.match(text, /^### Drift check: 1234 findings$/m);
    assert.match(
      text,
      /… and 234 more findings, not listed here; `npm run check -- --format json` lists every one\./,
    );
    assert.ok(Buffer.byteLength(text) < 1024 * 1024, `${Buffer.byteLength(text)} bytes`);
  });

  /** `n` findings; with `configs`, every second one has its config in a manifest (a side `::warning`). */
  const many = (n: number, configs = true): Finding[] =>
    Array.from({ length: n }, (_, i) => ({
      code: 'HARDCODED_VALUE',
      ruleId: 'hardcoded-value',
      file: `docs/p${i % 40}.mdx`,
      line: i + 1,
      col: 1,
      message: `The address \`10.0.${i >> 8}.${i & 255}\` is typed into the book; the facts hold it.`,
      hint: 'Render it with `<V k="node/hetzner1.ip" />`.',
      ...(configs && i % 2 ? { config: { file: 'manifests/hosts.yaml', line: 3 } } : {}),
    }));

  const reportOf = (findings: Finding[], warnings = 0, ignores = 0): CheckReport =>
    ({
      findings,
      warnings: Array.from({ length: warnings }, (_, i) => ({
        ...many(1)[0],
        code: 'MANIFEST_WARNING',
        ruleId: 'manifest-warning',
        file: 'manifests/api/deployment.yaml',
        line: i + 1,
      })),
      ignores: Array.from({ length: ignores }, (_, i) => ({
        file: 'docs/p0.mdx',
        line: i + 1,
        col: 1,
        rules: ['hardcoded-value'],
        reason: 'history',
        silenced: 1,
      })),
      docs: 40,
      objects: 55,
    }) as unknown as CheckReport;

  test('--format github with 10,000 findings: the first 50 annotations in order, one line counting the rest, the total', () => {
    const lines = github(reportOf(many(10_000)))
      .trimEnd()
      .split('\n');
    const annotations = lines.filter((l) => l.startsWith('::'));
    assert.equal(annotations.length, 50, 'as many annotations as GitHub shows in a job');
    assert.equal(lines.length, 52);
    // Finding i is an ::error; an odd one is followed by a ::warning at its config line.
    assert.deepEqual(
      annotations.slice(0, 4).map((l) => l.slice(0, l.indexOf(','))),
      [
        '::error file=docs/p0.mdx',
        '::error file=docs/p1.mdx',
        '::warning file=manifests/hosts.yaml',
        '::error file=docs/p2.mdx',
      ],
    );
    const errors = annotations.filter((l) => l.startsWith('::error '));
    assert.equal(errors.length, 34);
    errors.forEach((l, i) => {
      assert.ok(
        l.startsWith(`::error file=docs/p${i}.mdx,line=${i + 1},col=1,title=HARDCODED_VALUE::`),
        l,
      );
      assert.ok(l.includes(`10.0.0.${i}\``), l);
    });
    assert.equal(
      lines.at(-2),
      'Not annotated: 9966 findings (GitHub shows the first ten errors and ten warnings of a step); the job summary lists the first 1000 findings, and `npm run check -- --format json` lists every one.',
    );
    assert.equal(lines.at(-1), '10000 drift findings.');
  });

  test('one finding, one page, one object: the totals read in the singular', () => {
    const one = { ...reportOf(many(1, false)), docs: 1, objects: 1 };
    assert.equal(github(one).trimEnd().split('\n').at(-1), '1 drift finding.');
    assert.match(
      human(one),
      /\n1 finding \(HARDCODED_VALUE ×1\) in 1 page against 1 manifest object\.\n$/,
    );
    const clean = { ...one, findings: [] };
    assert.match(human(clean), /No drift: 1 page agrees with 1 manifest object\.\n$/);
    assert.match(summary(clean), /No drift: 1 page agrees with 1 manifest object\./);
  });

  test('--format github: warnings and drift-ignore notices share the bound of 50; a report within it is annotated in full', () => {
    const within = github(reportOf(many(40, false), 7, 3), { verbose: true })
      .trimEnd()
      .split('\n');
    assert.equal(within.filter((l) => l.startsWith('::error ')).length, 40);
    assert.equal(within.filter((l) => l.startsWith('::warning ')).length, 7);
    assert.equal(within.filter((l) => l.startsWith('::notice ')).length, 3);
    assert.deepEqual(within.slice(50), ['40 drift findings.']);

    const over = github(reportOf(many(40, false), 60, 3), { verbose: true })
      .trimEnd()
      .split('\n');
    assert.equal(over.filter((l) => l.startsWith('::warning ')).length, 10);
    assert.equal(over.filter((l) => l.startsWith('::notice ')).length, 0);
    assert.deepEqual(over.slice(50), [
      'Not annotated: 50 warnings and 3 drift-ignore markers (GitHub shows the first ten errors and ten warnings of a step); `npm run check -- --format json` lists every one.',
      '40 drift findings.',
    ]);

    const some = github(reportOf(many(60, false)))
      .trimEnd()
      .split('\n');
    assert.equal(
      some.at(-2),
      'Not annotated: 10 findings (GitHub shows the first ten errors and ten warnings of a step); the job summary lists every finding, and `npm run check -- --format json` lists every one.',
    );
  });

  test('each annotation names its rule; the manifest line of the other side is annotated too', () => {
    const c = copy();
    c.replace('manifests/worker/deployment.yaml', '  replicas: 1\n', '  replicas: 2\n');
    const r = check(c, 'github');
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.ok(errors.length > 0);
    for (const l of errors) assert.match(l, /\[[a-z0-9-]+\]$/);
    assert.ok(
      r.stdout
        .split('\n')
        .some(
          (l) =>
            l.startsWith('::warning file=') &&
            l.includes('worker/deployment.yaml') &&
            l.includes('[broken-assumption]'),
        ),
      r.stdout,
    );
  });

  test('--stats counts rendered, guarded, ignored and unmarked statements', () => {
    const clean = runCheck(['--manifests', MANIFESTS, '--docs', BOOK, '--stats']);
    assert.equal(clean.code, 0);
    const n = (label: RegExp, out: string) =>
      Number(new RegExp(`(\\d+)\\s+${label.source}`).exec(out)?.[1]);
    assert.ok(n(/rendered/, clean.stdout) >= 10, clean.stdout);
    assert.ok(n(/typed, under an assume marker/, clean.stdout) >= 3, clean.stdout);
    assert.equal(n(/typed, under a drift-ignore/, clean.stdout), 1);
    assert.equal(n(/typed and unmarked/, clean.stdout), 0);
    const drifted = twelve();
    const out = runCheck(['--manifests', drifted.m, '--docs', drifted.d, '--stats']).stdout;
    assert.equal(n(/typed and unmarked/, out), 12);
  });
});

describe('the invariants the book argues', () => {
  const UFW = 'manifests/hosts/ufw.yaml';

  test('the worker allowed to run as root → BROKEN_ASSUMPTION at the security paragraphs of the real book, config at the worker container', () => {
    const c = copy(REAL_BOOK);
    const rel = 'manifests/worker/deployment.yaml';
    const dep = c.replace(rel, '        runAsNonRoot: true\n', '        runAsNonRoot: false\n');
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const S = 'book/05-security.mdx';
    const page = c.read(S);
    const f = expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      S,
      lineOf(page, 'The cluster is defended in layers'),
    );
    assert.equal(f.ruleId, 'broken-assumption');
    assert.match(f.message, /pods\.runAsNonRoot = false/);
    assert.ok(f.config?.file.endsWith(rel), f.config?.file);
    assert.equal(f.config?.line, lineOf(dep, '- name: worker', lineOf(dep, 'containers:')));
    expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      S,
      paragraphAfter(page, 'pods.runAsNonRoot == true */}'),
    );
    assert.ok(
      rep.findings.every((x) => x.code === 'BROKEN_ASSUMPTION'),
      show(rep.findings),
    );
  });

  test('a DNS-only record → BROKEN_ASSUMPTION where the real book says every record is proxied, config at the record', () => {
    const c = copy(REAL_BOOK);
    const rel = 'manifests/cloudflare/zone.yaml';
    const z = c.replace(
      rel,
      'name: app.myhoneydue.com, content: 178.104.249.189, proxied: true',
      'name: app.myhoneydue.com, content: 178.104.249.189, proxied: false',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const C = 'book/13-cloudflare.mdx';
    const f = expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      C,
      lineOf(c.read(C), 'records, all proxied'),
    );
    assert.match(f.message, /cloudflare\.dns\.allProxied = false/);
    assert.ok(f.config?.file.endsWith(rel));
    assert.equal(f.config?.line, lineOf(z, 'proxied: false'));
    expectRule(rep.findings, 'dns-record-not-proxied', rel, lineOf(z, 'proxied: false'));
  });

  test("the api pod's API token mounted → BROKEN_ASSUMPTION wherever the real book says only vmagent has one", () => {
    const c = copy(REAL_BOOK);
    const rel = 'manifests/api/deployment.yaml';
    const dep = c.replace(
      rel,
      '      automountServiceAccountToken: false\n',
      '      automountServiceAccountToken: true\n',
    );
    const { code, report: rep } = report(c);
    assert.equal(code, 1);
    const O = 'book/15-observability.mdx';
    const f = expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      O,
      lineOf(c.read(O), 'Discovery needs a ServiceAccount token'),
    );
    assert.match(f.message, /pods\.apiTokens = api, vmagent/);
    assert.ok(f.config?.file.endsWith(rel));
    assert.equal(f.config?.line, lineOf(dep, 'serviceAccountName: api'));
  });

  test('HTTPS opened to anyone → the paragraph guarded by ufw.https.cloudflareOnly breaks, config at the rule', () => {
    const c = copy();
    const ufw = c.replace(
      UFW,
      /(- name: https-from-cloudflare\n\s+port: 443\n\s+protocol: tcp\n\s+from:)\n(\s+- [\d./]+\n)+/,
      '$1 [0.0.0.0/0]\n',
    );
    const { report: rep } = report(c);
    const f = expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      N,
      paragraphAfter(c.read(N), 'assume: ufw.https.cloudflareOnly'),
    );
    assert.match(f.message, /ufw\.https\.cloudflareOnly/);
    assert.equal(f.config?.line, lineOf(ufw, '- name: https-from-cloudflare'));
  });

  test('port 80 opened → the ":80 is closed" paragraph breaks', () => {
    const c = copy();
    c.replace(
      UFW,
      '    - name: kube-apiserver\n',
      '    - name: http\n      port: 80\n      protocol: tcp\n      from: [any]\n    - name: kube-apiserver\n',
    );
    const { report: rep } = report(c);
    const f = expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      N,
      paragraphAfter(c.read(N), 'assume: ufw.https.cloudflareOnly'),
    );
    assert.match(f.message, /ufw\.http\.open == false/);
  });

  test('the NetworkPolicies left out of kustomization.yaml → the paragraph guarded by networkpolicies.allApplied breaks', () => {
    const c = copy();
    c.replace('manifests/kustomization.yaml', '  - network-policies.yaml\n', '');
    const { report: rep } = report(c);
    expectFinding(
      rep.findings,
      'BROKEN_ASSUMPTION',
      N,
      paragraphAfter(c.read(N), 'assume: networkpolicies.allApplied'),
    );
  });
});
