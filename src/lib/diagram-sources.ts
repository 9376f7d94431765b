/**
 * Mermaid sources generated from the facts: the architecture (Cloudflare →
 * Traefik on each node → pods placed by replicas and nodeSelector → external
 * services) and the request flow (host → entrypoint → middlewares → Service).
 * Each comes with alt text and a plain-text fallback built from the same data.
 */
import type { Extracted, Workload } from '../../engine/index.ts';
import { facts } from './facts.ts';

export interface DiagramSpec {
  source: string;
  alt: string;
  fallback: string;
}

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
const q = (s: string) => `"${s.replace(/"/g, "'")}"`;

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
    const eligible = ex.nodes.filter((n) =>
      Object.entries(w.nodeSelector).every(([k, v]) => n.labels[k] === v),
    );
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

export function architecture(): DiagramSpec {
  const { extracted: ex, registry } = facts();
  const { perNode, floating } = placement(ex);
  const cm = (key: string) => registry.get(`configmap/honeydue-config.${key}`)?.display;
  const entry = ex.traefik?.entrypoints.find((e) => e.exposed);
  const lines = [
    'flowchart TB',
    `  users([Browsers and mobile apps]) -->|HTTPS| cf[${q(`Cloudflare edge · SSL ${ex.cloudflare?.sslModeLabel ?? '?'}`)}]`,
  ];
  lines.push(`  subgraph cluster[${q(`k3s cluster · ${ex.nodes.length} nodes`)}]`);
  // Mermaid lays sibling subgraphs out right to left in declaration order: declare them
  // backwards so the nodes read left to right in inventory order.
  for (const n of [...ex.nodes].reverse()) {
    const nid = id(n.sshAlias);
    lines.push(`    subgraph ${nid}[${q(`${n.sshAlias} · ${n.publicIp}<br/>${n.hostname}`)}]`);
    lines.push(`      ${nid}_traefik[${q(`Traefik :${entry?.port ?? '?'}`)}]`);
    const pods = perNode.get(n.sshAlias) ?? [];
    if (pods.length) lines.push(`      ${nid}_pods[${q(pods.join(' · '))}]`);
    if (pods.length) lines.push(`      ${nid}_traefik --> ${nid}_pods`);
    lines.push('    end');
  }
  if (floating.length) lines.push(`    floating[${q(`On any node: ${floating.join(' · ')}`)}]`);
  lines.push('  end');
  for (const n of ex.nodes)
    lines.push(`  cf -->|${q(`HTTPS :${entry?.port ?? '?'}`)}| ${id(n.sshAlias)}_traefik`);
  const ext: [string, string][] = [];
  if (cm('DB_HOST')) ext.push(['neon', `Neon Postgres<br/>port ${cm('DB_PORT') ?? '?'}`]);
  if (cm('B2_BUCKET_NAME')) ext.push(['b2', `Backblaze B2<br/>${cm('B2_BUCKET_NAME')}`]);
  if (cm('EMAIL_HOST')) ext.push(['smtp', `SMTP<br/>${cm('EMAIL_HOST')}:${cm('EMAIL_PORT')}`]);
  const registryHost = registry.get('external.gitea.host')?.display;
  if (registryHost) ext.push(['registry', `Gitea registry<br/>${registryHost}`]);
  const obs = registry.get('external.observability.host')?.display;
  if (obs) ext.push(['obs', `Observability<br/>${obs}`]);
  lines.push('  subgraph external["Outside the cluster"]');
  for (const [eid, label] of ext) lines.push(`    ${eid}[(${q(label)})]`);
  lines.push('  end');
  if (ext.length) lines.push('  cluster -.->|"pods call out"| external');
  const plain = (l: string) => l.replace(/<br\/>/g, ' ');
  const alt =
    `Architecture: clients reach Cloudflare over HTTPS; Cloudflare, in SSL mode ${ex.cloudflare?.sslModeLabel ?? 'unknown'}, connects on port ${entry?.port ?? '?'} to Traefik on each of the ${ex.nodes.length} nodes; ` +
    ex.nodes
      .map(
        (n) =>
          `${n.sshAlias} (${n.hostname}, ${n.publicIp}) runs ${(perNode.get(n.sshAlias) ?? []).join(', ') || 'no pinned pods'}`,
      )
      .join('; ') +
    (floating.length ? `; ${floating.join(', ')} may run on any node` : '') +
    `. Outside the cluster: ${ext.map(([, l]) => plain(l)).join(', ')}.`;
  const fallback = [
    `Clients --HTTPS--> Cloudflare (SSL ${ex.cloudflare?.sslModeLabel ?? '?'})`,
    ...ex.nodes.map(
      (n) =>
        `  --> ${n.sshAlias} ${n.publicIp} (${n.hostname}): Traefik :${entry?.port ?? '?'} -> ${(perNode.get(n.sshAlias) ?? []).join(', ') || '-'}`,
    ),
    ...(floating.length ? [`  any node: ${floating.join(', ')}`] : []),
    'Pods --> outside the cluster:',
    ...ext.map(([, l]) => `  - ${plain(l)}`),
  ].join('\n');
  return { source: lines.join('\n'), alt, fallback };
}

export function requestFlow(): DiagramSpec {
  const { extracted: ex } = facts();
  const entry = ex.traefik?.entrypoints.find((e) => e.exposed);
  const lines = [
    'flowchart LR',
    `  client([Client]) -->|HTTPS| cf[${q(`Cloudflare · ${ex.cloudflare?.sslModeLabel ?? ''}`)}]`,
    `  cf -->|${q(`TLS to origin :${entry?.port ?? '?'}`)}| ep[${q(`Traefik entrypoint ${entry?.name ?? ''} :${entry?.port ?? '?'}`)}]`,
  ];
  const text: string[] = [];
  ex.routes.forEach((r, i) => {
    const hid = `h${i}`;
    lines.push(`  ep --> ${hid}[${q(r.host)}]`);
    let prev = hid;
    r.middlewares.forEach((m, j) => {
      const mid = `${hid}_m${j}`;
      lines.push(`  ${prev} --> ${mid}[${q(m)}]`);
      prev = mid;
    });
    const sid = `svc_${id(r.service)}_${id(String(r.port))}`;
    lines.push(`  ${prev} --> ${sid}[${q(`Service ${r.service}:${r.port}`)}]`);
    text.push(`${r.host} -> ${[...r.middlewares, `${r.service}:${r.port}`].join(' -> ')}`);
  });
  const alt = `Request flow: a client connects to Cloudflare over HTTPS; Cloudflare opens TLS to Traefik's ${entry?.name ?? ''} entrypoint on port ${entry?.port ?? '?'}; Traefik routes by host: ${text.join('; ')}.`;
  return {
    source: lines.join('\n'),
    alt,
    fallback: [
      `Client -> Cloudflare -> Traefik :${entry?.port ?? '?'}`,
      ...text.map((t) => `  ${t}`),
    ].join('\n'),
  };
}
