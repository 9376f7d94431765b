/**
 * The catalogue of bad-input errors. Codes are permanent once published: add
 * new ones, never rename. Messages say what happened (the value in
 * backticks), and the hint says what to do; the position says where.
 */

export const INPUT_ERRORS = {
  PATH_NOT_FOUND: 'The manifests path does not exist.',
  NOT_A_DIRECTORY: 'The manifests path is a file, not a folder.',
  BINARY_FILE: 'A file with a YAML name holds binary data.',
  YAML_SYNTAX: 'The YAML cannot be parsed.',
  DUPLICATE_KEY: 'A mapping has the same key twice.',
  TAB_INDENT: 'A tab is used for indentation.',
  UNRENDERED_TEMPLATE: 'A template expression stands where YAML structure is expected.',
  WRONG_TYPE: 'A field has a value of the wrong type.',
  INVALID_QUANTITY: 'A resource quantity is not in the Kubernetes quantity grammar.',
  MISSING_FIELD: 'A required field is missing.',
} as const;

export type InputErrorCode = keyof typeof INPUT_ERRORS;

export interface Position {
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

export interface InputError extends Position {
  code: InputErrorCode;
  message: string;
  hint: string;
  /** The offending source line, for a caret display. */
  excerpt?: string;
}

/** Thrown when loading cannot go on; carries every error found so far. */
export class InputErrors extends Error {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.code} ${e.message}`).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

/** `file:line:col  CODE  message`, the offending line with a caret, and the hint. */
export function formatInputError(e: InputError): string {
  const lines = [`${e.file}:${e.line}:${e.col}  ${e.code}  ${e.message}`];
  if (e.excerpt !== undefined) {
    const gutter = `${e.line} | `;
    lines.push(`  ${gutter}${e.excerpt.replace(/\t/g, '→')}`);
    lines.push(`  ${' '.repeat(gutter.length + Math.max(0, e.col - 1))}^`);
  }
  lines.push(`  hint: ${e.hint}`);
  return lines.join('\n');
}
