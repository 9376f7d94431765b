/**
 * The changelog's bad-input errors (exit 2). Codes are permanent once
 * published. The message says what happened, the hint what to do; neither is
 * a stack trace.
 */

export const CHANGES_ERRORS = {
  NOT_A_REPOSITORY: 'The folder is not inside a git repository, or git is not installed.',
  UNKNOWN_REVISION: 'A revision cannot be resolved to a commit.',
  SHALLOW_CLONE: 'A revision is missing because the clone is shallow.',
  INVALID_MANIFEST: 'The manifests of a revision cannot be read.',
  INVALID_CHAPTER: 'A chapter of the newer revision cannot be read as MDX.',
  PATH_NOT_FOUND: 'A folder given on the command line does not exist.',
} as const;

export type ChangesErrorCode = keyof typeof CHANGES_ERRORS;

export class ChangesError extends Error {
  readonly code: ChangesErrorCode;
  readonly hint: string;
  constructor(code: ChangesErrorCode, message: string, hint: string) {
    super(message);
    this.name = 'ChangesError';
    this.code = code;
    this.hint = hint;
  }
}

/** `CODE  message` and the hint, as the command prints it. */
export function formatChangesError(e: ChangesError): string {
  return `${e.code}  ${e.message}\n  hint: ${e.hint}\n`;
}
