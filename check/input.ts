/** Bad input as findings: the engine's and the MDX reader's positioned errors (exit 2). */
import { InputErrors } from '../engine/index.ts';
import { MdxErrors } from '../mdx/index.ts';
import type { Finding } from './codes.ts';
import { RUNNER_RULES } from './registry.ts';

/** The findings of a bad-input error (InputErrors or MdxErrors, or one carried as `cause`), or null for any other error. */
export function inputFindings(e: unknown): Finding[] | null {
  const err = e instanceof InputErrors || e instanceof MdxErrors ? e : (e as Error)?.cause;
  if (err instanceof InputErrors)
    return err.errors.map((x) => ({
      code: 'INVALID_MANIFEST',
      ruleId: RUNNER_RULES.invalidManifest.meta.id,
      file: x.file,
      line: x.line,
      col: x.col,
      message: `${x.code}: ${x.message}`,
      hint: x.hint,
    }));
  if (err instanceof MdxErrors)
    return err.errors.map((x) => ({
      code: 'INVALID_MDX',
      ruleId: RUNNER_RULES.invalidMdx.meta.id,
      file: x.file,
      line: x.line,
      col: x.col,
      message: x.reason,
      hint: RUNNER_RULES.invalidMdx.meta.hints.syntax,
    }));
  return null;
}
