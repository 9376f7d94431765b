/** The probe-port rules (liveness-port, readiness-port, startup-port), in kube-linter's names. */
import { containerAt } from './locate.ts';
import { declaredPorts, flaggedPorts } from './ports.ts';
import { defineRule, type Rule } from '../rule.ts';

export function probePortRule(probe: 'liveness' | 'readiness' | 'startup'): Rule {
  return defineRule({
    meta: {
      id: `${probe}-port`,
      code: 'INCONSISTENT',
      description: `A container's ${probe} probe checks a port (number or name) the container does not declare, nor its flags tell it to listen on.`,
      messages: {
        missing:
          'The {{probe}} probe of `{{workload}}/{{container}}` checks port {{port}}, which the container does not declare ({{ports}}).',
      },
      hints: {
        missing:
          'Point the probe at one of the container ports (or its name), or declare the port.',
      },
      fix: 'Point the probe at a declared container port.',
      docs: `#rule-${probe}-port`,
    },
    create(context) {
      const { shared } = context;
      return {
        container(c, w) {
          const p = c.probes[probe];
          if (!p || p.port === null || p.type === 'exec') return;
          // A number reaches whatever listens on it; a container that declares no port at all
          // has only left its list out. A name is looked up in the list, and fails without it.
          if (!c.ports.length && typeof p.port === 'number') return;
          const ok = c.ports.some(
            (x) => String(x.containerPort) === String(p.port) || x.name === p.port,
          );
          if (ok || (typeof p.port === 'number' && flaggedPorts(c).has(p.port))) return;
          const field =
            p.type === 'tcpSocket' ? 'tcpSocket' : p.type === 'grpc' ? 'grpc' : 'httpGet';
          context.report({
            messageId: 'missing',
            data: {
              probe,
              workload: w.name,
              container: c.name,
              port: p.port,
              ports: c.ports.length ? declaredPorts(c) : 'it declares none',
            },
            ...containerAt(shared, w, c, [`${probe}Probe`, field, 'port']),
            config: containerAt(shared, w, c, c.ports.length ? ['ports'] : []),
          });
        },
      };
    },
  });
}
