/**
 * Imports a package that is published as TypeScript source (starlight-links-validator
 * ships `index.ts` with extensionless relative imports) with Node's own module loader.
 *
 * Why: Astro imports `astro.config.mjs` with Node first and, when that throws, loads it
 * again through a Vite server that transforms every module the config reaches (the
 * engine, the MDX reader, the drift check: ~100 files) on each build. Node refuses to
 * strip types under node_modules, so one such package in the config sent the whole
 * config down the slow path, costing most of a second per build. These hooks strip that
 * one package's types and resolve its extensionless imports; everything else loads as
 * before. The stripped files are kept on disk (node_modules/.cache/honeydue-ts), so a warm
 * build does not strip them again. Drop this once the package ships JavaScript.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, registerHooks, stripTypeScriptTypes } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The package's folder as a file URL prefix, resolved from the project root. */
function packageRoot(name: string): string {
  const pkg = createRequire(`${process.cwd()}/package.json`).resolve(`${name}/package.json`);
  return pathToFileURL(dirname(pkg)).href + '/';
}

function quietly<T>(fn: () => T): T {
  // The first call announces an experimental feature once per process; a build log
  // is no place for it.
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(warning).includes('stripTypeScriptTypes'))
      (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = emit;
  }
}

function cacheDir(): string {
  return (
    process.env.HONEYDUE_TS_CACHE || join(process.cwd(), 'node_modules', '.cache', 'honeydue-ts')
  );
}

/**
 * `source` without its types, from the disk cache when this Node stripped the same text
 * before: a warm build then neither loads the type stripper nor runs it. Keyed by Node's
 * version and the text; written to a temporary name and renamed, so a crashed build never
 * leaves half a file. A cache that cannot be written only costs the time.
 */
export function stripped(source: string): string {
  const dir = cacheDir();
  const key = createHash('sha256').update(process.version).update('\0').update(source);
  const file = join(dir, `${key.digest('hex')}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // Not stripped yet.
  }
  const out = quietly(() => stripTypeScriptTypes(source));
  const tmp = join(dir, `.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let written = false;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, out);
    written = true;
    renameSync(tmp, file);
  } catch {
    // Stripped again next time.
    if (written) rmSync(tmp, { force: true });
  }
  return out;
}

function hook(root: string): { deregister(): void } {
  return registerHooks({
    resolve(specifier, context, next) {
      if (context.parentURL?.startsWith(root) && /^\.\.?\//.test(specifier)) {
        if (/\.[cm]?[jt]s$/.test(specifier)) return next(specifier, context);
        for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`])
          if (existsSync(fileURLToPath(new URL(candidate, context.parentURL))))
            return next(candidate, context);
      }
      return next(specifier, context);
    },
    load(url, context, next) {
      if (!url.startsWith(root) || !url.endsWith('.ts')) return next(url, context);
      const source = stripped(readFileSync(fileURLToPath(url), 'utf8'));
      return { format: 'module', source, shortCircuit: true };
    },
  });
}

/**
 * `import(name)` for a package written in TypeScript. The hooks are removed once it is
 * loaded (it imports nothing lazily), so no other module load of the build goes through them.
 */
export async function importTypeScriptPackage<T>(name: string): Promise<T> {
  const hooks = hook(packageRoot(name));
  try {
    return (await import(name)) as T;
  } finally {
    hooks.deregister();
  }
}
