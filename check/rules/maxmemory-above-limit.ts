/**
 * Redis (and Valkey, KeyDB) evicts or refuses writes once its data reaches `maxmemory`. Set
 * at or above the container's memory limit, or to 0 (no bound), the data grows until the
 * kernel kills the container for passing the limit, and the eviction policy never acts.
 */
import { containerAt } from '../lib/locate.ts';
import { defineRule } from '../rule.ts';

const REDIS_LIKE = /(?:^|\/)(?:redis|valkey|keydb)(?:[-_][^/]*)?$/i;

/**
 * A Redis memory size in bytes, read as redis.conf defines its units (case-insensitive):
 * 1k = 1000, 1kb = 1024, 1m = 10^6, 1mb = 1024², 1g = 10^9, 1gb = 1024³; a bare number is
 * bytes. Null for anything else (a percentage, a typo).
 */
export function redisBytes(text: string): number | null {
  const m = /^(\d+)(k|kb|m|mb|g|gb)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase();
  const scale: Record<string, number> = {
    '': 1,
    k: 1e3,
    kb: 1024,
    m: 1e6,
    mb: 1024 ** 2,
    g: 1e9,
    gb: 1024 ** 3,
  };
  return Number(m[1]) * scale[unit];
}

export default defineRule({
  meta: {
    id: 'maxmemory-above-limit',
    code: 'INCONSISTENT',
    description:
      "A Redis, Valkey or KeyDB container's `--maxmemory` is at or above its memory limit, or 0 (no bound): the data outgrows the limit and the container is OOMKilled before the eviction policy acts.",
    messages: {
      above:
        'Container `{{workload}}/{{container}}` lets Redis hold `--maxmemory {{maxmemory}}`, which is not below its memory limit of {{limit}}: the container is OOMKilled before Redis reaches maxmemory and its eviction policy acts.',
      unbounded:
        'Container `{{workload}}/{{container}}` runs Redis with `--maxmemory 0`, no bound, under a memory limit of {{limit}}: Redis never evicts, and the container is OOMKilled when its data outgrows the limit.',
    },
    hints: {
      above:
        'Set maxmemory well below the limit (replication buffers, forks and fragmentation need room too), or raise the limit.',
      unbounded: 'Give maxmemory a size well below the limit.',
    },
    fix: 'Set maxmemory below the memory limit, or raise the limit.',
    docs: '#rule-maxmemory-above-limit',
  },
  create(context) {
    const { shared } = context;
    return {
      container(c, w) {
        const limit = c.limits.memory;
        const flag = c.flags.find((f) => f.flag === 'maxmemory');
        if (!w.applied || !limit || !flag || !REDIS_LIKE.test(c.imageRepository)) return;
        const bytes = redisBytes(flag.value);
        if (bytes === null || (bytes > 0 && bytes < limit.value)) return;
        context.report({
          messageId: bytes === 0 ? 'unbounded' : 'above',
          data: { workload: w.name, container: c.name, maxmemory: flag.value, limit: limit.raw },
          ...flag.source,
          config: containerAt(shared, w, c, ['resources', 'limits', 'memory']),
        });
      },
    };
  },
});
