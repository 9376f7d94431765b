/**
 * A Helm chart as input: rendered with `helm template` (never re-implemented).
 * Placeholder until the mapping lands: a chart without Helm is bad input.
 */
import { relative } from 'node:path';
import { inputError } from '../errors.ts';
import { displayPath, type LoadResult } from '../load.ts';
import type { Tool } from './tools.ts';

export function renderChart(load: LoadResult, chart: string, helm: Tool | null): LoadResult {
  const file = displayPath(chart);
  if (!helm) {
    return {
      ...load,
      objects: [],
      errors: [
        inputError(
          'HELM_NOT_FOUND',
          { file, line: 1, col: 1 },
          { file: relative(load.dir, chart) },
        ),
      ],
    };
  }
  return load;
}
