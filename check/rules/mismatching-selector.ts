/**
 * A workload's selector must match its own pod template's labels; the API
 * server rejects one that does not (kube-linter: mismatching-selector).
 */
import { selects, showLabels } from '../lib/selector.ts';
import { podSpecPath, workloadAt } from '../lib/locate.ts';
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
    const { shared } = context;
    return {
      workload(w) {
        if (!Object.keys(w.selector).length || selects(w.podLabels, w.selector)) return;
        const template = podSpecPath(w.kind).slice(0, -1);
        context.report({
          messageId: 'mismatch',
          data: {
            kind: w.kind,
            name: w.name,
            selector: showLabels(w.selector),
            labels: showLabels(w.podLabels) || '(nothing)',
          },
          ...workloadAt(shared, w, [
            ...(w.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec']),
            'selector',
          ]),
          config: workloadAt(shared, w, [...template, 'metadata', 'labels']),
        });
      },
    };
  },
});
