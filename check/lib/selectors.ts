/**
 * The label selectors of the model's objects, whole: `matchLabels` and
 * `matchExpressions` together, so the pods a rule selects and the selector its
 * message shows are the same object's.
 */
import type {
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  Pdb,
  Workload,
} from '../../engine/index.ts';

/** A plain label map (a Service's selector, a nodeSelector, a pod template's labels). */
export const labelsOnly = (matchLabels: Record<string, string>): LabelSelector => ({
  matchLabels,
  matchExpressions: [],
});

export const pdbSelector = (p: Pdb): LabelSelector => ({
  matchLabels: p.selector,
  matchExpressions: p.selectorExpressions,
});

export const workloadSelector = (w: Workload): LabelSelector => ({
  matchLabels: w.selector,
  matchExpressions: w.selectorExpressions,
});

export const policySelector = (p: NetworkPolicy): LabelSelector => ({
  matchLabels: p.podSelector,
  matchExpressions: p.podSelectorExpressions,
});

/** A peer's podSelector; null when the peer has none (an ipBlock or a namespace peer). */
export const peerSelector = (peer: NetworkPolicyPeer): LabelSelector | null =>
  peer.podSelector === null
    ? null
    : { matchLabels: peer.podSelector, matchExpressions: peer.podSelectorExpressions };
