/**
 * The engine's public entry: manifests in, facts with provenance out.
 * Everything outside engine/ (the check, the CLIs, the site) imports from here only.
 */
export { extract, type ExtractResult } from './extract.ts';
export { apiVersionVerdict, type ApiVersionVerdict } from './api-versions.ts';
export { countingHpa, eligibleNodesFor, runningContainers } from './model/derive.ts';
export {
  loadManifests,
  type LoadResult,
  type ObjectView,
  type PathSeg,
  type SourceFile,
} from './load.ts';
export type { Fact, FactClass, FactRegistry } from './facts.ts';
export {
  INPUT_ERRORS,
  INPUT_WARNINGS,
  InputErrors,
  clip,
  visible,
  firstOf,
  formatInputError,
  notListed,
  SHOWN_PROBLEMS,
  type InputError,
  type InputErrorCode,
  type InputWarning,
  type InputWarningCode,
  type Position,
} from './errors.ts';
export {
  resolveManifestPath,
  type ExcerptOverride,
  type ResolvedExcerpt,
  type ResolveResult,
} from './manifest-path.ts';
export { isCredentialName, reportable, type Redaction, type RedactionKind } from './redact.ts';
export { credentialsIn } from './credentials.ts';
export { dataRefusal, isBase64Field, type DataRefusal } from './secret-data.ts';
export { distance, nearest } from './nearest.ts';
export { LIMITS, walkFiles } from './load.ts';
export {
  formatBytes,
  formatCpu,
  milliValue,
  parseQuantity,
  toNumber,
  unitValue,
  type ParsedQuantity,
} from './quantity.ts';
export { SCHEMA_VERSION } from './types.ts';
export { objectFactKeys, objectKey, parseFactKey, type ParsedKey } from './keys.ts';
export { configHref, factAnchor } from './fact-anchor.ts';
export { configAnchors, configLayout, objectOf } from './config-page.ts';
export {
  isEmptySelector,
  selects,
  selectsPodOf,
  serviceSelects,
  showSelector,
  type LabelSelector,
  type Requirement,
} from './selector.ts';
/**
 * The JSON contract's zod schemas and JSON Schema (engine/contract.ts), loaded
 * on demand: building them costs start-up time nothing else needs.
 */
export const loadContract = (): Promise<typeof import('./contract.ts')> => import('./contract.ts');
export type * from './types.ts';
