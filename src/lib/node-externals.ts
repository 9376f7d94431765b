/**
 * A Vite plugin for the build: the page bundle imports the engine, the MDX reader, the
 * drift check and the changelog from their files instead of bundling copies of them.
 *
 * Why: the config already loaded them in this process (the drift check, the sidebar, the
 * diagrams). Bundled, they are transformed and bundled again on every build and run as a
 * second copy with its own state; imported by file URL, the pages get the modules Node
 * already holds. They are Node-only TypeScript outside node_modules, which Node loads
 * itself; `src/lib` stays bundled (it uses Astro's modules).
 */
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

const SHARED = ['engine', 'mdx', 'check', 'changes'];

export function nodeOnlyExternals(root = process.cwd()): Plugin {
  const dirs = SHARED.map((d) => resolve(root, d) + sep);
  return {
    name: 'honeydue-node-only-externals',
    // Before Vite's own resolver, which would otherwise resolve every relative import first
    // and so bundle these folders after all.
    enforce: 'pre',
    applyToEnvironment: (env) => env.name === 'prerender',
    resolveId(source, importer) {
      if (!importer || !/^\.\.?\//.test(source)) return null;
      const from = importer.replace(/[?#].*$/, '');
      if (!isAbsolute(from)) return null;
      const abs = resolve(dirname(from), source);
      if (!dirs.some((d) => abs.startsWith(d))) return null;
      return { id: pathToFileURL(abs).href, external: true };
    },
  };
}
