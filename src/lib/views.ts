/**
 * Table view-models: each function turns the facts into rows of cells that
 * the components render. A cell is a list of parts; a part is plain text or a
 * fact key, rendered with its provenance.
 */
import {
  countingHpa,
  runningContainers,
  objectKey,
  serviceSelects,
  showSelector,
  type Extracted,
  type Requirement,
  type Workload,
} from '../../engine/index.ts';
import { facts } from './facts.ts';

export type Part = string | { key: string; code?: boolean };
export type Cell = Part[];
export interface TableView {
  caption: string;
  columns: string[];
  rows: Cell[][];
  /** Optional footer rows (totals). */
  foot?: Cell[][];
  /** Columns of running text, given room to wrap instead of being squeezed. */
  wide?: number[];
  /** Running text shown under each row, across the whole table (parallel to rows). */
  notes?: (Cell | null)[];
}

const k = (key: string, code = false): Part => ({ key, code });
const wkey = (w: { kind: string; namespace: string; name: string }) =>
  objectKey(w.kind, w.namespace, w.name);

function ex(): Extracted {
  return facts().extracted;
}
function has(key: string): boolean {
  return facts().registry.has(key);
}
const opt = (key: string, code = false): Cell => (has(key) ? [k(key, code)] : ['—']);

/** Workloads in the book's namespaces that are applied, in manifest order. */
export function appWorkloads(): Workload[] {
  return ex().workloads.filter((w) => w.applied);
}

export function servicesTable(): TableView {
  const services = ex().services;
  const workloads = appWorkloads();
  return {
    caption: 'Workloads: replicas, ports, role and image',
    columns: ['Workload', 'Kind', 'Replicas', 'Ports'],
    rows: workloads.map((w) => {
      const b = wkey(w);
      const svc = services.find(
        (s) => s.namespace === w.namespace && serviceSelects(s.selector, w.podLabels),
      );
      const ports: Cell = runningContainers(w).flatMap((c) =>
        c.ports.map((p) => k(`${b}.containers.${c.name}.ports.${p.name ?? p.containerPort}`)),
      );
      return [
        [`\`${w.name}\``],
        [w.kind],
        w.replicas === null ? ['one per node'] : [k(`${b}.replicas`)],
        ports.length ? (svc ? [...ports, ` (Service \`${svc.name}\`)`] : ports) : ['none'],
      ];
    }),
    notes: workloads.map((w) => {
      const b = wkey(w);
      const images: Cell = w.containers.flatMap((c, i) => [
        ...(i ? [', '] : []),
        k(`${b}.containers.${c.name}.image`, true),
      ]);
      return [...(has(`${b}.role`) ? [k(`${b}.role`), '. '] : []), 'Image ', ...images];
    }),
  };
}

/**
 * Traefik's DaemonSet, one pod per node in `kube-system`: its per-pod requests come
 * from the chart values, and a limit the values do not set is shown as none.
 */
function traefikRow(): Cell[] {
  const per = (set: 'requests' | 'limits', res: 'cpu' | 'memory'): Cell => {
    const key = `traefik.values.resources.${set}.${res}`;
    return has(key) ? [k(key)] : [set === 'limits' ? 'none' : '—'];
  };
  return [
    ['`traefik` (`kube-system`, one per node)'],
    [k('totals.traefik.replicas')],
    per('requests', 'cpu'),
    per('limits', 'cpu'),
    per('requests', 'memory'),
    per('limits', 'memory'),
  ];
}

export function resourceSummary(): TableView {
  const e = ex();
  const rows = appWorkloads()
    .filter((w) => w.kind === 'Deployment' || w.kind === 'StatefulSet')
    .map((w) => {
      const b = wkey(w);
      const c = w.containers[0];
      const ck = (f: string) => opt(`${b}.containers.${c.name}.${f}`);
      return [
        [`\`${w.name}\``],
        [k(`${b}.replicas`)],
        ck('requests.cpu'),
        ck('limits.cpu'),
        ck('requests.memory'),
        ck('limits.memory'),
      ];
    });
  const foot: Cell[][] = Object.keys(e.totals).map((ns) => [
    [`Total in \`${ns}\` (replicas × per pod)`],
    [k(`totals.${ns}.replicas`)],
    [k(`totals.${ns}.requests.cpu`)],
    [k(`totals.${ns}.limits.cpu`)],
    [k(`totals.${ns}.requests.memory`)],
    [k(`totals.${ns}.limits.memory`)],
  ]);
  if (has('totals.traefik.replicas')) {
    rows.push(traefikRow());
    foot.push([
      ['Total with Traefik (requests the manifests hold)'],
      [k('totals.cluster.replicas')],
      [k('totals.cluster.requests.cpu')],
      ['—'],
      [k('totals.cluster.requests.memory')],
      ['—'],
    ]);
  }
  if (e.capacity) {
    foot.push([
      ['Cluster capacity'],
      [k('cluster.nodes'), ' nodes'],
      [k('capacity.cpu')],
      ['—'],
      [k('capacity.memory')],
      ['—'],
    ]);
    foot.push([
      ['Share of capacity'],
      ['—'],
      [k('capacity.share.requests.cpu')],
      [k('capacity.share.limits.cpu')],
      [k('capacity.share.requests.memory')],
      [k('capacity.share.limits.memory')],
    ]);
    if (has('capacity.share.cluster.requests.cpu'))
      foot.push([
        ['Share of capacity with Traefik'],
        ['—'],
        [k('capacity.share.cluster.requests.cpu')],
        ['—'],
        [k('capacity.share.cluster.requests.memory')],
        ['—'],
      ]);
  }
  return {
    caption: 'Requests and limits per pod, totals and share of the cluster',
    columns: ['Workload', 'Replicas', 'CPU request', 'CPU limit', 'Memory request', 'Memory limit'],
    rows,
    foot,
  };
}

export function probeTable(): TableView {
  const rows: Cell[][] = [];
  for (const w of appWorkloads()) {
    for (const c of w.containers) {
      for (const p of ['startup', 'readiness', 'liveness'] as const) {
        const pr = c.probes[p];
        const b = `${wkey(w)}.containers.${c.name}.probes.${p}`;
        if (!pr) {
          rows.push([[`\`${w.name}\``], [p], ['none'], ['—'], ['—'], ['—'], ['—']]);
          continue;
        }
        const target: Cell =
          pr.type === 'httpGet'
            ? ['GET ', k(`${b}.path`, true), ' :', k(`${b}.port`)]
            : pr.type === 'tcpSocket'
              ? ['TCP :', k(`${b}.port`)]
              : pr.type === 'exec'
                ? [k(`${b}.command`, true)]
                : [pr.type];
        rows.push([
          [`\`${w.name}\``],
          [p],
          target,
          [k(`${b}.initialDelaySeconds`), ' s'],
          [k(`${b}.periodSeconds`), ' s'],
          [k(`${b}.failureThreshold`)],
          [k(`${b}.budgetSeconds`), ' s'],
        ]);
      }
    }
  }
  return {
    caption: 'Health probes (Kubernetes defaults filled in)',
    columns: [
      'Workload',
      'Probe',
      'Check',
      'Initial delay',
      'Period',
      'Failures allowed',
      'Gives up after',
    ],
    rows,
  };
}

export function nodeTable(): TableView {
  const nodes = ex().nodes;
  return {
    caption: 'Nodes: SSH alias, public IP and k3s hostname',
    columns: ['SSH alias', 'Public IP', 'Hostname in k3s'],
    rows: nodes.map((n) => {
      const b = `node/${n.sshAlias}`;
      return [[k(`${b}.sshAlias`, true)], [k(`${b}.publicIp`, true)], [k(`${b}.hostname`, true)]];
    }),
    notes: nodes.map((n) => {
      const b = `node/${n.sshAlias}`;
      const labels: Cell = Object.keys(n.labels).length
        ? ['; labels ', k(`${b}.labels`, true)]
        : [];
      return [
        k(`${b}.instanceType`),
        ': ',
        k(`${b}.vcpu`),
        ' vCPU, ',
        k(`${b}.memory`),
        ' RAM, ',
        k(`${b}.disk`),
        ' disk; roles ',
        k(`${b}.roles`),
        ...labels,
      ];
    }),
  };
}

export function ufwTable(): TableView {
  const u = ex().ufw;
  const rules = u?.rules ?? [];
  return {
    caption: `UFW rules on ${rules[0]?.nodes.includes('all') ? 'every node' : 'the listed nodes'}`,
    columns: ['Rule', 'Port / protocol', 'From'],
    rows: rules.map((r) => [
      [`\`${r.name}\``],
      [k(`ufw/${r.name}.port`, true), ' / ', k(`ufw/${r.name}.protocol`)],
      [k(`ufw/${r.name}.from`, true)],
    ]),
    notes: rules.map((r) => ((r.why ?? r.comment) ? [r.why ?? r.comment ?? ''] : null)),
  };
}

export function ufwRanges(): { name: string; from: string[]; key: string }[] {
  return (ex().ufw?.rules ?? [])
    .filter((r) => r.from.length > 4)
    .map((r) => ({ name: r.name, from: r.from, key: `ufw/${r.name}.from` }));
}

export function pdbTable(): TableView {
  const e = ex();
  return {
    caption: 'PodDisruptionBudgets against the replicas they protect',
    columns: [
      'Budget',
      'Selects',
      'Replicas',
      'minAvailable',
      'maxUnavailable',
      'A drain may stop',
    ],
    rows: e.pdbs.map((p) => {
      // The pods it covers and what a drain may stop, as the disruption controller counts them.
      const { workloads, expectedPods, allowedDisruptions } = p.budget;
      const b = objectKey('PodDisruptionBudget', p.namespace, p.name);
      const replicas: Cell = workloads.flatMap((w, i) => {
        const applied = e.workloads.find((x) => x.applied && wkey(x) === wkey(w));
        const hpa = applied && countingHpa(e, applied);
        const count: Part[] = hpa
          ? [
              k(`${objectKey('HorizontalPodAutoscaler', hpa.namespace, hpa.name)}.minReplicas`),
              ' or more (HPA)',
            ]
          : [has(`${wkey(w)}.replicas`) ? k(`${wkey(w)}.replicas`) : 'one per node'];
        return [...(i ? [' + '] : []), ...count];
      });
      if (workloads.length > 1 || replicas.includes('one per node'))
        replicas.push(` = ${expectedPods}`);
      const canStop = workloads.length ? String(allowedDisruptions) : '—';
      return [
        [`\`${p.name}\``],
        [workloads.length ? workloads.map((w) => `\`${w.name}\``).join(', ') : 'no pods'],
        workloads.length ? replicas : ['—'],
        opt(`${b}.minAvailable`),
        opt(`${b}.maxUnavailable`),
        [`${canStop} pod${canStop === '1' ? '' : 's'} at a time`],
      ];
    }),
  };
}

export function hpaTable(): TableView {
  return {
    caption: 'HorizontalPodAutoscalers',
    columns: ['HPA', 'Scales', 'Min', 'Max', 'Targets', 'State'],
    rows: ex().hpas.map((h) => {
      const b = objectKey('HorizontalPodAutoscaler', h.namespace, h.name);
      const targets: Cell = h.metrics.flatMap((m, i) =>
        m.averageUtilization !== null
          ? [...(i ? ['; '] : []), `${m.resource} `, k(`${b}.target.${m.resource}`)]
          : [],
      );
      return [
        [`\`${h.name}\``],
        [`${h.target.kind} \`${h.target.name}\``],
        [k(`${b}.minReplicas`)],
        [k(`${b}.maxReplicas`)],
        targets.length ? targets : ['—'],
        [k(`${b}.applied`)],
      ];
    }),
  };
}

/** Keys read shorter without the well-known prefix: `name=api`. */
const shortLabel = (key: string) => key.replace('app.kubernetes.io/', '');

/** A selector as written (the engine's notation), or `empty` when it selects everything. */
function selectorText(
  labels: Record<string, string>,
  exprs: Requirement[],
  empty = 'all pods',
): string {
  const text = showSelector({
    matchLabels: Object.fromEntries(Object.entries(labels).map(([kk, v]) => [shortLabel(kk), v])),
    matchExpressions: exprs.map((x) => ({ ...x, key: shortLabel(x.key) })),
  });
  return text || empty;
}

export function networkPolicyTable(): TableView {
  const policies = ex().networkPolicies;
  const peersOf = (p: (typeof policies)[number]) => {
    const rules = [
      ...p.ingress.map((r) => ({ dir: 'from', r })),
      ...p.egress.map((r) => ({ dir: 'to', r })),
    ];
    if (!rules.length)
      return 'Allows nothing: every selected pod is denied in the listed directions unless another policy allows it.';
    return rules
      .map(
        ({ dir, r }) =>
          `${dir === 'from' ? 'From' : 'To'} ${r.peers.length ? r.peers.map((x) => (x.ipBlock ? `\`${x.ipBlock.cidr}\`${x.ipBlock.except.length ? ` except ${x.ipBlock.except.map((e) => `\`${e}\``).join(', ')}` : ''}` : `${x.namespaceSelector ? `namespace ${selectorText(x.namespaceSelector, x.namespaceSelectorExpressions, 'any')} ` : ''}${x.podSelector ? `pods ${selectorText(x.podSelector, x.podSelectorExpressions)}` : ''}`.trim())).join('; ') : 'anywhere'} on ${r.ports.length ? r.ports.map((pp) => `${pp.port ?? 'all'}${pp.endPort !== null ? `-${pp.endPort}` : ''}/${pp.protocol}`).join(', ') : 'all ports'}.`,
      )
      .join(' ');
  };
  return {
    caption: 'NetworkPolicies in force (a pod selected by none is unrestricted)',
    columns: ['Policy', 'Applies to', 'Direction', 'State'],
    rows: policies.map((p) => [
      [`\`${p.name}\``],
      [selectorText(p.podSelector, p.podSelectorExpressions)],
      [p.policyTypes.join(' + ')],
      [k(`${objectKey('NetworkPolicy', p.namespace, p.name)}.applied`)],
    ]),
    notes: policies.map((p) => [peersOf(p)]),
  };
}

export function ingressTable(): TableView {
  return {
    caption: 'Public hosts: entrypoint → middlewares → Service:port',
    columns: ['Host', 'Entrypoint', 'Middlewares (in order)', 'Service:port', 'TLS certificate'],
    rows: ex().routes.map((r) => {
      const b = objectKey(r.kind, r.namespace, r.name);
      // Each entrypoint by name, with its port when the Traefik values define it.
      const entry: Cell = r.entryPoints.length
        ? r.entryPoints.flatMap((e, i) => [
            ...(i ? [', '] : []),
            e,
            ...(has(`traefik.entrypoints.${e}.port`)
              ? [' :', k(`traefik.entrypoints.${e}.port`)]
              : []),
          ])
        : ['default'];
      return [
        [k(`${b}.host`, true)],
        entry,
        [r.middlewares.length ? r.middlewares.map((m) => `\`${m}\``).join(' → ') : 'none'],
        [k(`${b}.service`, true)],
        has(`${b}.tlsSecret`) ? [k(`${b}.tlsSecret`, true)] : ['none'],
      ];
    }),
  };
}

export function configMapTable(name: string): TableView {
  const cm = ex().configMaps.find((c) => c.name === name);
  if (!cm) throw new Error(`No ConfigMap named \`${name}\` in the manifests.`);
  return {
    caption: `ConfigMap \`${cm.name}\` (namespace \`${cm.namespace}\`)`,
    columns: ['Key', 'Value'],
    rows: cm.data.map((d) => [
      [`\`${d.key}\``],
      [k(`${objectKey('ConfigMap', cm.namespace, cm.name)}.${d.key}`, true)],
    ]),
  };
}

export function secretTable(): TableView {
  return {
    caption: 'Secrets: key names only — values never appear in the book',
    columns: ['Secret', 'Type', 'Keys'],
    rows: ex().secrets.map((s) => {
      const b = objectKey('Secret', s.namespace, s.name);
      return [[`\`${s.name}\``], [k(`${b}.type`, true)], [k(`${b}.keys`, true)]];
    }),
  };
}

export function dnsTable(): TableView {
  const cf = ex().cloudflare;
  const hosts = [...new Set((cf?.dns ?? []).map((d) => d.name))];
  return {
    caption: `DNS records in the ${cf?.zone ?? ''} zone`,
    columns: ['Name', 'Type', 'Points at', 'Proxy'],
    rows: hosts.map((h) => [
      [`\`${h}\``],
      [cf!.dns.find((d) => d.name === h)!.type],
      [k(`cloudflare.dns.${h}.records`, true)],
      [k(`cloudflare.dns.${h}.proxied`)],
    ]),
  };
}

/** The Quick Facts rows: each shown when the facts it renders exist. */
const QUICK_FACTS: { label: string; when: (e: Extracted) => boolean; parts: () => Part[] }[] = [
  {
    label: 'Orchestrator',
    when: () => has('cluster.k3s'),
    parts: () => [
      'k3s ',
      k('cluster.k3s', true),
      ' on ',
      k('cluster.nodes'),
      ' nodes, every one ',
      k('cluster.roles'),
    ],
  },
  {
    label: 'Ingress',
    when: (e) => e.traefik !== null,
    parts: () => [
      'Traefik ',
      ...(has('software.traefik.version') ? [k('software.traefik.version')] : []),
      ' as a ',
      k('traefik.kind'),
      ', hostNetwork, entrypoint :',
      k('traefik.entrypoints.websecure.port'),
    ],
  },
  {
    label: 'Nodes',
    when: () => has('cluster.instanceType'),
    parts: () => [
      k('cluster.nodes'),
      ' × ',
      k('cluster.provider'),
      ' ',
      k('cluster.instanceType'),
      ' (',
      k('cluster.nodeVcpu'),
      ' vCPU, ',
      k('cluster.nodeMemory'),
      ' RAM, ',
      k('cluster.nodeDisk'),
      ' ',
      k('cluster.diskType'),
      ') in ',
      k('cluster.location'),
    ],
  },
  {
    label: 'DNS and edge',
    when: (e) => e.cloudflare !== null,
    parts: () => [
      'Cloudflare ',
      k('cloudflare.plan'),
      ' plan, SSL ',
      k('cloudflare.ssl.mode'),
      ', proxied records for every node IP',
    ],
  },
  {
    label: 'Database',
    when: () => has('configmap/honeydue-config.DB_HOST'),
    parts: () => [
      k('external.neon.name'),
      ' (',
      k('external.neon.plan'),
      ' plan), ',
      k('configmap/honeydue-config.DB_HOST', true),
    ],
  },
  {
    label: 'Cache and queue',
    when: (e) => e.workloads.some((w) => w.name === 'redis'),
    parts: () => [
      k('deployment/redis.image', true),
      ', ',
      k('deployment/redis.replicas'),
      ' replica, PVC ',
      k('persistentvolumeclaim/redis-data.storage'),
      ', pinned by ',
      k('deployment/redis.nodeSelector', true),
    ],
  },
  {
    label: 'Object storage',
    when: () => has('configmap/honeydue-config.B2_BUCKET_NAME'),
    parts: () => [
      'Backblaze B2, bucket ',
      k('configmap/honeydue-config.B2_BUCKET_NAME', true),
      ' in ',
      k('configmap/honeydue-config.B2_REGION', true),
    ],
  },
  {
    label: 'Image registry',
    when: () => has('external.gitea.host'),
    parts: () => ['Gitea ', k('external.gitea.version'), ' at ', k('external.gitea.host', true)],
  },
  {
    label: 'Transactional email',
    when: () => has('configmap/honeydue-config.EMAIL_HOST'),
    parts: () => [
      k('configmap/honeydue-config.EMAIL_HOST', true),
      ':',
      k('configmap/honeydue-config.EMAIL_PORT'),
    ],
  },
  {
    label: 'Domains',
    when: (e) => e.cloudflare !== null,
    parts: () => [k('cloudflare.hosts', true)],
  },
  {
    label: 'Observability',
    when: () => has('external.observability.host'),
    parts: () => [
      k('external.observability.name'),
      ' at ',
      k('external.observability.host', true),
      ', outside the cluster',
    ],
  },
  {
    label: 'Monthly cost',
    when: () => has('external.monthlyCostEstimate'),
    parts: () => [k('external.monthlyCostEstimate'), ' (nodes ', k('cluster.monthlyPrice'), ')'],
  },
  {
    label: 'kubeconfig',
    when: () => has('cluster.kubeconfig'),
    parts: () => [k('cluster.kubeconfig', true), ' on the operator workstation'],
  },
];

export function quickFacts(): TableView {
  const e = ex();
  return {
    caption: 'Quick Facts, generated from the manifests',
    columns: ['Field', 'Value'],
    rows: QUICK_FACTS.filter((r) => r.when(e)).map((r) => [[r.label], r.parts()]),
  };
}

/** File locations (Appendix C): every manifest file with what it defines and whether it is applied. */
export function fileLocations(): TableView {
  const { load, extracted } = facts();
  const byFile = new Map<string, string[]>();
  for (const o of load.objects)
    (byFile.get(o.source.rel) ?? byFile.set(o.source.rel, []).get(o.source.rel)!).push(
      `${o.kind} \`${o.name}\``,
    );
  const notApplied = new Set(extracted.applied.notApplied);
  const kube = new Set(extracted.applied.files);
  return {
    caption: `Every file in ${extracted.manifests}/`,
    columns: ['File', 'Defines', 'Applied by kustomize'],
    wide: [1],
    rows: load.files.map((f) => [
      [`\`${extracted.manifests}/${f.rel}\``],
      [(byFile.get(f.rel) ?? ['(empty)']).join(', ')],
      [notApplied.has(f.rel) ? 'no — defined only' : kube.has(f.rel) ? 'yes' : 'not Kubernetes'],
    ]),
  };
}

/** Inside the pods: every volume mount with what backs it. */
export function volumeMounts(): TableView {
  const rows: Cell[][] = [];
  for (const w of appWorkloads()) {
    for (const c of w.containers) {
      for (const m of c.volumeMounts) {
        const vol = w.volumes.find((v) => v.name === m.name);
        const b = `${wkey(w)}`;
        const backing: Cell = !vol
          ? ['—']
          : vol.type === 'emptyDir'
            ? [
                'emptyDir',
                ...(vol.sizeLimit
                  ? [', limit ', k(`${b}.volumes.${vol.name}.sizeLimit`)]
                  : [', no size limit']),
              ]
            : [`${vol.type} `, ...(vol.ref ? [k(`${b}.volumes.${vol.name}.ref`, true)] : [])];
        rows.push([
          [`\`${w.name}\``],
          [k(`${b}.containers.${c.name}.mounts.${m.name}`, true)],
          [`\`${m.name}\``],
          backing,
          [m.readOnly ? 'read-only' : 'read-write'],
        ]);
      }
    }
  }
  return {
    caption: 'Paths inside the pods and what backs them',
    columns: ['Workload', 'Mount path', 'Volume', 'Backed by', 'Access'],
    rows,
  };
}

/**
 * The book's table components (src/components/<Name>.astro), by tag name, and what each
 * renders: the views above plus any value a component renders beside its table. The
 * Config page uses this to say where each value appears; a unit test keeps it in step
 * with the components.
 */
export const TABLE_COMPONENTS: Record<string, (attrs: Record<string, string>) => TableView[]> = {
  QuickFacts: () => [quickFacts()],
  NodeTable: () => [nodeTable()],
  ServicesTable: () => [servicesTable()],
  ResourceSummary: () => [resourceSummary()],
  ProbeTable: () => [probeTable()],
  PdbTable: () => [pdbTable()],
  NetworkPolicies: () => [networkPolicyTable()],
  IngressRoutes: () => [ingressTable()],
  HpaTable: () => [hpaTable()],
  SecretKeys: () => [secretTable()],
  DnsRecords: () => [dnsTable()],
  FileLocations: () => [fileLocations()],
  VolumeMounts: () => [volumeMounts()],
  ConfigMapKeys: (a) => (a.name ? [configMapTable(a.name)] : []),
  UfwRules: () => [
    ufwTable(),
    {
      caption: 'UFW defaults',
      columns: [],
      rows: [['incoming', 'outgoing', 'routed'].map((d) => [k(`ufw.defaults.${d}`)])],
    },
  ],
};

/** Every fact key a set of views renders. */
export function keysOfViews(views: TableView[]): string[] {
  const out = new Set<string>();
  const cells = (rows: (Cell | null)[]) =>
    rows.forEach((c) => c?.forEach((p) => typeof p !== 'string' && out.add(p.key)));
  for (const v of views) {
    for (const row of [...v.rows, ...(v.foot ?? [])]) cells(row);
    cells(v.notes ?? []);
  }
  return [...out];
}
