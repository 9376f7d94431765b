/**
 * A page uses a component it imports, with the attributes the component needs. MDX stops the
 * build at a component that is not imported, and a component without a required attribute
 * throws or renders an empty block; the check reports both first, at the element.
 */
import { pageAddress, REQUIRED_ATTRIBUTES } from '../../mdx/index.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'component-use',
    code: 'INVALID_MDX',
    description:
      'A page uses a component it does not import, or leaves out an attribute the component needs (`<Cmd>` without `code`, `<Diagram>` without `alt`); exit 2, and the build would stop at it.',
    messages: {
      unimported: '`<{{name}}>` is not imported on this page, so the build cannot render it.',
      missing: '`<{{name}}>` needs a `{{attribute}}` attribute.',
    },
    hints: {
      unimported:
        "Import it with the page's other components (`import { {{name}} } from '../../components';`), or fix the name: src/components/index.ts lists the book's components.",
      missing: 'Add `{{attribute}}="…"` to the element.',
    },
    fix: 'Import the components a page uses, and give each the attributes it needs.',
    docs: '#rule-component-use',
  },
  create(context) {
    // A partial (`_shared.mdx`) is read for its blocks, never rendered as a page: known once
    // per chapter, not per element.
    let page = false;
    return {
      chapter(ch) {
        page = pageAddress(ch, context.book.dir) !== null;
      },
      element(el, ch) {
        const at = { file: ch.file, line: el.line, col: el.col };
        if (!/^[A-Z]/.test(el.name)) return;
        if (page && !ch.imports.includes(el.name.split('.')[0])) {
          context.report({ messageId: 'unimported', data: { name: el.name }, ...at });
          return;
        }
        // A `<V>` without its key is broken-fact-ref's to report, with the fact it needs.
        if (el.name === 'V') return;
        for (const attribute of REQUIRED_ATTRIBUTES[el.name] ?? [])
          if (!el.attributes.some((a) => a.name === attribute || a.kind === 'spread'))
            context.report({ messageId: 'missing', data: { name: el.name, attribute }, ...at });
      },
    };
  },
});
