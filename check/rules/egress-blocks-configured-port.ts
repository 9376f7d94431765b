/**
 * Ports the app is configured to dial (ConfigMap keys ending in _PORT) must be
 * allowed by the egress NetworkPolicies selecting its pods: a port nobody
 * allows is a connection that hangs.
 */
import { runningContainers, type Workload } from '../../engine/index.ts';
import { configMapReads } from '../lib/config-reads.ts';
import { egressAllowsPort, egressLine, egressPolicies } from '../lib/network-policy.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'egress-blocks-configured-port',
    code: 'INCONSISTENT',
    description:
      'A ConfigMap `*_PORT` setting a workload reads is a port none of the egress NetworkPolicies selecting that workload allow.',
    messages: {
      blocked:
        '`{{key}}` in ConfigMap `{{cm}}` is {{port}}, which {{workload}} dials, but no egress NetworkPolicy selecting {{workload}} ({{policies}}) allows port {{port}}.',
    },
    hints: { blocked: "Allow the port in the workload's egress policy, or correct the setting." },
    fix: "Allow the port in the workload's egress policy, or correct the setting.",
    docs: '#rule-egress-blocks-configured-port',
  },
  create(context) {
    const { ex, shared } = context;
    return {
      workload(w: Workload) {
        if (!w.applied) return;
        const egress = egressPolicies(ex.networkPolicies, w);
        if (!egress.length) return;
        const reported = new Set<string>();
        for (const c of runningContainers(w))
          for (const { cm, d } of configMapReads(c, w.namespace, ex.configMaps)) {
            if (!/_PORT$/i.test(d.key) || !/^\d{1,5}$/.test(d.value) || reported.has(d.key))
              continue;
            if (egressAllowsPort(egress, Number(d.value), null)) continue;
            reported.add(d.key);
            context.report({
              messageId: 'blocked',
              data: {
                key: d.key,
                cm,
                port: d.value,
                workload: w.name,
                policies: egress.map((p) => p.name).join(', '),
              },
              file: d.source.file,
              line: d.source.line,
              config: egressLine(shared, egress),
            });
          }
      },
    };
  },
});
