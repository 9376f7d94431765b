/**
 * kubectl's YAML dialect: what `kubectl apply -f` accepts, extract accepts
 * with the same meaning (sigs.k8s.io/yaml over go-yaml v2). Each case is a
 * place where the `yaml` package alone would refuse the file or read it
 * otherwise; the expected values are go-yaml v2's (resolve.go).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../engine/index.ts';
import { parseKubectlYaml } from '../../engine/yaml-dialect.ts';
import { DEPLOYMENT, folder } from '../fixtures/harness.ts';

const one = (text: string) => {
  const { docs } = parseKubectlYaml(text);
  assert.deepEqual(
    docs.flatMap((d) => d.errors.map((e) => e.code)),
    [],
  );
  return docs[0].toJS() as Record<string, unknown>;
};

describe('continuation lines at any indentation, as libyaml reads them', () => {
  test('a multi-line single-quoted annotation whose lines sit at the key’s indentation', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: import
  namespace: monitoring
spec:
  template:
    metadata:
      annotations:
        pod.beta.kubernetes.io/init-containers: '[
          {
            "name": "wait",
            "image": "busybox"
          }
        ]'
    spec:
      restartPolicy: Never
      containers:
        - name: import
          image: busybox:1.36
`;
    const r = extract(folder({ 'job.yaml': text }));
    const job = r.load.objects.find((o) => o.name === 'import')!;
    const value = job.get(['spec', 'template', 'metadata', 'annotations']) as Record<
      string,
      string
    >;
    // Line folding joins the lines with single spaces, whatever their indentation.
    assert.equal(
      value['pod.beta.kubernetes.io/init-containers'],
      '[ { "name": "wait", "image": "busybox" } ]',
    );
    assert.equal(r.extracted.workloads.find((w) => w.name === 'import')?.containers.length, 1);
  });

  test('a double-quoted scalar continued at column 1', () => {
    assert.deepEqual(one('a:\n  b: "x\ny"\n  c: 1\n'), { a: { b: 'x y', c: 1 } });
  });

  test('a flow sequence and a flow mapping continued below their key', () => {
    assert.deepEqual(one('a:\n  args: ["--a",\n  "--b"]\n  env: {x: 1,\ny: 2}\n'), {
      a: { args: ['--a', '--b'], env: { x: 1, true: 2 } },
    });
  });

  test('a document marker at column 1 still ends a quoted scalar (libyaml refuses it too)', () => {
    const { docs } = parseKubectlYaml("a: 'x\n---\nb: 1\n");
    assert.ok(docs[0].errors.length > 0);
  });
});

describe('plain scalars resolve as go-yaml v2 resolves them', () => {
  const cases: [string, unknown][] = [
    ['0644', 420],
    ['0o644', 420],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['08', 8],
    ['+7', 7],
    ['-0x10', -16],
    ['1e3', 1000],
    ['.5', 0.5],
    ['yes', true],
    ['No', false],
    ['on', true],
    ['OFF', false],
    ['y', true],
    ['n', false],
    ['~', null],
    ['Null', null],
    ['12:30', '12:30'],
    ['2024-01-01', '2024-01-01'],
    ['tRue', 'tRue'],
    ["'0644'", '0644'],
    ['"yes"', 'yes'],
  ];
  for (const [written, value] of cases) {
    test(`${written} → ${JSON.stringify(value)}`, () => {
      assert.deepEqual(one(`v: ${written}\n`), { v: value });
    });
  }

  test('typed fields get the meaning kubectl gives them: defaultMode: 0644 is 420, readOnly: yes is true', () => {
    const text = DEPLOYMENT.replace(
      '          resources:',
      `          volumeMounts:
            - name: config
              mountPath: /etc/app
              readOnly: yes
          resources:`,
    ).replace(
      '      containers:',
      `      automountServiceAccountToken: no
      volumes:
        - name: config
          configMap:
            name: app
            defaultMode: 0644
      containers:`,
    );
    const r = extract(folder({ 'typed.yaml': text.replace(/good/g, 'typed') }));
    const w = r.extracted.workloads.find((x) => x.name === 'typed')!;
    assert.equal(w.containers[0].volumeMounts[0].readOnly, true);
    assert.equal(w.automountServiceAccountToken, false);
    const view = r.load.objects.find((o) => o.name === 'typed')!;
    assert.equal(
      view.get(['spec', 'template', 'spec', 'volumes', 0, 'configMap', 'defaultMode']),
      420,
    );
  });

  test('a mapping key resolves too: `on:` is the key "true", as in kubectl’s JSON', () => {
    assert.deepEqual(one('on: 1\n3: x\n'), { true: 1, 3: 'x' });
  });
});

describe('merge keys', () => {
  test('`<<` merges an anchored mapping, and the written key wins', () => {
    const text = DEPLOYMENT.replace(
      '          resources:',
      `          env:
            - &level { name: LOG_LEVEL, value: info }
            - <<: *level
              name: LOG_FORMAT
          resources:`,
    );
    const r = extract(folder({ 'merge.yaml': text.replace(/good/g, 'merged') }));
    const view = r.load.objects.find((o) => o.name === 'merged')!;
    assert.deepEqual(view.get(['spec', 'template', 'spec', 'containers', 0, 'env']), [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'LOG_FORMAT', value: 'info' },
    ]);
  });
});
