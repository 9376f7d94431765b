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
 * rendered, so it is read as lines, its credentials masked line by line.
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
  const templates = new Map<string, SourceFile>();
  const seen = new Map<string, number>();
  const objects = read.objects.map((v) => {
    const rel = sourceComment(output, v.doc.contents?.range?.[0] ?? 0);
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
    );
    return new ObjectView(t, v.doc, v.docIndex, v.base, v.obj, prov);
  });
  const files = [...templates.values()];
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

/** The `# Source:` path written above the document that starts at `offset`. */
function sourceComment(output: string, offset: number): string | null {
  const before = output.slice(0, offset);
  const all = [...before.matchAll(/^# Source: (.+)$/gm)];
  return all.length ? all[all.length - 1][1].trim() : null;
}

/** A template as a source: its lines, masked where they could hold a credential. */
function templateSource(abs: string, dir: string): SourceFile {
  let text = '';
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    text = '';
  }
  const secret = HAS_SECRET.test(text);
  const lines = text.split(/\r?\n/).map((l) => maskExcerptLine(l, secret));
  const masked = lines.join('\n');
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = 0; i < masked.length; i++) if (masked[i] === '\n') lineCounter.addNewLine(i + 1);
  return {
    file: displayPath(abs),
    rel: relative(dir, abs).split(sep).join('/'),
    text: masked,
    lines,
    lineCounter,
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
  private readonly template: SourceFile;
  private readonly section: { start: number; end: number };
  private readonly values: LocatedDoc | null;

  constructor(
    rendered: Provenance['rendered'],
    template: SourceFile,
    nth: number,
    values: LocatedDoc | null,
  ) {
    this.rendered = rendered;
    this.template = template;
    this.values = values;
    const starts = [0, ...template.lines.flatMap((l, i) => (/^---\s*$/.test(l) ? [i + 1] : []))];
    const start = starts[Math.min(nth, starts.length - 1)];
    const next = starts.find((s) => s > start);
    this.section = { start, end: next === undefined ? template.lines.length : next - 1 };
  }

  sourcePath(): PathSeg[] | null {
    return null;
  }

  locate(path: PathSeg[]): Located {
    const lines = this.template.lines;
    const hit = findLine(lines, this.section, path);
    const at = (line: number): Located => ({
      pos: {
        file: this.template.file,
        line: line + 1,
        col: (/^\s*/.exec(lines[line] ?? '')?.[0].length ?? 0) + 1,
      },
      lines,
    });
    if (this.values && hit.values) {
      const valuePath = [...hit.values.split('.'), ...path.slice(hit.depth)];
      const { node, exact } = walkNode(this.values.doc, valuePath);
      if (exact) return { pos: this.values.pos(node), lines: this.values.source.lines };
    }
    return at(hit.line);
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
  lines: readonly string[],
  section: { start: number; end: number },
  path: PathSeg[],
): { line: number; values: string | null; depth: number } {
  let from = section.start;
  let to = section.end;
  let line = section.start;
  let parent = -1;
  for (let d = 0; d < path.length; d++) {
    const block = childLines(lines, from, to, parent);
    const seg = path[d];
    const found =
      typeof seg === 'number'
        ? (block.filter((i) => /^\s*- /.test(lines[i]))[seg] ??
          block.find((i) => /^\s*- /.test(lines[i])))
        : block.find((i) => keyOf(lines[i]) === seg);
    if (found === undefined) {
      const take = block.map((i) => BLOCK.exec(lines[i])).find(Boolean);
      return { line, values: take ? take[1] : null, depth: d };
    }
    line = found;
    parent = indentOf(lines[found]) + (typeof seg === 'number' ? 1 : 0);
    from = found + 1;
    to = blockEnd(lines, found, to);
    if (typeof seg === 'number' && typeof path[d + 1] === 'string') {
      // `- name: api`: the item's first key is on its dash line.
      const first = keyOf(lines[found].replace(/^(\s*)- /, '$1  '));
      if (first === path[d + 1]) {
        d++;
        line = found;
        parent = indentOf(lines[found]) + 1;
        from = found + 1;
      }
    }
  }
  const value = lines[line]?.replace(/^\s*(?:- )?[^:]+:\s?/, '') ?? '';
  const straight = STRAIGHT.exec(value);
  return { line, values: straight ? straight[1] : null, depth: path.length };
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

function keyOf(line: string): string | null {
  const m = /^\s*(?:- )?["']?([^"':{}#]+?)["']?\s*:(?:\s|$)/.exec(line);
  return m ? m[1] : null;
}

/** The lines of a block one level below `parent` (template control lines are no level). */
function childLines(lines: readonly string[], from: number, to: number, parent: number): number[] {
  const out: number[] = [];
  let level = -1;
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (!l.trim() || l.trimStart().startsWith('#') || (CONTROL.test(l) && !BLOCK.test(l))) continue;
    const ind = indentOf(l);
    if (ind <= parent) break;
    if (level < 0) level = ind;
    if (ind === level || BLOCK.test(l)) out.push(i);
  }
  return out;
}

/** Where the block opened at line `at` ends: the next line indented no deeper. */
function blockEnd(lines: readonly string[], at: number, to: number): number {
  const ind = indentOf(lines[at]);
  for (let i = at + 1; i < to; i++) {
    const l = lines[i];
    if (!l.trim() || CONTROL.test(l)) continue;
    if (indentOf(l) <= ind) return i;
  }
  return to;
}
