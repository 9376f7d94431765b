/** A container's envFrom must name ConfigMaps that exist, or the pod does not start. */
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-env-from',
    code: 'INCONSISTENT',
    description:
      'A container of an applied workload reads (envFrom) a ConfigMap that is not defined.',
    messages: {
      missing:
        'Container `{{workload}}/{{container}}` reads ConfigMap `{{cm}}`, which is not defined.',
    },
    hints: { missing: 'Define the ConfigMap or fix the name.' },
    fix: 'Define the ConfigMap or fix the name.',
    docs: '#rule-dangling-env-from',
  },
  create(context) {
    return {
      container(c, w) {
        if (!w.applied || c.init) return;
        for (const cm of c.envFromConfigMaps)
          if (!context.ex.configMaps.some((x) => x.namespace === w.namespace && x.name === cm))
            context.report({
              messageId: 'missing',
              data: { workload: w.name, container: c.name, cm },
              file: c.source.file,
              line: c.source.line,
            });
      },
    };
  },
});
