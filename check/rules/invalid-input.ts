/**
 * Bad input: the check cannot run (exit 2). The command reports these itself,
 * before any rule runs; they are declared here so the codes have ids and docs.
 */
import { INPUT_ERRORS, INPUT_WARNINGS } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

export const invalidManifest = defineRule({
  meta: {
    id: 'invalid-manifest',
    code: 'INVALID_MANIFEST',
    description: `The extraction engine's bad-input errors (exit 2): ${Object.keys(INPUT_ERRORS)
      .map((code) => `\`${code}\``)
      .join(', ')}.`,
    messages: { input: '{{code}}: {{message}}' },
    hints: { input: '{{hint}}' },
    fix: 'The message names file:line:col and what to do.',
    docs: '#rule-invalid-manifest',
  },
  create: () => ({}),
});

export const invalidMdx = defineRule({
  meta: {
    id: 'invalid-mdx',
    code: 'INVALID_MDX',
    description:
      'A chapter the MDX parser refuses, a chapter that is not UTF-8 or holds an invisible control or bidirectional-override character, or a chapter or folder of the docs that cannot be read (`UNREADABLE_FILE`, as for a manifest); exit 2, and the site build refuses them.',
    messages: { syntax: '{{reason}}', text: '{{reason}}', unreadable: '{{code}}: {{message}}' },
    hints: {
      syntax:
        'Fix the MDX at this position: close the tag, balance the braces, or escape a literal `{` or `<` as `\\{` or `&lt;`.',
      text: '{{hint}}',
      unreadable: '{{hint}}',
    },
    fix: 'Fix the MDX at the position given, or let the user running the check read the chapter.',
    docs: '#rule-invalid-mdx',
  },
  create: () => ({}),
});

export const manifestWarning = defineRule({
  meta: {
    id: 'manifest-warning',
    code: 'MANIFEST_WARNING',
    description: `The extraction engine's warnings (${Object.entries(INPUT_WARNINGS)
      .map(
        ([code, e]) =>
          `\`${code}\`: ${e.title.replace(/^./, (c) => c.toLowerCase()).replace(/\.$/, '')}`,
      )
      .join('; ')}); printed with the findings, never failing the check.`,
    messages: { warning: '{{code}}: {{message}}' },
    hints: { warning: '{{hint}}' },
    fix: 'Tidy the manifest as the warning says.',
    docs: '#rule-manifest-warning',
  },
  create: () => ({}),
});
