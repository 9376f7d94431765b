/**
 * Addresses one object, or one value inside it, in the manifests:
 *
 *   file  = "api/deployment.yaml"                      (relative to manifests/)
 *   file  = "network-policies.yaml#allow-egress-from-web"  (object by metadata.name)
 *   path  = "spec.template.spec.containers[name=api].resources"
 *
 * `[n]` picks a list item by index, `[name=x]` by its name field (stable when
 * the list is reordered). Used by the manifest excerpt component and by the
 * drift check's reference and stale-excerpt rules.
 */
import { isScalar, type Node as YamlNode } from 'yaml';
import type { ExtractResult } from './extract.ts';
import type { ObjectView, PathSeg } from './load.ts';
import type { Source } from './types.ts';

export interface ResolvedExcerpt {
  view: ObjectView;
  /** Manifest file as displayed, e.g. manifests/api/deployment.yaml. */
  file: string;
  /** 1-based inclusive line range of the excerpt in the file. */
  startLine: number;
  endLine: number;
  /** The excerpt text, dedented, exactly as in the file otherwise. */
  text: string;
  /**
   * Values under the excerpt that `kubectl apply -k` applies differently from
   * what the file shows (an overlay's image tag, a patched limit, a prefixed
   * name), each with where it is set; empty for a file applied as written.
   */
  overrides: ExcerptOverride[];
}

export interface ExcerptOverride {
  /** Dotted path below the excerpt's path, e.g. `limits.memory`. */
  path: string;
  /** The value applied, as text. */
  value: string;
  /** The line of the excerpt's file that shows the value as written, or null if the file lacks it. */
  line: number | null;
  /** Where the applied value is set. */
  source: Source;
}

export type ResolveResult = ResolvedExcerpt | { error: string; hint: string };

function parsePath(path: string, view: ObjectView): PathSeg[] | string {
  const segs: PathSeg[] = [];
  for (const part of path.match(/[^.[\]]+|\[[^\]]*\]/g) ?? []) {
    if (part.startsWith('[')) {
      const inner = part.slice(1, -1);
      if (/^\d+$/.test(inner)) segs.push(Number(inner));
      else {
        const m = /^(\w+)=(.+)$/.exec(inner);
        if (!m) return `bad selector \`${part}\``;
        const list = view.get(segs);
        if (!Array.isArray(list)) return `\`${segs.join('.')}\` is not a list`;
        const idx = list.findIndex(
          (x) =>
            x && typeof x === 'object' && String((x as Record<string, unknown>)[m[1]]) === m[2],
        );
        if (idx < 0) return `no item with ${m[1]}=${m[2]} in \`${segs.join('.')}\``;
        segs.push(idx);
      }
    } else segs.push(part);
  }
  return segs;
}

export function resolveManifestPath(
  result: ExtractResult,
  fileSpec: string,
  path: string | null,
): ResolveResult {
  const [file, objName] = fileSpec.split('#');
  const rel = file.replace(/^manifests\//, '');
  // A patch file's documents are no objects, but a chapter may still show them.
  const views = [...result.load.objects, ...result.load.consumed].filter(
    (o) => o.source.rel === rel,
  );
  const source = result.load.files.find((f) => f.rel === rel);
  if (!source) {
    const near = result.load.files
      .map((f) => f.rel)
      .filter(
        (f) => f.split('/').pop() === rel.split('/').pop() || f.startsWith(rel.split('/')[0]),
      );
    return {
      error: `No manifest \`${rel}\` in ${result.extracted.manifests}/.`,
      hint: near.length
        ? `Did you mean ${near
            .slice(0, 3)
            .map((f) => `\`${f}\``)
            .join(', ')}?`
        : 'Paths are relative to the manifests folder, e.g. `api/deployment.yaml`.',
    };
  }
  const view = objName ? views.find((v) => v.name === objName) : views[0];
  if (!view)
    return {
      error: `No object named \`${objName}\` in \`${rel}\`.`,
      hint: `Objects in that file: ${views.map((v) => v.name).join(', ')}.`,
    };
  if (!objName && views.length > 1 && path) {
    return {
      error: `\`${rel}\` holds ${views.length} objects; say which one.`,
      hint: `Write file="${rel}#${views[0].name}".`,
    };
  }
  const segs = path ? parsePath(path, view) : [];
  if (typeof segs === 'string')
    return {
      error: `Cannot resolve path \`${path}\` in \`${rel}\`: ${segs}.`,
      hint: 'Use dot-separated keys with [n] or [name=x] for list items.',
    };
  const { node, value, exact } = view.node(segs);
  if (!exact || !node?.range)
    return {
      error: `The path \`${path}\` does not exist in \`${fileSpec}\`.`,
      hint: 'Open the manifest and copy the path of the value you want to show.',
    };
  const lc = source.lineCounter;
  let startLine: number;
  let endOffset: number;
  if (segs.length === 0) {
    startLine = lc.linePos(view.doc.contents?.range?.[0] ?? 0).line;
    endOffset = view.doc.contents?.range?.[1] ?? source.text.length;
  } else {
    // For a key whose value is a collection, node() returns the key: show key and value.
    startLine = lc.linePos(node.range[0]).line;
    endOffset = value?.range?.[1] ?? node.range[1];
  }
  let endLine = lc.linePos(Math.max(0, endOffset - 1)).line;
  // The loaded text is already redacted: a Secret's values never got this far.
  const lines = source.lines;
  while (endLine > startLine && !lines[endLine - 1].trim()) endLine--;
  const slice = lines.slice(startLine - 1, endLine);
  // A sequence item starts with "- " on its first line; keep the text as written.
  const indent = Math.min(...slice.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
  const text = slice.map((l) => l.slice(indent)).join('\n');
  const overrides = view.provenance ? overridesOf(view, segs, lc.linePos.bind(lc)) : [];
  return { view, file: source.file, startLine, endLine, text, overrides };
}

/** The scalars under a path of a plain value, with their paths. */
function leaves(x: unknown, at: PathSeg[]): [PathSeg[], unknown][] {
  if (Array.isArray(x)) return x.flatMap((y, i) => leaves(y, [...at, i]));
  if (x && typeof x === 'object')
    return Object.entries(x as Record<string, unknown>).flatMap(([k, y]) => leaves(y, [...at, k]));
  return [[at, x]];
}

/** What a rendered object applies under `segs` that its source file does not show. */
function overridesOf(
  view: ObjectView,
  segs: PathSeg[],
  linePos: (offset: number) => { line: number },
): ExcerptOverride[] {
  const out: ExcerptOverride[] = [];
  for (const [p, value] of leaves(view.get(segs), segs)) {
    const inSource = view.provenance!.sourcePath(p);
    const node = inSource ? (view.node(p).node as YamlNode | null) : null;
    const written = isScalar(node) ? node.value : undefined;
    if (written !== undefined && String(written) === String(value)) continue;
    const { file, line } = view.loc(p);
    out.push({
      path: p.slice(segs.length).join('.'),
      value: String(value),
      line: node?.range ? linePos(node.range[0]).line : null,
      source: { file, line },
    });
  }
  return out;
}
