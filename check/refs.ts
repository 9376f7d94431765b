/** Rule BROKEN_REF: every fact key and manifest path named in MDX must exist. */
import type { ExtractResult } from '../engine/index.ts';
import { resolveManifestPath } from '../engine/index.ts';
import type { Finding } from './finding.ts';
import type { Chapter } from '../mdx/index.ts';

export function brokenRefs(docFile: string, scanned: Chapter, result: ExtractResult): Finding[] {
  const out: Finding[] = [];
  for (const ref of scanned.refs) {
    if (result.registry.has(ref.key)) continue;
    out.push({
      code: 'BROKEN_REF',
      file: docFile,
      line: ref.line,
      col: ref.col,
      message: `The fact key \`${ref.key}\` does not exist.`,
      hint: `Closest keys: ${result.registry
        .closest(ref.key)
        .map((k) => `\`${k}\``)
        .join(', ')}. \`npm run extract -- --format keys\` lists them all.`,
    });
  }
  for (const ref of scanned.manifestRefs) {
    const r = resolveManifestPath(result, ref.file, ref.path);
    if ('error' in r)
      out.push({
        code: 'BROKEN_REF',
        file: docFile,
        line: ref.line,
        col: ref.col,
        message: r.error,
        hint: r.hint,
      });
  }
  return out;
}
