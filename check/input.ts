/** Bad input as findings: the engine's and the MDX reader's positioned errors (exit 2). */
import { InputErrors } from '../engine/index.ts';
import { MdxErrors } from '../mdx/index.ts';
import type { Finding } from './codes.ts';
import { RUNNER_RULES } from './registry.ts';
import { finding } from './runner.ts';

/** The findings of a bad-input error (InputErrors or MdxErrors, or one carried as `cause`), or null for any other error. */
export function inputFindings(e: unknown): Finding[] | null {
  const err = e instanceof InputErrors || e instanceof MdxErrors ? e : (e as Error)?.cause;
  if (err instanceof InputErrors)
    return err.errors.map(({ file, line, col, code, message, hint }) =>
      finding(RUNNER_RULES.invalidManifest, {
        messageId: 'input',
        data: { code, message, hint },
        file,
        line,
        col,
      }),
    );
  if (err instanceof MdxErrors)
    return err.errors.map(({ file, line, col, reason }) =>
      finding(RUNNER_RULES.invalidMdx, { messageId: 'syntax', data: { reason }, file, line, col }),
    );
  return null;
}
