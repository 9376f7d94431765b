/**
 * A Service's targetPort (a number or a port name) must be declared by a container it selects.
 * A name must be, or the endpoints get no port. A number reaches whatever listens on it, declared
 * or not (containerPort is informational): it is judged only when the containers declare their
 * ports, so that one they do not is a mismatch, not a list left out.
 */
import { runningContainers } from '../../engine/index.ts';
import { flaggedPorts } from '../lib/ports.ts';
import { labelsOnly } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'service-target-port',
    code: 'INCONSISTENT',
    description:
      'A Service targets a port name that no container of the pods it selects declares, or a port number none of them declares (while they declare others) nor is told by a flag to listen on.',
    messages: {
      missing: 'Service `{{name}}` targets port {{port}}, which no selected container exposes.',
    },
    hints: { missing: 'Match targetPort to a containerPort (or its name).' },
    fix: 'Match targetPort to a containerPort (or its name).',
    docs: '#rule-service-target-port',
  },
  create(context) {
    const { shared } = context;
    return {
      service(s) {
        if (!s.applied || !Object.keys(s.selector).length) return;
        const pods = shared.podsOf(s.namespace, labelsOnly(s.selector));
        if (!pods.length) return;
        const have = shared.containerPorts(pods);
        const declares = [...have].some(Boolean);
        // A number the containers' flags tell them to listen on is served, declared or not.
        const flagged = new Set(
          pods.flatMap((w) => runningContainers(w).flatMap((x) => [...flaggedPorts(x)])),
        );
        const c = pods[0].containers.find((x) => x.ports.length) ?? pods[0].containers[0];
        s.ports.forEach((p, i) => {
          if (have.has(String(p.targetPort))) return;
          if (typeof p.targetPort === 'number' && (!declares || flagged.has(p.targetPort))) return;
          context.report({
            messageId: 'missing',
            data: { name: s.name, port: p.targetPort },
            ...shared.at(
              'Service',
              s.namespace,
              s.name,
              ['spec', 'ports', i, 'targetPort'],
              s.source,
            ),
            config: c?.ports[0]?.source ?? pods[0].source,
          });
        });
      },
    };
  },
});
