/**
 * The Kubernetes quantity grammar (apimachinery resource.Quantity):
 *   <quantity> ::= <signedNumber><suffix>
 *   <suffix>   ::= Ki|Mi|Gi|Ti|Pi|Ei | e<signedNumber> | E<signedNumber> | n|u|m|""|k|M|G|T|P|E
 *   <number>   ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 * Every expected number below is derived from those definitions, not from running the code.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatBytes,
  formatCpu,
  milliValue,
  parseQuantity,
  toNumber,
  unitValue,
  type ParsedQuantity,
} from '../../engine/index.ts';

function q(text: string | number): ParsedQuantity {
  const p = parseQuantity(text);
  assert.ok(p, `expected \`${text}\` to parse`);
  return p;
}

const Ki = 2 ** 10;
const Mi = 2 ** 20;
const Gi = 2 ** 30;
const Ti = 2 ** 40;

describe('parseQuantity: CPU in millicores (MilliValue)', () => {
  const cases: [string | number, number][] = [
    ['100m', 100],
    ['0.5', 0.5 * 1000],
    ['4', 4 * 1000],
    [4, 4 * 1000],
    ['1', 1000],
    ['1000m', 1000],
    ['250m', 250],
    ['.5', 0.5 * 1000],
    ['5.', 5 * 1000],
    ['+1', 1000],
    ['-1', -1000],
    ['0.1', 100],
    ['1.5', 1500],
    ['0', 0],
    ['0m', 0],
    ['1e3', 1000 * 1000], // 1e3 cores
    ['1E3', 1000 * 1000],
    ['1e-3', 1], // one thousandth of a core is one millicore
    ['1k', 1000 * 1000],
    ['500u', 1], // 0.0005 cores = 0.5m → rounds up to 1m
    ['2000000n', 2], // 0.002 cores
  ];
  for (const [text, milli] of cases) {
    test(`${JSON.stringify(text)} → ${milli}m`, () => {
      assert.equal(milliValue(q(text)), milli);
    });
  }

  test('0.1m rounds up to 1 millicore (Kubernetes rounds up to the unit asked for)', () => {
    assert.equal(milliValue(q('0.1m')), 1);
    assert.equal(milliValue(q('1.1m')), 2);
    assert.equal(milliValue(q('0.001m')), 1);
  });

  test('exact values stay exact: 0.1 is exactly 1/10 of a core', () => {
    const p = q('0.1');
    assert.equal(p.num * 10n, p.den);
    assert.equal(toNumber(q('100m')), 0.1);
    assert.equal(toNumber(q('0.5')), 0.5);
  });
});

describe('parseQuantity: bytes (Value)', () => {
  const cases: [string, number][] = [
    ['128Mi', 128 * Mi],
    ['1.25Gi', 1.25 * Gi],
    ['1.5Mi', 1.5 * Mi],
    ['1Ki', Ki],
    ['1k', 1000],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1e9', 1e9],
    ['129e6', 129e6],
    ['129M', 129e6],
    ['123Mi', 123 * Mi],
    ['128974848', 128974848],
    ['8Gi', 8 * Gi],
    ['2Ti', 2 * Ti],
    ['.5Gi', 0.5 * Gi],
    ['5.Mi', 5 * Mi],
    ['+1Ki', Ki],
    ['-1Ki', -Ki],
    ['0.5Ki', 512],
  ];
  for (const [text, bytes] of cases) {
    test(`${text} → ${bytes} bytes`, () => {
      assert.equal(unitValue(q(text)), bytes);
    });
  }

  test('1.25Gi is exactly 1342177280 bytes, as an exact fraction', () => {
    const p = q('1.25Gi');
    assert.equal(p.den, 1n);
    assert.equal(p.num, 1342177280n);
    assert.equal(1342177280, 1.25 * 2 ** 30);
  });

  test('1.5Mi is exactly 1572864 bytes', () => {
    const p = q('1.5Mi');
    assert.equal(p.den, 1n);
    assert.equal(p.num, BigInt(1.5 * 2 ** 20));
  });

  test('a fractional byte count rounds up (1.5 bytes → 2)', () => {
    assert.equal(unitValue(q('1.5')), 2);
    assert.equal(unitValue(q('100m')), 1);
  });

  test('the fraction is reduced', () => {
    const p = q('0.50');
    assert.equal(p.num, 1n);
    assert.equal(p.den, 2n);
  });

  test('raw keeps the text as written (trimmed)', () => {
    assert.equal(q('1.25Gi').raw, '1.25Gi');
    assert.equal(q(' 64Mi ').raw, '64Mi');
    assert.equal(q(3).raw, '3');
  });

  test('Ei and large decimal suffixes stay exact as BigInt', () => {
    assert.equal(q('1Ei').num, 1n << 60n);
    assert.equal(q('2P').num, 2n * 10n ** 15n);
    assert.equal(q('3T').num, 3n * 10n ** 12n);
  });

  test('a bare `E` is the exa suffix (10^18), not an empty exponent', () => {
    assert.equal(q('1E').num, 10n ** 18n);
    assert.equal(q('1E').den, 1n);
    assert.equal(unitValue(q('2E')), 2e18);
  });
});

describe('parseQuantity: text outside the grammar is refused (null)', () => {
  const bad = [
    '12XB',
    '1.2.3',
    'Mi',
    '',
    ' ',
    '1 Gi',
    '1gi',
    '1GB',
    '1mi',
    'm',
    '.',
    '+',
    '-',
    '1..2',
    '1e',
    'e3',
    '1Ki2',
    '0x10',
    'abc',
    '1,5',
    '--1',
    '1e3Mi',
    'Infinity',
    'NaN',
  ];
  for (const text of bad) {
    test(`${JSON.stringify(text)} → null`, () => {
      assert.equal(parseQuantity(text), null);
    });
  }

  test('an absurd exponent is refused rather than allocating a huge BigInt', () => {
    assert.equal(parseQuantity('1e999999'), null);
  });
});

describe('formatCpu / formatBytes', () => {
  test('formatCpu: whole cores without a suffix, the rest in millicores', () => {
    assert.equal(formatCpu(1000), '1');
    assert.equal(formatCpu(4000), '4');
    assert.equal(formatCpu(750), '750m');
    assert.equal(formatCpu(1500), '1500m');
    assert.equal(formatCpu(0), '0');
  });

  test('formatBytes: the largest binary unit', () => {
    assert.equal(formatBytes(128 * Mi), '128Mi');
    assert.equal(formatBytes(8 * Gi), '8Gi');
    assert.equal(formatBytes(1.25 * Gi), '1.25Gi');
    assert.equal(formatBytes(1.5 * Mi), '1.5Mi');
    assert.equal(formatBytes(Ki), '1Ki');
    assert.equal(formatBytes(3 * Ti), '3Ti');
    assert.equal(formatBytes(512), '512');
  });

  test('round trip: formatCpu(milliValue(q)) parses back to the same millicores', () => {
    for (const text of ['100m', '0.5', '4', '1', '250m', '1.5', '2500m', '0.1m']) {
      const milli = milliValue(q(text));
      assert.equal(milliValue(q(formatCpu(milli))), milli, text);
    }
  });

  test('round trip: formatBytes(unitValue(q)) parses back to the same bytes when exact', () => {
    for (const text of ['128Mi', '1.25Gi', '1.5Mi', '1Ki', '8Gi', '64Mi', '5Gi', '3Ti', '512']) {
      const bytes = unitValue(q(text));
      assert.equal(unitValue(q(formatBytes(bytes))), bytes, text);
    }
  });
});
