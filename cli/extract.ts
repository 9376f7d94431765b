/**
 * `npm run extract -- [--manifests DIR] [--format json|text|keys]`
 *
 * A function, not a process: it returns the exit code and the text to print,
 * so tests call it in-process. bin.ts maps the result onto the process.
 */
import {
  extract,
  formatBytes,
  formatCpu,
  firstOf,
  formatInputError,
  InputErrors,
  type Extracted,
  type Quantity,
} from '../engine/index.ts';
import { parseArgs, type CliResult } from './args.ts';

const USAGE = `usage: npm run extract -- [--manifests DIR] [--format json|text|keys]

  --manifests DIR   folder of plain-YAML manifests (default: manifests)
  --format json     the facts as JSON (schema: docs/extract-schema.md)
  --format text     a readable summary (default)
  --format keys     every fact key the book can render, with value and source`;

const q = (x: Quantity | null) => x?.raw ?? '—';

/** The folder's counts, then every workload with its containers. */
function workloadLines(ex: Extracted, lines: string[]): void {
  const skipped = ex.documents.skipped.length;
  lines.push(
    `${ex.manifests}: ${ex.documents.objects} objects, ${ex.documents.empty} empty documents, ${skipped} passed over (kinds not modelled)`,
  );
  if (ex.applied.notApplied.length)
    lines.push(`defined but not applied: ${ex.applied.notApplied.join(', ')}`);
  lines.push('', 'Workloads');
  for (const w of ex.workloads) {
    lines.push(
      `  ${w.kind} ${w.namespace}/${w.name}  replicas=${w.replicas ?? 'per-node'}${w.replicasDefaulted ? ' (default)' : ''}${w.applied ? '' : '  [not applied]'}  ${w.source.file}:${w.source.line}`,
    );
    for (const c of [...w.initContainers, ...w.containers]) {
      lines.push(
        `    ${c.init ? 'init ' : ''}${c.name}  ${c.image}  req ${q(c.requests.cpu)}/${q(c.requests.memory)}  lim ${q(c.limits.cpu)}/${q(c.limits.memory)}  ports ${c.ports.map((p) => p.containerPort).join(',') || '—'}`,
      );
    }
  }
}

/** One titled list per kind of object. */
function objectLines(ex: Extracted, lines: string[]): void {
  lines.push('', 'Services');
  for (const s of ex.services)
    lines.push(
      `  ${s.namespace}/${s.name}  ${s.type}  ${s.ports.map((p) => `${p.port}→${p.targetPort}/${p.protocol}`).join(', ')}`,
    );
  if (ex.routes.length) {
    lines.push('', 'Routes');
    for (const r of ex.routes)
      lines.push(
        `  ${r.host}${r.path ?? ''} → ${[...r.middlewares, `${r.service}:${r.port}`].join(' → ')}`,
      );
  }
  for (const [label, list] of [
    [
      'PodDisruptionBudgets',
      ex.pdbs.map(
        (p) =>
          `${p.namespace}/${p.name} minAvailable=${p.minAvailable ?? '—'} maxUnavailable=${p.maxUnavailable ?? '—'}`,
      ),
    ],
    [
      'HorizontalPodAutoscalers',
      ex.hpas.map(
        (h) =>
          `${h.namespace}/${h.name} ${h.minReplicas}–${h.maxReplicas}${h.applied ? '' : ' [not applied]'}`,
      ),
    ],
    [
      'NetworkPolicies',
      ex.networkPolicies.map((n) => `${n.namespace}/${n.name} ${n.policyTypes.join('+')}`),
    ],
    [
      'PersistentVolumeClaims',
      ex.pvcs.map(
        (p) => `${p.namespace}/${p.name} ${p.storage?.raw ?? '—'} ${p.storageClassName ?? ''}`,
      ),
    ],
    ['ConfigMaps', ex.configMaps.map((c) => `${c.namespace}/${c.name} (${c.data.length} keys)`)],
    [
      'Secrets (key names only)',
      ex.secrets.map((s) => `${s.namespace}/${s.name}: ${s.keys.map((k) => k.key).join(', ')}`),
    ],
    [
      'Nodes',
      ex.nodes.map(
        (n) => `${n.sshAlias}  ${n.publicIp}  ${n.hostname}  ${n.instanceType} ${n.vcpu} vCPU`,
      ),
    ],
    [
      'UFW rules',
      (ex.ufw?.rules ?? []).map(
        (r) =>
          `${r.port}/${r.protocol} from ${r.from.length > 3 ? `${r.from.length} sources` : r.from.join(', ')}  # ${r.comment ?? ''}`,
      ),
    ],
    [
      'Cloudflare DNS',
      (ex.cloudflare?.dns ?? []).map(
        (d) => `${d.type} ${d.name} → ${d.content}${d.proxied ? ' (proxied)' : ''}`,
      ),
    ],
  ] as const) {
    if (!list.length) continue;
    lines.push('', label);
    for (const l of list) lines.push(`  ${l}`);
  }
}

/** Per-namespace totals, capacity, and the kinds passed over. */
function totalLines(ex: Extracted, lines: string[]): void {
  lines.push('', 'Totals (replicas × per-pod, Deployments and StatefulSets)');
  for (const [ns, t] of Object.entries(ex.totals)) {
    lines.push(
      `  ${ns}: ${t.replicas} pods, requests ${formatCpu(t.requests.cpuMillicores)} CPU / ${formatBytes(t.requests.memoryBytes)}, limits ${formatCpu(t.limits.cpuMillicores)} CPU / ${formatBytes(t.limits.memoryBytes)}`,
    );
  }
  if (ex.capacity) {
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    lines.push(
      `  capacity: ${ex.capacity.nodes} nodes, ${formatCpu(ex.capacity.cpuMillicores)} CPU / ${formatBytes(ex.capacity.memoryBytes)}; requested ${pct(ex.capacity.share.requests.cpu)} CPU, ${pct(ex.capacity.share.requests.memory)} memory`,
    );
  }
  if (ex.documents.skipped.length) {
    const counts: Record<string, number> = {};
    for (const s of ex.documents.skipped)
      counts[s.kind || '(no kind)'] = (counts[s.kind || '(no kind)'] ?? 0) + 1;
    lines.push(
      '',
      `Passed over: ${Object.entries(counts)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')}`,
    );
  }
}

function text(ex: Extracted): string {
  const lines: string[] = [];
  workloadLines(ex, lines);
  objectLines(ex, lines);
  totalLines(ex, lines);
  return `${lines.join('\n')}\n`;
}

export function runExtract(argv: string[]): CliResult {
  if (argv.includes('--help') || argv.includes('-h'))
    return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  const args = parseArgs(argv, { manifests: 'value', format: 'value' });
  if (typeof args === 'string') return { code: 2, stdout: '', stderr: `${args}\n\n${USAGE}\n` };
  if (!['json', 'text', 'keys'].includes(args.format))
    return {
      code: 2,
      stdout: '',
      stderr: `unknown format \`${args.format}\`: use json, text or keys\n`,
    };
  try {
    const { extracted, registry, warnings } = extract(args.manifests);
    const stderr = warnings.map((w) => `${formatInputError(w)}\n\n`).join('');
    if (args.format === 'json')
      return { code: 0, stdout: `${JSON.stringify(extracted, null, 2)}\n`, stderr };
    if (args.format === 'keys') {
      const rows = registry.keys().map((k) => {
        const f = registry.get(k)!;
        return `${k}\t${f.display}\t${f.source.file}:${f.source.line}`;
      });
      return { code: 0, stdout: `${rows.join('\n')}\n`, stderr };
    }
    return { code: 0, stdout: text(extracted), stderr };
  } catch (e) {
    if (e instanceof InputErrors) {
      const n = e.errors.length;
      return {
        code: 2,
        stdout: '',
        stderr: `${firstOf(e.errors, formatInputError, 'problem').join('\n\n')}\n\n${n} problem${n === 1 ? '' : 's'} in the manifests; nothing was written.\n`,
      };
    }
    throw e;
  }
}
