/**
 * A Helm chart as input: a folder with `Chart.yaml` at its root is rendered
 * with `helm template` (never re-implemented), as `helm install` would
 * render it with the chart's own `values.yaml`. The release name is the
 * chart's name unless BOOK_HELM_RELEASE says otherwise; the namespace is
 * BOOK_HELM_NAMESPACE, else `default`.
 *
 * `helm template` prints a `# Source: CHART/templates/FILE` comment above
 * each document; each value is located in that template, at the line that
 * writes its key, and in `values.yaml` where the template takes the value
 * straight from it (`{{ .Values.replicaCount }}`, or `toYaml .Values.resources`
 * for everything below that key). A template is not YAML until it is
 * rendered, so it is read as lines: the shape of each line (its indent,
 * key, `.Values` path) is taken first, then the text is masked line by line
 * where it could hold a credential, and only the masked text is kept.
 * A Secret's values are located where the template writes their keys, never
 * in `values.yaml`: the book shows a Secret's key names only.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { LineCounter } from 'yaml';
import { inputError, type Position } from '../errors.ts';
import {
  displayPath,
  ObjectView,
  readText,
  type LoadResult,
  type LoadSink,
  type PathSeg,
  type Provenance,
  type SourceFile,
  walkNode,
} from '../load.ts';
import { HAS_SECRET, maskExcerptLine } from '../redact.ts';
import { SourceIndex, type LocatedDoc } from './sources.ts';
import { run, type Tool } from './tools.ts';

type Located = { pos: Position; lines: readonly string[] };

/** What locating a value needs of a template line, read before the line is masked. */
interface LineShape {
  indent: number;
  empty: boolean;
  comment: boolean;
  /** Only template control (`{{- if … }}`, `{{- end }}`). */
  control: boolean;
  /** A `---` between documents. */
  separator: boolean;
  /** `- …`: a list item. */
  item: boolean;
  /** The key the line writes, or null. */
  key: string | null;
  /** A list item's first key, written on its dash line. */
  itemKey: string | null;
  /** The `.Values` path of a `toYaml` block on the line. */
  block: string | null;
  /** The `.Values` path the line's value is taken straight from. */
  straight: string | null;
}

/** A template: its masked text as a source, and the shapes of its lines. */
interface Template {
  source: SourceFile;
  shapes: LineShape[];
}

/** Renders a chart folder; without Helm, bad input naming what to install. */
export function renderChart(
  load: LoadResult,
  chart: string,
  helm: Tool | null,
  env: NodeJS.ProcessEnv = process.env,
): LoadResult {
  const file = displayPath(chart);
  const at = { file, line: 1, col: 1 };
  if (!helm)
    return {
      ...load,
      objects: [],
      errors: [inputError('HELM_NOT_FOUND', at, { file: relative(load.dir, chart) })],
    };
  const name = /^name:\s*["']?([^"'\s#]+)/m.exec(readFileSync(chart, 'utf8'))?.[1] ?? 'release';
  const release = env.BOOK_HELM_RELEASE || name;
  const args = [release, load.dir, '--namespace', env.BOOK_HELM_NAMESPACE || 'default'];
  const out = run(helm, args);
  if (!out.ok) {
    const details = out.error.split(load.dir).join(displayPath(load.dir));
    const error = inputError('RENDER_FAILED', at, { tool: `${helm.name} ${args[0]}`, details });
    return { ...load, objects: [], errors: [error] };
  }
  return chartObjects(load, chart, out.stdout);
}

/**
 * The objects of a chart's rendered output, each traced to its template and
 * values. Every file of the chart is an input: the loader's verdict on a
 * template (not YAML before rendering) does not apply.
 */
export function chartObjects(load: LoadResult, chart: string, output: string): LoadResult {
  const dir = dirname(chart);
  const sink: LoadSink = { errors: [], warnings: [], redactions: [], emptyDocuments: 0 };
  const label = `${displayPath(dir)} (helm template)`;
  const read = readText(output, label, label, sink);
  const base: LoadResult = { ...load, errors: sink.errors, warnings: [], consumed: load.objects };
  if (!read) return { ...base, objects: [] };
  const index = new SourceIndex(load);
  const valuesFile = index.file(join(dir, 'values.yaml'));
  const values = valuesFile ? (index.docsOf(valuesFile)[0] ?? null) : null;
  const templates = new Map<string, Template>();
  const seen = new Map<string, number>();
  const sourceOf = sourceComments(output);
  const objects = read.objects.map((v) => {
    const rel = sourceOf(v.doc.contents?.range?.[0] ?? 0);
    const abs = rel ? join(dir, ...rel.split('/').slice(1)) : chart;
    let t = templates.get(abs);
    if (!t) templates.set(abs, (t = templateSource(abs, dir)));
    // A template may render several documents; the nth goes with its nth section.
    const nth = seen.get(abs) ?? 0;
    seen.set(abs, nth + 1);
    const prov = new HelmProvenance(
      { source: read.source, doc: v.doc, base: v.base },
      t,
      nth,
      values,
      v.kind === 'Secret',
    );
    return new ObjectView(t.source, v.doc, v.docIndex, v.base, v.obj, prov);
  });
  const files = [...templates.values()].map((t) => t.source);
  const applied = new Set(objects);
  return {
    ...base,
    files: [...load.files, ...files.filter((f) => !load.files.some((g) => g.rel === f.rel))],
    objects,
    applied: {
      root: { file: displayPath(chart), line: 1 },
      via: 'helm template',
      objects: applied,
      files: [...new Set(objects.map((o) => o.source.rel))],
      notApplied: [],
    },
  };
}

/**
 * The `# Source:` comments of the output, read in one pass: for an offset,
 * the path of the last comment written before it (the document's template).
 */
function sourceComments(output: string): (offset: number) => string | null {
  const comments = [...output.matchAll(/^# Source: (.+)$/gm)].map((m) => ({
    at: m.index,
    path: m[1].trim(),
  }));
  return (offset) => {
    let lo = 0;
    let hi = comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comments[mid].at < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? comments[lo - 1].path : null;
  };
}

/** A template as a source: its lines' shapes, then its text masked where it could hold a credential. */
function templateSource(abs: string, dir: string): Template {
  let text = '';
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    text = '';
  }
  const raw = text.split(/\r?\n/);
  const shapes = raw.map(shapeOf);
  const secret = HAS_SECRET.test(text);
  const lines = raw.map((l) => maskExcerptLine(l, secret));
  const masked = lines.join('\n');
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = 0; i < masked.length; i++) if (masked[i] === '\n') lineCounter.addNewLine(i + 1);
  const source = {
    file: displayPath(abs),
    rel: relative(dir, abs).split(sep).join('/'),
    text: masked,
    lines,
    lineCounter,
  };
  return { source, shapes };
}

function shapeOf(line: string): LineShape {
  const value = line.replace(/^\s*(?:- )?[^:]+:\s?/, '');
  return {
    indent: indentOf(line),
    empty: !line.trim(),
    comment: line.trimStart().startsWith('#'),
    control: CONTROL.test(line),
    separator: /^---\s*$/.test(line),
    item: /^\s*- /.test(line),
    key: keyOf(line),
    itemKey: keyOf(line.replace(/^(\s*)- /, '$1  ')),
    block: BLOCK.exec(line)?.[1] ?? null,
    straight: STRAIGHT.exec(value)?.[1] ?? null,
  };
}

/** `{{ .Values.a.b }}` (with pipes such as `| quote`) as the only thing a line's value holds. */
const STRAIGHT =
  /^\s*["']?\{\{-?\s*\.Values\.([\w.]+)\s*(?:\|\s*(?:quote|squote|toString|int|int64)\s*)*-?\}\}["']?\s*$/;
/** `{{- toYaml .Values.a | nindent 12 }}`: a whole block taken from the values. */
const BLOCK = /\{\{-?\s*toYaml\s+\.Values\.([\w.]+)\s*\|\s*n?indent\s+\d+\s*-?\}\}/;
/** A line that is only template control (`{{- if … }}`, `{{- end }}`). */
const CONTROL = /^\s*\{\{[^}]*\}\}\s*$/;

class HelmProvenance implements Provenance {
  readonly rendered: Provenance['rendered'];
  readonly stableName = null;
  private readonly template: Template;
  private readonly section: { start: number; end: number };
  private readonly values: LocatedDoc | null;
  private readonly secret: boolean;

  constructor(
    rendered: Provenance['rendered'],
    template: Template,
    nth: number,
    values: LocatedDoc | null,
    secret: boolean,
  ) {
    this.rendered = rendered;
    this.template = template;
    this.values = values;
    this.secret = secret;
    const shapes = template.shapes;
    const starts = [0, ...shapes.flatMap((l, i) => (l.separator ? [i + 1] : []))];
    const start = starts[Math.min(nth, starts.length - 1)];
    const next = starts.find((s) => s > start);
    this.section = { start, end: next === undefined ? shapes.length : next - 1 };
  }

  sourcePath(): PathSeg[] | null {
    return null;
  }

  locate(path: PathSeg[]): Located {
    const { source, shapes } = this.template;
    const hit = findLine(shapes, this.section, path);
    const credential = this.secret && (path[0] === 'data' || path[0] === 'stringData');
    if (this.values && hit.values && !credential) {
      const valuePath = [...hit.values.split('.'), ...path.slice(hit.depth)];
      const { node, exact } = walkNode(this.values.doc, valuePath);
      if (exact) return { pos: this.values.pos(node), lines: this.values.source.lines };
    }
    const col = (shapes[hit.line]?.indent ?? 0) + 1;
    return { pos: { file: source.file, line: hit.line + 1, col }, lines: source.lines };
  }
}

/**
 * The template line that writes a path: each key is looked for among the
 * lines indented below its parent's; a list index counts the items (a
 * `range` loop writes one item for all). `values` is the `.Values` path
 * the line (or a `toYaml` block) takes its value from, `depth` how much of
 * the path it covers.
 */
function findLine(
  shapes: readonly LineShape[],
  section: { start: number; end: number },
  path: PathSeg[],
): { line: number; values: string | null; depth: number } {
  let from = section.start;
  let to = section.end;
  let line = section.start;
  let parent = -1;
  for (let d = 0; d < path.length; d++) {
    const block = childLines(shapes, from, to, parent);
    const seg = path[d];
    const found =
      typeof seg === 'number'
        ? (block.filter((i) => shapes[i].item)[seg] ?? block.find((i) => shapes[i].item))
        : block.find((i) => shapes[i].key === seg);
    if (found === undefined) {
      const take = block.map((i) => shapes[i].block).find(Boolean);
      return { line, values: take ?? null, depth: d };
    }
    line = found;
    parent = shapes[found].indent + (typeof seg === 'number' ? 1 : 0);
    from = found + 1;
    to = blockEnd(shapes, found, to);
    // `- name: api`: the item's first key is on its dash line.
    if (typeof seg === 'number' && typeof path[d + 1] === 'string') {
      if (shapes[found].itemKey === path[d + 1]) {
        d++;
        parent = shapes[found].indent + 1;
      }
    }
  }
  return { line, values: shapes[line]?.straight ?? null, depth: path.length };
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

function keyOf(line: string): string | null {
  // Linear in the line, as in maskExcerptLine: the key starts and ends with a non-space.
  const m =
    /^\s*(?:- )?(?:["']\s*)?([^"':{}#\s](?:[^"':{}#]*[^"':{}#\s])?)(?:\s*["'])?\s*:(?:\s|$)/.exec(
      line,
    );
  return m ? m[1] : null;
}

/** The lines of a block one level below `parent` (template control lines are no level). */
function childLines(
  shapes: readonly LineShape[],
  from: number,
  to: number,
  parent: number,
): number[] {
  const out: number[] = [];
  let level = -1;
  for (let i = from; i < to; i++) {
    const l = shapes[i];
    if (l.empty || l.comment || (l.control && l.block === null)) continue;
    if (l.indent <= parent) break;
    if (level < 0) level = l.indent;
    if (l.indent === level || l.block !== null) out.push(i);
  }
  return out;
}

/** Where the block opened at line `at` ends: the next line indented no deeper. */
function blockEnd(shapes: readonly LineShape[], at: number, to: number): number {
  const ind = shapes[at].indent;
  for (let i = at + 1; i < to; i++) {
    const l = shapes[i];
    if (l.empty || l.control) continue;
    if (l.indent <= ind) return i;
  }
  return to;
}
