/**
 * A NetworkPolicy peer (`from`/`to` with a podSelector and no
 * namespaceSelector) that matches no pod allows nothing
 * (kube-linter: dangling-networkpolicypeer-podselector).
 */
import { showSelector } from '../../engine/index.ts';
import { peerSelector } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'dangling-networkpolicypeer-podselector',
    code: 'INCONSISTENT',
    description:
      'A NetworkPolicy ingress or egress peer whose podSelector (without namespaceSelector) matches no pod of its namespace.',
    messages: {
      dangling:
        'NetworkPolicy `{{name}}` allows {{direction}} {{way}} pods labelled {{selector}}, and no pod has those labels.',
      empty:
        'NetworkPolicy `{{name}}` allows {{direction}} {{way}} every pod of namespace {{namespace}}, and the manifests run no pod there.',
    },
    hints: {
      dangling:
        "Fix the peer's podSelector or the pods' labels; as written the rule allows nothing.",
      empty:
        'Name the namespace whose pods it means with a namespaceSelector, or add the workloads it is for.',
    },
    fix: "Fix the peer's podSelector or the pods' labels.",
    docs: '#rule-dangling-networkpolicypeer-podselector',
  },
  create(context) {
    const { shared } = context;
    return {
      networkPolicy(p) {
        if (!p.applied) return;
        for (const direction of ['ingress', 'egress'] as const)
          p[direction].forEach((rule, i) =>
            rule.peers.forEach((peer, j) => {
              const selector = peerSelector(peer);
              if (!selector || peer.namespaceSelector) return;
              if (
                shared.podsOf(p.namespace, selector).length ||
                shared.operatorPods(p.namespace, selector)
              )
                return;
              const shown = showSelector(selector);
              context.report({
                // `{}` picks every pod: what is missing is pods, not labels.
                messageId: shown ? 'dangling' : 'empty',
                data: {
                  name: p.name,
                  direction,
                  way: direction === 'ingress' ? 'from' : 'to',
                  selector: shown,
                  namespace: p.namespace,
                },
                ...peer.source,
              });
            }),
          );
      },
    };
  },
});
