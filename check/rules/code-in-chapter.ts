/**
 * A chapter is text, the book's components and `{/* … *\/}` markers. MDX would also run any
 * JavaScript a chapter holds when the site is built, and publish what it returns: an
 * `{expression}` reading `process.env` or a file, an `import` of a module, a computed
 * attribute. That is a path around the drift check (a value that no fact backs) and around
 * the Secret redaction (an environment variable in the HTML), so the check refuses it as bad
 * input (exit 2) and the build does not run.
 */
import { folded } from '../../mdx/index.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'code-in-chapter',
    code: 'INVALID_MDX',
    description:
      "A chapter holds code the site build would run: an `{expression}` that is not a `{/* comment */}` or a string, an `import` of anything but the book's components, an `export`, or a component attribute that is an expression other than a string (or a spread); exit 2, and the site build refuses it.",
    messages: {
      expression: 'The chapter runs code when the site is built: `{{code}}`.',
      esm: 'The chapter imports or exports code: `{{code}}`.',
      attribute:
        'The attribute `{{name}}` of `<{{element}}>` is code the build would run, not a string: `{{code}}`.',
    },
    hints: {
      expression:
        'Write the text itself, or a value from the config as `<V k="…" />`; a literal `{` is written `\\{`.',
      esm: "Import only the book's components: `import { V, Cmd } from '../../components';`.",
      attribute:
        'Give the attribute a string: `{{name}}="…"`, or a template literal without `${…}`.',
    },
    fix: 'Keep chapters to text, components with string attributes, and markers.',
    docs: '#rule-code-in-chapter',
  },
  create(context) {
    return {
      chapter(ch) {
        for (const c of ch.code)
          context.report({
            messageId: c.kind,
            data: { code: c.text },
            file: ch.file,
            line: c.line,
            col: c.col,
          });
      },
      element(el, ch) {
        for (const a of el.attributes) {
          if (!(a.kind === 'spread' || (a.kind === 'expression' && a.value === null))) continue;
          context.report({
            messageId: 'attribute',
            data: {
              name: a.kind === 'spread' ? '{…}' : a.name,
              element: el.name,
              code: folded(a.raw ?? ''),
            },
            file: ch.file,
            line: a.at.line,
            col: a.at.col,
          });
        }
      },
    };
  },
});
