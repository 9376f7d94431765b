/**
 * `npm run bench`: how fast the drift check, the extract and the build are,
 * each against a baseline measured in the same run:
 *
 * - check: `npm run -s check` and the bare `node cli/bin.js check`, with the extract;
 * - render: the check of a Kustomize overlay against the plain resources list;
 * - scale: the check at 100 and 1,000 manifest documents (synthetic renamed copies);
 * - build: the book against a plain Starlight site of the same pages and words,
 *   warm (dist removed) and cold (every cache removed), interleaved;
 * - caches (only when named in --only): where each site's cold build loses its time, as
 *   cold builds that keep one cache each.
 *
 * Several runs each, interleaved where two things are compared; medians and ratios.
 * The machine's load average is printed: on a busy machine read the ratios and CPU times.
 *
 *   npm run bench -- [--runs N] [--build-runs N] [--only check,render,scale,build,caches] [--no-build]
 *                    [--builds warm,cold] [--against REV] [--with-commands]
 *
 * `--against REV` also builds the book as committed at REV, interleaved with the others: the
 * effect of a change, measured on the same machine in the same minutes. `--with-commands` also
 * builds, for comparison, a plain site that keeps the book's command blocks as fenced code
 * blocks (which a plain Starlight book of these procedures would have): the verdicts stay
 * against the baseline, which drops them with the other components.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import {
  cacheFigures,
  compareBuilds,
  revisionToBuild,
  type BuildFigures,
  type CacheFigures,
  type Kind,
} from './builds.ts';
import { checkFigures, renderFigures, scaling, type ScalePoint } from './checks.ts';
import { loadAverage, pairedRatios, verdict, type Stats } from './measure.ts';

const SECTIONS = ['check', 'render', 'scale', 'build', 'caches'] as const;
type Section = (typeof SECTIONS)[number];
/** What a bare `npm run bench` measures; the cache breakdown takes minutes more. */
const DEFAULT_SECTIONS: Section[] = ['check', 'render', 'scale', 'build'];

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      'build-runs': { type: 'string', default: '3' },
      only: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      builds: { type: 'string', default: 'warm,cold' },
      against: { type: 'string' },
      'with-commands': { type: 'boolean' },
    },
  });
  const count = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`--${name} takes a whole number of runs; got \`${v}\`.`);
      process.exit(2);
    }
    return n;
  };
  const only = values.only?.split(',') ?? DEFAULT_SECTIONS;
  const unknown = only.find((s) => !SECTIONS.includes(s as Section));
  if (unknown) {
    console.error(`--only takes ${SECTIONS.join(', ')} (comma-separated); got \`${unknown}\`.`);
    process.exit(2);
  }
  const kinds = values.builds.split(',');
  if (!kinds.length || kinds.some((k) => k !== 'warm' && k !== 'cold')) {
    console.error(`--builds takes warm, cold or warm,cold; got \`${values.builds}\`.`);
    process.exit(2);
  }
  const sections = new Set(only as Section[]);
  if (values['no-build']) for (const s of ['build', 'caches'] as const) sections.delete(s);
  if (values.against && !sections.has('build')) {
    console.error(
      '--against REV compares builds: it needs the build section (drop --no-build, or add build to --only).',
    );
    process.exit(2);
  }
  if (values.against)
    try {
      revisionToBuild(values.against);
    } catch (e) {
      console.error((e as Error).message.trim());
      process.exit(2);
    }
  return {
    runs: count('runs', values.runs),
    buildRuns: count('build-runs', values['build-runs']),
    sections,
    kinds: kinds as Kind[],
    against: values.against ?? null,
    withCommands: values['with-commands'] ?? false,
  };
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function scaleSummary(points: ScalePoint[]): void {
  for (const p of points)
    console.log(
      `       ${p.docs} documents: ${p.ms.toFixed(0)} ms, ${(p.ms / p.docs).toFixed(2)} ms per document`,
    );
  const big = points.find((p) => p.docs >= 1000);
  if (big)
    console.log(
      `  ${verdict(big.ms <= 2000)} ${big.docs} documents: ${big.ms.toFixed(0)} ms (target ≤ 2000 ms)`,
    );
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    console.log(
      `       growth ${a.docs} → ${b.docs}: ${((b.ms - a.ms) / (b.docs - a.docs)).toFixed(3)} ms per added document (cpu ${((b.cpu - a.cpu) / (b.docs - a.docs)).toFixed(3)})`,
    );
  }
}

const TARGET: Record<Kind, number> = { warm: 1.25, cold: 1.5 };

function buildSummary(b: BuildFigures, against: string | null): void {
  const s = (x: Stats) => `${(x.median / 1000).toFixed(2)} s`;
  for (const kind of ['warm', 'cold'] as const) {
    const r = b.runs[kind];
    if (!r) continue;
    console.log(
      `  ${verdict(r.book.median / r.plain.median <= TARGET[kind])} ${kind} build: book ${s(r.book)} / plain ${s(r.plain)} = ${ratio(r.book.median, r.plain.median)} (target ≤ ${TARGET[kind]}×; cpu ${ratio(r.book.cpu, r.plain.cpu)})`,
    );
    const p = pairedRatios(r.book, r.plain);
    console.log(
      `       ${kind}, round by round: median ${p.median.toFixed(2)}×, from ${p.min.toFixed(2)}× to ${p.max.toFixed(2)}×`,
    );
    if (r.against)
      console.log(
        `       ${kind}: book ${s(r.book)} against ${s(r.against)} at ${against} = ${ratio(r.book.median, r.against.median)} (cpu ${ratio(r.book.cpu, r.against.cpu)}); ${r.against.median > r.book.median ? 'faster' : 'slower'} by ${Math.abs(r.against.median - r.book.median).toFixed(0)} ms`,
      );
    if (r.commands)
      console.log(
        `       ${kind}, for comparison (not the target's baseline): book ${s(r.book)} / plain with the commands ${s(r.commands)} = ${ratio(r.book.median, r.commands.median)} (cpu ${ratio(r.book.cpu, r.commands.cpu)})`,
      );
  }
}

function cacheSummary(sites: CacheFigures[]): void {
  for (const c of sites) {
    const gap = c.none.median - c.all.median;
    console.log(
      `       ${c.site}: cold ${(c.none.median / 1000).toFixed(2)} s, with every cache ${(c.all.median / 1000).toFixed(2)} s (${gap.toFixed(0)} ms apart; cpu ${(c.none.cpu - c.all.cpu).toFixed(0)} ms)`,
    );
    for (const p of c.parts)
      console.log(
        `         kept alone, ${p.name} saves ${(c.none.median - p.stats.median).toFixed(0)} ms (cpu ${(c.none.cpu - p.stats.cpu).toFixed(0)} ms)`,
      );
  }
}

const { runs, buildRuns, sections, kinds, against, withCommands } = options();
console.log(
  `honeyDue book benchmark — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} cores, load ${loadAverage()}; ${runs} runs (build ${buildRuns})`,
);
const summary: (() => void)[] = [];

if (sections.has('check')) {
  console.log('\nCheck and extract, real manifests and book (interleaved):');
  const c = checkFigures(runs);
  summary.push(() => {
    console.log(
      `  ${verdict(c.npm.median <= 600)} npm run -s check: ${c.npm.median.toFixed(0)} ms median (target ≤ 600 ms); without npm ${c.node.median.toFixed(0)} ms (npm costs ${(c.npm.median - c.node.median).toFixed(0)} ms)`,
    );
    console.log(`       extract / check = ${(c.extract.median / c.npm.median).toFixed(2)}`);
  });
}

if (sections.has('render')) {
  console.log('\nRendered input (check without npm, interleaved):');
  const r = renderFigures(runs);
  if (!r) console.log('  kubectl not installed: skipped');
  else
    summary.push(() =>
      console.log(
        `       rendering costs ${(r.overlay - r.plain).toFixed(0)} ms (${ratio(r.overlay, r.plain)} check), of which kubectl kustomize ${r.kustomize.toFixed(0)} ms`,
      ),
    );
}

if (sections.has('scale')) {
  console.log('\nScaling (check without npm, synthetic applied copies of the manifests):');
  const points = scaling([55, 100, 1000], Math.max(3, Math.min(runs, 5)));
  summary.push(() => scaleSummary(points));
}

if (sections.has('build')) {
  console.log('\nBuild, book against plain Starlight (interleaved; one untimed round first):');
  const b = compareBuilds(buildRuns, kinds, against, withCommands);
  summary.push(() => buildSummary(b, against));
}

if (sections.has('caches')) {
  console.log('\nCold builds, cache by cache (interleaved; one untimed round first):');
  const c = cacheFigures(buildRuns);
  summary.push(() => cacheSummary(c));
}

console.log(`\nFigures (load now ${loadAverage()}):`);
for (const s of summary) s();
