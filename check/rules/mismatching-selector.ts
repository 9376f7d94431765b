/**
 * A workload's selector must match its own pod template's labels; the API
 * server rejects one that does not (kube-linter: mismatching-selector).
 */
import { isEmptySelector, selects, showSelector } from '../../engine/index.ts';
import { labelsOnly, workloadSelector } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'mismatching-selector',
    code: 'INCONSISTENT',
    description: "A workload's selector does not match the labels of its own pod template.",
    messages: {
      mismatch:
        '{{kind}} `{{name}}` selects {{selector}}, but its pod template is labelled {{labels}}.',
    },
    hints: {
      mismatch:
        'Make spec.selector.matchLabels a subset of spec.template.metadata.labels; the API server rejects the object otherwise.',
    },
    fix: 'Make the selector a subset of the pod template labels.',
    docs: '#rule-mismatching-selector',
  },
  create(context) {
    return {
      workload(w) {
        const selector = workloadSelector(w);
        if (isEmptySelector(selector)) return;
        if (selects(selector, w.podLabels)) return;
        context.report({
          messageId: 'mismatch',
          data: {
            kind: w.kind,
            name: w.name,
            selector: showSelector(selector),
            labels: showSelector(labelsOnly(w.podLabels)) || '(nothing)',
          },
          ...w.selectorSource,
          config: w.podLabelsSource,
        });
      },
    };
  },
});
