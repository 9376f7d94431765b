/** The drift check's public entry: rules over (facts, book), the registry, and the report formats. */
export { checkBook, checkParsedBook, hardcodedIn, type CheckReport, type Stats } from './check.ts';
export {
  github,
  human,
  humanFinding,
  json,
  statsText,
  summary,
  workflowCommand,
  type FormatOptions,
} from './format.ts';
export { ALL_RULES, RULES, RUNNER_RULES } from './registry.ts';
export { CODES, INPUT_CODES, type Finding, type RuleCode } from './codes.ts';
export { assumptionHolds } from './lib/assume.ts';
export type { Rule, RuleMeta } from './rule.ts';
export { rulesSection, withRulesSection } from './docs.ts';
export { inputFindings } from './input.ts';
