/** "Did you mean" hints: edit distance, and the closest candidates in a stable order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distance, nearest } from '../../engine/nearest.ts';

test('distance is the Levenshtein distance, and gives up at a limit', () => {
  assert.equal(distance('kitten', 'sitting'), 3);
  assert.equal(distance('', 'abc'), 3);
  assert.equal(distance('abc', 'abc'), 0);
  assert.equal(distance('/07-services/', '/07-servces/'), 1);
  // Past the limit the exact value no longer matters, only that it is not below the limit.
  assert.ok(distance('aaaaaaaa', 'bbbbbbbb', 2) >= 2);
  assert.equal(distance('abcd', 'abce', 5), 1);
});

test('nearest gives the closest n, ties in the candidates’ order, whatever their lengths', () => {
  const pages = ['/runbooks/', '/07-services/', '/06-traefik-ingress/', '/07-servicez/', '/a/'];
  assert.deepEqual(nearest('/07-servces/', pages, 2), ['/07-services/', '/07-servicez/']);
  assert.deepEqual(nearest('/b/', pages, 1), ['/a/']);
  // A long candidate that beats every short one is still found after three short ones.
  assert.deepEqual(
    nearest('/a-long-address-here/', ['/x/', '/y/', '/z/', '/a-long-address-hare/'], 1),
    ['/a-long-address-hare/'],
  );
  assert.deepEqual(nearest('x', [], 3), []);
});
