/**
 * Secrets in manifests are key-name templates, but even if a real value is
 * committed by mistake, nothing that renders YAML may show it. This blanks
 * the value of every key under `data` / `stringData` of every Secret in a
 * YAML text, found through the parsed document (block, flow and multi-line
 * forms alike), and keeps the line count so excerpt line numbers stay true.
 */
import { isMap, isScalar, parseAllDocuments } from 'yaml';

export function redactSecretValues(text: string): string {
  const ranges: [number, number][] = [];
  for (const doc of parseAllDocuments(text)) {
    const root = doc.contents;
    let js: { kind?: unknown } | null = null;
    try {
      js = doc.toJS() as { kind?: unknown } | null;
    } catch {
      // A document that cannot be read has no values to show either.
    }
    if (!isMap(root) || js?.kind !== 'Secret') continue;
    for (const field of ['data', 'stringData']) {
      const map = root.get(field, true);
      if (!isMap(map)) continue;
      for (const pair of map.items) {
        const value = pair.value as { range?: [number, number, number] } | null;
        if (value?.range) ranges.push([value.range[0], value.range[1]]);
        else if (isScalar(pair.key) && pair.key.range)
          ranges.push([pair.key.range[1], pair.key.range[1]]);
      }
    }
  }
  let out = text;
  for (const [start, end] of ranges.sort((a, b) => b[0] - a[0])) {
    const newlines = (text.slice(start, end).match(/\r?\n/g) ?? []).join('');
    out = `${out.slice(0, start)}""${newlines}${out.slice(end)}`;
  }
  return out;
}
