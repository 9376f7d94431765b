/**
 * An object of a kind the model reads, written at a group/version the API server does not serve
 * (`apps/v2`, or `extensions/v1beta1` since Kubernetes 1.22 for an Ingress): `kubectl apply`
 * refuses it ("no matches for kind … in version …"), though the engine reads its fields by kind
 * and the book would render it. The served versions are engine/api-versions.ts's; a custom
 * resource of another group that shares a kind's name is not judged.
 */
import { apiVersionVerdict } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

const list = (versions: readonly string[]) => versions.map((v) => `\`${v}\``).join(' or ');

export default defineRule({
  meta: {
    id: 'unserved-api-version',
    code: 'REFUSED_BY_API',
    description:
      'An object whose `apiVersion` the API server does not serve for its kind: one that never existed (`apps/v2` Deployment, `networking.k8s.io/v2` NetworkPolicy) or one Kubernetes removed by 1.32 (`extensions/v1beta1` Ingress, `policy/v1beta1` PodDisruptionBudget); `kubectl apply` refuses it. Custom resources are not judged.',
    messages: {
      unserved:
        '{{kind}} is served at {{served}}; `kubectl apply` refuses {{kind}} `{{name}}` at `{{apiVersion}}`, which the API server has never served for it.',
      removed:
        '{{kind}} is served at {{served}}; `kubectl apply` refuses {{kind}} `{{name}}` at `{{apiVersion}}`, which Kubernetes stopped serving in {{release}}.',
    },
    hints: {
      unserved: 'Write `apiVersion: {{first}}`.',
      removed:
        'Write `apiVersion: {{first}}` and move any field the new version renamed (https://kubernetes.io/docs/reference/using-api/deprecation-guide/ lists them; `kubectl convert` rewrites a file).',
    },
    fix: 'Write the apiVersion the API server serves for the kind (the message names it).',
    docs: '#rule-unserved-api-version',
  },
  create(context) {
    return {
      configEnd() {
        for (const o of context.result.load.objects) {
          const verdict = apiVersionVerdict(o.apiVersion, o.kind);
          if (verdict.status !== 'removed' && verdict.status !== 'unserved') continue;
          const at = o.loc(['apiVersion']);
          context.report({
            messageId: verdict.status,
            data: {
              kind: o.kind,
              name: o.name,
              apiVersion: o.apiVersion,
              served: list(verdict.served),
              first: verdict.served.at(-1)!,
              release: verdict.status === 'removed' ? verdict.release : '',
            },
            ...at,
          });
        }
      },
    };
  },
});
