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
    const { ex } = context;
    const declared = (kind: string, ns: string, name: string) =>
      (kind === 'configMapRef' ? ex.configMaps : ex.secrets).some(
        (x) => x.namespace === ns && x.name === name,
      );
    return {
      container(c, w) {
        if (!w.applied || c.init) return;
        for (const e of c.envFrom) {
          if (e.optional || declared(e.from, w.namespace, e.name)) continue;
          // Secret templates may be left out of a folder on purpose; only judge when some exist.
          if (e.from === 'secretRef' && !ex.secrets.length) continue;
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
