/**
 * An IngressRoute chains Middlewares of the namespace each reference names, its own by default;
 * another namespace only when Traefik allows it (providers.kubernetesCRD.allowCrossNamespace).
 */
import { leftOut, NOT_APPLIED } from '../lib/applied.ts';
import { CROSS_NAMESPACE, crossNamespaceRefused, hostOf } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-middleware',
    code: 'INCONSISTENT',
    description:
      'An applied IngressRoute uses a Middleware that is not defined in the namespace it names (its own unless the reference says another), or one of another namespace when the Traefik values in the manifests do not allow cross-namespace references.',
    messages: {
      missing:
        'Route for {{host}} uses middleware `{{middleware}}`, which is not defined in namespace {{namespace}}.',
      notApplied: `Route for {{host}} uses middleware \`{{middleware}}\`, which is ${NOT_APPLIED}.`,
      crossNamespace: `Route for {{host}} uses middleware \`{{middleware}}\` of namespace {{namespace}}, which Traefik refuses: \`${CROSS_NAMESPACE}\` is not true in its values.`,
    },
    hints: {
      missing: 'Define the Middleware or remove it from the route.',
      notApplied:
        "List the Middleware's file in the kustomization's resources, or remove it from the route.",
      crossNamespace: `Define the Middleware in the route's namespace, or set \`${CROSS_NAMESPACE}: true\` in the Traefik values.`,
    },
    fix: "Define the Middleware in the route's namespace or remove it from the route.",
    docs: '#rule-dangling-middleware',
  },
  create(context) {
    return {
      route(r) {
        if (!r.applied || r.kind !== 'IngressRoute') return;
        const refused = crossNamespaceRefused(context.result);
        for (const { namespace, name } of r.middlewareRefs) {
          const named = context.ex.middlewares.filter(
            (x) => x.name === name && x.namespace === namespace,
          );
          const m = named.find((x) => x.applied) ?? named[0];
          const missing = m ? leftOut(context.ex, m) : null;
          const messageId =
            namespace !== r.namespace && refused
              ? 'crossNamespace'
              : !m
                ? 'missing'
                : missing
                  ? 'notApplied'
                  : null;
          if (messageId)
            context.report({
              messageId,
              data: { host: hostOf(r), middleware: name, namespace },
              file: r.source.file,
              line: r.source.line,
              ...(messageId === 'notApplied' ? { config: missing!, related: [m!.source] } : {}),
            });
        }
      },
    };
  },
});
