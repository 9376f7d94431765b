/**
 * A container told which port to listen on (env `PORT`, which Node servers and Next.js read;
 * a `--port` flag, as Redis takes; an address flag such as VictoriaMetrics' `-httpListenAddr`
 * or Prometheus exporters' `--web.listen-address`) while it declares containerPorts that do
 * not include that port: the Service, probes and NetworkPolicies written from the declared
 * ports then aim at a port nothing listens on. A container that declares no ports, port 0
 * (Redis: no TCP at all) and a loopback address (a sidecar's upstream) are passed over.
 */
import { type Container, type Workload } from '../../engine/index.ts';
import { flagSettings, settingsOf, type Setting } from '../lib/config-reads.ts';
import { containerAt } from '../lib/locate.ts';
import { declaredPorts, listenAddressPort, portNumber } from '../lib/ports.ts';
import { defineRule } from '../rule.ts';

/** Flags whose value is a port number. */
const PORT_FLAGS = new Set(['port', 'http-port']);
/** Flags whose value is a `host:port` address to listen on. */
const ADDRESS_FLAGS = new Set([
  'httpListenAddr',
  'web.listen-address',
  'listen-address',
  'secure-listen-address',
]);
/** The port a setting tells the container to listen on, or null. */
function listenPort(s: Setting, isFlag: boolean): number | null {
  if (isFlag ? PORT_FLAGS.has(s.key) : s.key === 'PORT') return portNumber(s.value.trim());
  return isFlag && ADDRESS_FLAGS.has(s.key) ? listenAddressPort(s.value) : null;
}

export default defineRule({
  meta: {
    id: 'undeclared-listen-port',
    code: 'INCONSISTENT',
    description:
      'A container is told to listen on a port (env `PORT`, a `--port` or listen-address flag) that its declared containerPorts do not include.',
    messages: {
      undeclared:
        '{{setting}} tells `{{workload}}/{{container}}` to listen on port {{port}}, which the container does not declare ({{ports}}).',
    },
    hints: {
      undeclared:
        'Declare the port (and aim the Service and probes at it), or set the port the container declares.',
    },
    fix: 'Make the listen setting and the declared containerPort agree.',
    docs: '#rule-undeclared-listen-port',
  },
  create(context) {
    const { ex, shared } = context;
    return {
      container(c: Container, w: Workload) {
        if (!w.applied || !c.ports.length) return;
        const settings = [
          ...settingsOf(c, w.namespace, ex.configMaps).map((s) => ({ s, flag: false })),
          ...flagSettings(c).map((s) => ({ s, flag: true })),
        ];
        for (const { s, flag } of settings) {
          const port = listenPort(s, flag);
          if (port === null || c.ports.some((p) => p.containerPort === port)) continue;
          context.report({
            messageId: 'undeclared',
            data: {
              setting: s.label,
              workload: w.name,
              container: c.name,
              port,
              ports: declaredPorts(c),
            },
            ...s.source,
            config: containerAt(shared, w, c, ['ports']),
          });
        }
      },
    };
  },
});
