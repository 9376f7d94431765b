/**
 * Lookups several rules need, built once per run: which applied pods a
 * selector picks, which ports they declare, where a field of an object sits
 * in its manifest.
 */
import type {
  ExtractResult,
  Hpa,
  LabelSelector,
  ObjectView,
  PathSeg,
  Source,
  Workload,
} from '../engine/index.ts';
import { FactsIndex } from './lib/facts-index.ts';
import { literalMatcher, type Literal, type Matcher } from './lib/literals.ts';
import { selects } from '../engine/index.ts';

export class Shared {
  readonly result: ExtractResult;
  private matcher: Matcher | null = null;
  private index: FactsIndex | null = null;
  private readonly scanned = new Map<string, Literal[]>();
  private views: Map<string, ObjectView> | null = null;
  private readonly memo = new WeakMap<object, Map<string, unknown>>();
  /** Counters for `--stats`, filled by the rules as they run. */
  readonly stats = { literals: 0, marked: 0 };

  constructor(result: ExtractResult) {
    this.result = result;
  }

  /**
   * Applied workloads in a namespace whose pod labels the selector matches. The whole selector,
   * labels and expressions together: half of one selects pods the object does not.
   */
  podsOf(namespace: string, selector: LabelSelector): Workload[] {
    return this.result.extracted.workloads.filter(
      (w) => w.namespace === namespace && w.applied && selects(selector, w.podLabels),
    );
  }

  /** A value derived from a node of the book, computed once a run whichever rules ask. */
  once<T>(node: object, what: string, make: () => T): T {
    let m = this.memo.get(node);
    if (!m) this.memo.set(node, (m = new Map()));
    if (!m.has(what)) m.set(what, make());
    return m.get(what) as T;
  }

  /** The workload an HPA scales, when the manifests define it. */
  hpaTarget(h: Hpa): Workload | undefined {
    return this.result.extracted.workloads.find(
      (x) => x.namespace === h.namespace && x.kind === h.target.kind && x.name === h.target.name,
    );
  }

  /** Every port number and port name the workloads' containers declare, as strings. */
  containerPorts(ws: Workload[]): Set<string> {
    return new Set(
      ws.flatMap((w) =>
        w.containers.flatMap((c) =>
          c.ports.flatMap((p) => [String(p.containerPort), p.name ?? '']),
        ),
      ),
    );
  }

  /** The literals in a text (see lib/literals.ts), scanned once whichever rules ask. */
  literals(text: string): Literal[] {
    let found = this.scanned.get(text);
    if (!found) {
      this.matcher ??= literalMatcher(this.result);
      found = this.matcher.scan(text);
      this.scanned.set(text, found);
    }
    return found;
  }

  /** Facts by object and value, to tell which fact a literal states. */
  facts(): FactsIndex {
    return (this.index ??= new FactsIndex(this.result));
  }

  /** The loaded object of a kind, namespace and name. */
  object(kind: string, namespace: string, name: string): ObjectView | undefined {
    this.views ??= new Map(
      this.result.load.objects.map((o) => [`${o.kind}/${o.namespace}/${o.name}`, o]),
    );
    return this.views.get(`${kind}/${namespace}/${name}`);
  }

  /** file:line of a field of an object, or `fallback` when the object is not found. */
  at(kind: string, namespace: string, name: string, path: PathSeg[], fallback: Source): Source {
    const o = this.object(kind, namespace, name);
    if (!o) return fallback;
    const { file, line } = o.loc(path);
    return { file, line };
  }
}
