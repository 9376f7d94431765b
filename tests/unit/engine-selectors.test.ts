/**
 * One label-selector matcher with Kubernetes semantics, and one budget
 * computation for PodDisruptionBudgets (percentages rounded up, as the
 * disruption controller rounds them), checked against worked examples.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extract, selects, serviceSelects, showSelector } from '../../engine/index.ts';
import { parseSelector, podsSelected } from '../../engine/selector.ts';
import { folder } from '../fixtures/harness.ts';
import { Shared } from '../../check/shared.ts';
import { selectsPodOf } from '../../engine/selector.ts';

const sel = (
  matchLabels: Record<string, string>,
  matchExpressions: { key: string; operator: string; values: string[] }[] = [],
) => ({ matchLabels, matchExpressions });
const labels = { app: 'api', tier: 'backend' };

describe('selects', () => {
  const cases: [string, ReturnType<typeof sel> | null, boolean][] = [
    ['matchLabels subset', sel({ app: 'api' }), true],
    ['matchLabels mismatch', sel({ app: 'web' }), false],
    ['In', sel({}, [{ key: 'tier', operator: 'In', values: ['backend', 'cache'] }]), true],
    ['In, absent key', sel({}, [{ key: 'zone', operator: 'In', values: ['a'] }]), false],
    ['NotIn', sel({}, [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }]), true],
    ['NotIn, absent key holds', sel({}, [{ key: 'zone', operator: 'NotIn', values: ['a'] }]), true],
    ['Exists', sel({}, [{ key: 'tier', operator: 'Exists', values: [] }]), true],
    ['DoesNotExist', sel({}, [{ key: 'tier', operator: 'DoesNotExist', values: [] }]), false],
    [
      'labels and expressions both hold',
      sel({ app: 'api' }, [{ key: 'tier', operator: 'Exists', values: [] }]),
      true,
    ],
    [
      'an unknown operator never holds',
      sel({}, [{ key: 'tier', operator: 'Gt', values: ['1'] }]),
      false,
    ],
    ['empty selects everything', sel({}), true],
    ['absent selects nothing', null, false],
  ];
  for (const [name, s, want] of cases) test(name, () => assert.equal(selects(s, labels), want));

  test('a Service with an empty selector selects no pods', () => {
    assert.equal(serviceSelects({}, labels), false);
    assert.equal(serviceSelects({ app: 'api' }, labels), true);
  });

  test('showSelector writes labels and expressions', () => {
    assert.equal(
      showSelector(
        sel({ app: 'api' }, [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'debug', operator: 'DoesNotExist', values: [] },
        ]),
      ),
      'app=api, tier in (a, b), !debug',
    );
  });
});

describe("a StatefulSet's per-pod labels", () => {
  const redis = { kind: 'StatefulSet', name: 'redis', replicas: 3, podLabels: { app: 'redis' } };
  const podName = 'statefulset.kubernetes.io/pod-name';
  const cases: [string, ReturnType<typeof sel>, number][] = [
    ['the template labels pick every pod', sel({ app: 'redis' }), 3],
    ['one pod by its name', sel({ app: 'redis', [podName]: 'redis-1' }), 1],
    ['one pod by its ordinal', sel({ 'apps.kubernetes.io/pod-index': '2' }), 1],
    ['a name beyond the replicas picks none', sel({ [podName]: 'redis-3' }), 0],
    ["another StatefulSet's pod name picks none", sel({ [podName]: 'cache-0' }), 0],
    [
      'In over two names',
      sel({}, [{ key: podName, operator: 'In', values: ['redis-0', 'redis-2'] }]),
      2,
    ],
    [
      'NotIn one name picks the others',
      sel({}, [{ key: podName, operator: 'NotIn', values: ['redis-0'] }]),
      2,
    ],
    ['every pod has a name', sel({}, [{ key: podName, operator: 'Exists', values: [] }]), 3],
    ['no pod lacks one', sel({}, [{ key: podName, operator: 'DoesNotExist', values: [] }]), 0],
  ];
  for (const [name, s, want] of cases)
    test(name, () => assert.equal(podsSelected(s, redis, 3), want));

  test('a Deployment has no per-pod name', () => {
    const web = { ...redis, kind: 'Deployment', name: 'web' };
    assert.equal(podsSelected(sel({ [podName]: 'web-0' }), web, 3), 0);
  });
});

describe('PodDisruptionBudget budgets', () => {
  const deployment = (name: string, replicas: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, tier: backend${extra} } }
    spec: { containers: [{ name: ${name}, image: "x:1" }] }
`;
  const pdb = (name: string, spec: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: ${name}, namespace: shop }
spec:
${spec}`;
  const r = extract(
    folder({
      'a.yaml': deployment('api', 5),
      'b.yaml': deployment('worker', 2),
      'p.yaml': [
        pdb('min-int', '  minAvailable: 4\n  selector: { matchLabels: { app: api } }\n'),
        pdb('min-pct', '  minAvailable: 50%\n  selector: { matchLabels: { app: api } }\n'),
        pdb('max-pct', '  maxUnavailable: 30%\n  selector: { matchLabels: { app: api } }\n'),
        pdb(
          'max-int',
          '  maxUnavailable: 1\n  selector: { matchExpressions: [{ key: tier, operator: In, values: [backend] }] }\n',
        ),
        pdb('everything', '  minAvailable: 1\n  selector: {}\n'),
      ].join('---\n'),
    }),
  );
  const budget = (name: string) => r.extracted.pdbs.find((p) => p.name === name)!.budget;

  test('minAvailable as a count', () => {
    assert.deepEqual(
      [
        budget('min-int').expectedPods,
        budget('min-int').desiredHealthy,
        budget('min-int').allowedDisruptions,
      ],
      [5, 4, 1],
    );
  });

  test('minAvailable 50% of 5 rounds up to 3 pods', () => {
    assert.deepEqual(
      [budget('min-pct').minAvailable, budget('min-pct').allowedDisruptions],
      [3, 2],
    );
  });

  test('maxUnavailable 30% of 5 rounds up to 2 pods', () => {
    assert.deepEqual(
      [
        budget('max-pct').maxUnavailable,
        budget('max-pct').desiredHealthy,
        budget('max-pct').allowedDisruptions,
      ],
      [2, 3, 2],
    );
  });

  test('a selector with expressions covers every matching workload of the namespace', () => {
    const b = budget('max-int');
    // The harness's own Deployment is not labelled tier=backend.
    assert.deepEqual(b.workloads.map((w) => w.name).sort(), ['api', 'worker']);
    assert.deepEqual([b.expectedPods, b.allowedDisruptions], [7, 1]);
  });

  test('an applied budget counts only the pods of applied workloads', () => {
    // The kustomization leaves b.yaml out: its worker is never deployed, so it has no pods.
    const applied = extract(
      folder({
        'kustomization.yaml': 'resources:\n  - good.yaml\n  - a.yaml\n  - p.yaml\n',
        'a.yaml': deployment('api', 5),
        'b.yaml': deployment('worker', 2),
        'p.yaml': pdb(
          'max-int',
          '  maxUnavailable: 1\n  selector: { matchExpressions: [{ key: tier, operator: In, values: [backend] }] }\n',
        ),
      }),
    );
    const p = applied.extracted.pdbs.find((x) => x.name === 'max-int')!;
    assert.equal(p.applied, true);
    assert.equal(applied.extracted.workloads.find((w) => w.name === 'worker')?.applied, false);
    assert.deepEqual(
      p.budget.workloads.map((w) => w.name),
      ['api'],
    );
    assert.deepEqual([p.budget.expectedPods, p.budget.allowedDisruptions], [5, 1]);
  });

  test('an empty selector covers every workload of its namespace', () => {
    assert.deepEqual(
      budget('everything')
        .workloads.map((w) => w.name)
        .sort(),
      ['api', 'good', 'worker'],
    );
  });
});

describe('parseSelector: the string form Kustomize targets with', () => {
  // https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
  const cases: [string, boolean][] = [
    ['app=api', true],
    ['app==api', true],
    ['app=web', false],
    ['app!=web', true],
    ['zone!=a', true],
    ['app!=api', false],
    ['tier in (backend,cache)', true],
    ['tier in (web, api)', false],
    ['tier notin (frontend)', true],
    ['tier notin (backend)', false],
    ['tier', true],
    ['zone', false],
    ['!tier', false],
    ['!zone', true],
    ['app=api, tier in (cache, backend), !zone', true],
    ['app=api,tier in (web,api)', false],
    ['example.com/team=core', false],
    ['', true],
  ];
  for (const [text, expected] of cases)
    test(`${JSON.stringify(text)} → ${expected}`, () => {
      const s = parseSelector(text);
      assert.ok(s, `${text} parses`);
      assert.equal(selects(s, labels), expected);
    });

  test('a set-based term keeps its values together', () => {
    assert.deepEqual(parseSelector('tier in (web, api),app'), {
      matchLabels: {},
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'api'] },
        { key: 'app', operator: 'Exists', values: [] },
      ],
    });
  });

  test('what is no selector is null', () => {
    for (const text of ['tier in (web', 'tier in web', 'a=b=c', '=x', 'app = a b', 'tier in ()'])
      assert.equal(parseSelector(text), null, text);
  });
});

describe('the pods a selector picks, looked up by label', () => {
  const workload = (kind: string, name: string, ns: string, labels: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: { name: ${name}, namespace: ${ns} }
spec:
  replicas: 2
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, ${labels} } }
    spec: { containers: [{ name: c, image: "x:1" }] }
`;
  const r = extract(
    folder({
      'w.yaml': [
        workload('Deployment', 'web', 'shop', 'tier: front'),
        workload('Deployment', 'api', 'shop', 'tier: back'),
        workload('StatefulSet', 'db', 'shop', 'tier: back'),
        workload('Deployment', 'web2', 'other', 'tier: front'),
      ].join('---\n'),
    }),
  );
  const shared = new Shared(r);
  const cases: ReturnType<typeof sel>[] = [
    sel({ tier: 'back' }),
    sel({ tier: 'front', app: 'web' }),
    sel({ tier: 'none' }),
    sel({}),
    sel({}, [{ key: 'tier', operator: 'In', values: ['front', 'back'] }]),
    sel({ 'statefulset.kubernetes.io/pod-name': 'db-1' }),
    sel({ 'statefulset.kubernetes.io/pod-name': 'db-1', tier: 'back' }),
  ];
  for (const s of cases)
    test(`${showSelector(s) || '{}'}: what matching every workload of the namespace finds`, () => {
      const all = r.extracted.workloads.filter(
        (w) => w.namespace === 'shop' && w.applied && selectsPodOf(s, w),
      );
      assert.deepEqual(
        shared.podsOf('shop', s).map((w) => w.name),
        all.map((w) => w.name),
      );
    });
});
