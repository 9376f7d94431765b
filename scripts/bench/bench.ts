/**
 * `npm run bench`: how fast the drift check is, against the extract and the
 * full build measured in the same run, and how check time grows with the
 * number of manifest documents (the real manifests copied ×10, ×20, ×100
 * under new names). Several runs each; medians reported.
 *
 *   npm run bench -- [--runs N] [--build-runs N] [--no-build]
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const RUNS = opt('runs', 7);
const BUILD_RUNS = opt('build-runs', 3);
const withBuild = !argv.includes('--no-build');

function time(cmd: string, args: string[], okCodes = [0]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!okCodes.includes(r.status ?? -1))
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 500)}`,
    );
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function bench(
  label: string,
  runs: number,
  fn: () => number,
): { label: string; median: number; min: number; runs: number } {
  fn(); // warm the file cache; not counted
  const xs = Array.from({ length: runs }, fn);
  const r = { label, median: median(xs), min: Math.min(...xs), runs };
  console.log(
    `  ${label.padEnd(34)} median ${r.median.toFixed(0).padStart(6)} ms   min ${r.min.toFixed(0).padStart(6)} ms   (${runs} runs)`,
  );
  return r;
}

/** Copies the manifests `factor` times, renaming every object so nothing collides. */
function scaled(factor: number): { dir: string; docs: number } {
  const dir = mkdtempSync(join(tmpdir(), `hd-bench-${factor}x-`));
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e)) files.push(p);
    }
  };
  walk('manifests');
  let docs = 0;
  for (let i = 0; i < factor; i++) {
    for (const f of files) {
      const rel = relative('manifests', f);
      // The node inventory, UFW, Cloudflare and kustomization stay single: they describe one cluster.
      if (i > 0 && /^(hosts|cloudflare|external)\/|kustomization/.test(rel)) continue;
      let text = readFileSync(f, 'utf8');
      if (i > 0)
        text = text
          .replace(/^(  name: )([\w.-]+)$/gm, `$1$2-c${i}`)
          .replace(/(app\.kubernetes\.io\/name: )([\w-]+)/g, `$1$2-c${i}`);
      const out = join(dir, i === 0 ? rel : `copy-${i}/${rel}`);
      cpSync(f, out);
      writeFileSync(out, text);
      docs += text.split(/^---$/m).filter((d) => /\bkind:/.test(d)).length;
    }
  }
  return { dir, docs };
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const node = process.execPath;
console.log(
  `honeyDue book benchmark — ${new Date().toISOString()} — node ${process.version}, ${RUNS} runs (build ${BUILD_RUNS})\n`,
);

console.log('Same run, real manifests and book:');
const check = bench('npm run -s check', RUNS, () => time(npm, ['run', '-s', 'check'], [0, 1]));
const checkNode = bench('check without npm (node bin)', RUNS, () =>
  time(node, ['cli/bin.ts', 'check'], [0, 1]),
);
const extract = bench('npm run -s extract --format json', RUNS, () =>
  time(npm, ['run', '-s', 'extract', '--', '--format', 'json']),
);
let build: ReturnType<typeof bench> | null = null;
if (withBuild)
  build = bench('npm run -s build (clean dist)', BUILD_RUNS, () => {
    rmSync('dist', { recursive: true, force: true });
    return time(npm, ['run', '-s', 'build']);
  });

// Rendered input: the real root kustomization is a plain resources list, read without Kustomize;
// the same manifests with one `images:` override need `kubectl kustomize` (engine/render/).
let rendered: { plain: number; overlay: number; kustomize: number } | null = null;
const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (kubectl) {
  console.log('\nRendered input (check without npm):');
  const overlay = mkdtempSync(join(tmpdir(), 'hd-bench-overlay-'));
  cpSync('manifests', overlay, { recursive: true });
  const k = join(overlay, 'kustomization.yaml');
  writeFileSync(k, `${readFileSync(k, 'utf8')}images:\n  - name: redis\n    newTag: 7.4-alpine\n`);
  const plain = bench('resources list (no renderer)', RUNS, () =>
    time(node, ['cli/bin.ts', 'check', '--format', 'json'], [0, 1]),
  );
  const over = bench('with an images: override', RUNS, () =>
    time(node, ['cli/bin.ts', 'check', '--manifests', overlay, '--format', 'json'], [0, 1]),
  );
  const kz = bench('kubectl kustomize alone', RUNS, () => time('kubectl', ['kustomize', overlay]));
  rendered = { plain: plain.median, overlay: over.median, kustomize: kz.median };
  rmSync(overlay, { recursive: true, force: true });
}

console.log('\nScaling (check without npm, synthetic copies of the manifests):');
const scale: { docs: number; ms: number }[] = [];
for (const factor of [1, 10, 20, 100]) {
  const { dir, docs } = scaled(factor);
  const r = bench(
    `${docs} documents (×${factor})`,
    Math.max(3, Math.min(RUNS, factor >= 100 ? 3 : RUNS)),
    () => time(node, ['cli/bin.ts', 'check', '--manifests', dir, '--format', 'json'], [0, 1]),
  );
  scale.push({ docs, ms: r.median });
  rmSync(dir, { recursive: true, force: true });
}

console.log('\nFigures:');
const ok = (b: boolean) => (b ? 'ok  ' : 'MISS');
console.log(
  `  ${ok(check.median <= 1000)} check median ${check.median.toFixed(0)} ms (target ≤ 1000 ms)`,
);
if (build)
  console.log(
    `  ${ok(check.median / build.median <= 0.1)} check / build = ${((check.median / build.median) * 100).toFixed(1)} % (target ≤ 10 %)`,
  );
console.log(
  `       extract / check = ${(extract.median / check.median).toFixed(2)}; npm start-up ≈ ${(check.median - checkNode.median).toFixed(0)} ms of check`,
);
if (rendered)
  console.log(
    `       rendering costs ${(rendered.overlay - rendered.plain).toFixed(0)} ms (×${(rendered.overlay / rendered.plain).toFixed(2)} check), of which kubectl kustomize ${rendered.kustomize.toFixed(0)} ms`,
  );
const near1000 = scale.find((s) => s.docs >= 1000) ?? scale[scale.length - 1];
console.log(
  `  ${ok(near1000.ms <= 2000)} ${near1000.docs} documents: ${near1000.ms.toFixed(0)} ms (target: 1,000 documents ≤ 2000 ms)`,
);
const [a, b] = [scale[1], scale[scale.length - 1]];
const perDoc = (b.ms - a.ms) / (b.docs - a.docs);
console.log(
  `       growth: ${perDoc.toFixed(3)} ms per extra document between ${a.docs} and ${b.docs} documents (×${(b.ms / a.ms).toFixed(1)} time for ×${(b.docs / a.docs).toFixed(1)} documents)`,
);
