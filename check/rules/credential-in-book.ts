/**
 * A credential written into the book. Whatever a chapter holds (prose, a code
 * block, a `<Cmd>`'s command, front matter) is published with the page, so a
 * credential there reaches the site; the engine's blanking only covers the
 * manifests. What counts as one is engine/credentials.ts: the patterns that
 * cannot be anything else.
 */
import { credentialsIn } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'credential-in-book',
    code: 'CREDENTIAL_IN_BOOK',
    description:
      'A credential written into a chapter: a private key, a token in a well-known format (AWS, GitHub, GitLab, Slack, Stripe, Google, a JWT), a password inside a URL, or a literal value for a variable, flag or YAML key whose name says credential. The page would publish it; the build stops even with BOOK_ALLOW_DRIFT=1.',
    messages: {
      found: '{{what}} is written into the book; the page would publish it.',
    },
    hints: {
      found:
        'Delete it and rotate the credential (it is in the history). In a command, read it where it lives instead (`$(kubectl get secret …)`, `read -rs VAR`) and write `"$VAR"`.',
    },
    fix: 'Delete it, rotate it, and write where it comes from (`"$VAR"`) instead.',
    docs: '#rule-credential-in-book',
  },
  create(context) {
    return {
      chapter(ch) {
        ch.lines.forEach((line, i) => {
          for (const hit of credentialsIn(line))
            context.report({
              messageId: 'found',
              data: { what: hit.what[0].toUpperCase() + hit.what.slice(1) },
              file: ch.file,
              line: i + 1,
              col: hit.col,
            });
        });
      },
    };
  },
});
