/**
 * The drift check and the extract: on the real manifests and book, on a
 * rendered overlay, and on synthetic copies of the manifests grown to a given
 * number of documents (every copy applied, so each document goes through the
 * same work as a real one).
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bench, interleaved, run, type Stats } from './measure.ts';

const node = process.execPath;
const checkArgs = (manifests?: string) => [
  'cli/bin.js',
  'check',
  '--format',
  'json',
  ...(manifests ? ['--manifests', manifests] : []),
];

export interface CheckFigures {
  npm: Stats;
  node: Stats;
  extract: Stats;
}

export function checkFigures(runs: number): CheckFigures {
  const [npm, bare, extract] = interleaved(runs, [
    { label: 'npm run -s check', fn: () => run('npm', ['run', '-s', 'check'], { ok: [0, 1] }) },
    {
      label: 'check without npm (node cli/bin.js)',
      fn: () => run(node, ['cli/bin.js', 'check'], { ok: [0, 1] }),
    },
    {
      label: 'npm run -s extract -- --format json',
      fn: () => run('npm', ['run', '-s', 'extract', '--', '--format', 'json']),
    },
  ]);
  return { npm, node: bare, extract };
}

export interface RenderFigures {
  plain: number;
  overlay: number;
  kustomize: number;
}

/** The root kustomization as a plain list (no renderer) against one `images:` override. */
export function renderFigures(runs: number): RenderFigures | null {
  if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status !== 0) return null;
  const overlay = mkdtempSync(join(tmpdir(), 'hd-bench-overlay-'));
  try {
    cpSync('manifests', overlay, { recursive: true });
    const k = join(overlay, 'kustomization.yaml');
    writeFileSync(
      k,
      `${readFileSync(k, 'utf8')}images:\n  - name: redis\n    newTag: 7.4-alpine\n`,
    );
    const [plain, over, kz] = interleaved(runs, [
      { label: 'resources list (no renderer)', fn: () => run(node, checkArgs(), { ok: [0, 1] }) },
      {
        label: 'with an images: override',
        fn: () => run(node, checkArgs(overlay), { ok: [0, 1] }),
      },
      { label: 'kubectl kustomize alone', fn: () => run('kubectl', ['kustomize', overlay]) },
    ]);
    return { plain: plain.median, overlay: over.median, kustomize: kz.median };
  } finally {
    rmSync(overlay, { recursive: true, force: true });
  }
}

const manifestFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

/** Files describing the one cluster (inventory, firewall, DNS, outside services): never copied. */
const SINGLE = /^(hosts|cloudflare|external)\/|kustomization\.ya?ml$/;

const documents = (text: string) => text.split(/^---$/m).filter((d) => /^kind:/m.test(d)).length;

/**
 * The real manifests plus renamed copies (objects and their app labels get a
 * `-cN` suffix) until there are at least `target` documents; a copy of a file
 * the root kustomization lists is listed too, so it is applied as the original is.
 */
export function scaledManifests(target: number): { dir: string; docs: number } {
  const dir = mkdtempSync(join(tmpdir(), `hd-bench-${target}docs-`));
  cpSync('manifests', dir, { recursive: true });
  const files = manifestFiles('manifests');
  const k = join(dir, 'kustomization.yaml');
  const applied = new Set(
    [...readFileSync(k, 'utf8').matchAll(/^ {2}- (\S+)$/gm)].map((m) => m[1]),
  );
  let docs = files.reduce((n, f) => n + documents(readFileSync(join('manifests', f), 'utf8')), 0);
  const copies: string[] = [];
  for (let i = 1; docs < target; i++) {
    for (const f of files) {
      if (SINGLE.test(f) || docs >= target) continue;
      const text = readFileSync(join('manifests', f), 'utf8')
        .replace(/^(  name: )([\w.-]+)$/gm, `$1$2-c${i}`)
        .replace(/(app\.kubernetes\.io\/name: )([\w-]+)/g, `$1$2-c${i}`);
      const rel = `copy-${i}/${f}`;
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
      if (applied.has(f)) copies.push(rel);
      docs += documents(text);
    }
  }
  const listed = readFileSync(k, 'utf8').replace(
    /^resources:\n/m,
    `resources:\n${copies.map((c) => `  - ${c}\n`).join('')}`,
  );
  writeFileSync(k, listed);
  return { dir, docs };
}

export interface ScalePoint {
  docs: number;
  ms: number;
  cpu: number;
}

export function scaling(targets: number[], runs: number): ScalePoint[] {
  const points: ScalePoint[] = [];
  for (const target of targets) {
    const { dir, docs } = scaledManifests(target);
    try {
      const s = bench(`${docs} documents`, runs, () => run(node, checkArgs(dir), { ok: [0, 1] }));
      points.push({ docs, ms: s.median, cpu: s.cpu });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return points;
}
