/**
 * Turns loaded manifests into typed facts with provenance.
 *
 * Kubernetes objects are read through @kubernetes/client-node's types
 * (type-only imports: nothing of the package is loaded at run time). The
 * book's own kinds (`book.honeydue.dev/v1`: NodeInventory, UfwPolicy,
 * CloudflareZone, ExternalServices) describe what is not Kubernetes config.
 * Unknown kinds and custom resources are counted and passed over.
 */
import { posix } from 'node:path';
import type {
  V1ConfigMap,
  V1Container,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1Ingress,
  V1NetworkPolicy,
  V1NetworkPolicyPeer,
  V1PersistentVolumeClaim,
  V1PodDisruptionBudget,
  V1PodSpec,
  V1Probe,
  V1Secret,
  V1Service,
  V1ServiceAccount,
  V1StatefulSet,
  V1Job,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { InputErrors, type InputError } from './errors.ts';
import { FactRegistry, type FactClass } from './facts.ts';
import type { LoadResult, ObjectView, PathSeg } from './load.ts';
import { formatBytes, formatCpu, milliValue, parseQuantity, toNumber, unitValue } from './quantity.ts';
import {
  SCHEMA_VERSION,
  type Container,
  type Extracted,
  type NetworkPolicyPeer,
  type NetworkPolicyRule,
  type Probe,
  type Quantity,
  type ResourceSet,
  type Source,
  type Workload,
} from './types.ts';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet']);
const BOOK_API = 'book.honeydue.dev/';

/** Cloudflare API names of SSL modes and how the dashboard labels them. */
export const SSL_MODE_LABELS: Record<string, string> = {
  off: 'Off',
  flexible: 'Flexible',
  full: 'Full',
  strict: 'Full (strict)',
  origin_pull: 'Strict (SSL-only origin pull)',
};

type Obj = Record<string, unknown>;

/** Reads fields of one object, validating types and collecting errors. */
class Reader {
  readonly v: ObjectView;
  readonly errors: InputError[];
  constructor(v: ObjectView, errors: InputError[]) {
    this.v = v;
    this.errors = errors;
  }
  src(path: PathSeg[] = []): Source {
    const { file, line } = this.v.loc(path);
    return { file, line };
  }
  private fail(code: InputError['code'], path: PathSeg[], message: string, hint: string): void {
    const pos = this.v.loc(path);
    this.errors.push({ code, ...pos, message, hint, excerpt: this.v.source.lines[pos.line - 1] });
  }
  str(path: PathSeg[]): string | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'object') {
      this.fail('WRONG_TYPE', path, `\`${path.join('.')}\` must be a string, found a ${Array.isArray(x) ? 'list' : 'mapping'}.`, 'Write a single string value here.');
      return null;
    }
    return String(x);
  }
  /** An integer field. A numeric string (`"3"`) is refused as Kubernetes refuses it. */
  int(path: PathSeg[], what = 'an integer'): number | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isInteger(x)) return x;
    const raw = this.v.text(path) ?? JSON.stringify(x);
    this.fail('WRONG_TYPE', path, `\`${path[path.length - 1]}\` must be ${what}, found ${typeof x === 'string' ? 'the string ' : ''}\`${raw}\`.`, `Write ${what} without quotes, e.g. \`${String(path[path.length - 1])}: 3\`.`);
    return null;
  }
  /** int-or-string fields (ports by name, percentages). */
  intOrString(path: PathSeg[]): number | string | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isInteger(x)) return x;
    if (typeof x === 'string') return x;
    this.fail('WRONG_TYPE', path, `\`${path[path.length - 1]}\` must be an integer or a string, found \`${this.v.text(path) ?? JSON.stringify(x)}\`.`, 'Write a whole number (e.g. 2) or a percentage string (e.g. "50%").');
    return null;
  }
  bool(path: PathSeg[]): boolean | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    if (typeof x === 'boolean') return x;
    this.fail('WRONG_TYPE', path, `\`${path[path.length - 1]}\` must be true or false, found \`${this.v.text(path) ?? JSON.stringify(x)}\`.`, 'Write true or false without quotes.');
    return null;
  }
  map(path: PathSeg[]): Record<string, string> {
    const x = this.v.get(path);
    if (x === undefined || x === null) return {};
    if (typeof x !== 'object' || Array.isArray(x)) {
      this.fail('WRONG_TYPE', path, `\`${path[path.length - 1]}\` must be a mapping of strings.`, 'Write `key: value` pairs under this field.');
      return {};
    }
    return Object.fromEntries(Object.entries(x as Obj).map(([k, val]) => [k, String(val)]));
  }
  list<T = unknown>(path: PathSeg[]): T[] {
    const x = this.v.get(path);
    if (x === undefined || x === null) return [];
    if (!Array.isArray(x)) {
      this.fail('WRONG_TYPE', path, `\`${path[path.length - 1]}\` must be a list.`, 'Write each entry on its own line starting with `- `.');
      return [];
    }
    return x as T[];
  }
  qty(path: PathSeg[]): Quantity | null {
    const x = this.v.get(path);
    if (x === undefined || x === null) return null;
    const raw = this.v.raw(path) ?? String(x);
    const q = typeof x === 'object' ? null : parseQuantity(raw);
    if (!q) {
      this.fail('INVALID_QUANTITY', path, `\`${raw}\` is not a Kubernetes quantity.`, 'Use a number with an optional suffix: m (milli) for CPU, Ki/Mi/Gi (powers of 1024) or k/M/G (powers of 1000) for memory, e.g. `250m` or `512Mi`.');
      return null;
    }
    return { raw, value: toNumber(q) };
  }
}

function splitImage(image: string): { repository: string; tag: string | null } {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at), tag: image.slice(at + 1) };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repository: image, tag: null };
}

function probe(r: Reader, path: PathSeg[]): Probe | null {
  const p = r.v.get(path) as V1Probe | undefined;
  if (!p || typeof p !== 'object') return null;
  const type: Probe['type'] = p.httpGet ? 'httpGet' : p.tcpSocket ? 'tcpSocket' : p.exec ? 'exec' : p.grpc ? 'grpc' : 'unknown';
  // Kubernetes defaults (core/v1 Probe): period 10, timeout 1, failure 3, success 1, delay 0.
  const initialDelaySeconds = r.int([...path, 'initialDelaySeconds']) ?? 0;
  const periodSeconds = r.int([...path, 'periodSeconds']) ?? 10;
  const timeoutSeconds = r.int([...path, 'timeoutSeconds']) ?? 1;
  const failureThreshold = r.int([...path, 'failureThreshold']) ?? 3;
  const successThreshold = r.int([...path, 'successThreshold']) ?? 1;
  const port = type === 'httpGet' ? r.intOrString([...path, 'httpGet', 'port']) : type === 'tcpSocket' ? r.intOrString([...path, 'tcpSocket', 'port']) : type === 'grpc' ? r.int([...path, 'grpc', 'port']) : null;
  return {
    type,
    path: type === 'httpGet' ? r.str([...path, 'httpGet', 'path']) ?? '/' : null,
    port,
    command: type === 'exec' ? r.list<string>([...path, 'exec', 'command']).map(String) : null,
    initialDelaySeconds,
    periodSeconds,
    timeoutSeconds,
    failureThreshold,
    successThreshold,
    budgetSeconds: initialDelaySeconds + periodSeconds * failureThreshold,
    source: r.src(path),
  };
}

function resources(r: Reader, path: PathSeg[]): ResourceSet {
  return { cpu: r.qty([...path, 'cpu']), memory: r.qty([...path, 'memory']) };
}

function container(r: Reader, path: PathSeg[], init: boolean): Container {
  const c = (r.v.get(path) ?? {}) as V1Container;
  const image = r.str([...path, 'image']) ?? '';
  const { repository, tag } = splitImage(image);
  const env = r.list<Obj>([...path, 'env']);
  const envFrom = r.list<Obj>([...path, 'envFrom']);
  return {
    name: r.str([...path, 'name']) ?? '',
    image,
    imageRepository: repository,
    imageTag: tag,
    init,
    ports: r.list([...path, 'ports']).map((_, i) => ({
      name: r.str([...path, 'ports', i, 'name']),
      containerPort: r.int([...path, 'ports', i, 'containerPort'], 'a port number') ?? 0,
      protocol: r.str([...path, 'ports', i, 'protocol']) ?? 'TCP',
    })),
    requests: resources(r, [...path, 'resources', 'requests']),
    limits: resources(r, [...path, 'resources', 'limits']),
    probes: {
      startup: probe(r, [...path, 'startupProbe']),
      readiness: probe(r, [...path, 'readinessProbe']),
      liveness: probe(r, [...path, 'livenessProbe']),
    },
    envFromConfigMaps: envFrom.flatMap((e) => {
      const ref = e.configMapRef as Obj | undefined;
      return ref && typeof ref.name === 'string' ? [ref.name] : [];
    }),
    secretKeyRefs: env.flatMap((e) => {
      const ref = (e.valueFrom as Obj | undefined)?.secretKeyRef as Obj | undefined;
      return ref ? [{ secret: String(ref.name), key: String(ref.key), env: String(e.name) }] : [];
    }),
    configMapKeyRefs: env.flatMap((e) => {
      const ref = (e.valueFrom as Obj | undefined)?.configMapKeyRef as Obj | undefined;
      return ref ? [{ configMap: String(ref.name), key: String(ref.key), env: String(e.name) }] : [];
    }),
    volumeMounts: (c.volumeMounts ?? []).map((m) => ({ name: String(m.name), mountPath: String(m.mountPath), readOnly: m.readOnly === true })),
    readOnlyRootFilesystem: c.securityContext?.readOnlyRootFilesystem ?? null,
    source: r.src(path),
  };
}

function podSpecPath(kind: string): PathSeg[] {
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

function workload(r: Reader, applied: boolean): Workload {
  const kind = r.v.kind as Workload['kind'];
  const ps = podSpecPath(kind);
  const spec = (r.v.get(ps) ?? {}) as V1PodSpec;
  const obj = r.v.obj as unknown as V1Deployment | V1StatefulSet | V1DaemonSet | V1Job | V1CronJob;
  const hasReplicas = kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet';
  const replicasGiven = hasReplicas ? r.int(['spec', 'replicas']) : null;
  let strategy: Workload['strategy'] = null;
  if (kind === 'Deployment') {
    const type = r.str(['spec', 'strategy', 'type']) ?? 'RollingUpdate';
    // Deployment defaults: RollingUpdate with 25% / 25%.
    strategy = type === 'RollingUpdate'
      ? { type, maxUnavailable: r.intOrString(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']) ?? '25%', maxSurge: r.intOrString(['spec', 'strategy', 'rollingUpdate', 'maxSurge']) ?? '25%' }
      : { type, maxUnavailable: null, maxSurge: null };
  } else if (kind === 'StatefulSet' || kind === 'DaemonSet') {
    const type = r.str(['spec', 'updateStrategy', 'type']) ?? 'RollingUpdate';
    strategy = { type, maxUnavailable: r.intOrString(['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable']), maxSurge: r.intOrString(['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge']) };
  }
  const sc = spec.securityContext ?? {};
  return {
    kind,
    namespace: r.v.namespace,
    name: r.v.name,
    replicas: hasReplicas ? replicasGiven ?? 1 : kind === 'Job' ? r.int(['spec', 'parallelism']) ?? 1 : kind === 'CronJob' ? r.int([...ps.slice(0, -2), 'parallelism']) ?? 1 : null,
    replicasDefaulted: hasReplicas && replicasGiven === null,
    role: r.str(['metadata', 'annotations', 'book.honeydue.dev/role']),
    stack: r.str(['metadata', 'annotations', 'book.honeydue.dev/stack']),
    strategy,
    schedule: kind === 'CronJob' ? (obj as V1CronJob).spec?.schedule ?? null : null,
    podLabels: r.map([...ps.slice(0, -1), 'metadata', 'labels']),
    selector: r.map(['spec', 'selector', 'matchLabels']),
    nodeSelector: r.map([...ps, 'nodeSelector']),
    serviceAccountName: spec.serviceAccountName ?? null,
    automountServiceAccountToken: spec.automountServiceAccountToken ?? null,
    securityContext: { runAsUser: sc.runAsUser ?? null, runAsGroup: sc.runAsGroup ?? null, fsGroup: sc.fsGroup ?? null, runAsNonRoot: sc.runAsNonRoot ?? null },
    topologySpread: (spec.topologySpreadConstraints ?? []).map((t) => ({ topologyKey: t.topologyKey, maxSkew: t.maxSkew, whenUnsatisfiable: t.whenUnsatisfiable })),
    containers: r.list([...ps, 'containers']).map((_, i) => container(r, [...ps, 'containers', i], false)),
    initContainers: r.list([...ps, 'initContainers']).map((_, i) => container(r, [...ps, 'initContainers', i], true)),
    volumes: (spec.volumes ?? []).map((vol, i) => {
      const type = Object.keys(vol).find((k) => k !== 'name') ?? 'unknown';
      const ref = vol.secret?.secretName ?? vol.configMap?.name ?? vol.persistentVolumeClaim?.claimName ?? vol.emptyDir?.medium ?? null;
      return { name: vol.name, type, ref, sizeLimit: vol.emptyDir ? r.qty([...ps, 'volumes', i, 'emptyDir', 'sizeLimit']) : null };
    }),
    applied,
    source: r.src([]),
  };
}

function peers(r: Reader, path: PathSeg[], key: 'from' | 'to'): NetworkPolicyPeer[] {
  return r.list<V1NetworkPolicyPeer>([...path, key]).map((p) => ({
    podSelector: p.podSelector ? p.podSelector.matchLabels ?? {} : null,
    podSelectorExpressions: (p.podSelector?.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
    namespaceSelector: p.namespaceSelector ? p.namespaceSelector.matchLabels ?? {} : null,
    ipBlock: p.ipBlock ? { cidr: p.ipBlock.cidr, except: p.ipBlock.except ?? [] } : null,
  }));
}

function policyRules(r: Reader, dir: 'ingress' | 'egress'): NetworkPolicyRule[] {
  return r.list(['spec', dir]).map((_, i) => ({
    peers: peers(r, ['spec', dir, i], dir === 'ingress' ? 'from' : 'to'),
    ports: r.list(['spec', dir, i, 'ports']).map((_, j) => ({
      protocol: r.str(['spec', dir, i, 'ports', j, 'protocol']) ?? 'TCP',
      port: r.intOrString(['spec', dir, i, 'ports', j, 'port']),
    })),
    source: r.src(['spec', dir, i]),
  }));
}

/** Hosts named in a Traefik rule such as Host(`a`) || Host(`b`, `c`). */
export function hostsOfRule(rule: string): string[] {
  const out: string[] = [];
  for (const m of rule.matchAll(/Host\(([^)]*)\)/g)) {
    for (const h of m[1].matchAll(/[`"']([^`"']+)[`"']/g)) out.push(h[1]);
  }
  return out;
}

function pathOfRule(rule: string): string | null {
  return /PathPrefix\([`"']([^`"']+)[`"']\)/.exec(rule)?.[1] ?? null;
}

/** Resolves which manifest files a kustomization.yaml applies. */
function appliedFiles(load: LoadResult, kustomizations: ObjectView[]): Extracted['applied'] {
  // Only files holding Kubernetes objects can be applied; the book's own kinds describe hosts and SaaS.
  const kube = new Set(load.objects.filter((o) => !o.apiVersion.startsWith(BOOK_API) && o.kind !== 'Kustomization').map((o) => o.source.rel));
  const all = load.files.map((f) => f.rel).filter((f) => kube.has(f));
  if (!kustomizations.length) return { kustomization: null, files: all, notApplied: [] };
  const files = new Set<string>();
  for (const k of kustomizations) {
    const dir = posix.dirname(k.source.rel);
    files.add(k.source.rel);
    for (const res of (k.obj.resources as unknown[] | undefined) ?? []) {
      const target = posix.normalize(posix.join(dir, String(res)));
      for (const f of all) if (f === target || f.startsWith(`${target}/`)) files.add(f);
    }
  }
  const k0 = kustomizations[0];
  return { kustomization: { file: k0.source.file, line: 1 }, files: all.filter((f) => files.has(f)), notApplied: all.filter((f) => !files.has(f)) };
}

/** Builds the facts and the registry; throws InputErrors on invalid field values. */
export function buildFacts(load: LoadResult, manifestsLabel = 'manifests'): { extracted: Extracted; registry: FactRegistry } {
  const errors: InputError[] = [];
  const reg = new FactRegistry();
  const kustomizations = load.objects.filter((o) => o.kind === 'Kustomization');
  const applied = appliedFiles(load, kustomizations);
  const appliedSet = new Set(applied.files);
  const ex: Extracted = {
    schemaVersion: SCHEMA_VERSION,
    manifests: manifestsLabel,
    documents: { objects: load.objects.length, empty: load.emptyDocuments, byKind: {}, skipped: [] },
    applied,
    workloads: [], services: [], routes: [], middlewares: [], pdbs: [], hpas: [], networkPolicies: [], pvcs: [],
    configMaps: [], secrets: [], serviceAccounts: [], traefik: null, nodes: [], hostListeners: [], ufw: null,
    cloudflare: null, totals: {}, capacity: null,
  };

  /** Registers `<kind>/<ns>/<name>.<field>` and the short alias `<kind>/<name>.<field>`. */
  const objKey = (kind: string, namespace: string, name: string) => `${kind.toLowerCase()}/${namespace}/${name}`;
  const put = (base: string, field: string, value: Parameters<FactRegistry['add']>[1], src: Source, cls: FactClass = 'text', display?: string) => {
    const full = `${base}.${field}`;
    reg.add(full, value, src, cls, display);
    const [kind, , name] = base.split('/');
    reg.alias(`${kind}/${name}.${field}`, full);
  };

  for (const v of load.objects) {
    const kind = v.kind || '(no kind)';
    ex.documents.byKind[kind] = (ex.documents.byKind[kind] ?? 0) + 1;
    const r = new Reader(v, errors);
    const isApplied = appliedSet.has(v.source.rel) || v.apiVersion.startsWith(BOOK_API);
    const base = objKey(kind, v.namespace, v.name);

    if (WORKLOAD_KINDS.has(kind)) {
      const w = workload(r, isApplied);
      ex.workloads.push(w);
      if (w.replicas !== null) put(base, 'replicas', w.replicas, r.src(['spec', 'replicas']), 'replicas');
      if (w.strategy) {
        put(base, 'strategy', w.strategy.type, r.src(['spec', 'strategy']));
        if (w.strategy.maxSurge !== null) put(base, 'maxSurge', w.strategy.maxSurge, r.src(['spec', 'strategy', 'rollingUpdate', 'maxSurge']), 'number');
        if (w.strategy.maxUnavailable !== null) put(base, 'maxUnavailable', w.strategy.maxUnavailable, r.src(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']), 'number');
      }
      const ps = podSpecPath(kind);
      for (const [k, val] of Object.entries(w.nodeSelector)) put(base, `nodeSelector.${k}`, val, r.src([...ps, 'nodeSelector', k]), 'text');
      if (Object.keys(w.nodeSelector).length) put(base, 'nodeSelector', Object.entries(w.nodeSelector).map(([k, val]) => `${k}=${val}`), r.src([...ps, 'nodeSelector']), 'text');
      if (w.serviceAccountName) put(base, 'serviceAccount', w.serviceAccountName, r.src([...ps, 'serviceAccountName']));
      for (const f of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
        const val = w.securityContext[f];
        if (val !== null) put(base, f, val, r.src([...ps, 'securityContext', f]), 'number');
      }
      if (w.role) put(base, 'role', w.role, r.src(['metadata', 'annotations', 'book.honeydue.dev/role']));
      if (w.stack) put(base, 'stack', w.stack, r.src(['metadata', 'annotations', 'book.honeydue.dev/stack']));
      if (w.schedule) put(base, 'schedule', w.schedule, r.src(['spec', 'schedule']));
      w.volumes.forEach((vol, i) => {
        if (vol.sizeLimit) put(base, `volumes.${vol.name}.sizeLimit`, vol.sizeLimit.raw, r.src([...ps, 'volumes', i, 'emptyDir', 'sizeLimit']), 'quantity');
        if (vol.ref) put(base, `volumes.${vol.name}.ref`, vol.ref, r.src([...ps, 'volumes', i]));
      });
      const all = [...w.containers, ...w.initContainers];
      all.forEach((c, i) => {
        const cp: PathSeg[] = [...ps, c.init ? 'initContainers' : 'containers', c.init ? i - w.containers.length : i];
        const cb = `containers.${c.name}`;
        const fields: [string, Parameters<FactRegistry['add']>[1], PathSeg[], FactClass, string?][] = [
          ['image', c.image, ['image'], 'image'],
          ['imageTag', c.imageTag, ['image'], 'version'],
          ['imageRepository', c.imageRepository, ['image'], 'image'],
        ];
        for (const kindOf of ['requests', 'limits'] as const) {
          for (const res of ['cpu', 'memory'] as const) {
            const q = c[kindOf][res];
            if (q) fields.push([`${kindOf}.${res}`, q.raw, ['resources', kindOf, res], 'quantity']);
          }
        }
        c.ports.forEach((p, j) => {
          fields.push([`ports.${p.name ?? p.containerPort}`, p.containerPort, ['ports', j, 'containerPort'], 'port']);
          if (j === 0) fields.push(['port', p.containerPort, ['ports', j, 'containerPort'], 'port']);
        });
        for (const pk of ['startup', 'readiness', 'liveness'] as const) {
          const pr = c.probes[pk];
          if (!pr) continue;
          const pp = [`${pk}Probe`];
          if (pr.path !== null) fields.push([`probes.${pk}.path`, pr.path, [...pp, 'httpGet', 'path'], 'path']);
          if (pr.port !== null) fields.push([`probes.${pk}.port`, pr.port, [...pp, pr.type, 'port'], 'port']);
          if (pr.command) fields.push([`probes.${pk}.command`, pr.command.join(' '), [...pp, 'exec', 'command'], 'text']);
          fields.push([`probes.${pk}.type`, pr.type, pp, 'text']);
          for (const f of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
            fields.push([`probes.${pk}.${f}`, pr[f], [...pp, f], 'number']);
          }
          fields.push([`probes.${pk}.budgetSeconds`, pr.budgetSeconds, pp, 'number']);
        }
        c.volumeMounts.forEach((m, j) => fields.push([`mounts.${m.name}`, m.mountPath, ['volumeMounts', j, 'mountPath'], 'path']));
        for (const [field, value, sub, cls, display] of fields) {
          const src = r.src([...cp, ...sub]);
          put(base, `${cb}.${field}`, value, src, cls, display);
          // A single-container workload may drop the container part: deployment/api.limits.memory.
          if (w.containers.length === 1 && !c.init) put(base, field, value, src, cls, display);
        }
      });
      continue;
    }

    switch (kind) {
      case 'Service': {
        const s = v.obj as unknown as V1Service;
        const svc = {
          namespace: v.namespace,
          name: v.name,
          type: s.spec?.type ?? 'ClusterIP',
          selector: r.map(['spec', 'selector']),
          ports: r.list(['spec', 'ports']).map((_, i) => {
            const port = r.int(['spec', 'ports', i, 'port'], 'a port number') ?? 0;
            return {
              name: r.str(['spec', 'ports', i, 'name']),
              port,
              targetPort: r.intOrString(['spec', 'ports', i, 'targetPort']) ?? port,
              protocol: r.str(['spec', 'ports', i, 'protocol']) ?? 'TCP',
              nodePort: r.int(['spec', 'ports', i, 'nodePort']),
            };
          }),
          applied: isApplied,
          source: r.src(),
        };
        ex.services.push(svc);
        put(base, 'type', svc.type, r.src(['spec', 'type']));
        svc.ports.forEach((p, i) => {
          put(base, `ports.${p.name ?? p.port}.port`, p.port, r.src(['spec', 'ports', i, 'port']), 'port');
          put(base, `ports.${p.name ?? p.port}.targetPort`, p.targetPort, r.src(['spec', 'ports', i, 'targetPort']), 'port');
          if (i === 0) put(base, 'port', p.port, r.src(['spec', 'ports', i, 'port']), 'port');
        });
        put(base, 'dns', `${v.name}.${v.namespace}.svc.cluster.local`, r.src(['metadata', 'name']), 'hostname');
        break;
      }
      case 'IngressRoute': {
        r.list<Obj>(['spec', 'routes']).forEach((route, i) => {
          const match = String(route.match ?? '');
          const services = r.list<Obj>(['spec', 'routes', i, 'services']);
          const mws = r.list<Obj>(['spec', 'routes', i, 'middlewares']).map((m) => String(m.name));
          for (const host of hostsOfRule(match)) {
            const first = services[0] ?? {};
            const rt = {
              kind, namespace: v.namespace, name: v.name, host, path: pathOfRule(match),
              entryPoints: r.list<string>(['spec', 'entryPoints']).map(String),
              middlewares: mws,
              service: String(first.name ?? ''),
              port: (first.port as number | string | undefined) ?? null,
              tlsSecret: r.str(['spec', 'tls', 'secretName']),
              applied: isApplied,
              source: r.src(['spec', 'routes', i, 'match']),
            };
            ex.routes.push(rt);
            put(base, 'host', host, rt.source, 'domain');
            put(base, 'service', `${rt.service}:${rt.port}`, r.src(['spec', 'routes', i, 'services', 0]), 'text');
            put(base, 'middlewares', mws, r.src(['spec', 'routes', i, 'middlewares']));
            if (rt.tlsSecret) put(base, 'tlsSecret', rt.tlsSecret, r.src(['spec', 'tls', 'secretName']));
            reg.alias(`route/${host}.service`, `${base}.service`);
            reg.alias(`route/${host}.middlewares`, `${base}.middlewares`);
          }
        });
        break;
      }
      case 'Ingress': {
        const ing = v.obj as unknown as V1Ingress;
        const hosts: string[] = [];
        (ing.spec?.rules ?? []).forEach((rule, i) => {
          const host = rule.host ?? '*';
          (rule.http?.paths ?? []).forEach((p, j) => {
            const rt = {
              kind, namespace: v.namespace, name: v.name, host, path: p.path ?? null,
              entryPoints: String(ing.metadata?.annotations?.['traefik.ingress.kubernetes.io/router.entrypoints'] ?? '').split(',').filter(Boolean),
              middlewares: String(ing.metadata?.annotations?.['traefik.ingress.kubernetes.io/router.middlewares'] ?? '').split(',').filter(Boolean),
              service: p.backend.service?.name ?? '',
              port: p.backend.service?.port?.number ?? p.backend.service?.port?.name ?? null,
              tlsSecret: (ing.spec?.tls ?? []).find((t) => (t.hosts ?? []).includes(host))?.secretName ?? null,
              applied: isApplied,
              source: r.src(['spec', 'rules', i, 'http', 'paths', j]),
            };
            ex.routes.push(rt);
            // One fact per host and path: `ingress/shop.hosts.<host>.service`, alias `route/<host>.service`.
            const field = `rules.${host}${rt.path && rt.path !== '/' ? rt.path : ''}.service`;
            put(base, field, `${rt.service}:${rt.port}`, r.src(['spec', 'rules', i, 'http', 'paths', j, 'backend']), 'text');
            if (j === 0) reg.alias(`route/${host}.service`, `${base}.${field}`);
          });
          if (!hosts.includes(host)) hosts.push(host);
        });
        if (hosts.length) {
          put(base, 'host', hosts[0], r.src(['spec', 'rules', 0, 'host']), 'domain');
          put(base, 'hosts', hosts, r.src(['spec', 'rules']), 'domain');
        }
        break;
      }
      case 'Middleware': {
        const spec = (v.get(['spec']) ?? {}) as Obj;
        const type = Object.keys(spec)[0] ?? 'unknown';
        ex.middlewares.push({ namespace: v.namespace, name: v.name, type, applied: isApplied, source: r.src() });
        put(base, 'type', type, r.src(['spec', type]));
        const walkLeaves = (val: unknown, path: string[]) => {
          if (val !== null && typeof val === 'object' && !Array.isArray(val)) {
            for (const [k, x] of Object.entries(val as Obj)) walkLeaves(x, [...path, k]);
          } else if (path.length > 1) {
            put(base, path.slice(1).join('.'), Array.isArray(val) ? val.map(String) : (val as string | number | boolean), r.src(['spec', ...path]), typeof val === 'number' ? 'number' : 'text');
          }
        };
        walkLeaves(spec, []);
        break;
      }
      case 'PodDisruptionBudget': {
        const pdb = v.obj as unknown as V1PodDisruptionBudget;
        const p = {
          namespace: v.namespace, name: v.name,
          minAvailable: r.intOrString(['spec', 'minAvailable']),
          maxUnavailable: r.intOrString(['spec', 'maxUnavailable']),
          selector: pdb.spec?.selector?.matchLabels ?? {},
          applied: isApplied, source: r.src(),
        };
        ex.pdbs.push(p);
        if (p.minAvailable !== null) put(base, 'minAvailable', p.minAvailable, r.src(['spec', 'minAvailable']), 'replicas');
        if (p.maxUnavailable !== null) put(base, 'maxUnavailable', p.maxUnavailable, r.src(['spec', 'maxUnavailable']), 'replicas');
        reg.alias(`pdb/${v.name}.minAvailable`, `${base}.minAvailable`);
        reg.alias(`pdb/${v.name}.maxUnavailable`, `${base}.maxUnavailable`);
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const h = v.obj as unknown as V2HorizontalPodAutoscaler;
        const hpa = {
          namespace: v.namespace, name: v.name,
          target: { kind: h.spec?.scaleTargetRef?.kind ?? '', name: h.spec?.scaleTargetRef?.name ?? '' },
          minReplicas: r.int(['spec', 'minReplicas']) ?? 1,
          maxReplicas: r.int(['spec', 'maxReplicas']) ?? 1,
          metrics: r.list(['spec', 'metrics']).map((_, i) => ({
            resource: r.str(['spec', 'metrics', i, 'resource', 'name']) ?? 'custom',
            averageUtilization: r.int(['spec', 'metrics', i, 'resource', 'target', 'averageUtilization']),
          })),
          applied: isApplied, source: r.src(),
        };
        ex.hpas.push(hpa);
        put(base, 'minReplicas', hpa.minReplicas, r.src(['spec', 'minReplicas']), 'replicas');
        put(base, 'maxReplicas', hpa.maxReplicas, r.src(['spec', 'maxReplicas']), 'replicas');
        hpa.metrics.forEach((m, i) => {
          if (m.averageUtilization !== null) put(base, `target.${m.resource}`, m.averageUtilization, r.src(['spec', 'metrics', i, 'resource', 'target', 'averageUtilization']), 'number', `${m.averageUtilization} %`);
        });
        put(base, 'applied', isApplied, r.src(), 'flag', isApplied ? 'applied' : 'defined, not applied');
        reg.alias(`hpa/${v.name}.applied`, `${base}.applied`);
        break;
      }
      case 'NetworkPolicy': {
        const np = v.obj as unknown as V1NetworkPolicy;
        const pol = {
          namespace: v.namespace, name: v.name,
          podSelector: np.spec?.podSelector?.matchLabels ?? {},
          podSelectorExpressions: (np.spec?.podSelector?.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
          policyTypes: np.spec?.policyTypes ?? ['Ingress'],
          ingress: policyRules(r, 'ingress'),
          egress: policyRules(r, 'egress'),
          applied: isApplied, source: r.src(),
        };
        ex.networkPolicies.push(pol);
        put(base, 'policyTypes', pol.policyTypes, r.src(['spec', 'policyTypes']));
        put(base, 'applied', isApplied, r.src(), 'flag', isApplied ? 'applied' : 'defined, not applied');
        break;
      }
      case 'PersistentVolumeClaim': {
        const pvc = v.obj as unknown as V1PersistentVolumeClaim;
        const p = {
          namespace: v.namespace, name: v.name,
          storage: r.qty(['spec', 'resources', 'requests', 'storage']),
          storageClassName: pvc.spec?.storageClassName ?? null,
          accessModes: pvc.spec?.accessModes ?? [],
          applied: isApplied, source: r.src(),
        };
        ex.pvcs.push(p);
        if (p.storage) put(base, 'storage', p.storage.raw, r.src(['spec', 'resources', 'requests', 'storage']), 'quantity');
        if (p.storageClassName) put(base, 'storageClass', p.storageClassName, r.src(['spec', 'storageClassName']));
        put(base, 'accessModes', p.accessModes, r.src(['spec', 'accessModes']));
        break;
      }
      case 'ConfigMap': {
        const cm = v.obj as unknown as V1ConfigMap;
        const data = Object.entries(cm.data ?? {}).map(([key, value]) => ({ key, value: String(value), source: r.src(['data', key]) }));
        ex.configMaps.push({ namespace: v.namespace, name: v.name, data, applied: isApplied, source: r.src() });
        for (const d of data) {
          const cls: FactClass = /^https?:\/\//.test(d.value) ? 'url' : /^\d+$/.test(d.value) ? 'number' : /^(true|false)$/.test(d.value) ? 'flag' : /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(d.value) ? 'hostname' : 'text';
          put(base, d.key, d.value.includes('\n') ? '(multi-line)' : d.value, d.source, cls);
        }
        put(base, 'keys', data.map((d) => d.key), r.src(['data']));
        break;
      }
      case 'Secret': {
        // Key names only. The values of `data`/`stringData` are never read into facts.
        const s = v.obj as unknown as V1Secret & { stringData?: Record<string, string> };
        const keys = [...Object.keys(s.data ?? {}).map((k) => ({ key: k, source: r.src(['data', k]) })), ...Object.keys(s.stringData ?? {}).map((k) => ({ key: k, source: r.src(['stringData', k]) }))];
        ex.secrets.push({ namespace: v.namespace, name: v.name, type: s.type ?? 'Opaque', keys, applied: isApplied, source: r.src() });
        put(base, 'keys', keys.map((k) => k.key), r.src([s.stringData ? 'stringData' : 'data']));
        put(base, 'type', s.type ?? 'Opaque', r.src(['type']));
        for (const k of keys) put(base, `key.${k.key}`, k.key, k.source);
        break;
      }
      case 'ServiceAccount': {
        const sa = v.obj as unknown as V1ServiceAccount;
        ex.serviceAccounts.push({ namespace: v.namespace, name: v.name, automountServiceAccountToken: sa.automountServiceAccountToken ?? null, applied: isApplied, source: r.src() });
        put(base, 'automountServiceAccountToken', sa.automountServiceAccountToken ?? true, r.src(['automountServiceAccountToken']), 'flag');
        break;
      }
      case 'HelmChartConfig': {
        if (v.name !== 'traefik') { skip(ex, v, r); break; }
        const text = r.str(['spec', 'valuesContent']) ?? '';
        const node = v.node(['spec', 'valuesContent']).node;
        // Block scalar content starts on the line after `valuesContent: |`.
        const firstLine = node?.range ? v.source.lineCounter.linePos(node.range[0]).line + 1 : r.src().line;
        const valuesLine = (needle: RegExp, from = 0): number => {
          const lines = text.split('\n');
          for (let i = from; i < lines.length; i++) if (needle.test(lines[i])) return firstLine + i;
          return firstLine;
        };
        let values: Obj = {};
        try {
          values = (parseYaml(text) ?? {}) as Obj;
        } catch (e) {
          errors.push({ code: 'YAML_SYNTAX', file: v.source.file, line: firstLine, col: 1, message: `The Helm values in valuesContent cannot be parsed: ${(e as Error).message.split('\n')[0]}`, hint: 'Fix the YAML inside the valuesContent block.' });
        }
        const ports = (values.ports ?? {}) as Record<string, Obj>;
        const lines = text.split('\n');
        const entrypoints = Object.entries(ports).filter(([, p]) => p && typeof p === 'object').map(([name, p]) => {
          const at = lines.findIndex((l) => new RegExp(`^\\s+${name}:\\s*$`).test(l));
          const expose = p.expose as Obj | boolean | undefined;
          return {
            name,
            port: Number(p.port),
            exposed: typeof expose === 'object' ? expose?.default === true : expose === true,
            tls: (p.tls as Obj | undefined)?.enabled === true,
            source: { file: v.source.file, line: valuesLine(/^\s+port:/, Math.max(0, at)) },
          };
        });
        const deployment = (values.deployment ?? {}) as Obj;
        ex.traefik = { kind: String(deployment.kind ?? 'Deployment'), hostNetwork: values.hostNetwork === true, entrypoints, source: r.src() };
        reg.add('traefik.kind', ex.traefik.kind, { file: v.source.file, line: valuesLine(/^\s*kind:/) });
        reg.add('traefik.hostNetwork', ex.traefik.hostNetwork, { file: v.source.file, line: valuesLine(/^hostNetwork:/) }, 'flag');
        // Every scalar of the Helm values, e.g. traefik.values.resources.requests.cpu, at its line.
        const stack: { indent: number; key: string }[] = [];
        lines.forEach((line, i) => {
          const m = /^(\s*)([\w.-]+):\s*(.*?)\s*$/.exec(line);
          if (!m) return;
          const indent = m[1].length;
          while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
          stack.push({ indent, key: m[2] });
          if (m[3] && !m[3].startsWith('#')) {
            const path = stack.map((x) => x.key);
            let val: unknown = values;
            for (const k of path) val = val && typeof val === 'object' ? (val as Obj)[k] : undefined;
            if (val !== undefined && (typeof val !== 'object' || val === null)) {
              const key = `traefik.values.${path.join('.')}`;
              reg.add(key, val as string | number | boolean | null, { file: v.source.file, line: firstLine + i }, /cpu|memory/.test(path.at(-1) ?? '') ? 'quantity' : typeof val === 'number' ? 'number' : 'text');
            }
          }
        });
        for (const e of entrypoints) {
          reg.add(`traefik.entrypoints.${e.name}.port`, e.port, e.source, 'port');
          reg.add(`traefik.entrypoints.${e.name}.exposed`, e.exposed, e.source, 'flag');
        }
        break;
      }
      case 'Kustomization':
        break;
      case 'NodeInventory':
        nodeInventory(r, ex, reg);
        break;
      case 'UfwPolicy':
        ufwPolicy(r, ex, reg);
        break;
      case 'CloudflareZone':
        cloudflareZone(r, ex, reg);
        break;
      case 'ExternalServices':
        externalServices(r, reg);
        break;
      default:
        skip(ex, v, r);
    }
  }

  derive(ex, reg, load);
  if (errors.length) throw new InputErrors(errors);
  return { extracted: ex, registry: reg };
}

function skip(ex: Extracted, v: ObjectView, r: Reader): void {
  ex.documents.skipped.push({ kind: v.kind, apiVersion: v.apiVersion, name: v.name, source: r.src() });
}

function nodeInventory(r: Reader, ex: Extracted, reg: FactRegistry): void {
  const defaults = (r.v.get(['spec', 'defaults']) ?? {}) as Obj;
  const location = (r.v.get(['spec', 'location']) ?? {}) as Obj;
  const locText = [location.city, location.code && `(${location.code})`].filter(Boolean).join(' ');
  reg.add('cluster.provider', r.str(['spec', 'provider']), r.src(['spec', 'provider']));
  reg.add('cluster.location', locText, r.src(['spec', 'location']));
  reg.add('cluster.locationCode', String(location.code ?? ''), r.src(['spec', 'location', 'code']));
  reg.add('cluster.country', String(location.country ?? ''), r.src(['spec', 'location', 'country']));
  for (const f of ['clusterCidr', 'serviceCidr', 'kubeconfig'] as const) {
    const val = r.str(['spec', f]);
    if (val !== null) reg.add(`cluster.${f}`, val, r.src(['spec', f]), f === 'kubeconfig' ? 'path' : 'cidr');
  }
  for (const [k, val] of Object.entries(r.map(['spec', 'sysctls']))) reg.add(`cluster.sysctl.${k}`, val, r.src(['spec', 'sysctls', k]));
  r.list(['spec', 'hostListeners']).forEach((_, i) => {
    const l = { name: r.str(['spec', 'hostListeners', i, 'name']) ?? '', port: String(r.v.get(['spec', 'hostListeners', i, 'port']) ?? ''), protocol: r.str(['spec', 'hostListeners', i, 'protocol']) ?? 'tcp', source: r.src(['spec', 'hostListeners', i]) };
    ex.hostListeners.push(l);
    reg.add(`listener/${l.name}.port`, l.port, l.source, 'port');
  });
  // Per-node value, else the inventory default; provenance follows whichever was used.
  const field = (i: number, name: string): { value: unknown; src: Source } => {
    const own = r.v.get(['spec', 'nodes', i, name]);
    if (own !== undefined) return { value: own, src: r.src(['spec', 'nodes', i, name]) };
    return { value: defaults[name], src: r.src(['spec', 'defaults', name]) };
  };
  const qtyField = (i: number, name: string): Quantity => {
    const own = r.v.get(['spec', 'nodes', i, name]) !== undefined;
    return r.qty(own ? ['spec', 'nodes', i, name] : ['spec', 'defaults', name]) ?? { raw: '0', value: 0 };
  };
  r.list(['spec', 'nodes']).forEach((_, i) => {
    const price = field(i, 'monthlyPrice').value as Obj | undefined;
    const node = {
      sshAlias: String(field(i, 'sshAlias').value ?? ''),
      publicIp: String(field(i, 'publicIp').value ?? ''),
      hostname: String(field(i, 'hostname').value ?? ''),
      instanceType: String(field(i, 'instanceType').value ?? ''),
      vcpu: Number(field(i, 'vcpu').value ?? 0),
      memory: qtyField(i, 'memory'),
      disk: qtyField(i, 'disk'),
      diskType: (field(i, 'diskType').value as string | undefined) ?? null,
      location: locText,
      roles: ((field(i, 'roles').value as string[] | undefined) ?? []).map(String),
      labels: r.map(['spec', 'nodes', i, 'labels']),
      os: String(field(i, 'os').value ?? ''),
      k3s: String(field(i, 'k3s').value ?? ''),
      containerd: String(field(i, 'containerd').value ?? ''),
      monthlyPrice: price ? { amount: Number(price.amount), currency: String(price.currency ?? 'USD'), asOf: price.asOf ? String(price.asOf) : null } : null,
      source: r.src(['spec', 'nodes', i]),
    };
    if (!Number.isInteger(node.vcpu) || node.vcpu <= 0) {
      r.int(r.v.get(['spec', 'nodes', i, 'vcpu']) !== undefined ? ['spec', 'nodes', i, 'vcpu'] : ['spec', 'defaults', 'vcpu'], 'a whole number of vCPUs');
    }
    ex.nodes.push(node);
    const b = `node/${node.sshAlias}`;
    const add = (f: string, val: Parameters<FactRegistry['add']>[1], cls: FactClass, display?: string) => {
      reg.add(`${b}.${f}`, val, field(i, f).src, cls, display);
      reg.alias(`node/${node.hostname}.${f}`, `${b}.${f}`);
    };
    add('sshAlias', node.sshAlias, 'text');
    add('publicIp', node.publicIp, 'ip');
    add('hostname', node.hostname, 'hostname');
    add('instanceType', node.instanceType, 'text');
    add('vcpu', node.vcpu, 'number');
    add('memory', node.memory.raw, 'quantity', formatMemoryGb(node.memory.value));
    add('disk', node.disk.raw, 'quantity', formatMemoryGb(node.disk.value));
    add('diskType', node.diskType, 'text');
    add('roles', node.roles, 'text');
    add('os', node.os, 'version');
    add('k3s', node.k3s, 'version');
    add('containerd', node.containerd, 'version');
    if (node.monthlyPrice) add('monthlyPrice', node.monthlyPrice.amount, 'price', money(node.monthlyPrice.amount, node.monthlyPrice.currency));
    reg.add(`${b}.labels`, Object.entries(node.labels).map(([k, val]) => `${k}=${val}`), r.src(['spec', 'nodes', i, 'labels']));
    for (const [k, val] of Object.entries(node.labels)) reg.add(`${b}.labels.${k}`, val, r.src(['spec', 'nodes', i, 'labels', k]));
  });
  // Inventory-wide facts read from the defaults, for sentences about "every node".
  for (const f of ['instanceType', 'os', 'k3s', 'containerd', 'diskType', 'sshUser', 'sshPort'] as const) {
    if (defaults[f] !== undefined) reg.add(`cluster.${f}`, String(defaults[f]), r.src(['spec', 'defaults', f]), f === 'sshPort' ? 'port' : f === 'instanceType' || f === 'diskType' || f === 'sshUser' ? 'text' : 'version');
  }
  if (Array.isArray(defaults.roles)) reg.add('cluster.roles', (defaults.roles as unknown[]).map(String), r.src(['spec', 'defaults', 'roles']));
  if (defaults.vcpu !== undefined) reg.add('cluster.nodeVcpu', Number(defaults.vcpu), r.src(['spec', 'defaults', 'vcpu']), 'number');
  for (const f of ['memory', 'disk'] as const) {
    const q = defaults[f] !== undefined ? r.qty(['spec', 'defaults', f]) : null;
    if (q) reg.add(`cluster.node${f[0].toUpperCase()}${f.slice(1)}`, q.raw, r.src(['spec', 'defaults', f]), 'quantity', formatMemoryGb(q.value));
  }
  const price = defaults.monthlyPrice as Obj | undefined;
  if (price) {
    reg.add('cluster.nodeMonthlyPrice', Number(price.amount), r.src(['spec', 'defaults', 'monthlyPrice']), 'price', money(Number(price.amount), String(price.currency ?? 'USD')));
    if (price.asOf) reg.add('cluster.priceAsOf', String(price.asOf), r.src(['spec', 'defaults', 'monthlyPrice']));
  }
}

export function money(amount: number, currency: string): string {
  const symbol = currency === 'USD' ? '$' : currency === 'EUR' ? '€' : `${currency} `;
  return `${symbol}${amount.toFixed(2)}`;
}

/** `8Gi` → `8 GB`, the way hosting providers label RAM and disk. */
function formatMemoryGb(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GB`;
}

function ufwPolicy(r: Reader, ex: Extracted, reg: FactRegistry): void {
  const applies = r.v.get(['spec', 'appliesTo']);
  const defaults = r.map(['spec', 'defaults']);
  for (const [k, val] of Object.entries(defaults)) reg.add(`ufw.defaults.${k}`, val, r.src(['spec', 'defaults', k]));
  const rules = r.list(['spec', 'rules']).map((_, i) => {
    const p: PathSeg[] = ['spec', 'rules', i];
    const port = String(r.v.get([...p, 'port']) ?? 'any');
    const rule = {
      name: r.str([...p, 'name']) ?? `rule-${i + 1}`,
      port,
      protocol: r.str([...p, 'protocol']) ?? 'any',
      from: r.list([...p, 'from']).map(String),
      comment: r.str([...p, 'comment']),
      why: r.str([...p, 'why']),
      nodes: applies === 'all' || applies === undefined ? ['all'] : (applies as unknown[]).map(String),
      source: r.src(p),
    };
    reg.add(`ufw/${rule.name}.port`, rule.port.replace(':', '–'), r.src([...p, 'port']), 'port');
    reg.add(`ufw/${rule.name}.protocol`, rule.protocol, r.src([...p, 'protocol']));
    reg.add(`ufw/${rule.name}.from`, rule.from, r.src([...p, 'from']), 'text', rule.from.length > 4 ? `${rule.from.length} ranges` : rule.from.join(', '));
    return rule;
  });
  if (!ex.ufw) ex.ufw = { defaults, rules, source: r.src() };
  else ex.ufw.rules.push(...rules);
}

function cloudflareZone(r: Reader, ex: Extracted, reg: FactRegistry): void {
  const mode = r.str(['spec', 'ssl', 'mode']) ?? 'off';
  const cert = (r.v.get(['spec', 'originCertificate']) ?? null) as Record<string, string | string[]> | null;
  const cf = {
    zone: r.str(['spec', 'zone']) ?? r.v.name,
    plan: r.str(['spec', 'plan']) ?? '',
    sslMode: mode,
    sslModeLabel: SSL_MODE_LABELS[mode] ?? mode,
    minTlsVersion: r.str(['spec', 'ssl', 'minTlsVersion']),
    originCertificate: cert,
    dns: r.list(['spec', 'dns']).map((_, i) => ({
      type: r.str(['spec', 'dns', i, 'type']) ?? 'A',
      name: r.str(['spec', 'dns', i, 'name']) ?? '',
      content: r.str(['spec', 'dns', i, 'content']) ?? '',
      proxied: r.bool(['spec', 'dns', i, 'proxied']) ?? false,
      source: r.src(['spec', 'dns', i]),
    })),
    source: r.src(),
  };
  ex.cloudflare = cf;
  reg.add('cloudflare.zone', cf.zone, r.src(['spec', 'zone']), 'domain');
  reg.add('cloudflare.plan', cf.plan, r.src(['spec', 'plan']));
  reg.add('cloudflare.ssl.mode', cf.sslModeLabel, r.src(['spec', 'ssl', 'mode']), 'text');
  if (cf.minTlsVersion) reg.add('cloudflare.ssl.minTlsVersion', cf.minTlsVersion, r.src(['spec', 'ssl', 'minTlsVersion']), 'version');
  const always = r.bool(['spec', 'ssl', 'alwaysUseHttps']);
  if (always !== null) reg.add('cloudflare.ssl.alwaysUseHttps', always, r.src(['spec', 'ssl', 'alwaysUseHttps']), 'flag', always ? 'on' : 'off');
  for (const [k, val] of Object.entries(cert ?? {})) {
    reg.add(`cloudflare.originCertificate.${k}`, Array.isArray(val) ? val.map(String) : String(val), r.src(['spec', 'originCertificate', k]), k.endsWith('Path') ? 'path' : 'text');
  }
  const hosts = [...new Set(cf.dns.map((d) => d.name))];
  reg.add('cloudflare.hosts', hosts, r.src(['spec', 'dns']), 'domain');
  reg.add('cloudflare.dns.count', cf.dns.length, r.src(['spec', 'dns']), 'number');
  for (const h of hosts) {
    const recs = cf.dns.filter((d) => d.name === h);
    reg.add(`cloudflare.dns.${h}.records`, recs.map((d) => d.content), recs[0].source);
    reg.add(`cloudflare.dns.${h}.proxied`, recs.every((d) => d.proxied), recs[0].source, 'flag', recs.every((d) => d.proxied) ? 'proxied' : 'DNS only');
  }
}

function externalServices(r: Reader, reg: FactRegistry): void {
  const flatten = (path: PathSeg[], key: string) => {
    const val = r.v.get(path);
    if (val !== null && typeof val === 'object' && !Array.isArray(val)) {
      const o = val as Obj;
      if ('amount' in o && typeof o.amount === 'number') {
        reg.add(key, o.amount, r.src(path), 'price', money(o.amount, String(o.currency ?? 'USD')));
        return;
      }
      for (const k of Object.keys(o)) flatten([...path, k], `${key}.${k}`);
    } else if (val !== undefined) {
      const cls: FactClass = /version$/i.test(key) ? 'version' : /(pricing|price|Cost)/i.test(key) ? 'price' : /host$/.test(key) ? 'hostname' : 'text';
      reg.add(key, Array.isArray(val) ? val.map(String) : (val as string | number | boolean | null), r.src(path), cls);
    }
  };
  for (const group of ['services', 'software', 'alternativesPriced'] as const) {
    const prefix = group === 'services' ? 'external' : group === 'software' ? 'software' : 'alternative';
    r.list<Obj>(['spec', group]).forEach((item, i) => {
      for (const k of Object.keys(item)) if (k !== 'id') flatten(['spec', group, i, k], `${prefix}.${item.id}.${k}`);
    });
  }
  for (const k of Object.keys((r.v.get(['spec']) ?? {}) as Obj)) {
    if (k !== 'services' && k !== 'software' && k !== 'alternativesPriced') flatten(['spec', k], `external.${k}`);
  }
}

/** Totals, capacity and the share requested. */
function derive(ex: Extracted, reg: FactRegistry, load: LoadResult): void {
  // Derived facts come from many manifests: they point at the folder, line 0.
  const totalSrc: Source = { file: ex.manifests, line: 0 };
  void load;
  for (const w of ex.workloads) {
    if ((w.kind !== 'Deployment' && w.kind !== 'StatefulSet') || !w.applied) continue;
    const t = (ex.totals[w.namespace] ??= { requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: { cpuMillicores: 0, memoryBytes: 0 }, unlimited: { cpu: 0, memory: 0 }, replicas: 0 });
    const n = w.replicas ?? 1;
    t.replicas += n;
    for (const c of w.containers) {
      const q = (x: Quantity | null, cpu: boolean) => {
        if (!x) return 0;
        const p = parseQuantity(x.raw);
        return p ? (cpu ? milliValue(p) : unitValue(p)) : 0;
      };
      t.requests.cpuMillicores += n * q(c.requests.cpu, true);
      t.requests.memoryBytes += n * q(c.requests.memory, false);
      t.limits.cpuMillicores += n * q(c.limits.cpu, true);
      t.limits.memoryBytes += n * q(c.limits.memory, false);
      if (!c.limits.cpu) t.unlimited.cpu += n;
      if (!c.limits.memory) t.unlimited.memory += n;
    }
  }
  for (const [name, t] of Object.entries(ex.totals)) {
    reg.add(`totals.${name}.replicas`, t.replicas, totalSrc, 'number');
    reg.add(`totals.${name}.requests.cpu`, t.requests.cpuMillicores, totalSrc, 'number', formatCpu(t.requests.cpuMillicores));
    reg.add(`totals.${name}.requests.memory`, t.requests.memoryBytes, totalSrc, 'number', formatBytes(t.requests.memoryBytes));
    reg.add(`totals.${name}.limits.cpu`, t.limits.cpuMillicores, totalSrc, 'number', formatCpu(t.limits.cpuMillicores));
    reg.add(`totals.${name}.limits.memory`, t.limits.memoryBytes, totalSrc, 'number', formatBytes(t.limits.memoryBytes));
  }
  if (ex.nodes.length) {
    const cpu = ex.nodes.reduce((s, n) => s + n.vcpu * 1000, 0);
    const mem = ex.nodes.reduce((s, n) => s + n.memory.value, 0);
    const sum = (f: (t: Extracted['totals'][string]) => number) => Object.values(ex.totals).reduce((s, t) => s + f(t), 0);
    ex.capacity = {
      nodes: ex.nodes.length,
      cpuMillicores: cpu,
      memoryBytes: mem,
      share: {
        requests: { cpu: sum((t) => t.requests.cpuMillicores) / cpu, memory: sum((t) => t.requests.memoryBytes) / mem },
        limits: { cpu: sum((t) => t.limits.cpuMillicores) / cpu, memory: sum((t) => t.limits.memoryBytes) / mem },
      },
    };
    const src = ex.nodes[0].source;
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    reg.add('cluster.nodes', ex.nodes.length, src, 'number');
    reg.add('capacity.cpu', cpu, src, 'number', formatCpu(cpu));
    reg.add('capacity.memory', mem, src, 'number', formatBytes(mem));
    reg.add('capacity.share.requests.cpu', ex.capacity.share.requests.cpu, totalSrc, 'number', pct(ex.capacity.share.requests.cpu));
    reg.add('capacity.share.requests.memory', ex.capacity.share.requests.memory, totalSrc, 'number', pct(ex.capacity.share.requests.memory));
    reg.add('capacity.share.limits.cpu', ex.capacity.share.limits.cpu, totalSrc, 'number', pct(ex.capacity.share.limits.cpu));
    reg.add('capacity.share.limits.memory', ex.capacity.share.limits.memory, totalSrc, 'number', pct(ex.capacity.share.limits.memory));
    const prices = ex.nodes.map((n) => n.monthlyPrice?.amount ?? 0);
    if (prices.some((p) => p > 0)) reg.add('cluster.monthlyPrice', prices.reduce((a, b) => a + b, 0), src, 'price', money(prices.reduce((a, b) => a + b, 0), ex.nodes[0].monthlyPrice?.currency ?? 'USD'));
  }
  // Where a nodeSelector lets a workload run, by SSH alias: commands can follow the pod.
  for (const w of ex.workloads) {
    if (!Object.keys(w.nodeSelector).length || !ex.nodes.length) continue;
    const eligible = ex.nodes.filter((n) => Object.entries(w.nodeSelector).every(([k, v]) => n.labels[k] === v)).map((n) => n.sshAlias);
    const base = `${w.kind.toLowerCase()}/${w.namespace}/${w.name}`;
    reg.add(`${base}.eligibleNodes`, eligible, reg.get(`${base}.nodeSelector`)?.source ?? w.source, 'text', eligible.join(', ') || 'none');
    reg.alias(`${w.kind.toLowerCase()}/${w.name}.eligibleNodes`, `${base}.eligibleNodes`);
  }
  reg.add('workloads.count', ex.workloads.filter((w) => w.applied).length, totalSrc, 'number');
  const namesByNs: Record<string, string[]> = {};
  for (const w of ex.workloads) if (w.applied) (namesByNs[w.namespace] ??= []).push(w.name);
  for (const [n, names] of Object.entries(namesByNs)) reg.add(`namespace.${n}.workloads`, names, totalSrc);
  for (const f of ex.applied.notApplied) reg.add(`notApplied.${f}`, f, { file: `${ex.manifests}/${f}`, line: 1 }, 'path');
}
