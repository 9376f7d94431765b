/** A nodeSelector that no node's labels satisfy leaves the pod Pending forever. */
import { selects, showSelector } from '../../engine/index.ts';
import { podSpecPath, workloadAt } from '../lib/locate.ts';
import { labelsOnly } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'unschedulable-node-selector',
    code: 'INCONSISTENT',
    description: "A workload's nodeSelector matches the labels of no node in the inventory.",
    messages: {
      none: '{{kind}} `{{name}}` requires nodes labelled {{labels}}, and no node in the inventory has that label.',
    },
    hints: {
      none: 'Label a node (kubectl label node …) and record it in hosts/nodes.yaml, or change the nodeSelector; otherwise the pod stays Pending.',
    },
    fix: 'Label a node and record it in hosts/nodes.yaml, or change the nodeSelector.',
    docs: '#rule-unschedulable-node-selector',
  },
  create(context) {
    const nodes = context.ex.nodes;
    return {
      workload(w) {
        if (!nodes.length || !w.applied || !Object.keys(w.nodeSelector).length) return;
        if (nodes.some((n) => selects(labelsOnly(w.nodeSelector), n.labels))) return;
        context.report({
          messageId: 'none',
          data: {
            kind: w.kind,
            name: w.name,
            labels: showSelector(labelsOnly(w.nodeSelector)),
          },
          ...workloadAt(context.shared, w, [...podSpecPath(w.kind), 'nodeSelector']),
          config: nodes[0].source,
        });
      },
    };
  },
});
