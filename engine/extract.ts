/**
 * One entry point for everything that needs the facts: the CLI, the drift
 * check and the Astro components all call `extract()`.
 */
import { resolve } from 'node:path';
import { loadManifests, type LoadResult } from './load.ts';
import { stableAliases } from './render/aliases.ts';
import { renderManifests, type RenderOptions } from './render/index.ts';
import { buildFacts } from './model/index.ts';
import { InputErrors, type InputWarning } from './errors.ts';
import type { FactRegistry } from './facts.ts';
import type { Redaction } from './redact.ts';
import type { Extracted } from './types.ts';

export interface ExtractResult {
  load: LoadResult;
  extracted: Extracted;
  registry: FactRegistry;
  /** Problems that did not stop the extraction (a key repeated with the same value), to print. */
  warnings: InputWarning[];
  /** Every value blanked at load; those with `credential: true` are literal credentials in config. */
  redactions: Redaction[];
}

/**
 * Loads and models a manifests folder, as `kubectl apply -k` would apply it
 * when it has a root kustomization (engine/render/). Throws InputErrors on bad input.
 */
export function extract(dir = 'manifests', options: RenderOptions = {}): ExtractResult {
  const raw = loadManifests(resolve(dir));
  const load = renderManifests(raw, options);
  try {
    const { extracted, registry } = buildFacts(load, dir.replace(/\/+$/, ''));
    stableAliases(load, registry);
    if (load.errors.length) throw new InputErrors(load.errors);
    return { load, extracted, registry, warnings: load.warnings, redactions: load.redactions };
  } catch (e) {
    // Report the files that failed to parse and the fields that failed to validate together.
    if (e instanceof InputErrors && load.errors.length && e.errors !== load.errors)
      throw new InputErrors([...load.errors, ...e.errors]);
    throw e;
  }
}
