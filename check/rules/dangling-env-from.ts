/** A container's envFrom must name ConfigMaps that exist, or the pod does not start. */
import { containerAt, containerPath } from '../lib/locate.ts';
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
    const { shared } = context;
    return {
      container(c, w) {
        if (!w.applied || c.init) return;
        const raw = shared
          .object(w.kind, w.namespace, w.name)
          ?.get([...containerPath(w, c), 'envFrom']);
        const list = Array.isArray(raw) ? (raw as { configMapRef?: { name?: string } }[]) : [];
        for (const cm of c.envFromConfigMaps) {
          if (context.ex.configMaps.some((x) => x.namespace === w.namespace && x.name === cm))
            continue;
          const i = list.findIndex((e) => e?.configMapRef?.name === cm);
          context.report({
            messageId: 'missing',
            data: { workload: w.name, container: c.name, cm },
            ...(i >= 0
              ? containerAt(shared, w, c, ['envFrom', i, 'configMapRef', 'name'])
              : c.source),
          });
        }
      },
    };
  },
});
