/**
 * A pod's imagePullSecrets must name registry credentials the manifests declare. The kubelet
 * reads credentials only from a Secret of type kubernetes.io/dockerconfigjson (key
 * `.dockerconfigjson`) or kubernetes.io/dockercfg (`.dockercfg`), and pulls without any when
 * the Secret is missing or of another type (pkg/credentialprovider/secrets: MakeDockerKeyring),
 * so a private registry then refuses the pull.
 */
import { defineRule } from '../rule.ts';

const REGISTRY_TYPES = new Set(['kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg']);

export default defineRule({
  meta: {
    id: 'dangling-image-pull-secret',
    code: 'INCONSISTENT',
    description:
      'A pod pulls its images with an imagePullSecret that no manifest declares, or that is not of a registry-credentials type (kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg).',
    messages: {
      missing:
        '{{kind}} `{{name}}` pulls its images with Secret `{{secret}}`, which no manifest declares.',
      type: '{{kind}} `{{name}}` pulls its images with Secret `{{secret}}`, which is of type `{{type}}`: the kubelet reads registry credentials only from a kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg Secret.',
    },
    hints: {
      missing:
        'Declare the Secret (type kubernetes.io/dockerconfigjson, as a key-name template) or fix the name.',
      type: 'Make the Secret a kubernetes.io/dockerconfigjson Secret with a `.dockerconfigjson` key, or name the right one.',
    },
    fix: 'Name a declared kubernetes.io/dockerconfigjson Secret.',
    docs: '#rule-dangling-image-pull-secret',
  },
  create(context) {
    const { shared } = context;
    return {
      workload(w) {
        if (!w.applied) return;
        for (const s of w.imagePullSecrets) {
          const found = shared.declared('Secret', w.namespace, s.name);
          if (found === 'unknown' || (found !== 'no' && REGISTRY_TYPES.has(found.type))) continue;
          const data = { kind: w.kind, name: w.name, secret: s.name };
          if (found === 'no') context.report({ messageId: 'missing', data, ...s.source });
          else
            context.report({
              messageId: 'type',
              data: { ...data, type: found.type },
              ...s.source,
              config: context.shared.at('Secret', w.namespace, s.name, ['type'], found.source),
            });
        }
      },
    };
  },
});
