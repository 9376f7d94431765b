/** A route must send traffic to a Service that exists, on one of its ports (kube-linter: dangling-ingress). */
import { leftOut, NOT_APPLIED } from '../lib/applied.ts';
import { CROSS_NAMESPACE, crossNamespaceRefused, hostOf } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-ingress',
    code: 'INCONSISTENT',
    description:
      'An applied Ingress or IngressRoute sends traffic to a Service that does not exist (in the namespace the route names), or to a port the Service does not have, or to a Service of another namespace when the Traefik values in the manifests do not allow it.',
    messages: {
      service: 'Route for {{host}} sends traffic to Service `{{service}}`, which does not exist.',
      notApplied: `Route for {{host}} sends traffic to Service \`{{service}}\`, which is ${NOT_APPLIED}.`,
      crossNamespace: `Route for {{host}} sends traffic to Service \`{{service}}\` of namespace {{namespace}}, which Traefik refuses: \`${CROSS_NAMESPACE}\` is not true in its values.`,
      port: 'Route for {{host}} uses port {{port}} of Service `{{service}}`, which has ports {{ports}}.',
    },
    hints: {
      service: "Create the Service or fix the route's service name.",
      notApplied: "List the Service's file in the kustomization's resources, or route elsewhere.",
      crossNamespace: `Route to a Service of the route's namespace, or set \`${CROSS_NAMESPACE}: true\` in the Traefik values.`,
      port: "Use one of the Service's ports.",
    },
    fix: 'Create the Service, or use its name and one of its ports.',
    docs: '#rule-dangling-ingress',
  },
  create(context) {
    return {
      route(r) {
        // A TraefikService (weighted, mirroring) is no Kubernetes Service, and is not modelled.
        if (!r.applied || r.serviceKind === 'TraefikService') return;
        const at = { file: r.source.file, line: r.source.line };
        if (r.serviceNamespace !== r.namespace && crossNamespaceRefused(context.result)) {
          const data = { host: hostOf(r), service: r.service, namespace: r.serviceNamespace };
          context.report({ messageId: 'crossNamespace', data, ...at });
          return;
        }
        const named = context.ex.services.filter(
          (x) => x.namespace === r.serviceNamespace && x.name === r.service,
        );
        const s = named.find((x) => x.applied) ?? named[0];
        if (!s) {
          context.report({
            messageId: 'service',
            data: { host: hostOf(r), service: r.service },
            ...at,
          });
          return;
        }
        const missing = leftOut(context.ex, s);
        if (missing) {
          context.report({
            messageId: 'notApplied',
            data: { host: hostOf(r), service: r.service },
            ...at,
            config: missing,
            related: [s.source],
          });
          return;
        }
        if (r.port === null || s.ports.some((p) => p.port === r.port || p.name === r.port)) return;
        context.report({
          messageId: 'port',
          data: {
            host: hostOf(r),
            port: r.port,
            service: r.service,
            ports: s.ports.map((p) => p.port).join(', '),
          },
          ...at,
          config: context.shared.at('Service', s.namespace, s.name, ['spec', 'ports'], s.source),
        });
      },
    };
  },
});
