/** An HPA must scale a workload that exists (kube-linter: dangling-horizontalpodautoscaler). */
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-horizontalpodautoscaler',
    code: 'INCONSISTENT',
    description: "An HPA's scaleTargetRef names a workload the manifests do not define.",
    messages: {
      dangling: 'HPA `{{name}}` scales {{kind}} `{{target}}`, which does not exist.',
    },
    hints: { dangling: 'Point scaleTargetRef at an existing workload.' },
    fix: 'Point scaleTargetRef at an existing workload.',
    docs: '#rule-dangling-horizontalpodautoscaler',
  },
  create(context) {
    return {
      hpa(h) {
        const w = context.shared.hpaTarget(h);
        if (w) return;
        context.report({
          messageId: 'dangling',
          data: { name: h.name, kind: h.target.kind, target: h.target.name },
          ...h.targetSource,
        });
      },
    };
  },
});
