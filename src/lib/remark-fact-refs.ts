/**
 * Fails the build when a chapter names a fact or a manifest path that does not
 * exist, with the MDX file:line and the closest existing keys. The same
 * scanner feeds `npm run check` (rule BROKEN_REF), so both agree.
 */
import { relative } from 'node:path';
import { scanMdx } from '../../scripts/extract/check/mdx.ts';
import { brokenRefs } from '../../scripts/extract/check/refs.ts';
import { facts } from './facts.ts';

interface VFileLike {
  path?: string;
  value?: unknown;
}

export function remarkFactRefs() {
  return (_tree: unknown, file: VFileLike) => {
    if (!file.path || !/\.mdx?$/.test(file.path) || typeof file.value !== 'string') return;
    const scanned = scanMdx(file.value);
    const docFile = relative(process.cwd(), file.path);
    const findings = brokenRefs(docFile, scanned, facts());
    if (findings.length) {
      const err = new Error(findings.map((f) => `${f.file}:${f.line}:${f.col}  ${f.code}  ${f.message}\n  hint: ${f.hint}`).join('\n'));
      err.stack = err.message;
      throw err;
    }
  };
}
