/** The drift check's public entry: rules over (facts, book), and the report formats. */
export { checkBook, github, human, type CheckReport } from './run.ts';
export { RULES, type Finding, type RuleCode } from './finding.ts';
export { brokenRefs } from './refs.ts';
export { checkAssumptions } from './assume.ts';
