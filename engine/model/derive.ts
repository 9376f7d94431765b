/**
 * Facts derived from many manifests: per-namespace totals of replicas ×
 * requests/limits, cluster capacity and the share of it requested, where a
 * nodeSelector lets each workload run.
 */
import type { FactRegistry } from '../facts.ts';
import { money } from './book.ts';
import { formatBytes, formatCpu, milliValue, parseQuantity, unitValue } from '../quantity.ts';
import type { Extracted, Quantity, Source } from '../types.ts';

/** Totals, capacity and the share requested. */
export function derive(ex: Extracted, reg: FactRegistry): void {
  // Derived facts come from many manifests: they point at the folder, line 0.
  const totalSrc: Source = { file: ex.manifests, line: 0 };
  // Whole millicores and bytes per container, rounded up as Kubernetes does; the exact
  // rational comes from the text, not from the floating-point `value`.
  const whole = (x: Quantity | null, cpu: boolean) => {
    const p = x ? parseQuantity(x.raw) : null;
    return p ? (cpu ? milliValue(p) : unitValue(p)) : 0;
  };
  for (const w of ex.workloads) {
    if ((w.kind !== 'Deployment' && w.kind !== 'StatefulSet') || !w.applied) continue;
    const t = (ex.totals[w.namespace] ??= {
      requests: { cpuMillicores: 0, memoryBytes: 0 },
      limits: { cpuMillicores: 0, memoryBytes: 0 },
      unlimited: { cpu: 0, memory: 0 },
      replicas: 0,
    });
    const n = w.replicas ?? 1;
    t.replicas += n;
    for (const c of w.containers) {
      t.requests.cpuMillicores += n * whole(c.requests.cpu, true);
      t.requests.memoryBytes += n * whole(c.requests.memory, false);
      t.limits.cpuMillicores += n * whole(c.limits.cpu, true);
      t.limits.memoryBytes += n * whole(c.limits.memory, false);
      if (!c.limits.cpu) t.unlimited.cpu += n;
      if (!c.limits.memory) t.unlimited.memory += n;
    }
  }
  for (const [name, t] of Object.entries(ex.totals)) {
    reg.add(`totals.${name}.replicas`, t.replicas, totalSrc, 'number');
    reg.add(
      `totals.${name}.requests.cpu`,
      t.requests.cpuMillicores,
      totalSrc,
      'number',
      formatCpu(t.requests.cpuMillicores),
    );
    reg.add(
      `totals.${name}.requests.memory`,
      t.requests.memoryBytes,
      totalSrc,
      'number',
      formatBytes(t.requests.memoryBytes),
    );
    reg.add(
      `totals.${name}.limits.cpu`,
      t.limits.cpuMillicores,
      totalSrc,
      'number',
      formatCpu(t.limits.cpuMillicores),
    );
    reg.add(
      `totals.${name}.limits.memory`,
      t.limits.memoryBytes,
      totalSrc,
      'number',
      formatBytes(t.limits.memoryBytes),
    );
  }
  if (ex.nodes.length) {
    const cpu = ex.nodes.reduce((s, n) => s + n.vcpu * 1000, 0);
    const mem = ex.nodes.reduce((s, n) => s + n.memory.value, 0);
    const sum = (f: (t: Extracted['totals'][string]) => number) =>
      Object.values(ex.totals).reduce((s, t) => s + f(t), 0);
    ex.capacity = {
      nodes: ex.nodes.length,
      cpuMillicores: cpu,
      memoryBytes: mem,
      share: {
        requests: {
          cpu: sum((t) => t.requests.cpuMillicores) / cpu,
          memory: sum((t) => t.requests.memoryBytes) / mem,
        },
        limits: {
          cpu: sum((t) => t.limits.cpuMillicores) / cpu,
          memory: sum((t) => t.limits.memoryBytes) / mem,
        },
      },
    };
    const src = ex.nodes[0].source;
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    reg.add('cluster.nodes', ex.nodes.length, src, 'number');
    reg.add('capacity.cpu', cpu, src, 'number', formatCpu(cpu));
    reg.add('capacity.memory', mem, src, 'number', formatBytes(mem));
    reg.add(
      'capacity.share.requests.cpu',
      ex.capacity.share.requests.cpu,
      totalSrc,
      'number',
      pct(ex.capacity.share.requests.cpu),
    );
    reg.add(
      'capacity.share.requests.memory',
      ex.capacity.share.requests.memory,
      totalSrc,
      'number',
      pct(ex.capacity.share.requests.memory),
    );
    reg.add(
      'capacity.share.limits.cpu',
      ex.capacity.share.limits.cpu,
      totalSrc,
      'number',
      pct(ex.capacity.share.limits.cpu),
    );
    reg.add(
      'capacity.share.limits.memory',
      ex.capacity.share.limits.memory,
      totalSrc,
      'number',
      pct(ex.capacity.share.limits.memory),
    );
    const prices = ex.nodes.map((n) => n.monthlyPrice?.amount ?? 0);
    if (prices.some((p) => p > 0))
      reg.add(
        'cluster.monthlyPrice',
        prices.reduce((a, b) => a + b, 0),
        src,
        'price',
        money(
          prices.reduce((a, b) => a + b, 0),
          ex.nodes[0].monthlyPrice?.currency ?? 'USD',
        ),
      );
  }
  // Where a nodeSelector lets a workload run, by SSH alias: commands can follow the pod.
  for (const w of ex.workloads) {
    if (!Object.keys(w.nodeSelector).length || !ex.nodes.length) continue;
    const eligible = ex.nodes
      .filter((n) => Object.entries(w.nodeSelector).every(([k, v]) => n.labels[k] === v))
      .map((n) => n.sshAlias);
    const base = `${w.kind.toLowerCase()}/${w.namespace}/${w.name}`;
    reg.add(
      `${base}.eligibleNodes`,
      eligible,
      reg.get(`${base}.nodeSelector`)?.source ?? w.source,
      'text',
      eligible.join(', ') || 'none',
    );
    reg.alias(`${w.kind.toLowerCase()}/${w.name}.eligibleNodes`, `${base}.eligibleNodes`);
  }
  reg.add('workloads.count', ex.workloads.filter((w) => w.applied).length, totalSrc, 'number');
  const namesByNs: Record<string, string[]> = {};
  for (const w of ex.workloads) if (w.applied) (namesByNs[w.namespace] ??= []).push(w.name);
  for (const [n, names] of Object.entries(namesByNs))
    reg.add(`namespace.${n}.workloads`, names, totalSrc);
  for (const f of ex.applied.notApplied)
    reg.add(`notApplied.${f}`, f, { file: `${ex.manifests}/${f}`, line: 1 }, 'path');
}
