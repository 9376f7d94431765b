/** What the drift check reports: the doc side, the config side, and what to do. */
export const RULES = {
  BROKEN_REF: 'A fact key or manifest path used in the book does not exist.',
  HARDCODED_VALUE: 'A config value is typed into the book instead of rendered from the manifests.',
  BROKEN_ASSUMPTION: 'Prose argues from a value the manifests no longer have.',
  BAD_MARKER: 'An assume or drift-ignore marker cannot be read.',
  UNDOCUMENTED: 'Something in the manifests appears nowhere in the book.',
  STALE_EXCERPT: 'YAML shown as coming from a manifest differs from the manifest.',
  INCONSISTENT: 'Two config sources disagree with each other.',
  INVALID_MANIFEST: 'A manifest cannot be read (bad input).',
} as const;

export type RuleCode = keyof typeof RULES;

export interface Finding {
  code: RuleCode;
  file: string;
  line: number;
  col: number;
  message: string;
  hint: string;
  /** The config side of the finding, when there is one. */
  config?: { file: string; line: number };
}
