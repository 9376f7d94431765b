/**
 * Fails the build when a chapter names a fact or a manifest path that does not
 * exist, with the MDX file:line and the closest existing keys. The same
 * scanner and rule feed `npm run check` (BROKEN_REF), so both agree. Runs as
 * an integration hook rather than a remark plugin: Astro's default Markdown
 * processor does not run remark plugins, and switching to the unified one
 * costs far more build time than this scan.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AstroIntegration } from 'astro';
import { scanMdx } from '../../scripts/extract/check/mdx.ts';
import { brokenRefs } from '../../scripts/extract/check/refs.ts';
import { facts } from './facts.ts';

const DOCS = 'src/content/docs';

export function validateFactRefs(dir = DOCS): string[] {
  const problems: string[] = [];
  const result = facts();
  for (const name of readdirSync(dir).filter((f) => /\.mdx?$/.test(f)).sort()) {
    const path = join(dir, name);
    const findings = brokenRefs(relative(process.cwd(), path), scanMdx(readFileSync(path, 'utf8')), result);
    for (const f of findings) problems.push(`${f.file}:${f.line}:${f.col}  ${f.code}  ${f.message}\n  hint: ${f.hint}`);
  }
  return problems;
}

export function factRefsIntegration(): AstroIntegration {
  return {
    name: 'honeydue-fact-refs',
    hooks: {
      'astro:build:start': () => {
        const problems = validateFactRefs();
        if (problems.length) {
          const err = new Error(`${problems.length} broken fact reference${problems.length === 1 ? '' : 's'} in the book:\n\n${problems.join('\n\n')}`);
          err.stack = err.message;
          throw err;
        }
      },
    },
  };
}
