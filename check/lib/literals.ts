/**
 * Config values typed into the book by hand, found by pattern and by value.
 *
 * What counts: IPv4 addresses and CIDRs; image references and image tags known
 * to the manifests; binary-suffixed quantities (`128Mi`) and CPU quantities the
 * manifests use (`500m`); k3s node hostnames; `key: N` / `key=N` settings
 * (replicas, ports, probe fields); "N replicas"; ports the manifests define
 * written as `:N` or "port N"; versions and prices the facts hold.
 */
import type { Fact } from '../../engine/index.ts';
import type { ExtractResult } from '../../engine/index.ts';

export interface Literal {
  col: number;
  text: string;
  what: string;
  fact?: Fact;
}

export interface Matcher {
  scan(text: string): Literal[];
}

const CONFIG_FIELDS =
  'replicas|minAvailable|maxUnavailable|maxSurge|minReplicas|maxReplicas|containerPort|targetPort|nodePort|hostPort|port|failureThreshold|periodSeconds|initialDelaySeconds|timeoutSeconds|averageUtilization';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the matcher once per check run from the facts. */
export function literalMatcher(result: ExtractResult): Matcher {
  const facts = [...result.registry.facts.values()];
  // When several facts hold a value, name the most direct one: a scalar before a list,
  // then the shortest key (`cluster.k3s` before `node/hetzner1.k3s`).
  const byValue = new Map<string, Fact>();
  const ranked = [...facts].sort(
    (a, b) =>
      Number(Array.isArray(a.value)) - Number(Array.isArray(b.value)) ||
      a.key.length - b.key.length,
  );
  for (const f of ranked) {
    const vals = Array.isArray(f.value) ? f.value : [f.value];
    for (const v of vals) if (v !== null && !byValue.has(String(v))) byValue.set(String(v), f);
  }
  const ports = new Set(
    facts
      .filter((f) => f.class === 'port')
      .flatMap((f) => String(f.value).split(/[:–-]/))
      .filter((p) => /^\d{2,5}$/.test(p)),
  );
  const cpuQty = new Set(
    facts
      .filter((f) => f.class === 'quantity' && /^\d+(\.\d+)?m$/.test(String(f.value)))
      .map((f) => String(f.value)),
  );
  const exact = new Set<string>();
  for (const f of ranked) {
    const vals = Array.isArray(f.value) ? f.value : [f.value];
    for (const v of vals.map(String)) {
      if (
        (f.class === 'image' && v.includes(':')) ||
        (f.class === 'hostname' && f.key.startsWith('node/')) ||
        (f.class === 'version' && /\d\.\d/.test(v) && v.length >= 3) ||
        (f.class === 'price' && /\d/.test(v))
      )
        exact.add(v);
      if (f.class === 'version' && f.key.endsWith('.imageTag') && v.length >= 5) exact.add(v);
      // `v1.34.6+k3s1` is also typed as `v1.34.6` or `1.34.6`.
      if (f.class === 'version' && /^v?\d+\.\d+\.\d+/.test(v)) {
        const core = /^v?(\d+\.\d+\.\d+)/.exec(v)![1];
        exact.add(core);
        exact.add(`v${core}`);
        if (!byValue.has(core)) byValue.set(core, f);
        if (!byValue.has(`v${core}`)) byValue.set(`v${core}`, f);
      }
      if (f.class === 'price') exact.add(f.display);
    }
  }
  const exactRe = exact.size
    ? new RegExp(
        `(?<![\\w.-])(${[...exact]
          .sort((a, b) => b.length - a.length)
          .map(escapeRe)
          .join('|')})(?![\\w-]|\\.\\d)`,
        'g',
      )
    : null;
  const patterns: {
    re: RegExp;
    what: string;
    keep?: (m: RegExpMatchArray) => boolean;
    group?: number;
  }[] = [
    // Loopback and the documentation ranges (RFC 5737) are examples, not config.
    {
      re: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?!\w|\.\d)/g,
      what: 'IP address',
      keep: (m) => !/^(127\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/.test(m[0]),
    },
    { re: /(?<![\w.])\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|Pi|Ei)(?![\w])/g, what: 'resource quantity' },
    {
      re: /(?<![\w.])\d+(?:\.\d+)?m(?![\w])/g,
      what: 'CPU quantity',
      keep: (m) => cpuQty.has(m[0]),
    },
    { re: new RegExp(`\\b(?:${CONFIG_FIELDS})\\s*[:=]\\s*\\d+\\b`, 'g'), what: 'setting' },
    { re: /--replicas[= ]\d+\b/g, what: 'replica count' },
    { re: /\b\d+\s+replicas?\b/g, what: 'replica count' },
    {
      re: /(?<![\w/.])(?:port|Port|PORT)\s+(\d{2,5})\b/g,
      what: 'port',
      keep: (m) => ports.has(m[1]),
    },
    { re: /(?<=[\s(`"'=]|^):(\d{2,5})\b/g, what: 'port', keep: (m) => ports.has(m[1]) },
  ];
  return {
    scan(text: string): Literal[] {
      const out: Literal[] = [];
      const taken: [number, number][] = [];
      const add = (index: number, t: string, what: string) => {
        if (taken.some(([a, b]) => index < b && index + t.length > a)) return;
        taken.push([index, index + t.length]);
        const bare = t
          .replace(/^.*?[:=\s]\s*(?=\d)/, '')
          .replace(/\/\d+$/, '')
          .replace(/\s+replicas?$/, '');
        out.push({
          col: index + 1,
          text: t,
          what,
          fact: byValue.get(t) ?? byValue.get(bare) ?? byValue.get(t.replace(/^:/, '')),
        });
      };
      if (exactRe) for (const m of text.matchAll(exactRe)) add(m.index ?? 0, m[0], 'config value');
      for (const p of patterns)
        for (const m of text.matchAll(p.re))
          if (!p.keep || p.keep(m)) add(m.index ?? 0, m[0], p.what);
      return out.sort((a, b) => a.col - b.col);
    },
  };
}
