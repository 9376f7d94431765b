/**
 * Mermaid sources generated from the facts: the architecture (Cloudflare →
 * Traefik on each node → pods placed by replicas and nodeSelector → external
 * services) and the request flow (host → entrypoint → middlewares → Service).
 * Each comes with alt text and a plain-text fallback built from the same data.
 */
import {
  eligibleNodesFor,
  type Extracted,
  type ExtractResult,
  type Workload,
} from '../../engine/index.ts';
import type { Chapter } from '../../mdx/index.ts';
import { facts } from './facts.ts';
import { mermaidLabel } from './diagrams.ts';

/** Quoted Mermaid label, one line per item; every string is escaped (diagrams.ts). */
const q = (...lines: string[]) => mermaidLabel(lines);

export interface DiagramSpec {
  source: string;
  alt: string;
  fallback: string;
}

/**
 * Where pods sit, as far as the manifests decide it: pinned by nodeSelector to
 * the nodes whose labels match, spread one per node when replicas cover every
 * node, otherwise "any node" (the scheduler picks).
 */
export function placement(ex: Extracted): { perNode: Map<string, string[]>; floating: string[] } {
  const perNode = new Map(ex.nodes.map((n) => [n.sshAlias, [] as string[]]));
  const floating: string[] = [];
  const apps = ex.workloads.filter((w) => w.applied && w.kind !== 'Job' && w.kind !== 'CronJob');
  for (const w of apps) {
    const eligible = eligibleNodesFor(ex, w);
    const label = (w: Workload, count: number) => (count > 1 ? `${w.name} ×${count}` : w.name);
    if (w.replicas === null) {
      for (const n of eligible) perNode.get(n.sshAlias)!.push(w.name);
    } else if (Object.keys(w.nodeSelector).length && eligible.length === 1) {
      perNode.get(eligible[0].sshAlias)!.push(label(w, w.replicas));
    } else if (eligible.length && w.replicas >= eligible.length) {
      const base = Math.floor(w.replicas / eligible.length);
      const extra = w.replicas % eligible.length;
      eligible.forEach((n, i) =>
        perNode.get(n.sshAlias)!.push(label(w, base + (i < extra ? 1 : 0))),
      );
    } else {
      floating.push(label(w, w.replicas));
    }
  }
  return { perNode, floating };
}

/**
 * Top to bottom, so it stays narrow enough to draw text at a legible size: clients,
 * Cloudflare, one edge into the cluster (rather than one per node, which ran through
 * the node titles), the nodes side by side with Traefik and their pinned pods, pods that
 * may run anywhere below them, then the services outside in rows of three. Node ids are
 * positional; no name from the manifests reaches the Mermaid syntax unescaped.
 */
export function architecture(): DiagramSpec {
  return architectureOf(facts());
}

export function architectureOf({ extracted: ex, registry }: ExtractResult): DiagramSpec {
  const { perNode, floating } = placement(ex);
  const cm = (key: string) => registry.get(`configmap/honeydue-config.${key}`)?.display;
  const entry = ex.traefik?.entrypoints.find((e) => e.exposed);
  const port = String(entry?.port ?? '?');
  const ssl = ex.cloudflare?.sslModeLabel ?? 'unknown';
  const lines = [
    'flowchart TB',
    `  users([${q('Browsers and mobile apps')}]) -->|${q('HTTPS')}| cf[${q('Cloudflare edge', `SSL: ${ssl}`)}]`,
    `  cf -->|${q(`HTTPS :${port} to Traefik`, `on each of the ${ex.nodes.length} k3s nodes`)}| cluster`,
    `  subgraph cluster[${q(' ')}]`,
  ];
  ex.nodes.forEach((n, i) => {
    lines.push(`    subgraph n${i}[${q(n.sshAlias, n.publicIp, n.hostname)}]`);
    lines.push(`      n${i}t[${q(`Traefik :${port}`)}]`);
    const pods = perNode.get(n.sshAlias) ?? [];
    if (pods.length) lines.push(`      n${i}t --> n${i}p[${q(...pods)}]`);
    lines.push('    end');
  });
  const last = ex.nodes.length - 1;
  if (floating.length && last >= 0) {
    lines.push(`    anywhere[${q('On any node:', ...floating)}]`);
    // An invisible link from the last node puts this box under it rather than beside the
    // row (narrower), and makes the layout keep the nodes in inventory order.
    const from = (perNode.get(ex.nodes[last].sshAlias) ?? []).length ? 'p' : 't';
    lines.push(`    n${last}${from} ~~~ anywhere`);
  }
  lines.push('  end');
  const ext: string[][] = [];
  if (cm('DB_HOST')) ext.push(['Neon Postgres', `port ${cm('DB_PORT') ?? '?'}`]);
  if (cm('B2_BUCKET_NAME')) ext.push(['Backblaze B2', cm('B2_BUCKET_NAME')!]);
  if (cm('EMAIL_HOST')) ext.push(['SMTP', `${cm('EMAIL_HOST')}:${cm('EMAIL_PORT') ?? '?'}`]);
  const registryHost = registry.get('external.gitea.host')?.display;
  if (registryHost) ext.push(['Gitea registry', registryHost]);
  const obs = registry.get('external.observability.host')?.display;
  if (obs) ext.push(['Observability', obs]);
  if (ext.length) {
    lines.push(`  subgraph external[${q('Outside the cluster')}]`);
    ext.forEach((label, i) => lines.push(`    x${i}[(${q(...label)})]`));
    for (let i = 3; i < ext.length; i++) lines.push(`    x${i - 3} ~~~ x${i}`);
    lines.push('  end');
    lines.push(`  cluster -.->|${q('pods call out')}| external`);
  }
  const pods = (alias: string) => (perNode.get(alias) ?? []).join(', ');
  const alt =
    `Architecture: clients reach Cloudflare over HTTPS; Cloudflare, in SSL mode ${ssl}, connects on port ${port} to Traefik on each of the ${ex.nodes.length} nodes; ` +
    ex.nodes
      .map(
        (n) =>
          `${n.sshAlias} (${n.hostname}, ${n.publicIp}) runs ${pods(n.sshAlias) || 'no pinned pods'}`,
      )
      .join('; ') +
    (floating.length ? `; ${floating.join(', ')} may run on any node` : '') +
    `. Outside the cluster: ${ext.map((l) => l.join(' ')).join(', ')}.`;
  const fallback = [
    `Clients --HTTPS--> Cloudflare (SSL ${ssl})`,
    ...ex.nodes.map(
      (n) =>
        `  --> ${n.sshAlias} ${n.publicIp} (${n.hostname}): Traefik :${port} -> ${pods(n.sshAlias) || '-'}`,
    ),
    ...(floating.length ? [`  any node: ${floating.join(', ')}`] : []),
    'Pods --> outside the cluster:',
    ...ext.map((l) => `  - ${l.join(' ')}`),
  ].join('\n');
  return { source: lines.join('\n'), alt, fallback };
}

/**
 * Top to bottom: client, Cloudflare, the entrypoint, then one column per host with its
 * middlewares in order, ending at the Service (shared by hosts that route to the same
 * one). Ids are positional; every label is escaped.
 */
export function requestFlow(): DiagramSpec {
  return requestFlowOf(facts());
}

/**
 * A subdomain on its own line (`api.` over `myhoneydue.com`): four hosts side by side
 * then fit the text column at a legible size, and the name breaks only between labels.
 */
function hostLines(host: string): string[] {
  const dot = host.indexOf('.');
  return host.indexOf('.', dot + 1) > 0 ? [host.slice(0, dot + 1), host.slice(dot + 1)] : [host];
}

export function requestFlowOf({ extracted: ex }: ExtractResult): DiagramSpec {
  const entry = ex.traefik?.entrypoints.find((e) => e.exposed);
  const port = String(entry?.port ?? '?');
  const lines = [
    'flowchart TB',
    `  client([${q('Client')}]) -->|${q('HTTPS')}| cf[${q('Cloudflare', ex.cloudflare?.sslModeLabel ?? '')}]`,
    `  cf -->|${q(`TLS to origin :${port}`)}| ep[${q('Traefik entrypoint', `${entry?.name ?? ''} :${port}`)}]`,
  ];
  const services = new Map<string, string>();
  const text: string[] = [];
  ex.routes.forEach((r, i) => {
    lines.push(`  ep --> h${i}[${q(...hostLines(r.host))}]`);
    let prev = `h${i}`;
    r.middlewares.forEach((m, j) => {
      lines.push(`  ${prev} --> h${i}m${j}[${q(m)}]`);
      prev = `h${i}m${j}`;
    });
    const target = `${r.service}:${r.port}`;
    const known = services.get(target);
    const sid = known ?? `s${services.size}`;
    services.set(target, sid);
    lines.push(`  ${prev} --> ${sid}${known ? '' : `[${q(`Service ${target}`)}]`}`);
    text.push(`${r.host} -> ${[...r.middlewares, target].join(' -> ')}`);
  });
  const alt = `Request flow: a client connects to Cloudflare over HTTPS; Cloudflare opens TLS to Traefik's ${entry?.name ?? ''} entrypoint on port ${port}; Traefik routes by host: ${text.join('; ')}.`;
  return {
    source: lines.join('\n'),
    alt,
    fallback: [`Client -> Cloudflare -> Traefik :${port}`, ...text.map((t) => `  ${t}`)].join('\n'),
  };
}

/** The diagram components that draw a generated diagram, and its source. */
const GENERATED: Record<string, () => DiagramSpec> = {
  ArchitectureDiagram: architecture,
  RequestFlowDiagram: requestFlow,
};

/**
 * The Mermaid source of every diagram the pages draw, as far as the MDX shows it: the
 * generated ones, and each `<Diagram source={…}>` whose source is a plain string. For
 * rendering them ahead of the pages (prerenderDiagrams); a source computed in the page
 * is simply drawn when the page asks.
 */
export function pageDiagramSources(pages: readonly Pick<Chapter, 'elements'>[]): string[] {
  const out = new Set<string>();
  for (const page of pages)
    for (const el of page.elements) {
      if (el.name === 'Diagram' && el.attrs.source) out.add(el.attrs.source);
      const generated = GENERATED[el.name];
      if (generated) out.add(generated().source);
    }
  return [...out];
}
