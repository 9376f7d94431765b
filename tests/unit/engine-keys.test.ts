/** The fact-key grammar: keys built and read back by one module. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extract, objectFactKeys, objectKey, parseFactKey } from '../../engine/index.ts';

describe('fact keys', () => {
  test('an object field has a full key and its short aliases', () => {
    assert.deepEqual(objectFactKeys('PodDisruptionBudget', 'honeydue', 'web-pdb', 'minAvailable'), {
      full: 'poddisruptionbudget/honeydue/web-pdb.minAvailable',
      aliases: ['poddisruptionbudget/web-pdb.minAvailable', 'pdb/web-pdb.minAvailable'],
    });
    assert.equal(objectKey('Deployment', 'honeydue', 'api'), 'deployment/honeydue/api');
  });

  test('keys read back into their parts', () => {
    assert.deepEqual(parseFactKey('deployment/honeydue/api.containers.api.limits.memory'), {
      type: 'object',
      kind: 'deployment',
      namespace: 'honeydue',
      name: 'api',
      field: 'containers.api.limits.memory',
    });
    assert.deepEqual(parseFactKey('deployment/api.replicas'), {
      type: 'object',
      kind: 'deployment',
      namespace: null,
      name: 'api',
      field: 'replicas',
    });
    assert.deepEqual(parseFactKey('totals.honeydue.requests.cpu'), {
      type: 'global',
      family: 'totals',
      path: 'honeydue.requests.cpu',
    });
    assert.equal(parseFactKey('nonsense'), null);
  });

  test('a name with dots is split at the name that exists', () => {
    const names = new Set(['settings.v2']);
    assert.deepEqual(parseFactKey('configmap/shop/settings.v2.LOG_LEVEL', names), {
      type: 'object',
      kind: 'configmap',
      namespace: 'shop',
      name: 'settings.v2',
      field: 'LOG_LEVEL',
    });
  });

  test('every object key of the real manifests parses back to an object that exists', () => {
    const r = extract('manifests');
    const names = new Set(r.load.objects.map((o) => o.name));
    const objects = new Set(r.load.objects.map((o) => objectKey(o.kind, o.namespace, o.name)));
    let n = 0;
    for (const key of r.registry.facts.keys()) {
      const p = parseFactKey(key, names);
      if (p?.type !== 'object' || p.namespace === null) continue;
      if (
        ![
          'deployment',
          'service',
          'configmap',
          'secret',
          'networkpolicy',
          'poddisruptionbudget',
        ].includes(p.kind)
      )
        continue;
      n++;
      assert.ok(objects.has(`${p.kind}/${p.namespace}/${p.name}`), key);
    }
    assert.ok(n > 100, `${n} keys`);
  });
});
