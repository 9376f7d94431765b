/** An IngressRoute may only chain Middlewares defined in its namespace. */
import { hostOf } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-middleware',
    code: 'INCONSISTENT',
    description: 'An applied IngressRoute uses a Middleware that is not defined in its namespace.',
    messages: {
      missing:
        'Route for {{host}} uses middleware `{{middleware}}`, which is not defined in namespace {{namespace}}.',
    },
    hints: { missing: 'Define the Middleware or remove it from the route.' },
    fix: "Define the Middleware in the route's namespace or remove it from the route.",
    docs: '#rule-dangling-middleware',
  },
  create(context) {
    return {
      route(r) {
        if (!r.applied || r.kind !== 'IngressRoute') return;
        for (const m of r.middlewares)
          if (!context.ex.middlewares.some((x) => x.name === m && x.namespace === r.namespace))
            context.report({
              messageId: 'missing',
              data: { host: hostOf(r), middleware: m, namespace: r.namespace },
              file: r.source.file,
              line: r.source.line,
            });
      },
    };
  },
});
