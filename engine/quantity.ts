/**
 * Exact Kubernetes resource quantities.
 *
 * Why this exists instead of `quantityToScalar` from @kubernetes/client-node:
 * that helper throws on fractional binary quantities such as `1.25Gi`, returns
 * a number for some suffixes and a BigInt for others, and importing the package
 * at run time costs ~0.8 s, which the drift check cannot afford. This module
 * follows the grammar of apimachinery's `resource.Quantity`
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go):
 *
 *   <quantity>        ::= <signedNumber><suffix>
 *   <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 *   <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 *   <decimalSI>       ::= m | "" | k | M | G | T | P | E   (and n, u: nano, micro)
 *   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 *   <signedNumber>    ::= <number> | "+" <number> | "-" <number>
 *   <number>          ::= <digits> | <digits> "." <digits> | <digits> "." | "." <digits>
 *
 * Values are kept as an exact rational (BigInt numerator / denominator), so
 * `0.1` CPU is exactly 100 millicores and `1.25Gi` exactly 1342177280 bytes.
 * Like Kubernetes, conversions to an integer unit round up (`0.1m` CPU is 1m).
 */

export interface ParsedQuantity {
  /** The text as written in the manifest. */
  raw: string;
  /** Exact value in base units (cores, bytes), as a reduced fraction. */
  num: bigint;
  den: bigint;
}

const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const QUANTITY_RE = new RegExp(`^(${NUMBER})(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\\d+|[numkMGTPE]?)$`);

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function pow10(exp: number): bigint {
  return 10n ** BigInt(exp);
}

/** Parses a quantity; returns null when the text is not in the grammar. */
export function parseQuantity(input: string | number): ParsedQuantity | null {
  const raw = String(input).trim();
  const m = QUANTITY_RE.exec(raw);
  if (!m) return null;
  const [, numberText, suffix] = m;
  // Mantissa as integer digits plus a decimal exponent.
  let sign = 1n;
  let body = numberText;
  if (body.startsWith('+') || body.startsWith('-')) {
    if (body[0] === '-') sign = -1n;
    body = body.slice(1);
  }
  const [intPart, fracPart = ''] = body.split('.');
  let num = sign * BigInt((intPart || '0') + fracPart);
  let exp10 = -fracPart.length;
  let den = 1n;
  if (suffix in BINARY) {
    num *= BINARY[suffix];
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    const e = Number(suffix.slice(1));
    // apimachinery caps exponents; anything this large is a typo, not a size.
    if (!Number.isSafeInteger(e) || Math.abs(e) > 64) return null;
    exp10 += e;
  } else {
    exp10 += DECIMAL[suffix];
  }
  if (exp10 >= 0) num *= pow10(exp10);
  else den = pow10(-exp10);
  const g = gcd(num, den) || 1n;
  return { raw, num: num / g, den: den / g };
}

/** Ceiling of value × scale, as Kubernetes rounds when asked for an integer unit. */
function scaledCeil(q: ParsedQuantity, scale: bigint): bigint {
  const n = q.num * scale;
  const quotient = n / q.den;
  return n % q.den !== 0n && n > 0n ? quotient + 1n : quotient;
}

/** CPU in millicores, rounded up like `Quantity.MilliValue()`. */
export function milliValue(q: ParsedQuantity): number {
  return Number(scaledCeil(q, 1000n));
}

/** Bytes (or plain units), rounded up like `Quantity.Value()`. */
export function unitValue(q: ParsedQuantity): number {
  return Number(scaledCeil(q, 1n));
}

/** The value as a JavaScript number (cores or bytes); exact where a double can be. */
export function toNumber(q: ParsedQuantity): number {
  return Number(q.num) / Number(q.den);
}

/** Human form of a CPU amount given in millicores: `750m`, `2`, `1.5`. */
export function formatCpu(millicores: number): string {
  if (millicores % 1000 === 0) return String(millicores / 1000);
  return `${millicores}m`;
}

/** Human form of a byte count in the largest binary unit that keeps it exact-ish. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(2).replace(/\.?0+$/, '')}${unit}`;
    }
  }
  return `${bytes}`;
}
