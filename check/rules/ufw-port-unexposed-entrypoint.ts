/** A UFW rule for a Traefik entrypoint's port is pointless while the entrypoint is not exposed. */
import { portRange } from '../lib/ports.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'ufw-port-unexposed-entrypoint',
    code: 'INCONSISTENT',
    description: 'A UFW rule opens the port of a Traefik entrypoint that is not exposed.',
    messages: {
      unexposed:
        "UFW rule `{{rule}}` opens {{port}}/{{protocol}} for Traefik's `{{entrypoint}}` entrypoint, which is not exposed.",
    },
    hints: { unexposed: 'Expose the entrypoint in the HelmChartConfig or remove the UFW rule.' },
    fix: 'Expose the entrypoint in the HelmChartConfig or remove the UFW rule.',
    docs: '#rule-ufw-port-unexposed-entrypoint',
  },
  create(context) {
    return {
      ufwRule(r) {
        const range = portRange(r.port);
        if (!range) return;
        const ep = (context.ex.traefik?.entrypoints ?? []).find(
          (e) => e.port >= range[0] && e.port <= range[1],
        );
        if (!ep || ep.exposed) return;
        context.report({
          messageId: 'unexposed',
          data: { rule: r.name, port: r.port, protocol: r.protocol, entrypoint: ep.name },
          file: r.source.file,
          line: r.source.line,
          config: ep.source,
        });
      },
    };
  },
});
