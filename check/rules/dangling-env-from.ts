/** A container's envFrom must name ConfigMaps and Secrets that exist, or the pod does not start. */
import { leftOut, NOT_APPLIED } from '../lib/applied.ts';
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
      notApplied: `Container \`{{workload}}/{{container}}\` reads ConfigMap \`{{cm}}\`, which is ${NOT_APPLIED}.`,
    },
    hints: {
      missing: 'Define the ConfigMap or fix the name.',
      secret: 'Add the Secret template (key names only) or fix the name.',
      notApplied: "List the ConfigMap's file in the kustomization's resources.",
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
          if (e.optional) continue;
          const found = shared.declared(kind, w.namespace, e.name);
          // A Secret template is left out on purpose (its values are created by hand); a ConfigMap is not.
          const missing =
            kind === 'ConfigMap' && typeof found !== 'string' ? leftOut(context.ex, found) : null;
          if (missing) {
            context.report({
              messageId: 'notApplied',
              data: { workload: w.name, container: c.name, cm: e.name },
              ...e.source,
              config: missing,
              related: [(found as { source: { file: string; line: number } }).source],
            });
            continue;
          }
          if (found !== 'no') continue;
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
