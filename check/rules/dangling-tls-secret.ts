/** A route's TLS Secret must be one the Secret templates declare. */
import { hostOf } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-tls-secret',
    code: 'INCONSISTENT',
    description: 'An applied route uses a TLS Secret that no Secret template declares.',
    messages: {
      missing:
        'Route for {{host}} uses TLS secret `{{secret}}`, which no Secret template declares.',
    },
    hints: { missing: 'Add the Secret template (key names only) or fix the name.' },
    fix: 'Add the Secret template (key names only) or fix the name.',
    docs: '#rule-dangling-tls-secret',
  },
  create(context) {
    return {
      route(r) {
        if (!r.applied || !r.tlsSecret) return;
        if (context.shared.declared('Secret', r.namespace, r.tlsSecret) !== 'no') return;
        context.report({
          messageId: 'missing',
          data: { host: hostOf(r), secret: r.tlsSecret },
          ...context.shared.at(
            r.kind,
            r.namespace,
            r.name,
            r.kind === 'IngressRoute' ? ['spec', 'tls', 'secretName'] : ['spec', 'tls'],
            r.source,
          ),
        });
      },
    };
  },
});
