/**
 * An env valueFrom must name a ConfigMap (and key) or a Secret (and key) that
 * the manifests declare (kube-linter: env-value-from).
 */
import { containerAt, envEntries } from '../lib/locate.ts';
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
      configMapKey:
        'Container `{{workload}}/{{container}}` reads key `{{key}}` of ConfigMap `{{name}}`, which has no such key.',
      secret:
        'Container `{{workload}}/{{container}}` reads Secret `{{name}}`, which no template declares.',
      secretKey:
        'Container `{{workload}}/{{container}}` reads key `{{key}}` of Secret `{{name}}`, which the template does not declare.',
    },
    hints: {
      configMap: 'Define the ConfigMap or fix the name.',
      configMapKey: 'Add the key to the ConfigMap or fix the reference.',
      secret: 'Add the Secret template (key names only) or fix the name.',
      secretKey: 'Add the key name to the Secret template or fix the reference.',
    },
    fix: 'Declare the ConfigMap key, Secret or Secret key, or fix the reference.',
    docs: '#rule-env-value-from',
  },
  create(context) {
    const { ex, shared } = context;
    return {
      container(c, w) {
        if (!w.applied || c.init) return;
        const entries = envEntries(shared, w, c);
        const at = (env: string) => {
          const e = entries.find((x) => x.name === env);
          return e ? containerAt(shared, w, c, ['env', e.i, 'valueFrom']) : c.source;
        };
        const names = { workload: w.name, container: c.name };
        for (const ref of c.configMapKeyRefs) {
          const cm = ex.configMaps.find(
            (x) => x.namespace === w.namespace && x.name === ref.configMap,
          );
          if (!cm)
            context.report({
              messageId: 'configMap',
              data: { ...names, name: ref.configMap },
              ...at(ref.env),
            });
          else if (!cm.data.some((d) => d.key === ref.key))
            context.report({
              messageId: 'configMapKey',
              data: { ...names, key: ref.key, name: ref.configMap },
              ...at(ref.env),
              config: shared.at('ConfigMap', cm.namespace, cm.name, ['data'], cm.source),
            });
        }
        for (const ref of c.secretKeyRefs) {
          const s = ex.secrets.find((x) => x.namespace === w.namespace && x.name === ref.secret);
          if (ex.secrets.length && !s)
            context.report({
              messageId: 'secret',
              data: { ...names, name: ref.secret },
              ...at(ref.env),
            });
          else if (s && !s.keys.some((k) => k.key === ref.key))
            context.report({
              messageId: 'secretKey',
              data: { ...names, key: ref.key, name: ref.secret },
              ...at(ref.env),
              config: s.keys[0]?.source ?? s.source,
            });
        }
      },
    };
  },
});
