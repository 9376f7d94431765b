/**
 * An IngressRoute is served on the entrypoints it names, and Traefik skips a route that names an
 * entrypoint it does not have ("entryPoint not found"): the host answers 404 on the entrypoints
 * that do exist. Traefik has the ports of its Helm values, the chart's own (`web`, `websecure`,
 * `traefik`, `metrics`) and any `--entryPoints.<name>.…` of its additionalArguments. Judged only
 * when the Traefik values are in the manifests.
 */
import { defineRule } from '../rule.ts';

/** The entrypoints the Traefik chart defines whatever the values say. */
const CHART_DEFAULTS = ['web', 'websecure', 'traefik', 'metrics'];

export default defineRule({
  meta: {
    id: 'route-unknown-entrypoint',
    code: 'INCONSISTENT',
    description:
      'An applied IngressRoute names an entrypoint Traefik does not define (not in the ports of its values, the chart’s defaults or its additionalArguments): Traefik skips the route.',
    messages: {
      unknown:
        'IngressRoute `{{name}}` is served on entrypoint `{{entrypoint}}`, which Traefik does not define (it has {{known}}).',
    },
    hints: { unknown: 'Name one of the entrypoints Traefik has, or add the port to its values.' },
    fix: 'Name an entrypoint Traefik defines, or define it in the Traefik values.',
    docs: '#rule-route-unknown-entrypoint',
  },
  create(context) {
    const traefik = context.ex.traefik;
    const seen = new Set<string>();
    const known = (): Set<string> => {
      // `--entryPoints.<name>.address=…` anywhere in the values text (additionalArguments).
      const config = context.result.load.objects.find(
        (o) => o.kind === 'HelmChartConfig' && o.name === 'traefik',
      );
      const text = String((config?.obj.spec as { valuesContent?: unknown })?.valuesContent ?? '');
      const extra = [...text.matchAll(/--entry[pP]oints\.([\w-]+)\./g)].map((m) => m[1]);
      return new Set([...CHART_DEFAULTS, ...traefik!.entrypoints.map((e) => e.name), ...extra]);
    };
    let names: Set<string> | null = null;
    return {
      route(r) {
        if (!traefik || !r.applied || r.kind !== 'IngressRoute') return;
        const id = `${r.namespace}/${r.name}`;
        if (seen.has(id)) return;
        seen.add(id);
        names ??= known();
        for (const ep of r.entryPoints) {
          if (names.has(ep)) continue;
          const at = context.shared.at(
            'IngressRoute',
            r.namespace,
            r.name,
            ['spec', 'entryPoints'],
            r.source,
          );
          context.report({
            messageId: 'unknown',
            data: {
              name: r.name,
              entrypoint: ep,
              known: [...names].map((n) => `\`${n}\``).join(', '),
            },
            ...at,
            config: traefik.entrypoints[0]?.source ?? traefik.source,
          });
        }
      },
    };
  },
});
