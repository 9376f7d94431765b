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
 * Where the bundle and its list of inputs live: inside node_modules, so that packages the
 * bundle leaves to Node (native addons) resolve from it as from the sources; one folder per
 * checkout, so that checkouts sharing one node_modules do not rebuild each other's bundle.
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

/** The state written with the bundle, when it was built for this Node and these options. */
function readState(dir) {
  try {
    const s = JSON.parse(readFileSync(join(dir, STATE), 'utf8'));
    return s.format === FORMAT && s.node === process.version ? s : null;
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
 * Builds the bundle into `dir` and returns its path. The inputs' stamps are taken before
 * esbuild reads them; one that differs afterwards was edited during the build, and the
 * state is not saved, so the next run builds again.
 */
function build(dir) {
  const esbuild = createRequire(import.meta.url)('esbuild');
  const options = {
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    // Type-only imports (a full @kubernetes/client-node is a second of loading) and native addons.
    external: ['@kubernetes/client-node', '*.node'],
    // Bundled CommonJS packages call require().
    banner: {
      js: "import { createRequire as __bookRequire } from 'node:module'; const require = __bookRequire(import.meta.url);",
    },
    metafile: true,
    write: false,
    logLevel: 'silent',
    outfile: join(dir, 'main.mjs'),
  };
  const before = readState(dir);
  const earlier = before ? Object.keys(before.inputs) : [];
  const stamps = Object.fromEntries(earlier.map((f) => [f, stamp(join(ROOT, f))]));
  const result = esbuild.buildSync(options);
  const inputs = {};
  // The lockfile too: an upgrade of esbuild (or of anything installed) builds the bundle again.
  for (const f of [...Object.keys(result.metafile.inputs), 'package-lock.json'])
    inputs[f] = stamps[f] ?? stamp(join(ROOT, f));
  const code = result.outputFiles[0].text;
  const name = `main-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.mjs`;
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, name), code);
  const unchanged = Object.entries(inputs).every(([f, s]) => stamp(join(ROOT, f)) === s);
  if (unchanged)
    writeAtomically(
      join(dir, STATE),
      `${JSON.stringify({ format: FORMAT, node: process.version, bundle: name, inputs })}\n`,
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
