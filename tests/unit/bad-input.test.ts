/**
 * Bad input to `npm run extract`: every error names its code, the exact
 * file:line:col, shows a hint and never a stack trace; and valid-but-unusual
 * YAML raises no false alarm.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCheck } from '../../cli/check.ts';
import { runExtract } from '../../cli/extract.ts';
import { checkParsedBook, inputFindings, RUNNER_RULES } from '../../check/index.ts';
import { extract, InputErrors, LIMITS } from '../../engine/index.ts';
import { MdxErrors, readBook } from '../../mdx/index.ts';
import { assertReported, DEPLOYMENT, folder, posOf, run, where } from '../fixtures/harness.ts';

describe('bad input is reported at its exact position, exit 2, with a hint', () => {
  test('malformed YAML → YAML_SYNTAX', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n';
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'YAML_SYNTAX', where(dir, 'x.yaml', posOf(text, 'x: y')));
  });

  test('an unclosed quote is reported on the line where the string starts', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "x\ndata:\n  a: b\n';
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`x\\.yaml:${posOf(text, '"x').line}:\\d+\\s+YAML_SYNTAX`));
  });

  test('tab indentation → TAB_INDENT at the tab', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n  \tapp: x\n';
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'TAB_INDENT', where(dir, 'x.yaml', posOf(text, '\t')));
  });

  test('tab as the whole indentation → TAB_INDENT at column 1', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n';
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'TAB_INDENT', where(dir, 'x.yaml', posOf(text, '\tname')));
  });

  test('duplicate key → DUPLICATE_KEY at the second key, naming it', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  A: "1"\n  B: "2"\n  A: "3"\n';
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    assertReported(r, 'DUPLICATE_KEY', where(dir, 'x.yaml', posOf(text, 'A:', 2)));
    assert.match(r.stderr, /`A`/);
  });

  test('replicas: "three" → WRONG_TYPE at the value', () => {
    const text = DEPLOYMENT.replace('name: good', 'name: bad').replace(
      'replicas: 2',
      'replicas: "three"',
    );
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    assertReported(r, 'WRONG_TYPE', where(dir, 'x.yaml', posOf(text, '"three"')));
    assert.match(r.stderr, /replicas/);
  });

  test('replicas: "3" (a quoted number) → WRONG_TYPE, as Kubernetes refuses it', () => {
    const text = DEPLOYMENT.replace('name: good', 'name: bad').replace(
      'replicas: 2',
      'replicas: "3"',
    );
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'WRONG_TYPE', where(dir, 'x.yaml', posOf(text, '"3"')));
  });

  // The API server decodes these into Go strings, and refuses a number or a boolean there.
  for (const [what, text, at] of [
    [
      'a ConfigMap value',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  NAME: x\n  PORT: 8000\n',
      '8000',
    ],
    [
      'a ConfigMap value in YAML 1.1 (yes is true to kubectl apply -f)',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  DEBUG: yes\n',
      'yes',
    ],
    [
      'a pod label',
      DEPLOYMENT.replace('name: good', 'name: bad').replace(
        '        app: good\n',
        '        app: good\n        tier: 3\n',
      ),
      '3\n',
    ],
    [
      'an env value',
      DEPLOYMENT.replace('name: good', 'name: bad').replace(
        '          resources:',
        '          env:\n            - name: FLAG\n              value: true\n          resources:',
      ),
      'true',
    ],
  ] as const)
    test(`an unquoted number or boolean as ${what} → WRONG_TYPE at it, saying to quote it`, () => {
      const dir = folder({ 'x.yaml': text });
      const r = run(dir);
      assertReported(r, 'WRONG_TYPE', where(dir, 'x.yaml', posOf(text, at)));
      assert.match(r.stderr, /must be a string/);
      assert.match(r.stderr, /hint: Quote the value \(`\w+: "[^"]+"`\)/);
    });

  test('WRONG_TYPE after a blanked credential on the same line points at the value in the file', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { DB_PASSWORD: a-long-literal-password, PORT: 8000 }\n';
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'WRONG_TYPE', where(dir, 'x.yaml', posOf(text, '8000')));
  });

  test('null in a ConfigMap or a label is an empty string, as Go decodes it; quoted numbers are strings', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: { v: "2" }\ndata:\n  EMPTY: null\n  PORT: "8000"\n';
    const r = extract(folder({ 'x.yaml': text }));
    assert.equal(r.registry.get('configmap/c.PORT')?.value, '8000');
    assert.equal(r.registry.get('configmap/c.EMPTY')?.value, '');
  });

  test('replicas: 2.5 → WRONG_TYPE', () => {
    const text = DEPLOYMENT.replace('name: good', 'name: bad').replace(
      'replicas: 2',
      'replicas: 2.5',
    );
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'WRONG_TYPE', where(dir, 'x.yaml', posOf(text, '2.5')));
  });

  // A collection is located at its key: the message names its shape, not the key's text.
  for (const [from, to, message] of [
    ['replicas: 2', 'replicas: [2]', '`replicas` must be an integer, found a list.'],
    ['cpu: 100m', 'cpu: { value: 100m }', '`cpu` must be a quantity, found a mapping.'],
  ] as const)
    test(`${to} → WRONG_TYPE naming what is written there`, () => {
      const text = DEPLOYMENT.replace('name: good', 'name: bad').replace(from, to);
      const dir = folder({ 'x.yaml': text });
      const r = run(dir);
      assertReported(r, 'WRONG_TYPE', where(dir, 'x.yaml', posOf(text, to)));
      assert.ok(r.stderr.includes(`WRONG_TYPE  ${message}`), r.stderr);
    });

  test('memory: 12XB → INVALID_QUANTITY at the value', () => {
    const text = DEPLOYMENT.replace('name: good', 'name: bad').replace(
      'memory: 64Mi',
      'memory: 12XB',
    );
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    assertReported(r, 'INVALID_QUANTITY', where(dir, 'x.yaml', posOf(text, '12XB')));
    assert.match(r.stderr, /`12XB`/);
  });

  test('replicas: {{ .Values.replicas }} → UNRENDERED_TEMPLATE at the braces', () => {
    const text = DEPLOYMENT.replace('name: good', 'name: bad').replace(
      'replicas: 2',
      'replicas: {{ .Values.replicas }}',
    );
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    assertReported(r, 'UNRENDERED_TEMPLATE', where(dir, 'x.yaml', posOf(text, '{{')));
    assert.match(r.stderr, /\{\{ \.Values\.replicas \}\}/);
  });

  test("k3s's clusterIP: %{CLUSTER_DNS}% → UNRENDERED_TEMPLATE at the placeholder", () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: kube-dns\nspec:\n  clusterIP: %{CLUSTER_DNS}%\n';
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    assertReported(r, 'UNRENDERED_TEMPLATE', where(dir, 'x.yaml', posOf(text, '%{')));
    assert.match(r.stderr, /`%\{CLUSTER_DNS\}%` was never rendered/);
  });

  test('a Helm control line ({{- if }}) → UNRENDERED_TEMPLATE at that line', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- if .Values.enabled }}\ndata:\n  a: b\n{{- end }}\n';
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'UNRENDERED_TEMPLATE', where(dir, 'x.yaml', posOf(text, '{{- if')));
  });

  test('each problem is reported once', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- if .Values.enabled }}\ndata:\n  a: b\n{{- end }}\n';
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    const heads = r.stderr.split('\n').filter((l) => /^\S+:\d+:\d+\s+[A-Z_]+\s/.test(l));
    assert.deepEqual(heads, [...new Set(heads)]);
    assert.match(r.stderr, /\n2 problems in the manifests/);
  });

  test('a binary file named x.yaml → BINARY_FILE at 1:1', () => {
    const bytes = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52, 0x00, 0xff,
    ]);
    const dir = folder({ 'x.yaml': bytes });
    const r = run(dir);
    assertReported(r, 'BINARY_FILE', where(dir, 'x.yaml', { line: 1, col: 1 }));
  });

  test('a Latin-1 file → INVALID_ENCODING at the first bad byte, naming it; not "binary"', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n';
    const dir = folder({ 'x.yml': Buffer.from(text, 'latin1') });
    const r = run(dir);
    assertReported(r, 'INVALID_ENCODING', where(dir, 'x.yml', posOf(text, '\xe9')));
    assert.match(r.stderr, /0xE9/);
    assert.doesNotMatch(r.stderr, /binary/i);
  });

  test('a path that does not exist → PATH_NOT_FOUND', () => {
    const dir = folder({});
    const missing = path.join(dir, 'no-such-folder');
    const r = run(missing);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /PATH_NOT_FOUND/);
    assert.ok(r.stderr.includes(missing), r.stderr);
    assert.match(r.stderr, /\n\s+hint: \S/);
    assert.ok(!/\n\s+at /.test(r.stderr));
  });

  test('a document that is a list, not an object → WRONG_TYPE', () => {
    const text = '- a\n- b\n';
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'WRONG_TYPE', where(dir, 'x.yaml', { line: 1, col: 1 }));
  });

  test('a bad field inside a `kind: List` item is located inside the list', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata:',
      '      name: listed',
      '    spec:',
      '      replicas: many',
      '',
    ].join('\n');
    const dir = folder({ 'x.yaml': text });
    assertReported(run(dir), 'WRONG_TYPE', where(dir, 'x.yaml', posOf(text, 'many')));
  });

  test('an item of a `kind: List` that is no object → WRONG_TYPE at the item, not dropped', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: a }\n  - 42\n';
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    assertReported(r, 'WRONG_TYPE', where(dir, 'x.yaml', posOf(text, '42')));
    assert.match(r.stderr, /`items\[1\]` must be an object .*, found a number/);
  });

  test('errors in several files are all reported in one run', () => {
    const dup = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n';
    const tab = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: z\n';
    const bin = Buffer.from([0, 1, 2, 3]);
    const dir = folder({ 'a/dup.yaml': dup, 'b/tab.yaml': tab, 'c/bin.yaml': bin });
    const r = run(dir);
    assertReported(r, 'DUPLICATE_KEY', where(dir, 'a/dup.yaml', posOf(dup, 'name:', 2)));
    assertReported(r, 'TAB_INDENT', where(dir, 'b/tab.yaml', posOf(tab, '\t')));
    assertReported(r, 'BINARY_FILE', where(dir, 'c/bin.yaml', { line: 1, col: 1 }));
    assert.match(r.stderr, /\n3 problems in the manifests/);
  });

  test('field errors in several files (and several in one file) are all reported in one run', () => {
    const a = DEPLOYMENT.replace('name: good', 'name: a')
      .replace('replicas: 2', 'replicas: "two"')
      .replace('memory: 64Mi', 'memory: 64MB!');
    const b = DEPLOYMENT.replace('name: good', 'name: b').replace('cpu: 100m', 'cpu: lots');
    const dir = folder({ 'a.yaml': a, 'b.yaml': b });
    const r = run(dir);
    assertReported(r, 'WRONG_TYPE', where(dir, 'a.yaml', posOf(a, '"two"')));
    assertReported(r, 'INVALID_QUANTITY', where(dir, 'a.yaml', posOf(a, '64MB!')));
    assertReported(r, 'INVALID_QUANTITY', where(dir, 'b.yaml', posOf(b, 'lots')));
    assert.match(r.stderr, /\n3 problems in the manifests/);
  });

  test('a YAML error in one file and a field error in another are reported in the same run', () => {
    const a = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n';
    const b = DEPLOYMENT.replace('name: good', 'name: b').replace('replicas: 2', 'replicas: "two"');
    const dir = folder({ 'a.yaml': a, 'b.yaml': b });
    const r = run(dir);
    assertReported(r, 'DUPLICATE_KEY', where(dir, 'a.yaml', posOf(a, 'name:', 2)));
    assertReported(r, 'WRONG_TYPE', where(dir, 'b.yaml', posOf(b, '"two"')));
  });

  test('the caret line points at the reported column', () => {
    const text = DEPLOYMENT.replace('name: good', 'name: bad').replace(
      'memory: 64Mi',
      'memory: 12XB',
    );
    const dir = folder({ 'x.yaml': text });
    const r = run(dir);
    const pos = posOf(text, '12XB');
    const lines = r.stderr.split('\n');
    const i = lines.findIndex((l) => l.includes(`${pos.line} | `));
    assert.ok(i > 0, r.stderr);
    const excerpt = lines[i];
    const caret = lines[i + 1];
    assert.equal(excerpt.indexOf('12XB'), caret.indexOf('^'));
  });
});

describe('numbers the API server refuses are WRONG_TYPE at the value, naming the range', () => {
  /** The Deployment with a port, a probe, a topology spread constraint and a volume. */
  const RICH = `${DEPLOYMENT.replace('name: good', 'name: bad').replace(
    'image: nginx:1.27',
    `image: nginx:1.27
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /
              port: 8080`,
  )}      securityContext:
        runAsUser: 1000
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
      volumes:
        - name: conf
          configMap:
            name: conf
            defaultMode: 0644
`;
  const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector:
    app: good
  ports:
    - name: http
      port: 80
      targetPort: 8080
      nodePort: 30080
`;
  const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: good
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: good
  minReplicas: 1
  maxReplicas: 4
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;
  const int32 = 'an integer from 0 to 2147483647';
  const port = 'a port number from 1 to 65535';
  const unset = `${port} (or 0 to leave it unset)`;
  for (const [base, from, to, written, message] of [
    [RICH, 'replicas: 2', 'replicas: -1', '-1', `\`replicas\` must be ${int32}, found \`-1\`.`],
    [
      RICH,
      'replicas: 2',
      'replicas: 1e10',
      '1e10',
      `\`replicas\` must be ${int32}, found \`1e10\`.`,
    ],
    // Quoted as written, not as the rounded double it reads as (100000000000000000000).
    [
      RICH,
      'replicas: 2',
      'replicas: 99999999999999999999',
      '99999999999999999999',
      `\`replicas\` must be ${int32}, found \`99999999999999999999\`.`,
    ],
    [
      RICH,
      'containerPort: 8080',
      'containerPort: 70000',
      '70000',
      `\`containerPort\` must be ${port}, found \`70000\`.`,
    ],
    [RICH, 'port: 8080', 'port: 0', '0', `\`port\` must be ${port}, found \`0\`.`],
    [
      RICH,
      'maxSkew: 1',
      'maxSkew: 0',
      '0',
      '`maxSkew` must be an integer from 1 to 2147483647, found `0`.',
    ],
    [
      RICH,
      'defaultMode: 0644',
      'defaultMode: 01000',
      '01000',
      '`defaultMode` must be a file mode from 0 to 0777 (511 in decimal), found `01000`.',
    ],
    [
      RICH,
      'runAsUser: 1000',
      'runAsUser: -1',
      '-1',
      '`runAsUser` must be a Unix user or group ID from 0 to 2147483647, found `-1`.',
    ],
    [SERVICE, 'port: 80', 'port: 0', '0', `\`port\` must be ${port}, found \`0\`.`],
    [
      SERVICE,
      'targetPort: 8080',
      'targetPort: 70000',
      '70000',
      `\`targetPort\` must be ${unset}, found \`70000\`.`,
    ],
    [
      SERVICE,
      'nodePort: 30080',
      'nodePort: -30080',
      '-30080',
      `\`nodePort\` must be ${unset}, found \`-30080\`.`,
    ],
    [
      HPA,
      'minReplicas: 1',
      'minReplicas: -1',
      '-1',
      `\`minReplicas\` must be ${int32}, found \`-1\`.`,
    ],
    [
      HPA,
      'maxReplicas: 4',
      'maxReplicas: 0',
      '0',
      '`maxReplicas` must be an integer from 1 to 2147483647, found `0`.',
    ],
    [
      HPA,
      'averageUtilization: 70',
      'averageUtilization: 0',
      '0',
      '`averageUtilization` must be an integer from 1 to 2147483647, found `0`.',
    ],
  ] as const)
    test(`${/kind: (\w+)/.exec(base)?.[1]} ${to} → WRONG_TYPE at the value`, () => {
      const text = base.replace(from, to);
      assert.notEqual(text, base);
      const dir = folder({ 'x.yaml': text });
      const r = run(dir);
      const at = posOf(text, to);
      const col = at.col + to.indexOf(written);
      assertReported(r, 'WRONG_TYPE', where(dir, 'x.yaml', { line: at.line, col }));
      assert.ok(r.stderr.includes(`WRONG_TYPE  ${message}`), r.stderr);
      assert.match(r.stderr, /hint: Write a whole number within that range/);
    });

  test('the edges of each range are read as written', () => {
    const rich = RICH.replace('replicas: 2', 'replicas: 0')
      .replace('containerPort: 8080', 'containerPort: 65535')
      .replace('port: 8080', 'port: 1')
      .replace('defaultMode: 0644', 'defaultMode: 0777')
      .replace('runAsUser: 1000', 'runAsUser: 0');
    const service = SERVICE.replace('targetPort: 8080', 'targetPort: 0').replace(
      'nodePort: 30080',
      'nodePort: 0',
    );
    const hpa = HPA.replace('minReplicas: 1', 'minReplicas: 0').replace(
      'maxReplicas: 4',
      'maxReplicas: 2147483647',
    );
    const r = run(folder({ 'rich.yaml': rich, 'service.yaml': service, 'hpa.yaml': hpa }));
    assert.equal(r.code, 0, r.stderr);
    const ex = JSON.parse(r.stdout);
    const w = ex.workloads.find((x: { name: string }) => x.name === 'bad');
    assert.equal(w.replicas, 0);
    assert.equal(w.containers[0].ports[0].containerPort, 65535);
    assert.equal(w.containers[0].probes.readiness.port, 1);
    assert.equal(w.volumes[0].defaultMode, 0o777);
    assert.equal(w.securityContext.runAsUser, 0);
    // 0 is unset: the target defaults to the port, and Kubernetes allocates the node port.
    assert.deepEqual(
      [ex.services[0].ports[0].targetPort, ex.services[0].ports[0].nodePort],
      [80, null],
    );
    assert.deepEqual([ex.hpas[0].minReplicas, ex.hpas[0].maxReplicas], [0, 2147483647]);
  });
});

describe('no false alarms', () => {
  const objects = (r: ReturnType<typeof run>) => {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    return JSON.parse(r.stdout);
  };

  test('an empty file', () => {
    const ex = objects(run(folder({ 'empty.yaml': '' })));
    assert.equal(ex.documents.objects, 1);
    assert.equal(ex.workloads.length, 1);
  });

  test('a comments-only file', () => {
    const ex = objects(run(folder({ 'notes.yaml': '# nothing here yet\n# see README\n' })));
    assert.equal(ex.documents.objects, 1);
  });

  test('empty and comments-only files count as empty documents', () => {
    const ex = objects(run(folder({ 'empty.yaml': '', 'notes.yaml': '# nothing here yet\n' })));
    assert.equal(ex.documents.empty, 2);
  });

  test('a `---`-separated file with an empty document', () => {
    const text =
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
    const ex = objects(run(folder({ 'multi.yaml': text })));
    assert.equal(ex.documents.objects, 3);
    assert.equal(ex.documents.byKind.ConfigMap, 2);
    assert.equal(ex.documents.empty, 1);
    assert.deepEqual(
      ex.configMaps.map((c: { name: string }) => c.name),
      ['a', 'b'],
    );
    assert.equal(ex.configMaps[1].source.line, posOf(text, 'apiVersion', 2).line);
  });

  test('a ConfigMap holding Grafana / Alertmanager templates', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: alert-templates
  namespace: monitoring
data:
  summary: "{{ $labels.instance }} down"
  rules.yaml: |
    groups:
      - name: node
        rules:
          - alert: NodeDown
            expr: up == 0
            annotations:
              summary: {{ .Values.x }}
              description: "{{ $value }} for {{ $labels.job }}"
  slack.tmpl: |-
    {{ define "slack.title" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}
  single: '{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}'
`;
    const ex = objects(run(folder({ 'templates.yaml': text })));
    assert.equal(ex.documents.objects, 2);
    const cm = ex.configMaps[0];
    assert.equal(cm.namespace, 'monitoring');
    const data = Object.fromEntries(
      cm.data.map((d: { key: string; value: string }) => [d.key, d.value]),
    );
    assert.equal(data.summary, '{{ $labels.instance }} down');
    assert.match(data['rules.yaml'], /summary: \{\{ \.Values\.x \}\}\n/);
    assert.equal(
      data['slack.tmpl'],
      '{{ define "slack.title" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}',
    );
    assert.equal(data.single, '{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}');
  });

  test('`kind: List` with items: one object per item, each with its own source line', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: one
  - apiVersion: v1
    kind: Service
    metadata:
      name: two
    spec:
      selector:
        app: good
      ports:
        - port: 80
          targetPort: 8080
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: three
    spec:
      template:
        spec:
          containers:
            - name: c
              image: nginx:1.27
`;
    const ex = objects(run(folder({ 'list.yaml': text })));
    assert.equal(ex.documents.objects, 4);
    assert.equal(ex.documents.byKind.List, undefined);
    const three = ex.workloads.find((w: { name: string }) => w.name === 'three');
    assert.ok(three);
    assert.equal(three.source.line, posOf(text, 'apiVersion: apps/v1').line);
    const two = ex.services.find((s: { name: string }) => s.name === 'two');
    assert.equal(two.source.line, posOf(text, 'apiVersion: v1', 3).line);
    assert.equal(two.ports[0].port, 80);
    assert.equal(two.ports[0].targetPort, 8080);
  });

  test('a tab inside a value (not indentation) is fine', () => {
    const ex = objects(
      run(
        folder({
          'x.yaml':
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "one\ttwo"\n',
        }),
      ),
    );
    assert.equal(ex.configMaps[0].data[0].value, 'one\ttwo');
  });

  test('a UTF-8 byte order mark and CRLF line ends', () => {
    const ex = objects(
      run(
        folder({
          'x.yaml':
            '\ufeffapiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a: b\r\n',
        }),
      ),
    );
    assert.equal(ex.configMaps[0].name, 'crlf');
    assert.equal(ex.configMaps[0].data[0].source.line, 6);
  });

  test('non-YAML files and dot-folders are ignored', () => {
    const ex = objects(
      run(
        folder({
          'README.md': '# not yaml {{ }}',
          '.git/x.yaml': '\0\0binary',
          'chart.tpl': '{{ .Values }}',
        }),
      ),
    );
    assert.equal(ex.documents.objects, 1);
  });
});

describe('usage errors', () => {
  test('an unknown flag → exit 2 with usage', () => {
    const r = runExtract(['--manfests', 'manifests']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /unknown argument `--manfests`/);
    assert.match(r.stderr, /usage:/);
  });

  test('--format xml → exit 2', () => {
    const r = runExtract(['--manifests', folder({}), '--format', 'xml']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /xml/);
  });

  test('--manifests with no value → exit 2', () => {
    const r = runExtract(['--manifests']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs a value/);
  });

  test('a switch given a value (check --verbose=1, --stats=1) → exit 2: the switch takes no value', () => {
    for (const name of ['verbose', 'stats']) {
      const r = runCheck([`--${name}=1`]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`\`--${name}\` takes no value`));
      assert.doesNotMatch(r.stderr, /unknown argument/);
    }
  });

  test('--format=json (with =) is accepted', () => {
    const r = runExtract([`--manifests=${folder({})}`, '--format=json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).workloads[0].name, 'good');
  });

  test('--help → exit 0 with usage on stdout', () => {
    const r = runExtract(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /usage:/);
  });
});

describe("bad input and warnings as check findings carry the engine's and the parser's words", () => {
  /** What threw, or a failure when nothing did. */
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    assert.fail('expected an error');
  };
  // Compared as JSON text, so the keys' order (what `--format json` prints) counts too.
  const same = (actual: unknown, want: unknown) =>
    assert.equal(JSON.stringify(actual), JSON.stringify(want));
  /** A finding as the check prints it, key by key in that order. */
  const expected = (
    code: string,
    ruleId: string,
    at: { file: string; line: number; col: number },
    message: string,
    hint: string,
  ) => ({ code, ruleId, file: at.file, line: at.line, col: at.col, message, hint });

  test('a manifest error: INVALID_MANIFEST, the code and message, the hint as given', () => {
    const dir = folder({ 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n' });
    const e = thrown(() => extract(dir));
    assert.ok(e instanceof InputErrors);
    same(
      inputFindings(e),
      e.errors.map((x) =>
        expected('INVALID_MANIFEST', 'invalid-manifest', x, `${x.code}: ${x.message}`, x.hint),
      ),
    );
  });

  test("a chapter the parser refuses: INVALID_MDX, the parser's reason, the rule's hint", () => {
    const dir = folder({ 'docs/a.mdx': '# A\n\n<Foo>\n' });
    const e = thrown(() => readBook(path.join(dir, 'docs')));
    assert.ok(e instanceof MdxErrors);
    same(
      inputFindings(e),
      e.errors.map((x) =>
        expected(
          'INVALID_MDX',
          'invalid-mdx',
          x,
          x.reason,
          RUNNER_RULES.invalidMdx.meta.hints.syntax,
        ),
      ),
    );
  });

  test("an engine warning: MANIFEST_WARNING, the code and message, the engine's hint", () => {
    const dir = folder({
      'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: x\n',
    });
    const result = extract(dir);
    assert.ok(result.warnings?.length, 'a repeated key with the same value warns');
    same(
      checkParsedBook({ dir: 'docs', chapters: [] }, result).warnings,
      result.warnings.map((w) =>
        expected('MANIFEST_WARNING', 'manifest-warning', w, `${w.code}: ${w.message}`, w.hint),
      ),
    );
  });
});

describe('many problems', () => {
  test('one typo that throws off the rest of a file: its first errors, and how many follow', () => {
    // An unclosed `[` at the top: the parser cannot fit any later line around it.
    const text = `metadata: [\n${DEPLOYMENT}`;
    const dir = folder({
      'a.yaml': text,
      'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n',
    });
    const json = runCheck(['--manifests', dir, '--format', 'json']);
    assert.equal(json.code, 2);
    const findings = (JSON.parse(json.stdout) as { findings: { file: string; hint: string }[] })
      .findings;
    const inA = findings.filter((f) => f.file.endsWith('a.yaml'));
    assert.equal(inA.length, LIMITS.syntaxErrorsPerFile);
    assert.match(
      inA.at(-1)!.hint,
      /\d+ more errors in this file are not listed: most follow from the first, so fix these and run again\.$/,
    );
    for (const f of inA.slice(0, -1)) assert.doesNotMatch(f.hint, /more error/);
    // The other file's error is still listed, with no such note.
    const inB = findings.filter((f) => f.file.endsWith('b.yaml'));
    assert.equal(inB.length, 1);
    assert.doesNotMatch(inB[0].hint, /more error/);
  });

  // Sixty files with the same syntax error: f00.yaml … f59.yaml.
  const many = () =>
    folder(
      Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [
          `f${String(i).padStart(2, '0')}.yaml`,
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n',
        ]),
      ),
    );

  test('extract lists the first 50, counts the rest and says where every one is listed', () => {
    const dir = many();
    const r = runExtract(['--manifests', dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.match(/ {2}YAML_SYNTAX {2}/g)?.length, 50);
    assert.match(r.stderr, /f49\.yaml:4:/);
    assert.doesNotMatch(r.stderr, /f50\.yaml/);
    assert.match(
      r.stderr,
      /… and 10 more problems, not listed here; `npm run check -- --format json` lists every one\.\n\n60 problems in the manifests; nothing was written\.\n$/,
    );
  });

  test('the check does the same for people, and its JSON lists every finding', () => {
    const dir = many();
    const human = runCheck(['--manifests', dir]);
    const text = human.stdout + human.stderr;
    assert.equal(human.code, 2);
    assert.equal(text.match(/ {2}INVALID_MANIFEST {2}YAML_SYNTAX/g)?.length, 50);
    assert.match(text, /… and 10 more findings, not listed here/);
    assert.match(text, /60 findings \(INVALID_MANIFEST ×60\)/);
    assert.ok(text.length < 40_000, `${text.length} characters`);
    const json = runCheck(['--manifests', dir, '--format', 'json']);
    const findings = (JSON.parse(json.stdout) as { findings: { file: string }[] }).findings;
    assert.equal(findings.filter((f) => /f\d\d\.yaml$/.test(f.file)).length, 60);
  });
});
