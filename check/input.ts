/** Bad input as findings: the engine's and the MDX reader's positioned errors (exit 2). */
import { clip, INPUT_ERRORS, InputErrors } from '../engine/index.ts';
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
  if (err instanceof MdxErrors) {
    // A chapter that cannot be read is the engine's UNREADABLE_FILE, in the engine's words.
    const spec = INPUT_ERRORS.UNREADABLE_FILE;
    return [
      ...err.unreadable.map(({ file, line, col, path, reason }) => {
        const params = { file: clip(path), reason };
        const hint = typeof spec.hint === 'string' ? spec.hint : spec.hint(params);
        const data = { code: 'UNREADABLE_FILE', message: spec.message(params), hint };
        return finding(RUNNER_RULES.invalidMdx, { messageId: 'unreadable', data, file, line, col });
      }),
      ...err.errors.map(({ file, line, col, reason, hint }) =>
        finding(RUNNER_RULES.invalidMdx, {
          messageId: hint ? 'text' : 'syntax',
          data: hint ? { reason, hint } : { reason },
          file,
          line,
          col,
        }),
      ),
    ];
  }
  return null;
}
