/** Where UFW's rules are written, for a finding about a rule that is missing. */
import type { ExtractResult, Source } from '../../engine/index.ts';

/** The `rules:` line of the first UfwPolicy, where a missing rule belongs; null without one. */
export function ufwRulesLine(result: ExtractResult): Source | null {
  const policy = result.load.objects.find((o) => o.kind === 'UfwPolicy');
  if (!policy) return null;
  const { file, line } = policy.loc(['spec', 'rules']);
  return { file, line };
}
