/**
 * Every page's front matter must be what Starlight's schema takes: a YAML mapping with a
 * `title` string. Otherwise the site build stops with a schema error that names no line, after
 * the check has passed; the check says it first, at the line.
 */
import { frontmatterProblem, pageAddress } from '../../mdx/index.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'page-front-matter',
    code: 'INVALID_MDX',
    description:
      "A page (a docs file that becomes one: not `_`-prefixed, not a draft) whose front matter is missing, is not valid YAML or not a mapping, or has no `title` string; exit 2, and Starlight's build would stop at it.",
    messages: { problem: '{{reason}}.' },
    hints: {
      problem:
        'Start the page with front matter such as `---`, `title: What the page is about`, `---`.',
    },
    fix: 'Give the page front matter with a `title`.',
    docs: '#rule-page-front-matter',
  },
  create(context) {
    return {
      chapter(ch) {
        if (pageAddress(ch, context.book.dir) === null) return;
        const p = frontmatterProblem(ch);
        if (p)
          context.report({
            messageId: 'problem',
            data: { reason: p.reason },
            file: ch.file,
            line: p.line,
            col: p.col,
          });
      },
    };
  },
});
