/**
 * Facts derived from many manifests: per-namespace totals of replicas ×
 * requests/limits, cluster capacity and the share of it requested, where a
 * nodeSelector lets each workload run, what each PodDisruptionBudget allows,
 * and counts the prose quotes.
 */
import type { FactRegistry } from '../facts.ts';
import { objectFactKeys, objectKey, shortObjectKey } from '../keys.ts';
import { formatBytes, formatCpu, milliValue, parseQuantity, unitValue } from '../quantity.ts';
import { podsSelected, selectsPodOf } from '../selector.ts';
import type {
  Extracted,
  Hpa,
  Pdb,
  PdbBudget,
  Quantity,
  ResourceTotals,
  Source,
  Workload,
} from '../types.ts';
import { money } from './book/kinds.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Whole millicores and bytes, rounded up as Kubernetes does; the exact rational comes from the text. */
function whole(x: Quantity | null, cpu: boolean): number {
  const p = x ? parseQuantity(x.raw) : null;
  return p ? (cpu ? milliValue(p) : unitValue(p)) : 0;
}

const emptyTotals = (): ResourceTotals => ({
  requests: { cpuMillicores: 0, memoryBytes: 0 },
  limits: { cpuMillicores: 0, memoryBytes: 0 },
  unlimited: { cpu: 0, memory: 0 },
  replicas: 0,
});

/** Adds n pods of a workload's containers to a total. */
function addPods(t: ResourceTotals, w: Workload, n: number): void {
  t.replicas += n;
  for (const c of runningContainers(w)) {
    t.requests.cpuMillicores += n * whole(c.requests.cpu, true);
    t.requests.memoryBytes += n * whole(c.requests.memory, false);
    t.limits.cpuMillicores += n * whole(c.limits.cpu, true);
    t.limits.memoryBytes += n * whole(c.limits.memory, false);
    if (!c.limits.cpu) t.unlimited.cpu += n;
    if (!c.limits.memory) t.unlimited.memory += n;
  }
}

function totalsFacts(prefix: string, t: ResourceTotals, reg: FactRegistry, src: Source): void {
  reg.add(`${prefix}.replicas`, t.replicas, src, 'number');
  for (const set of ['requests', 'limits'] as const) {
    reg.add(
      `${prefix}.${set}.cpu`,
      t[set].cpuMillicores,
      src,
      'number',
      formatCpu(t[set].cpuMillicores),
    );
    reg.add(
      `${prefix}.${set}.memory`,
      t[set].memoryBytes,
      src,
      'number',
      formatBytes(t[set].memoryBytes),
    );
  }
}

/**
 * Per-namespace totals over applied Deployments and StatefulSets; a workload that leaves its
 * replicas to an HPA counts at the HPA's minReplicas, the fewest pods it runs.
 */
function totals(ex: Extracted, reg: FactRegistry, src: Source): void {
  for (const w of ex.workloads) {
    if ((w.kind !== 'Deployment' && w.kind !== 'StatefulSet') || !w.applied) continue;
    const pods = countingHpa(ex, w)?.minReplicas ?? w.replicas ?? 1;
    addPods((ex.totals[w.namespace] ??= emptyTotals()), w, pods);
  }
  for (const [name, t] of Object.entries(ex.totals)) totalsFacts(`totals.${name}`, t, reg, src);
}

/**
 * The containers that run for a pod's life: its containers and its native sidecars (init
 * containers with restartPolicy: Always), whose ports a Service reaches and whose requests
 * the pod holds beside the containers'.
 */
export const runningContainers = (w: Pick<Workload, 'containers' | 'initContainers'>) => [
  ...w.containers,
  ...w.initContainers.filter((c) => c.sidecar),
];

/** Nodes a workload may run on: all, or those whose labels match its nodeSelector. */
export const eligibleNodesFor = (ex: Pick<Extracted, 'nodes'>, w: Pick<Workload, 'nodeSelector'>) =>
  ex.nodes.filter((n) => Object.entries(w.nodeSelector).every(([k, x]) => n.labels[k] === x));

/**
 * The Traefik that k3s runs as a DaemonSet (one pod per node) is not a
 * manifest of its own: its requests come from the Helm values. Its totals,
 * and the cluster's (every namespace plus Traefik), are facts the resource
 * picture needs.
 */
function clusterTotals(ex: Extracted, reg: FactRegistry, src: Source): ResourceTotals | null {
  if (!ex.nodes.length) return null;
  const cluster = emptyTotals();
  for (const t of Object.values(ex.totals)) {
    cluster.replicas += t.replicas;
    for (const set of ['requests', 'limits'] as const) {
      cluster[set].cpuMillicores += t[set].cpuMillicores;
      cluster[set].memoryBytes += t[set].memoryBytes;
    }
  }
  const cpu = reg.get('traefik.values.resources.requests.cpu');
  const memory = reg.get('traefik.values.resources.requests.memory');
  if (ex.traefik?.kind === 'DaemonSet' && (cpu || memory)) {
    const n = ex.nodes.length;
    const q = (f: typeof cpu) => (f ? { raw: String(f.value), value: 0 } : null);
    const perPod = { cpu: whole(q(cpu), true), memory: whole(q(memory), false) };
    const traefik = emptyTotals();
    traefik.replicas = n;
    traefik.requests = { cpuMillicores: n * perPod.cpu, memoryBytes: n * perPod.memory };
    totalsFacts('totals.traefik', traefik, reg, src);
    cluster.replicas += n;
    cluster.requests.cpuMillicores += traefik.requests.cpuMillicores;
    cluster.requests.memoryBytes += traefik.requests.memoryBytes;
  }
  totalsFacts('totals.cluster', cluster, reg, src);
  return cluster;
}

function capacity(ex: Extracted, reg: FactRegistry, src: Source): void {
  if (!ex.nodes.length) return;
  const cpu = ex.nodes.reduce((s, n) => s + n.vcpu * 1000, 0);
  const mem = ex.nodes.reduce((s, n) => s + n.memory.value, 0);
  const sum = (f: (t: ResourceTotals) => number) =>
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
  const first = ex.nodes[0].source;
  reg.add('cluster.nodes', ex.nodes.length, first, 'number');
  reg.add('capacity.cpu', cpu, first, 'number', formatCpu(cpu));
  reg.add('capacity.memory', mem, first, 'number', formatBytes(mem));
  for (const set of ['requests', 'limits'] as const)
    for (const res of ['cpu', 'memory'] as const) {
      const share = ex.capacity.share[set][res];
      reg.add(`capacity.share.${set}.${res}`, share, src, 'number', pct(share));
    }
  const cluster = clusterTotals(ex, reg, src);
  if (cluster) {
    const cpuShare = cluster.requests.cpuMillicores / cpu;
    const memShare = cluster.requests.memoryBytes / mem;
    reg.add('capacity.share.cluster.requests.cpu', cpuShare, src, 'number', pct(cpuShare));
    reg.add('capacity.share.cluster.requests.memory', memShare, src, 'number', pct(memShare));
  }
  const prices = ex.nodes.map((n) => n.monthlyPrice?.amount ?? 0);
  const total = prices.reduce((a, b) => a + b, 0);
  if (total > 0)
    reg.add(
      'cluster.monthlyPrice',
      total,
      first,
      'price',
      money(total, ex.nodes[0].monthlyPrice?.currency ?? 'USD'),
    );
}

/** Where a nodeSelector lets a workload run, by SSH alias: commands can follow the pod. */
function eligibleNodes(ex: Extracted, reg: FactRegistry): void {
  if (!ex.nodes.length) return;
  for (const w of ex.workloads) {
    if (!Object.keys(w.nodeSelector).length) continue;
    const names = eligibleNodesFor(ex, w).map((n) => n.sshAlias);
    const base = objectKey(w.kind, w.namespace, w.name);
    const src = reg.get(`${base}.nodeSelector`)?.source ?? w.source;
    reg.add(`${base}.eligibleNodes`, names, src, 'text', names.join(', ') || 'none');
    reg.alias(`${shortObjectKey(w.kind, w.name)}.eligibleNodes`, `${base}.eligibleNodes`);
  }
}

/**
 * The applied HPA that owns a workload's replica count: one that scales it while its manifest
 * leaves `replicas` out, as Kubernetes advises for a workload an HPA scales (a count in the
 * manifest would reset the HPA's at every apply). The HPA runs at least its minReplicas.
 */
export function countingHpa(ex: Pick<Extracted, 'hpas'>, w: Workload): Hpa | undefined {
  if (!w.replicasDefaulted || !w.applied) return undefined;
  return ex.hpas.find(
    (h) =>
      h.applied &&
      h.namespace === w.namespace &&
      h.target.kind === w.kind &&
      h.target.name === w.name,
  );
}

/** A count of pods an int-or-percent stands for, rounded up (apimachinery GetScaledValueFromIntOrPercent). */
function scaled(x: number | string | null, total: number): number | null {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && /^\d+%$/.test(x))
    return Math.ceil((total * Number(x.slice(0, -1))) / 100);
  return null;
}

/**
 * What the disruption controller computes for a budget, with every expected
 * pod healthy: the pods it covers are the replicas of the workloads in its
 * namespace whose pods it selects (a DaemonSet: one per eligible node; of a StatefulSet,
 * the ones its per-pod labels pick);
 * minAvailable wins when both are set (the API allows only one). A budget that
 * is applied counts only applied workloads: a file the kustomization leaves out
 * runs no pods.
 */
function pdbBudget(
  p: Pick<
    Pdb,
    'namespace' | 'minAvailable' | 'maxUnavailable' | 'selector' | 'selectorExpressions' | 'applied'
  >,
  ex: Extracted,
): PdbBudget {
  const selector = { matchLabels: p.selector, matchExpressions: p.selectorExpressions };
  const ws = ex.workloads.filter(
    (w) => (w.applied || !p.applied) && w.namespace === p.namespace && selectsPodOf(selector, w),
  );
  const podsOf = (w: Workload) =>
    countingHpa(ex, w)?.minReplicas ??
    w.replicas ??
    (eligibleNodesFor(ex, w).length || ex.nodes.length);
  const expectedPods = ws.reduce((s, w) => s + podsSelected(selector, w, podsOf(w)), 0);
  const minAvailable = scaled(p.minAvailable, expectedPods);
  const maxUnavailable = p.minAvailable === null ? scaled(p.maxUnavailable, expectedPods) : null;
  const desiredHealthy =
    minAvailable ?? (maxUnavailable !== null ? Math.max(0, expectedPods - maxUnavailable) : 0);
  return {
    workloads: ws.map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name })),
    expectedPods,
    minAvailable,
    maxUnavailable,
    desiredHealthy,
    allowedDisruptions: Math.max(0, expectedPods - desiredHealthy),
  };
}

function budgets(ex: Extracted): void {
  for (const p of ex.pdbs) p.budget = pdbBudget(p, ex);
}

/**
 * Which Secrets, and which of their keys, something reads: an env
 * secretKeyRef or a volume's `items` name keys; envFrom, a volume without
 * items, an imagePullSecret or a route's TLS secret use all of them.
 */
function secretUse(ex: Extracted): { whole: Set<string>; keys: Set<string> } {
  const whole = new Set<string>();
  const keys = new Set<string>();
  for (const w of ex.workloads) {
    const ns = w.namespace;
    for (const c of [...w.containers, ...w.initContainers]) {
      for (const e of c.env)
        if (e.from === 'secretKeyRef' && e.ref) keys.add(`${ns}/${e.ref.name}/${e.ref.key}`);
      for (const e of c.envFrom) if (e.from === 'secretRef') whole.add(`${ns}/${e.name}`);
    }
    for (const v of w.volumes)
      for (const r of v.refs.filter((x) => x.kind === 'secret')) {
        if (!r.items.length) whole.add(`${ns}/${r.name}`);
        for (const k of r.items) keys.add(`${ns}/${r.name}/${k}`);
      }
    for (const s of w.imagePullSecrets) whole.add(`${ns}/${s.name}`);
  }
  for (const r of ex.routes) if (r.tlsSecret) whole.add(`${r.namespace}/${r.tlsSecret}`);
  return { whole, keys };
}

/** Counts and lists the prose quotes ("five Secrets"), from the applied objects. */
function counts(ex: Extracted, reg: FactRegistry, src: Source): void {
  const applied = <T extends { applied: boolean }>(xs: T[]) => xs.filter((x) => x.applied);
  const count = (key: string, n: number) => reg.add(key, n, src, 'number');
  count('workloads.count', applied(ex.workloads).length);
  count('secrets.count', ex.secrets.length);
  reg.add(
    'secrets.names',
    ex.secrets.map((s) => s.name),
    src,
  );
  count('networkpolicies.count', applied(ex.networkPolicies).length);
  count(
    'ingressroutes.count',
    applied(ex.routes.filter((r) => r.kind === 'IngressRoute'))
      .map((r) => r.name)
      .filter((n, i, a) => a.indexOf(n) === i).length,
  );
  count('middlewares.count', applied(ex.middlewares).length);
  count('roles.count', applied(ex.roles).length);
  if (ex.ufw) count('ufw.rules.count', ex.ufw.rules.length);
  if (ex.traefik) count('traefik.entrypoints.count', ex.traefik.entrypoints.length);
  const used = secretUse(ex);
  for (const s of ex.secrets) {
    const key = (field: string) => objectFactKeys('Secret', s.namespace, s.name, field);
    const id = `${s.namespace}/${s.name}`;
    const count = key('keys.count');
    reg.add(count.full, s.keys.length, s.source, 'number');
    for (const a of count.aliases) reg.alias(a, count.full);
    const unused = used.whole.has(id)
      ? []
      : s.keys.map((k) => k.key).filter((k) => !used.keys.has(`${id}/${k}`));
    const unref = key('unreferencedKeys');
    reg.add(unref.full, unused, s.source, 'text', unused.join(', ') || 'none');
    for (const a of unref.aliases) reg.alias(a, unref.full);
  }
}

/** Totals, capacity and the share requested, placement, budgets and counts. */
export function derive(ex: Extracted, reg: FactRegistry): void {
  // Derived facts come from many manifests: they point at the folder, line 0.
  const src: Source = { file: ex.manifests, line: 0 };
  totals(ex, reg, src);
  capacity(ex, reg, src);
  eligibleNodes(ex, reg);
  budgets(ex);
  counts(ex, reg, src);
  const byNs: Record<string, string[]> = {};
  for (const w of ex.workloads) if (w.applied) (byNs[w.namespace] ??= []).push(w.name);
  for (const [n, names] of Object.entries(byNs)) reg.add(`namespace.${n}.workloads`, names, src);
  for (const f of ex.applied.notApplied)
    reg.add(`notApplied.${f}`, f, { file: `${ex.manifests}/${f}`, line: 1 }, 'path');
}
