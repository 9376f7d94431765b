/**
 * A pod that names a ServiceAccount nobody defines is never created
 * (kube-linter: non-existent-service-account). `default` exists in every namespace.
 */
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'non-existent-service-account',
    code: 'INCONSISTENT',
    description: "A workload's pods name a ServiceAccount the manifests do not define.",
    messages: {
      missing:
        '{{kind}} `{{name}}` runs as ServiceAccount `{{account}}`, which no manifest defines in {{namespace}}.',
    },
    hints: {
      missing:
        'Define the ServiceAccount (and list it in kustomization.yaml), or name one that exists: {{accounts}}.',
    },
    fix: 'Define the ServiceAccount, or name one that exists.',
    docs: '#rule-non-existent-service-account',
  },
  create(context) {
    const { ex } = context;
    return {
      workload(w) {
        const sa = w.serviceAccountName;
        if (!w.applied || !sa || sa === 'default') return;
        const here = ex.serviceAccounts.filter((s) => s.namespace === w.namespace);
        if (here.some((s) => s.name === sa && s.applied)) return;
        context.report({
          messageId: 'missing',
          data: {
            kind: w.kind,
            name: w.name,
            account: sa,
            namespace: w.namespace,
            accounts: here.map((s) => s.name).join(', ') || 'default',
          },
          ...(w.serviceAccountSource ?? w.source),
        });
      },
    };
  },
});
