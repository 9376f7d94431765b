/**
 * The commands as one bundled module. Loading cli/main.ts resolves, reads and compiles about
 * 370 modules (the engine, the rules, yaml, zod, the MDX parser); one bundle of the same code
 * loads in a fraction of that time. The bundle is built with esbuild the first time a command
 * runs, and again whenever a file it was built from changes: every input esbuild read is
 * listed with its size, mtime and ctime (which no copy or `touch` can set back), with the
 * lockfile, and a run whose inputs all match uses the bundle as it is.
 *
 * Only code is bundled: the manifests and chapters a command reads are read when it runs.
 * Anything that keeps the bundle from being built or used (esbuild missing, a syntax error,
 * a folder that cannot be written) leaves the sources to run as they are, so the error a
 * user sees is Node's own. BOOK_CLI_BUNDLE=0 runs the sources (for stack traces that point
 * into them).
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
export const ENTRY = 'cli/main.ts';
/**
 * Where the bundle and its list of inputs live: one folder per checkout, so that checkouts
 * sharing one node_modules do not rebuild each other's bundle.
 */
export const CACHE_DIR = join(
  ROOT,
  'node_modules',
  '.cache',
  'honeydue-cli',
  createHash('sha256').update(ROOT).digest('hex').slice(0, 12),
);
const STATE = 'inputs.json';
/** Changes when the build options below change, so an older bundle is not used. */
const FORMAT = 1;

/** The stamp of a file as it is now, or null when it is gone. */
function stamp(path) {
  const s = statSync(path, { throwIfNoEntry: false, bigint: true });
  return s ? `${s.size}:${s.mtimeNs}:${s.ctimeNs}` : null;
}

/** The change time in a stamp, in nanoseconds. */
const changedAt = (stamped) => BigInt(stamped.split(':')[2]);

/**
 * The state written with the bundle, when it was built for this checkout, this Node and
 * these options.
 */
function readState(dir) {
  try {
    const s = JSON.parse(readFileSync(join(dir, STATE), 'utf8'));
    return s.format === FORMAT && s.node === process.version && s.root === ROOT ? s : null;
  } catch {
    return null;
  }
}

const isFresh = (dir, state) =>
  stamp(join(dir, state.bundle)) !== null &&
  Object.entries(state.inputs).every(([file, was]) => stamp(join(ROOT, file)) === was);

/** Writes a file whole or not at all: a reader sees the old one or the new one. */
function writeAtomically(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Builds the bundle into `dir` and returns its path. An input changed after the build began
 * (its ctime later than the start, less the clock's granularity) may have been read before
 * or after the edit: the state is not saved, so the next run builds again.
 */
function build(dir) {
  const esbuild = createRequire(import.meta.url)('esbuild');
  const entryUrl = pathToFileURL(join(ROOT, ENTRY)).href;
  const options = {
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    // Type-only imports (a full @kubernetes/client-node is a second of loading) and native addons.
    external: ['@kubernetes/client-node', '*.node'],
    // Bundled CommonJS packages call require(), and the MDX parser finds its native addon with
    // createRequire(import.meta.url): both resolve from the checkout, wherever the bundle is.
    banner: {
      js: `import { createRequire as __bookRequire } from 'node:module'; const require = __bookRequire(${JSON.stringify(entryUrl)});`,
    },
    define: { 'import.meta.url': JSON.stringify(entryUrl) },
    metafile: true,
    write: false,
    logLevel: 'silent',
    outfile: join(dir, 'main.mjs'),
  };
  const started = BigInt(Date.now() - 50) * 1_000_000n;
  const result = esbuild.buildSync(options);
  const inputs = {};
  // The lockfile too: an upgrade of esbuild (or of anything installed) builds the bundle again.
  for (const f of [...Object.keys(result.metafile.inputs), 'package-lock.json'])
    inputs[f] = stamp(join(ROOT, f));
  const code = result.outputFiles[0].text;
  const name = `main-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.mjs`;
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, name), code);
  const settled = Object.values(inputs).every((s) => s === null || changedAt(s) < started);
  if (settled)
    writeAtomically(
      join(dir, STATE),
      `${JSON.stringify({ format: FORMAT, node: process.version, root: ROOT, bundle: name, inputs })}\n`,
    );
  // Earlier bundles are of no further use.
  for (const f of readdirSync(dir))
    if (/^main-[0-9a-f]{12}\.mjs$/.test(f) && f !== name) rmSync(join(dir, f), { force: true });
  return join(dir, name);
}

/**
 * The module to run the commands from: the bundle, built or rebuilt when needed; or
 * cli/main.ts itself, when the bundle is turned off or cannot be had.
 */
export function entry(env = process.env) {
  const sources = pathToFileURL(join(ROOT, ENTRY)).href;
  if (env.BOOK_CLI_BUNDLE === '0') return sources;
  const dir = env.BOOK_CLI_CACHE ? resolve(env.BOOK_CLI_CACHE) : CACHE_DIR;
  try {
    const state = readState(dir);
    const path = state && isFresh(dir, state) ? join(dir, state.bundle) : build(dir);
    return pathToFileURL(path).href;
  } catch {
    return sources;
  }
}
