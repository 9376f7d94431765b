/**
 * `npm run bench`: how fast the drift check, the extract and the build are,
 * each against a baseline measured in the same run:
 *
 * - check: `npm run -s check` and the bare `node cli/bin.ts check`, with the extract;
 * - render: the check of a Kustomize overlay against the plain resources list;
 * - scale: the check at 100 and 1,000 manifest documents (synthetic renamed copies);
 * - build: the book against a plain Starlight site of the same pages and words,
 *   warm (dist removed) and cold (every cache removed), interleaved.
 *
 * Several runs each, interleaved where two things are compared; medians and ratios.
 * The machine's load average is printed: on a busy machine read the ratios and CPU times.
 *
 *   npm run bench -- [--runs N] [--build-runs N] [--only check,render,scale,build] [--no-build]
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { compareBuilds, type BuildFigures } from './builds.ts';
import { checkFigures, renderFigures, scaling, type ScalePoint } from './checks.ts';
import { loadAverage, verdict } from './measure.ts';

const SECTIONS = ['check', 'render', 'scale', 'build'] as const;
type Section = (typeof SECTIONS)[number];

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      'build-runs': { type: 'string', default: '3' },
      only: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
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
  const only = values.only?.split(',') ?? [...SECTIONS];
  const unknown = only.find((s) => !SECTIONS.includes(s as Section));
  if (unknown) {
    console.error(`--only takes ${SECTIONS.join(', ')} (comma-separated); got \`${unknown}\`.`);
    process.exit(2);
  }
  const sections = new Set(only as Section[]);
  if (values['no-build']) sections.delete('build');
  return {
    runs: count('runs', values.runs),
    buildRuns: count('build-runs', values['build-runs']),
    sections,
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

function buildSummary(b: BuildFigures): void {
  const line = (what: string, book: number, plain: number, target: number, cpu: string) =>
    console.log(
      `  ${verdict(book / plain <= target)} ${what} build: book ${(book / 1000).toFixed(2)} s / plain ${(plain / 1000).toFixed(2)} s = ${ratio(book, plain)} (target ≤ ${target}×; cpu ${cpu})`,
    );
  line(
    'warm',
    b.warm.book.median,
    b.warm.plain.median,
    1.25,
    ratio(b.warm.book.cpu, b.warm.plain.cpu),
  );
  line(
    'cold',
    b.cold.book.median,
    b.cold.plain.median,
    1.5,
    ratio(b.cold.book.cpu, b.cold.plain.cpu),
  );
}

const { runs, buildRuns, sections } = options();
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
  const b = compareBuilds(buildRuns);
  summary.push(() => buildSummary(b));
}

console.log(`\nFigures (load now ${loadAverage()}):`);
for (const s of summary) s();
