/** A container's envFrom must name ConfigMaps and Secrets that exist, or the pod does not start. */
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-env-from',
    code: 'INCONSISTENT',
    description:
      'A container of an applied workload reads (envFrom) a ConfigMap that is not defined, or a Secret no template declares.',
    messages: {
      missing:
        'Container `{{workload}}/{{container}}` reads ConfigMap `{{cm}}`, which is not defined.',
      secret:
        'Container `{{workload}}/{{container}}` reads Secret `{{cm}}`, which no template declares.',
    },
    hints: {
      missing: 'Define the ConfigMap or fix the name.',
      secret: 'Add the Secret template (key names only) or fix the name.',
    },
    fix: 'Define the ConfigMap or Secret template, or fix the name.',
    docs: '#rule-dangling-env-from',
  },
  create(context) {
    const { shared } = context;
    return {
      container(c, w) {
        if (!w.applied || c.init) return;
        for (const e of c.envFrom) {
          const kind = e.from === 'configMapRef' ? 'ConfigMap' : 'Secret';
          if (e.optional || shared.declared(kind, w.namespace, e.name) !== 'no') continue;
          context.report({
            messageId: e.from === 'configMapRef' ? 'missing' : 'secret',
            data: { workload: w.name, container: c.name, cm: e.name },
            ...e.source,
          });
        }
      },
    };
  },
});
