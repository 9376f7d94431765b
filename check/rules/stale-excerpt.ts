/**
 * A fenced code block titled with a manifest path (e.g.
 * ```yaml title="manifests/api/deployment.yaml") must be a verbatim slice of
 * that file — the <Manifest> component cannot go stale; pasted YAML can.
 */
import type { ExtractResult } from '../../engine/index.ts';
import type { CodeBlock } from '../../mdx/index.ts';
import { defineRule } from '../rule.ts';

const norm = (l: string) => l.replace(/\s+$/, '');

export function manifestTitle(block: CodeBlock, result: ExtractResult): string | null {
  if (!block.title) return null;
  const rel = block.title
    .replace(/^manifests\//, '')
    .replace(/\s*\(.*\)$/, '')
    .trim();
  return result.load.files.some((f) => f.rel === rel) ? rel : null;
}

/** Where a pasted excerpt stops matching its manifest, or null when it is a verbatim slice. */
function staleLine(
  block: CodeBlock,
  rel: string,
  result: ExtractResult,
): { at: number; text: string; file: string; line: number } | null {
  const file = result.load.files.find((f) => f.rel === rel)!;
  const body = block.body.map(norm);
  while (body.length && !body[body.length - 1].trim()) body.pop();
  if (!body.length) return null;
  const indentOf = (l: string) => /^\s*/.exec(l)![0].length;
  const bodyIndent = Math.min(...body.filter((l) => l.trim()).map(indentOf));
  const want = body.map((l) => l.slice(bodyIndent));
  const lines = file.lines.map(norm);
  // Find the first body line in the file at any indentation, then compare line by line.
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== want[0].trim()) continue;
    const shift = indentOf(lines[i]) - indentOf(want[0]);
    if (shift < 0) continue;
    if (
      want.every(
        (w, j) =>
          lines[i + j] !== undefined &&
          (w.trim() === '' ? lines[i + j].trim() === '' : lines[i + j] === ' '.repeat(shift) + w),
      )
    )
      return null;
  }
  // Point at the first line that differs from the closest candidate.
  let best = { line: 0, at: 0 };
  for (let i = 0; i < lines.length; i++) {
    let j = 0;
    while (j < want.length && lines[i + j]?.trim() === want[j].trim()) j++;
    if (j > best.at) best = { line: i + j + 1, at: j };
  }
  return { at: best.at, text: want[best.at]?.trim() ?? '', file: file.file, line: best.line || 1 };
}

export default defineRule({
  meta: {
    id: 'stale-excerpt',
    code: 'STALE_EXCERPT',
    description:
      'A fenced code block titled with a manifest path (```` ```yaml title="manifests/api/service.yaml" ````) that is no longer a verbatim slice of that file.',
    messages: {
      stale:
        'This code block is titled `{{title}}` but line {{n}} of it (`{{text}}`) is not in that manifest any more.',
    },
    hints: {
      stale:
        'Replace the pasted YAML with <Manifest file="{{rel}}" path="…" />, which always shows the current file.',
    },
    fix: 'Replace the pasted YAML with `<Manifest file="…" path="…" />`.',
    docs: '#rule-stale-excerpt',
  },
  create(context) {
    return {
      codeBlock(b, ch) {
        const rel = manifestTitle(b, context.result);
        const s = rel ? staleLine(b, rel, context.result) : null;
        if (!s) return;
        context.report({
          messageId: 'stale',
          data: { title: b.title ?? '', n: s.at + 1, text: s.text, rel: rel ?? '' },
          file: ch.file,
          line: b.line + 1 + s.at,
          config: { file: s.file, line: s.line },
        });
      },
    };
  },
});
