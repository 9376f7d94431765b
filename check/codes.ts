/**
 * The public codes findings are reported under. Codes are permanent once
 * published: CI configurations and readers' habits depend on them. Each rule
 * (rules/*.ts) reports under exactly one code; several rules share a code.
 */
export const CODES = {
  BROKEN_REF: 'A fact key, manifest path, command target or link used in the book leads nowhere.',
  HARDCODED_VALUE: 'A config value is typed into the book instead of rendered from the manifests.',
  BROKEN_ASSUMPTION: 'Prose argues from a value the manifests no longer have.',
  BAD_MARKER: 'An assume or drift-ignore marker cannot be read, or ignores nothing.',
  UNDOCUMENTED: 'Something in the manifests appears nowhere in the book.',
  STALE_EXCERPT: 'YAML shown as coming from a manifest differs from the manifest.',
  INCONSISTENT: 'Two config sources disagree with each other.',
  REFUSED_BY_API:
    'A manifest holds an object the Kubernetes API server refuses, so `kubectl apply` stops at it.',
  CREDENTIAL_IN_CONFIG:
    'A credential is written into the manifests instead of a Secret created on the cluster.',
  CREDENTIAL_IN_BOOK: 'A credential is written into the book, which would publish it.',
  INVALID_MANIFEST: 'A manifest cannot be read (bad input).',
  INVALID_MDX: 'A chapter cannot be read, or the MDX parser refuses it (bad input).',
  MANIFEST_WARNING:
    'A manifest reads, but has something to tidy (a key repeated with the same value); printed, never failing.',
} as const;

export type RuleCode = keyof typeof CODES;

/** Codes that mean bad input: the check cannot run, exit 2. */
export const INPUT_CODES: ReadonlySet<RuleCode> = new Set(['INVALID_MANIFEST', 'INVALID_MDX']);

/** Codes that are printed but never fail the check (exit 0). */
export const WARNING_CODES: ReadonlySet<RuleCode> = new Set(['MANIFEST_WARNING']);

export interface Finding {
  code: RuleCode;
  /** The rule that found it (kebab-case, see `npm run check -- --help`). */
  ruleId: string;
  file: string;
  line: number;
  col: number;
  message: string;
  hint: string;
  /** The config side of the finding, when there is one. */
  config?: { file: string; line: number };
  /** Other config lines the finding depends on (an assumption's other facts). */
  related?: { file: string; line: number }[];
}
