/** An exposed Traefik entrypoint needs a UFW rule for its port, or nothing reaches it. */
import { portRange } from '../lib/ports.ts';
import { ufwRulesLine } from '../lib/ufw.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'entrypoint-without-ufw-rule',
    code: 'INCONSISTENT',
    description: 'A Traefik entrypoint is exposed on a port that UFW does not allow.',
    messages: {
      closed:
        'Traefik entrypoint `{{entrypoint}}` is exposed on port {{port}}, but UFW does not allow that port.',
    },
    hints: {
      closed:
        "Add a UFW rule for the port (from Cloudflare's ranges for public traffic) or stop exposing the entrypoint.",
    },
    fix: 'Add a UFW rule for the port, or stop exposing the entrypoint.',
    docs: '#rule-entrypoint-without-ufw-rule',
  },
  create(context) {
    const ufw = context.ex.ufw;
    const rulesAt = ufwRulesLine(context.result);
    return {
      entrypoint(e) {
        if (!ufw || !e.exposed) return;
        const allowed = ufw.rules.some((r) => {
          const range = portRange(r.port);
          return range && range[0] <= e.port && e.port <= range[1];
        });
        if (allowed) return;
        context.report({
          messageId: 'closed',
          data: { entrypoint: e.name, port: e.port },
          file: e.source.file,
          line: e.source.line,
          config: rulesAt ?? ufw.source,
        });
      },
    };
  },
});
