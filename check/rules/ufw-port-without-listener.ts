/** A port UFW opens must be used by something: a Traefik entrypoint or a host listener. */
import { portRange } from '../lib/ports.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'ufw-port-without-listener',
    code: 'INCONSISTENT',
    description: 'A UFW rule opens a port that no Traefik entrypoint or host listener uses.',
    messages: {
      open: 'UFW rule `{{rule}}` opens {{port}}/{{protocol}}, but no Traefik entrypoint or host listener uses that port.',
    },
    hints: {
      open: 'Close the port (remove the rule) or add the service that listens on it to the Traefik values or the node inventory.',
    },
    fix: 'Close the port, or add what listens on it to the Traefik values or the node inventory.',
    docs: '#rule-ufw-port-without-listener',
  },
  create(context) {
    const { ex } = context;
    return {
      ufwRule(r) {
        const range = portRange(r.port);
        if (!range) return;
        const proto = r.protocol.toLowerCase();
        const listener = ex.hostListeners.some((l) => {
          const lr = portRange(l.port);
          return (
            lr &&
            lr[0] <= range[0] &&
            range[1] <= lr[1] &&
            (proto === 'any' || l.protocol.toLowerCase() === proto)
          );
        });
        const ep = (ex.traefik?.entrypoints ?? []).some(
          (e) => e.port >= range[0] && e.port <= range[1],
        );
        if (listener || ep) return;
        context.report({
          messageId: 'open',
          data: { rule: r.name, port: r.port, protocol: r.protocol },
          file: r.source.file,
          line: r.source.line,
        });
      },
    };
  },
});
