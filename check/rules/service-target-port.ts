/** A Service's targetPort (a number or a port name) must be declared by a container it selects. */
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'service-target-port',
    code: 'INCONSISTENT',
    description:
      'A Service targets a port (number or name) that no container of the pods it selects declares.',
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
        const pods = shared.podsOf(s.namespace, s.selector);
        if (!pods.length) return;
        const have = shared.containerPorts(pods);
        for (const p of s.ports)
          if (!have.has(String(p.targetPort)))
            context.report({
              messageId: 'missing',
              data: { name: s.name, port: p.targetPort },
              file: s.source.file,
              line: s.source.line,
              config: pods[0].source,
            });
      },
    };
  },
});
