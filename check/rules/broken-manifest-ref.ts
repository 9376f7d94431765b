/** A `<Manifest file path>` must name a manifest file, object and path that exist. */
import { resolveManifestPath } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'broken-manifest-ref',
    code: 'BROKEN_REF',
    description: 'A `<Manifest>` whose file, object or path does not exist in the manifests.',
    messages: { missing: '{{error}}' },
    hints: { missing: '{{hint}}' },
    fix: 'Use a file and path that exist (the hint names the closest).',
    docs: '#rule-broken-manifest-ref',
  },
  create(context) {
    return {
      manifestRef(ref, ch) {
        const r = resolveManifestPath(context.result, ref.file, ref.path);
        if (!('error' in r)) return;
        context.report({
          messageId: 'missing',
          data: { error: r.error, hint: r.hint },
          file: ch.file,
          line: ref.line,
          col: ref.col,
        });
      },
    };
  },
});
