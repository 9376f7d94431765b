/**
 * An env valueFrom must name a ConfigMap (and key) or a Secret (and key) that
 * the manifests declare (kube-linter: env-value-from).
 */
import { leftOut, NOT_APPLIED } from '../lib/applied.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'env-value-from',
    code: 'INCONSISTENT',
    description:
      'A container reads (configMapKeyRef, secretKeyRef) a ConfigMap, ConfigMap key, Secret or Secret key that is not declared.',
    messages: {
      configMap:
        'Container `{{workload}}/{{container}}` reads ConfigMap `{{name}}`, which is not defined.',
      configMapNotApplied: `Container \`{{workload}}/{{container}}\` reads ConfigMap \`{{name}}\`, which is ${NOT_APPLIED}.`,
      configMapKey:
        'Container `{{workload}}/{{container}}` reads key `{{key}}` of ConfigMap `{{name}}`, which has no such key.',
      secret:
        'Container `{{workload}}/{{container}}` reads Secret `{{name}}`, which no template declares.',
      secretKey:
        'Container `{{workload}}/{{container}}` reads key `{{key}}` of Secret `{{name}}`, which the template does not declare.',
    },
    hints: {
      configMap: 'Define the ConfigMap or fix the name.',
      configMapNotApplied: "List the ConfigMap's file in the kustomization's resources.",
      configMapKey: 'Add the key to the ConfigMap or fix the reference.',
      secret: 'Add the Secret template (key names only) or fix the name.',
      secretKey: 'Add the key name to the Secret template or fix the reference.',
    },
    fix: 'Declare the ConfigMap key, Secret or Secret key, or fix the reference.',
    docs: '#rule-env-value-from',
  },
  create(context) {
    const { shared } = context;
    return {
      container(c, w) {
        if (!w.applied || c.init) return;
        const names = { workload: w.name, container: c.name };
        for (const e of c.env) {
          if (!e.ref || e.ref.optional) continue;
          if (e.from === 'configMapKeyRef') {
            const cm = shared.declared('ConfigMap', w.namespace, e.ref.name);
            if (cm === 'unknown') continue;
            if (cm === 'no')
              context.report({
                messageId: 'configMap',
                data: { ...names, name: e.ref.name },
                ...e.source,
              });
            else if (leftOut(context.ex, cm))
              context.report({
                messageId: 'configMapNotApplied',
                data: { ...names, name: e.ref.name },
                ...e.source,
                config: leftOut(context.ex, cm)!,
                related: [cm.source],
              });
            else if (!cm.data.some((d) => d.key === e.ref!.key))
              context.report({
                messageId: 'configMapKey',
                data: { ...names, key: e.ref.key, name: e.ref.name },
                ...e.source,
                config: shared.at('ConfigMap', cm.namespace, cm.name, ['data'], cm.source),
              });
          } else if (e.from === 'secretKeyRef') {
            const s = shared.declared('Secret', w.namespace, e.ref.name);
            if (s === 'unknown') continue;
            if (s === 'no')
              context.report({
                messageId: 'secret',
                data: { ...names, name: e.ref.name },
                ...e.source,
              });
            else if (!s.keys.some((k) => k.key === e.ref!.key))
              context.report({
                messageId: 'secretKey',
                data: { ...names, key: e.ref.key, name: e.ref.name },
                ...e.source,
                config: s.keys[0]?.source ?? s.source,
              });
          }
        }
      },
    };
  },
});
