/**
 * A pod that names a ServiceAccount nobody defines is never created
 * (kube-linter: non-existent-service-account). `default` exists in every namespace.
 * A RoleBinding or ClusterRoleBinding that grants a role to a ServiceAccount nobody defines
 * grants it to no pod, in a namespace the manifests own (one they declare a Namespace or a
 * ServiceAccount in): elsewhere the account may come with the cluster or another install.
 */
import { nearest } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'non-existent-service-account',
    code: 'INCONSISTENT',
    description:
      "A workload's pods, or a role binding's subject, name a ServiceAccount the manifests do not define.",
    messages: {
      missing:
        '{{kind}} `{{name}}` runs as ServiceAccount `{{account}}`, which no manifest defines in {{namespace}}.',
      subject:
        '{{kind}} `{{name}}` grants its role to ServiceAccount `{{account}}`, which no manifest defines in {{namespace}}.',
    },
    hints: {
      missing:
        'Define the ServiceAccount (and list it in kustomization.yaml), or name one that exists: {{accounts}}.',
      subject:
        'Name the ServiceAccount the pods run as ({{accounts}}), or define the one named (and list it in kustomization.yaml).',
    },
    fix: 'Define the ServiceAccount, or name one that exists.',
    docs: '#rule-non-existent-service-account',
  },
  create(context) {
    const { ex } = context;
    const accountsIn = (namespace: string) =>
      ex.serviceAccounts.filter((s) => s.namespace === namespace);
    return {
      workload(w) {
        const sa = w.serviceAccountName;
        if (!w.applied || !sa || sa === 'default') return;
        const here = accountsIn(w.namespace);
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
      roleBinding(b) {
        if (!b.applied) return;
        for (const s of b.subjects) {
          if (s.kind !== 'ServiceAccount' || !s.namespace || s.name === 'default') continue;
          if (!context.shared.ownedNamespaces().has(s.namespace)) continue;
          const here = accountsIn(s.namespace).filter((a) => a.applied);
          if (here.some((a) => a.name === s.name)) continue;
          const [closest] = nearest(
            s.name,
            here.map((a) => a.name),
            1,
          );
          context.report({
            messageId: 'subject',
            data: {
              kind: b.kind,
              name: b.name,
              account: s.name,
              namespace: s.namespace,
              accounts: here.map((a) => a.name).join(', ') || 'default',
            },
            ...s.source,
            ...(closest ? { config: here.find((a) => a.name === closest)!.source } : {}),
          });
        }
      },
    };
  },
});
