/**
 * Comparing facts by meaning, on hand-made snapshots: equal quantities and
 * numbers written differently are equal, different ones are not; duplicates
 * fold into one change; a rename needs the same content.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  diffSnapshots,
  emptySnapshot,
  sameFact,
  type SnapFact,
  type Snapshot,
} from '../../changes/index.ts';

const fact = (over: Partial<SnapFact> & Pick<SnapFact, 'value'>): SnapFact => ({
  key: 'deployment/honeydue/api.limits.cpu',
  alias: 'deployment/api.limits.cpu',
  display: String(over.value),
  class: 'quantity',
  source: { file: 'manifests/api/deployment.yaml', line: 10 },
  object: { kind: 'Deployment', namespace: 'honeydue', name: 'api' },
  objectKey: 'deployment/honeydue/api',
  ...over,
});

describe('sameFact', () => {
  const equal: [SnapFact['value'], SnapFact['value'], string][] = [
    ['1000m', '1', 'quantity'],
    ['1Gi', '1024Mi', 'quantity'],
    ['0.5', '500m', 'quantity'],
    ['5Gi', '5120Mi', 'quantity'],
    [8000, '8000', 'port'],
    [1, '1', 'replicas'],
    [['a', 'b'], ['a', 'b'], 'text'],
  ];
  for (const [a, b, cls] of equal)
    test(`${JSON.stringify(a)} = ${JSON.stringify(b)} (${cls})`, () => {
      assert.ok(
        sameFact(
          fact({ value: a, class: cls as SnapFact['class'] }),
          fact({ value: b, class: cls as SnapFact['class'], source: { file: 'x.yaml', line: 99 } }),
        ),
      );
    });
  const different: [SnapFact['value'], SnapFact['value'], string][] = [
    ['1G', '1Gi', 'quantity'],
    ['100m', '1', 'quantity'],
    [8000, 8080, 'port'],
    ['http', 8000, 'port'],
    ['010', '10', 'text'],
    [['a', 'b'], ['b', 'a'], 'text'],
    [['a'], ['a', 'b'], 'text'],
  ];
  for (const [a, b, cls] of different)
    test(`${JSON.stringify(a)} ≠ ${JSON.stringify(b)} (${cls})`, () => {
      assert.ok(
        !sameFact(
          fact({ value: a, class: cls as SnapFact['class'] }),
          fact({ value: b, class: cls as SnapFact['class'] }),
        ),
      );
    });
  test('derived facts compare by what the book shows', () => {
    const at0 = { file: 'manifests', line: 0 };
    const d = (value: number, display: string) =>
      fact({ value, display, class: 'number', source: at0, object: null, objectKey: null });
    assert.ok(sameFact(d(0.0581, '5.8 %'), d(0.0584, '5.8 %')));
    assert.ok(!sameFact(d(0.0581, '5.8 %'), d(0.0591, '5.9 %')));
  });
});

const snap = (facts: SnapFact[], content: Record<string, string> = {}): Snapshot => ({
  ...emptySnapshot('manifests'),
  facts: Object.fromEntries(facts.map((f) => [f.key, f])),
  content,
});

describe('diffSnapshots', () => {
  test('a container-level duplicate folds into the shorter key', () => {
    const a = [
      fact({ value: '1' }),
      fact({
        key: 'deployment/honeydue/api.containers.api.limits.cpu',
        alias: 'deployment/api.containers.api.limits.cpu',
        value: '1',
      }),
    ];
    const b = a.map((f) => ({ ...f, value: '2', display: '2' }));
    const changes = diffSnapshots(snap(a), snap(b));
    assert.equal(changes.length, 1);
    assert.equal(changes[0].key, 'deployment/api.limits.cpu');
    assert.deepEqual(changes[0].also, ['deployment/api.containers.api.limits.cpu']);
  });

  test('keys of different fields on one line stay apart', () => {
    const a = [
      fact({ value: '1' }),
      fact({
        key: 'deployment/honeydue/api.limits.memory',
        alias: 'deployment/api.limits.memory',
        value: '1',
      }),
    ];
    const b = a.map((f) => ({ ...f, value: '2', display: '2' }));
    assert.equal(diffSnapshots(snap(a), snap(b)).length, 2);
  });

  const renamed = (f: SnapFact): SnapFact => ({
    ...f,
    key: f.key.replace('/api.', '/api2.'),
    alias: f.alias.replace('/api.', '/api2.'),
    object: { ...f.object!, name: 'api2' },
    objectKey: 'deployment/honeydue/api2',
  });

  test('same content under a new name is a rename', () => {
    const a = [fact({ value: '1' })];
    const changes = diffSnapshots(
      snap(a, { 'deployment/honeydue/api': 'x' }),
      snap(a.map(renamed), { 'deployment/honeydue/api2': 'x' }),
    );
    assert.deepEqual(
      changes.map((c) => [c.change, c.key, c.before?.value]),
      [['renamed', 'deployment/api2', 'deployment/api']],
    );
  });

  test('other content under a new name is a removal and an addition', () => {
    const a = [fact({ value: '1' })];
    const changes = diffSnapshots(
      snap(a, { 'deployment/honeydue/api': 'x' }),
      snap(a.map(renamed), { 'deployment/honeydue/api2': 'y' }),
    );
    assert.deepEqual(changes.map((c) => c.change).sort(), ['added', 'removed']);
  });
});
