/**
 * One entry point for everything that needs the facts: the CLI, the drift
 * check and the Astro components all call `extract()`.
 */
import { resolve } from 'node:path';
import { loadManifests, type LoadResult } from './load.ts';
import { buildFacts } from './model.ts';
import type { FactRegistry } from './facts.ts';
import type { Extracted } from './types.ts';

export interface ExtractResult {
  load: LoadResult;
  extracted: Extracted;
  registry: FactRegistry;
}

/** Loads and models a manifests folder. Throws InputErrors on bad input. */
export function extract(dir = 'manifests'): ExtractResult {
  const load = loadManifests(resolve(dir));
  const { extracted, registry } = buildFacts(load, dir.replace(/\/+$/, ''));
  return { load, extracted, registry };
}
