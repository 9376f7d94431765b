/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and prints where the time went:
 * self time per package or project folder, and the total (inclusive) time of
 * the functions of the project's own code that cost the most.
 *
 *   npx node --cpu-prof --cpu-prof-dir=prof node_modules/astro/bin/astro.mjs build
 *   npx node scripts/bench/cpu-profile.ts prof/*.cpuprofile [--top N] [--match REGEX]
 *                                         [--from MS] [--to MS]
 *
 * `--match` lists the inclusive time of every function whose `file:name` matches. `--from` and
 * `--to` keep the samples of a window, in milliseconds from the profile's start (the time up
 * to a phase line of the build log, say).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: a package, a project folder, Node itself, or V8's bookkeeping. */
function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m =
    /\/(engine|mdx|check|changes|cli|scripts|src\/lib|src\/components|src\/content|dist)\//.exec(
      url,
    );
  return m ? m[1] : url.replace(/^file:\/\//, '');
}

/** Where to look: how many rows, which functions, which window of the profile (ms from its start). */
interface View {
  top: number;
  match: RegExp | null;
  from: number;
  to: number;
}

function summarize(p: Profile, { top, match, from, to }: View): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = 0;
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    if (at >= from && at < to) self.set(id, (self.get(id) ?? 0) + ms);
  });
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    // Inclusive time per function, each function counted once per stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const key = `${f.url.replace(/^file:\/\/.*?\/(?=(engine|mdx|check|changes|cli|src|node_modules)\/)/, '')}:${f.lineNumber + 1} ${f.functionName || '(anonymous)'}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const total = (p.endTime - p.startTime) / 1000;
  const window =
    from > 0 || to < Infinity ? `, window ${from}–${Math.min(to, total).toFixed(0)} ms` : '';
  console.log(`profile: ${total.toFixed(0)} ms${window}`);
  console.log('self time by area:');
  for (const [a, ms] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${a}`);
  const rows = [...inclusive].filter(([k]) =>
    match ? match.test(k) : !k.includes('node_modules/') && !k.startsWith('node:'),
  );
  console.log(match ? `inclusive time, matching ${match}:` : 'inclusive time, project code:');
  for (const [k, ms] of rows.sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      match: { type: 'string' },
      from: { type: 'string', default: '0' },
      to: { type: 'string', default: 'Infinity' },
    },
  });
  for (const file of positionals) {
    console.log(`\n== ${file}`);
    summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, {
      top: Number(values.top),
      match: values.match ? new RegExp(values.match) : null,
      from: Number(values.from),
      to: Number(values.to),
    });
  }
}
