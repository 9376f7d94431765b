/**
 * What a rule is, in the manner of ESLint's rules: `meta` describes it (id,
 * the public code it reports under, what it finds, its messages and hints),
 * and `create(context)` returns visitors the runner calls while it walks the
 * config objects and the book. Rules never sort, format or apply drift-ignore
 * markers: the runner does that for all of them.
 */
import type {
  ConfigMap,
  Container,
  DnsRecord,
  Entrypoint,
  Extracted,
  ExtractResult,
  Hpa,
  NetworkPolicy,
  Node,
  Pdb,
  RoleBinding,
  Route,
  Secret,
  Service,
  Source,
  UfwRule,
  Workload,
} from '../engine/index.ts';
import type {
  Assumption,
  Book,
  Chapter,
  CodeBlock,
  Element,
  FactRef,
  Ignore,
  ManifestRef,
  ProseLine,
} from '../mdx/index.ts';
import type { RuleCode } from './codes.ts';
import type { Shared } from './shared.ts';

export interface RuleMeta {
  /** Kebab-case, stable: what `drift-ignore <id>:` and the output name. */
  id: string;
  code: RuleCode;
  /** One sentence: what the rule finds (the README table and `--help`). */
  description: string;
  /** Message templates by message id; `{{name}}` is replaced by the report's data. */
  messages: Record<string, string>;
  /** What to do, by message id (a hint without a matching id uses `default`). */
  hints: Record<string, string>;
  /** What to do, in general (kube-linter's remediation): the README table's last column. */
  fix: string;
  /** Anchor of the rule in README.md. */
  docs: string;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  file: string;
  line: number;
  col?: number;
  /** The other side: the config line when the finding is in the book, or the other manifest. */
  config?: Source;
  /** More config lines the finding depends on. */
  related?: Source[];
}

export interface RuleContext {
  readonly result: ExtractResult;
  readonly ex: Extracted;
  readonly book: Book;
  /** Lookups every rule may need, computed once per run. */
  readonly shared: Shared;
  /** Ids of every registered rule (drift-ignore markers name them). */
  readonly ruleIds: ReadonlySet<string>;
  /** Full keys of the facts that changed since the base revision (`--base`), when one is given. */
  readonly changed: ReadonlySet<string> | null;
  report(r: Report): void;
}

/** Visitors: config objects (applied or not: the rule decides), then book nodes, then the ends. */
export interface Visitors {
  workload?(w: Workload): void;
  container?(c: Container, w: Workload): void;
  service?(s: Service): void;
  route?(r: Route): void;
  networkPolicy?(p: NetworkPolicy): void;
  pdb?(p: Pdb): void;
  hpa?(h: Hpa): void;
  configMap?(m: ConfigMap): void;
  secret?(s: Secret): void;
  roleBinding?(b: RoleBinding): void;
  node?(n: Node): void;
  ufwRule?(r: UfwRule): void;
  entrypoint?(e: Entrypoint): void;
  dnsRecord?(d: DnsRecord): void;
  /** Once, after every config object. */
  configEnd?(ex: Extracted): void;
  chapter?(ch: Chapter): void;
  element?(el: Element, ch: Chapter): void;
  factRef?(ref: FactRef, ch: Chapter): void;
  manifestRef?(ref: ManifestRef, ch: Chapter): void;
  codeBlock?(b: CodeBlock, ch: Chapter): void;
  prose?(p: ProseLine, ch: Chapter): void;
  assumption?(a: Assumption, ch: Chapter): void;
  ignore?(i: Ignore, ch: Chapter): void;
  /** Once, after every chapter. */
  bookEnd?(book: Book): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): Visitors;
}

/** Declares a rule; the identity function, for the types. */
export const defineRule = (rule: Rule): Rule => rule;
