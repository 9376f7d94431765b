/**
 * The model, kind by kind: values read and located with one path (the
 * StatefulSet rollout points at its own line), every API version kubectl
 * serves read completely, server fields of `kubectl get -o yaml` making no
 * facts, and the fields the check's relational rules read.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extract, type ExtractResult } from '../../engine/index.ts';
import { folder, posOf } from '../fixtures/harness.ts';
import { NODES, traefik, WEBSECURE } from './rules/fixtures.ts';

/** Extracts one file; `rel` names it in the temporary folder. */
function one(rel: string, text: string): ExtractResult {
  return extract(folder({ [rel]: text }));
}

const lineOf = (text: string, needle: string, nth = 1) => posOf(text, needle, nth).line;

describe('the Traefik HelmChartConfig', () => {
  test('a copy the kustomization leaves out, read after the applied one, sets no Traefik fact', () => {
    const applied = traefik(WEBSECURE);
    const dir = folder({
      'kustomization.yaml': 'resources:\n  - traefik.yaml\n',
      'traefik.yaml': applied,
      'z-old.yaml': traefik(WEBSECURE.replace('port: 443', 'port: 8443')).replace(
        'hostNetwork: true',
        'hostNetwork: false',
      ),
    });
    const r = extract(dir);
    assert.equal(r.registry.get('traefik.entrypoints.websecure.port')?.value, 443);
    assert.equal(
      r.registry.get('traefik.entrypoints.websecure.port')?.source.file,
      path.join(dir, 'traefik.yaml'),
    );
    assert.equal(r.registry.get('traefik.hostNetwork')?.value, true);
    assert.equal(r.extracted.traefik?.hostNetwork, true);
    assert.deepEqual(
      r.extracted.traefik?.entrypoints.map((e) => e.port),
      [443],
    );
  });
});

describe('probes', () => {
  test('a 0 in a probe timing reads as the default the API server writes over it, at its line', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: app }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: api:1
          livenessProbe:
            httpGet: { path: /healthz, port: 8000 }
            initialDelaySeconds: 0
            periodSeconds: 0
            timeoutSeconds: 0
            failureThreshold: 0
`;
    const r = one('api.yaml', text);
    const fact = (f: string) =>
      r.registry.get(`deployment/api.containers.api.probes.liveness.${f}`)!;
    const want = {
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
    };
    for (const [f, v] of Object.entries(want)) {
      assert.equal(fact(f).value, v, f);
      assert.equal(fact(f).source.line, lineOf(text, `${f}: 0`), f);
    }
    assert.equal(
      fact('budgetSeconds').value,
      30,
      'the delay plus three failures ten seconds apart',
    );
  });
});

describe('read and locate with one path', () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels: { app: db }
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 2
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: db
          image: postgres:16
`;

  test('a StatefulSet’s maxUnavailable points at its own line, not at `spec:`', () => {
    const r = one('sts.yaml', sts);
    const f = r.registry.get('statefulset/db.maxUnavailable')!;
    assert.equal(f.value, 2);
    assert.equal(f.source.line, lineOf(sts, 'maxUnavailable: 2'));
    assert.equal(
      r.registry.get('statefulset/db.strategy')!.source.line,
      lineOf(sts, 'updateStrategy:'),
    );
  });

  test('a Job’s replica count is its parallelism, at that line', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: data }
spec:
  parallelism: 4
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: "migrate:1" }]
`;
    const f = one('job.yaml', job).registry.get('job/migrate.replicas')!;
    assert.deepEqual([f.value, f.source.line], [4, lineOf(job, 'parallelism: 4')]);
  });

  test('in the real manifests, a fact on a `field: value` line of its own field holds what is written there', () => {
    const r = extract('manifests');
    let checked = 0;
    for (const f of r.registry.facts.values()) {
      if (f.source.line <= 0 || typeof f.value !== 'number') continue;
      const file = r.load.files.find((x) => x.file === f.source.file);
      const text = file?.lines[f.source.line - 1] ?? '';
      const field = f.key.split('.').at(-1)!;
      const m = new RegExp(`^\\s*(?:- )?${field}:\\s*"?([^"#\\s]+)`).exec(text);
      if (!m || /^[[{]/.test(m[1])) continue;
      checked++;
      assert.equal(String(f.value), m[1], `${f.key} at ${f.source.file}:${f.source.line}`);
    }
    assert.ok(checked > 50, `only ${checked} facts checked`);
  });
});

describe('every version and optional form kubectl serves', () => {
  test('autoscaling/v1: targetCPUUtilizationPercentage is a CPU metric at its line', () => {
    const text = `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: { name: cart, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: cart }
  minReplicas: 1
  maxReplicas: 10
  targetCPUUtilizationPercentage: 50
`;
    const r = one('hpa.yaml', text);
    assert.deepEqual(
      r.extracted.hpas[0].metrics.map((m) => [
        m.type,
        m.resource,
        m.averageUtilization,
        m.source.line,
      ]),
      [['Resource', 'cpu', 50, lineOf(text, 'targetCPUUtilizationPercentage')]],
    );
    assert.equal(r.registry.get('hpa/cart.target.cpu')?.value, 50);
  });

  test('autoscaling/v2beta1 targetAverageUtilization and v2 targets, utilisation and value', () => {
    const text = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata: { name: old, namespace: shop }
spec:
  scaleTargetRef: { kind: Deployment, name: cart }
  maxReplicas: 4
  metrics:
    - type: Resource
      resource: { name: memory, targetAverageUtilization: 75 }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: new, namespace: shop }
spec:
  scaleTargetRef: { kind: Deployment, name: cart }
  maxReplicas: 4
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } }
    - type: Pods
      pods:
        metric: { name: requests_per_second }
        target: { type: AverageValue, averageValue: 1k }
`;
    const [old, now] = one('hpa.yaml', text).extracted.hpas;
    assert.deepEqual(
      old.metrics.map((m) => [m.resource, m.averageUtilization]),
      [['memory', 75]],
    );
    assert.deepEqual(
      now.metrics.map((m) => [m.type, m.resource, m.averageUtilization, m.averageValue]),
      [
        ['Resource', 'cpu', 60, null],
        ['Pods', 'requests_per_second', null, '1k'],
      ],
    );
  });

  test('an Ingress with only spec.defaultBackend has a route, and so does a v1beta1 backend', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: catch-all, namespace: shop }
spec:
  defaultBackend:
    service: { name: front-end, port: { number: 80 } }
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: { name: legacy, namespace: shop }
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            backend: { serviceName: front-end, servicePort: http }
`;
    const r = one('ing.yaml', text);
    const routes = r.extracted.routes.map((x) => [
      x.name,
      x.host,
      x.service,
      x.port,
      x.defaultBackend,
    ]);
    assert.deepEqual(routes, [
      ['catch-all', '*', 'front-end', 80, true],
      ['legacy', 'shop.example.com', 'front-end', 'http', false],
    ]);
    const f = r.registry.get('ingress/catch-all.defaultBackend.service')!;
    assert.deepEqual([f.value, f.source.line], ['front-end:80', lineOf(text, 'defaultBackend:')]);
  });

  test('generateName names an object the server completes', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata: { generateName: backup-, namespace: shop }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: backup, image: "backup:1" }]
`;
    const jobs = one('job.yaml', text).extracted.workloads.filter((w) => w.kind === 'Job');
    assert.deepEqual(
      jobs.map((w) => w.name),
      ['backup-'],
    );
  });

  test('extensions/v1beta1 Deployments: the selector defaults to the template labels, the rollout to 1 / 1', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Deployment
metadata: { name: carts, namespace: sock-shop }
spec:
  template:
    metadata:
      labels: { name: carts }
    spec:
      containers: [{ name: carts, image: "weaveworksdemos/carts:0.4.8" }]
`;
    const w = one('d.yaml', text).extracted.workloads.find((x) => x.name === 'carts')!;
    assert.deepEqual(w.selector, { name: 'carts' });
    assert.deepEqual(w.strategy, { type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 1 });
  });
});

describe('kubectl get -o yaml output', () => {
  const dump = fs.readFileSync(path.join('tests/fixtures/real-world/kubectl-get/all.yaml'), 'utf8');
  const r = one('all.yaml', dump);

  test('the spec values are extracted', () => {
    const w = r.extracted.workloads.find((x) => x.namespace === 'shop' && x.name === 'api')!;
    assert.equal(w.replicas, 2);
    assert.equal(w.containers[0].image, 'example.com/api:1.4.2');
    assert.equal(r.extracted.services.find((s) => s.name === 'api')?.ports[0].port, 8000);
  });

  test('server fields make no facts, and owned ReplicaSets and Pods are passed over', () => {
    for (const f of r.registry.facts.values()) {
      assert.doesNotMatch(
        f.key,
        /status|managedFields|uid|resourceVersion|creationTimestamp|generation/,
      );
      assert.doesNotMatch(String(f.value), /^[0-9a-f]{8}-[0-9a-f]{4}-/, `${f.key} holds a uid`);
    }
    assert.deepEqual(
      r.extracted.workloads.filter((w) => w.name !== 'good').map((w) => `${w.kind}/${w.name}`),
      ['Deployment/api'],
    );
    const skipped = r.extracted.documents.skipped.map((s) => s.kind).sort();
    assert.deepEqual(skipped, ['Pod', 'ReplicaSet']);
  });
});

describe('what the relational rules read', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector:
    matchLabels: { app: api }
    matchExpressions:
      - { key: tier, operator: In, values: [backend] }
  template:
    metadata:
      labels: { app: api, tier: backend }
    spec:
      serviceAccountName: api
      imagePullSecrets: [{ name: registry }]
      volumes:
        - name: config
          configMap:
            name: api-config
            items: [{ key: app.yaml, path: app.yaml }]
            defaultMode: 0440
        - name: creds
          projected:
            sources:
              - secret: { name: db, optional: true }
              - configMap: { name: ca-bundle }
        - name: data
          persistentVolumeClaim: { claimName: api-data }
      containers:
        - name: api
          image: example.com/api:2
          ports: [{ name: http, containerPort: 8000 }]
          envFrom:
            - configMapRef: { name: api-env }
            - prefix: DB_
              secretRef: { name: db, optional: true }
          env:
            - { name: MODE, value: prod }
            - name: DB_HOST
              valueFrom: { configMapKeyRef: { name: api-config, key: DB_HOST } }
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: db, key: password, optional: false } }
            - name: POD_IP
              valueFrom: { fieldRef: { fieldPath: status.podIP } }
            - name: CPU
              valueFrom: { resourceFieldRef: { resource: limits.cpu } }
`;
  const w = one('api.yaml', text).extracted.workloads.find(
    (x) => x.namespace === 'shop' && x.name === 'api',
  )!;
  const c = w.containers[0];

  test('env entries: kind, reference, optional flag and line', () => {
    assert.deepEqual(
      c.env.map((e) => [e.name, e.from, e.value, e.ref, e.fieldPath, e.resource, e.source.line]),
      [
        ['MODE', 'value', 'prod', null, null, null, lineOf(text, 'name: MODE')],
        [
          'DB_HOST',
          'configMapKeyRef',
          null,
          { name: 'api-config', key: 'DB_HOST', optional: false },
          null,
          null,
          lineOf(text, 'name: DB_HOST'),
        ],
        [
          'DB_PASSWORD',
          'secretKeyRef',
          null,
          { name: 'db', key: 'password', optional: false },
          null,
          null,
          lineOf(text, 'name: DB_PASSWORD'),
        ],
        ['POD_IP', 'fieldRef', null, null, 'status.podIP', null, lineOf(text, 'name: POD_IP')],
        ['CPU', 'resourceFieldRef', null, null, null, 'limits.cpu', lineOf(text, 'name: CPU')],
      ],
    );
  });

  test('envFrom: ConfigMaps and Secrets with prefix and optional flag', () => {
    assert.deepEqual(
      c.envFrom.map((e) => [e.from, e.name, e.prefix, e.optional, e.source.line]),
      [
        ['configMapRef', 'api-env', null, false, lineOf(text, '- configMapRef')],
        ['secretRef', 'db', 'DB_', true, lineOf(text, '- prefix: DB_')],
      ],
    );
  });

  test('volumes: every ConfigMap, Secret and claim with items, optional and mode (0440 is 288)', () => {
    assert.deepEqual(
      w.volumes.map((v) => [
        v.name,
        v.defaultMode,
        v.refs.map((x) => [x.kind, x.name, x.items, x.optional]),
      ]),
      [
        ['config', 0o440, [['configMap', 'api-config', ['app.yaml'], false]]],
        [
          'creds',
          null,
          [
            ['secret', 'db', [], true],
            ['configMap', 'ca-bundle', [], false],
          ],
        ],
        ['data', null, [['persistentVolumeClaim', 'api-data', [], false]]],
      ],
    );
  });

  test('selector with expressions, pod labels, service account and pull secrets, each located', () => {
    assert.deepEqual(w.selectorExpressions, [{ key: 'tier', operator: 'In', values: ['backend'] }]);
    assert.equal(w.selectorSource.line, lineOf(text, 'selector:'));
    assert.equal(w.podLabelsSource.line, lineOf(text, 'labels: { app: api'));
    assert.equal(w.serviceAccountSource?.line, lineOf(text, 'serviceAccountName'));
    assert.deepEqual(
      w.imagePullSecrets.map((s) => [s.name, s.source.line]),
      [['registry', lineOf(text, 'imagePullSecrets')]],
    );
    assert.deepEqual(
      c.ports.map((p) => [p.name, p.containerPort]),
      [['http', 8000]],
    );
  });
});

describe('facts the procedures loop over and the image-pull page renders', () => {
  // Out of alphabetical order, so that inventory order is what the lists must keep.
  const inventory = NODES.replace('sshAlias: n1', 'sshAlias: zeta').replace(
    'hostname: host-1',
    'hostname: host-z',
  );

  test('every SSH alias and hostname, in inventory order, located at `nodes:`', () => {
    const r = one('hosts/nodes.yaml', inventory);
    const aliases = r.registry.get('cluster.sshAliases')!;
    const hostnames = r.registry.get('cluster.hostnames')!;
    assert.deepEqual(aliases.value, ['zeta', 'n2']);
    assert.deepEqual(hostnames.value, ['host-z', 'host-2']);
    for (const f of [aliases, hostnames]) {
      assert.ok(f.source.file.endsWith('hosts/nodes.yaml'), f.source.file);
      assert.equal(f.source.line, lineOf(inventory, 'nodes:\n'));
    }
    assert.equal(hostnames.class, 'hostname');
  });

  const pod = (containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: store
spec:
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shop }
    spec:
      containers:
${containers}`;

  test('imagePullPolicy as written, per container and in the single-container short form', () => {
    const text = pod(`        - name: shop
          image: registry.example.com/shop:1.2.3
          imagePullPolicy: Always
`);
    const r = one('shop.yaml', text);
    for (const key of [
      'deployment/shop.imagePullPolicy',
      'deployment/shop.containers.shop.imagePullPolicy',
    ]) {
      const f = r.registry.get(key)!;
      assert.equal(f.value, 'Always', key);
      assert.equal(f.source.line, lineOf(text, 'imagePullPolicy:'), key);
    }
  });

  test('unwritten, it is the API server default, located at the image line', () => {
    const text = pod(`        - name: tagged
          image: registry.example.com/shop:1.2.3
        - name: latest
          image: registry.example.com/shop:latest
        - name: bare
          image: registry.example.com/shop
        - name: pinned
          image: registry.example.com/shop@sha256:${'a'.repeat(64)}
`);
    const r = one('shop.yaml', text);
    const policy = (c: string) =>
      r.registry.get(`deployment/shop.containers.${c}.imagePullPolicy`)!;
    assert.equal(policy('tagged').value, 'IfNotPresent');
    assert.equal(policy('latest').value, 'Always');
    assert.equal(policy('bare').value, 'Always');
    assert.equal(policy('pinned').value, 'IfNotPresent');
    assert.equal(policy('latest').source.line, lineOf(text, 'shop:latest'));
    // Two containers: no short form that would name only one of them.
    assert.equal(r.registry.get('deployment/shop.imagePullPolicy'), undefined);
  });

  test('a tag and a digest: the repository holds neither, the tag is the tag, `:latest` pulls Always', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const text = pod(`        - name: both
          image: registry.example.com:5000/shop:1.2.3@${digest}
        - name: latest
          image: registry.example.com/shop:latest@${digest}
        - name: pinned
          image: registry.example.com/shop@${digest}
`);
    const r = one('shop.yaml', text);
    const fact = (c: string, f: string) =>
      r.registry.get(`deployment/shop.containers.${c}.${f}`)?.value;
    assert.equal(fact('both', 'imageRepository'), 'registry.example.com:5000/shop');
    assert.equal(fact('both', 'imageTag'), '1.2.3');
    assert.equal(fact('both', 'imagePullPolicy'), 'IfNotPresent');
    assert.equal(fact('both', 'image'), `registry.example.com:5000/shop:1.2.3@${digest}`);
    // Kubernetes defaults a `:latest` image to Always even when a digest pins it.
    assert.equal(fact('latest', 'imagePullPolicy'), 'Always');
    assert.equal(fact('pinned', 'imageRepository'), 'registry.example.com/shop');
    assert.equal(fact('pinned', 'imageTag'), digest);
  });
});

describe('roles.count', () => {
  const rbac = (kind: string, name: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${kind === 'Role' ? '  namespace: shop\n' : ''}rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
`;

  test('counts the Roles and ClusterRoles that are applied, not those left out', () => {
    const files = {
      'reader.yaml': rbac('Role', 'reader'),
      'viewer.yaml': rbac('ClusterRole', 'viewer'),
      'spare.yaml': rbac('Role', 'spare'),
    };
    assert.equal(extract(folder(files)).registry.get('roles.count')!.value, 3);
    const kustomization = 'resources:\n  - good.yaml\n  - reader.yaml\n  - viewer.yaml\n';
    const r = extract(folder({ ...files, 'kustomization.yaml': kustomization }));
    assert.equal(r.registry.get('roles.count')!.value, 2);
  });
});

describe('ufw.https.cloudflareOnly', () => {
  const real = fs.readFileSync('manifests/hosts/ufw.yaml', 'utf8');
  const open = '    - name: https-open\n      port: 443\n      protocol: tcp\n      from: [any]\n';
  const withRule = (before: string) => real.replace(before, `${open}${before}`);

  test('true for the Cloudflare rule alone, at that rule', () => {
    const f = one('hosts/ufw.yaml', real).registry.get('ufw.https.cloudflareOnly');
    assert.equal(f?.value, true);
    assert.equal(f?.source.line, lineOf(real, '- name: https-from-cloudflare'));
  });

  test('false when a second rule opens :443 to anyone, at the rule that opens it', () => {
    for (const before of ['    - name: kube-apiserver\n', '    - name: https-from-cloudflare\n']) {
      const text = withRule(before);
      assert.notEqual(text, real);
      const f = one('hosts/ufw.yaml', text).registry.get('ufw.https.cloudflareOnly');
      assert.equal(f?.value, false);
      assert.equal(f?.source.line, lineOf(text, '- name: https-open'), before);
    }
  });
});

describe('native sidecars', () => {
  // An init container with restartPolicy: Always runs for the pod's life, beside its containers.
  const pod = (restartPolicy: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: mesh
spec:
  replicas: 2
  selector:
    matchLabels: { app: app }
  template:
    metadata:
      labels: { app: app }
    spec:
      initContainers:
        - name: migrate
          image: migrate:1
          resources:
            requests: { cpu: 500m, memory: 1Gi }
        - name: proxy
          image: envoy:1
${restartPolicy}          resources:
            requests: { cpu: 100m, memory: 64Mi }
      containers:
        - name: app
          image: app:1
          resources:
            requests: { cpu: 200m, memory: 128Mi }
`;
  test("a sidecar's requests count in the namespace totals; an init container that ends does not", () => {
    const r = one('app.yaml', pod('          restartPolicy: Always\n'));
    const w = r.extracted.workloads[0];
    assert.deepEqual(
      w.initContainers.map((c) => [c.name, c.sidecar]),
      [
        ['migrate', false],
        ['proxy', true],
      ],
    );
    assert.equal(r.registry.get('totals.mesh.requests.cpu')?.value, 2 * (200 + 100));
    assert.equal(r.registry.get('totals.mesh.requests.memory')?.value, 2 * (128 + 64) * 2 ** 20);
    const plain = one('app.yaml', pod(''));
    assert.equal(plain.registry.get('totals.mesh.requests.cpu')?.value, 2 * 200);
  });
});

test('a workload that leaves its replicas to an HPA counts at its minReplicas in the namespace totals', () => {
  // In a namespace of its own: the harness adds a Deployment to `shop`.
  const app = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: store
spec:
  selector:
    matchLabels: { app: app }
  template:
    metadata:
      labels: { app: app }
    spec:
      containers:
        - name: app
          image: app:1
          resources:
            requests: { cpu: 200m, memory: 128Mi }
`;
  const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: app
  namespace: store
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: app }
  minReplicas: 3
  maxReplicas: 6
`;
  const scaled = extract(folder({ 'app.yaml': app, 'hpa.yaml': hpa }));
  assert.equal(scaled.registry.get('totals.store.requests.cpu')?.value, 3 * 200);
  assert.equal(scaled.registry.get('totals.store.requests.memory')?.value, 3 * 128 * 2 ** 20);
  // Alone, it runs the one pod Kubernetes defaults it to.
  assert.equal(one('app.yaml', app).registry.get('totals.store.requests.cpu')?.value, 200);
  // A count in the manifest is the count, whatever the HPA (which resets it at its next sync).
  const fixed = app.replace('spec:\n  selector:', 'spec:\n  replicas: 2\n  selector:');
  const both = extract(folder({ 'app.yaml': fixed, 'hpa.yaml': hpa }));
  assert.equal(both.registry.get('totals.store.requests.cpu')?.value, 2 * 200);
});

describe('pods.* hardening and pods.apiTokens', () => {
  const api = fs.readFileSync('manifests/api/deployment.yaml', 'utf8');
  const vmagent = fs.readFileSync('manifests/vmagent/deployment.yaml', 'utf8');
  const accounts = fs.readFileSync('manifests/service-accounts.yaml', 'utf8');
  const rbac = fs.readFileSync('manifests/vmagent/rbac.yaml', 'utf8');
  // Without the harness's own Deployment: these are the only workloads.
  const facts = (files: Record<string, string>) =>
    extract(folder({ 'good.yaml': '# none\n', ...files })).registry;

  test('every setting holds for the real api and vmagent; only vmagent gets a token', () => {
    const reg = facts({
      'api.yaml': api,
      'vmagent.yaml': vmagent,
      'sa.yaml': accounts,
      'rbac.yaml': rbac,
    });
    for (const k of [
      'runAsNonRoot',
      'readOnlyRootFilesystem',
      'noPrivilegeEscalation',
      'capabilitiesDropped',
      'seccomp',
    ])
      assert.equal(reg.get(`pods.${k}`)?.value, true, k);
    assert.deepEqual(reg.get('pods.apiTokens')?.value, ['vmagent']);
  });

  test('a container without a setting makes it false, at that container', () => {
    const text = api.replace('            readOnlyRootFilesystem: true\n', '');
    const f = facts({ 'api.yaml': text }).get('pods.readOnlyRootFilesystem');
    assert.equal(f?.value, false);
    assert.equal(f?.source.line, lineOf(text, '- name: api'));
    assert.match(f?.display ?? '', /api\/api/);
  });

  test("a container's own seccomp profile and runAsNonRoot count, as the pod's do", () => {
    const own = api
      .replace('        seccompProfile:\n          type: RuntimeDefault\n', '')
      .replace('        runAsNonRoot: true\n', '')
      .replace(
        '            allowPrivilegeEscalation: false\n',
        '            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            seccompProfile: { type: Localhost, localhostProfile: app.json }\n',
      );
    const reg = facts({ 'api.yaml': own });
    assert.equal(reg.get('pods.seccomp')?.value, true);
    assert.equal(reg.get('pods.runAsNonRoot')?.value, true);
    const none = facts({ 'api.yaml': own.replace('            runAsNonRoot: true\n', '') });
    assert.equal(none.get('pods.runAsNonRoot')?.value, false);
  });

  test("a pod's token follows the pod's setting, else its ServiceAccount's, else the API server's default (mounted)", () => {
    const podless = api.replace('      automountServiceAccountToken: false\n', '');
    assert.deepEqual(
      facts({ 'api.yaml': podless, 'sa.yaml': accounts }).get('pods.apiTokens')?.value,
      [],
    );
    const open = accounts.replace(
      /(name: api\n[\s\S]*?automountServiceAccountToken: )false/,
      '$1true',
    );
    assert.notEqual(open, accounts);
    assert.deepEqual(facts({ 'api.yaml': podless, 'sa.yaml': open }).get('pods.apiTokens')?.value, [
      'api',
    ]);
    assert.deepEqual(facts({ 'api.yaml': podless }).get('pods.apiTokens')?.value, ['api']);
    assert.deepEqual(facts({ 'api.yaml': api, 'sa.yaml': open }).get('pods.apiTokens')?.value, []);
  });
});

describe('cloudflare.dns.allProxied', () => {
  const real = fs.readFileSync('manifests/cloudflare/zone.yaml', 'utf8');
  test('true for the real zone; false at the first DNS-only record', () => {
    assert.equal(
      one('cloudflare/zone.yaml', real).registry.get('cloudflare.dns.allProxied')?.value,
      true,
    );
    const text = real.replace(
      'name: admin.myhoneydue.com, content: 178.105.32.198, proxied: true',
      'name: admin.myhoneydue.com, content: 178.105.32.198, proxied: false',
    );
    assert.notEqual(text, real);
    const f = one('cloudflare/zone.yaml', text).registry.get('cloudflare.dns.allProxied');
    assert.equal(f?.value, false);
    assert.equal(f?.source.line, lineOf(text, 'proxied: false'));
  });
});
