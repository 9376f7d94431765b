/**
 * Whether the API server takes a Secret's or ConfigMap's data value, judged without keeping any
 * byte of it. `kubectl apply` sends the object as JSON; the API server decodes `data` (Secret)
 * and `binaryData` (ConfigMap) values into `[]byte`, which Go's encoding/json reads as
 * `base64.StdEncoding`, and `stringData` values into `string`. A value that is not a JSON string
 * (an unquoted number or boolean in the YAML, a mapping, a list) fails to decode at all.
 */

/** The field a value sits under, and so what it must be. */
export const DATA_FIELDS = ['data', 'stringData', 'binaryData'] as const;
export type DataField = (typeof DATA_FIELDS)[number];

/** What a value that is no string is, as YAML reads it. */
export const NON_STRING_TYPES = ['number', 'boolean', 'mapping', 'list'] as const;
export type NonStringType = (typeof NON_STRING_TYPES)[number];

/** Why the API server refuses a data value: where its base64 breaks, or what it is instead of a string. */
export type DataRefusal =
  | { field: DataField; problem: 'not-base64'; byte: number }
  | { field: DataField; problem: 'not-string'; type: NonStringType };

const LF = 0x0a;
const CR = 0x0d;
const PAD = 0x3d;

/** The standard base64 alphabet (RFC 4648 §4), by byte: `A–Z a–z 0–9 + /`. */
const ALPHABET = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  ALPHABET[c.charCodeAt(0)] = 1;

const newline = (b: number) => b === LF || b === CR;

/**
 * The byte at which Go's `base64.StdEncoding.Decode` gives up (`illegal base64 data at input
 * byte N`), or null when it decodes. Padding is required; `\r` and `\n` anywhere are skipped;
 * the URL-safe `-` and `_` are refused. This follows `decodeQuantum` in Go's
 * src/encoding/base64/base64.go step by step, so N is the number Go reports (its faster paths
 * fall back to it at the first quantum they cannot take whole).
 */
export function base64ErrorAt(value: string): number | null {
  const src = Buffer.from(value, 'utf8');
  const end = src.length;
  let si = 0;
  while (si < end) {
    for (let j = 0; j < 4; j++) {
      if (si === end) {
        // Only line breaks after the last whole quantum; otherwise a quantum short of padding.
        if (j === 0) return null;
        return si - j;
      }
      const c = src[si++];
      if (ALPHABET[c]) continue;
      if (newline(c)) {
        j--;
        continue;
      }
      if (c !== PAD || j < 2) return si - 1;
      if (j === 2) {
        // `==` is due; the first `=` is read.
        while (si < end && newline(src[si])) si++;
        if (si === end) return end;
        if (src[si] !== PAD) return si - 1;
        si++;
      }
      while (si < end && newline(src[si])) si++;
      // Padding ends the value: anything after it is trailing garbage.
      return si < end ? si : null;
    }
  }
  return null;
}

/** What a parsed YAML value is when it is no string; null for a string or null (Go decodes null as empty). */
function nonStringType(value: unknown): NonStringType | null {
  if (value === null || value === undefined || typeof value === 'string') return null;
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return Array.isArray(value) ? 'list' : 'mapping';
}

/** Whether a field's values are base64 (`[]byte` in Go): a Secret's `data`, a ConfigMap's `binaryData`. */
export const isBase64Field = (kind: 'Secret' | 'ConfigMap', field: DataField): boolean =>
  field === 'binaryData' || (kind === 'Secret' && field === 'data');

/**
 * A whole value that is `${NAME}` (envsubst, Flux's post-build substitution): the text applied is
 * whatever replaces it, so it is not judged.
 */
const SUBSTITUTION = /^\$\{[^{}]+\}$/;

/**
 * Why the API server refuses a value of `field` in an object of `kind`, or null when it takes
 * it. `value` is the parsed value (a YAML mapping or list as a JS object or array); a Secret's
 * `data` and a ConfigMap's `binaryData` take only base64, the other fields any string.
 */
export function dataRefusal(
  kind: 'Secret' | 'ConfigMap',
  field: DataField,
  value: unknown,
): DataRefusal | null {
  const type = nonStringType(value);
  if (type) return { field, problem: 'not-string', type };
  if (!isBase64Field(kind, field) || typeof value !== 'string' || SUBSTITUTION.test(value))
    return null;
  const byte = base64ErrorAt(value);
  return byte === null ? null : { field, problem: 'not-base64', byte };
}
