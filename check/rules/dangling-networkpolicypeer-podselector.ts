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
    },
    hints: {
      dangling:
        "Fix the peer's podSelector or the pods' labels; as written the rule allows nothing.",
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
              if (shared.podsOf(p.namespace, selector).length) return;
              context.report({
                messageId: 'dangling',
                data: {
                  name: p.name,
                  direction,
                  way: direction === 'ingress' ? 'from' : 'to',
                  selector: showSelector(selector) || '(any)',
                },
                ...peer.source,
              });
            }),
          );
      },
    };
  },
});
