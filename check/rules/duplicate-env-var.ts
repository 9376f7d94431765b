/** An env variable set twice in one container: only the last one applies (kube-linter: duplicate-env-var). */
import type { Source } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  meta: {
    id: 'duplicate-env-var',
    code: 'INCONSISTENT',
    description: 'A container sets the same environment variable twice; only the last one applies.',
    messages: {
      duplicate:
        'Container `{{workload}}/{{container}}` sets `{{env}}` twice; only this one applies.',
    },
    hints: { duplicate: 'Delete one of the two entries (the other is at the config line).' },
    fix: 'Delete one of the two entries.',
    docs: '#rule-duplicate-env-var',
  },
  create(context) {
    return {
      container(c, w) {
        const seen = new Map<string, Source>();
        for (const e of c.env) {
          const first = seen.get(e.name);
          if (!first) {
            seen.set(e.name, e.source);
            continue;
          }
          context.report({
            messageId: 'duplicate',
            data: { workload: w.name, container: c.name, env: e.name },
            ...e.source,
            config: first,
          });
        }
      },
    };
  },
});
