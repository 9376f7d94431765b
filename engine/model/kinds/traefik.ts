/**
 * k3s's bundled Traefik, configured by a HelmChartConfig named `traefik`
 * whose `valuesContent` holds Helm values as YAML of their own. The values
 * are read through a view whose positions are shifted onto the manifest's
 * lines, so every value is located like any other field.
 */
import { inputError } from '../../errors.ts';
import { FactRegistry } from '../../facts.ts';
import type { LineCounter } from 'yaml';
import { ObjectView, type SourceFile } from '../../load.ts';
import { parseKubectlYaml } from '../../yaml-dialect.ts';
import { begin, skip, type ModelContext } from '../context.ts';
import { Reader, type Field } from '../reader.ts';

/** The Helm values of a `valuesContent` block scalar, as a view onto the manifest's lines. */
function valuesView(v: ObjectView, ctx: ModelContext): ObjectView | null {
  const text = v.get(['spec', 'valuesContent']);
  const node = v.node(['spec', 'valuesContent']).node;
  if (typeof text !== 'string' || !node?.range) return null;
  // Block scalar content starts on the line after `valuesContent: |`, indented.
  const header = v.source.lineCounter.linePos(node.range[0]).line;
  const first = v.source.lines[header] ?? '';
  const indent = first.length - first.trimStart().length;
  const { docs, lineCounter } = parseKubectlYaml(text);
  const shifted = {
    linePos: (offset: number) => {
      const p = lineCounter.linePos(offset);
      return { line: p.line + header, col: p.col + indent };
    },
  } as LineCounter;
  const doc = docs[0];
  if (!doc) return null;
  if (doc.errors.length) {
    const pos = { file: v.source.file, ...shifted.linePos(doc.errors[0].pos[0]) };
    const reason = `The Helm values in valuesContent cannot be parsed (${doc.errors[0].code}).`;
    ctx.errors.push(inputError('YAML_SYNTAX', pos, { reason }, v.source.lines));
    return null;
  }
  const source: SourceFile = { ...v.source, text, lineCounter: shifted };
  const values = (doc.toJS() ?? {}) as Record<string, unknown>;
  return new ObjectView(source, doc, 0, [], values);
}

/** Every scalar of the Helm values, e.g. traefik.values.resources.requests.cpu, at its line. */
function leaves(f: Field, path: string[], ctx: ModelContext): void {
  const x = f.raw;
  if (x !== null && typeof x === 'object') {
    if (!Array.isArray(x)) for (const [k, sub] of f.entries()) leaves(sub, [...path, k], ctx);
    return;
  }
  const last = path.at(-1) ?? '';
  const cls = /cpu|memory/.test(last) ? 'quantity' : typeof x === 'number' ? 'number' : 'text';
  ctx.reg.add(
    `traefik.values.${path.join('.')}`,
    x as string | number | boolean | null,
    f.source,
    cls,
  );
}

export function helmChartConfig(v: ObjectView, given: ModelContext): void {
  if (v.name !== 'traefik') return skip(given, v);
  // A copy the kustomization leaves out is read for its errors; its facts go nowhere.
  const shadowed = given.shadowed(v);
  const ctx = shadowed ? { ...given, reg: new FactRegistry(), ex: { ...given.ex } } : given;
  const { r } = begin(v, ctx);
  const view = valuesView(v, ctx);
  if (!view) return;
  const values = new Reader(view, ctx.errors);
  const entrypoints = values
    .at('ports')
    .entries()
    .filter(([, p]) => p.raw && typeof p.raw === 'object')
    .map(([name, p]) => {
      const expose = p.at('expose');
      return {
        name,
        port: Number(p.at('port').raw),
        exposed:
          typeof expose.raw === 'object' ? expose.at('default').raw === true : expose.raw === true,
        tls: p.at('tls', 'enabled').raw === true,
        source: p.at('port').source,
      };
    });
  const kind = values.at('deployment', 'kind');
  const hostNetwork = values.at('hostNetwork');
  ctx.ex.traefik = {
    kind: kind.str()?.value ?? 'Deployment',
    hostNetwork: hostNetwork.raw === true,
    entrypoints,
    source: r.source,
  };
  ctx.reg.add('traefik.kind', ctx.ex.traefik.kind, kind.source);
  ctx.reg.add('traefik.hostNetwork', ctx.ex.traefik.hostNetwork, hostNetwork.source, 'flag');
  leaves(values, [], ctx);
  for (const e of entrypoints) {
    ctx.reg.add(`traefik.entrypoints.${e.name}.port`, e.port, e.source, 'port');
    ctx.reg.add(`traefik.entrypoints.${e.name}.exposed`, e.exposed, e.source, 'flag');
  }
}
