/**
 * Turns loaded manifests into typed facts with provenance.
 *
 * Kubernetes objects are read through @kubernetes/client-node's types
 * (type-only imports: nothing of the package is loaded at run time). The
 * book's own kinds (`book.honeydue.dev/v1`: NodeInventory, UfwPolicy,
 * CloudflareZone, ExternalServices) describe what is not Kubernetes config.
 * Unknown kinds and custom resources are counted and passed over.
 */
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
import { inputError, InputErrors, type InputError } from '../errors.ts';
import { parseKubectlYaml } from '../yaml-dialect.ts';
import { cloudflareZone, externalServices, nodeInventory, ufwPolicy } from './book.ts';
import { derive } from './derive.ts';
import { Reader, type Obj } from './reader.ts';
import { FactRegistry, type FactClass } from '../facts.ts';
import type { LoadResult, ObjectView, PathSeg } from '../load.ts';
import {
  SCHEMA_VERSION,
  type Container,
  type Extracted,
  type NetworkPolicyPeer,
  type NetworkPolicyRule,
  type Probe,
  type ResourceSet,
  type Source,
  type Workload,
} from '../types.ts';

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicaSet',
]);
const BOOK_API = 'book.honeydue.dev/';

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
  const type: Probe['type'] = p.httpGet
    ? 'httpGet'
    : p.tcpSocket
      ? 'tcpSocket'
      : p.exec
        ? 'exec'
        : p.grpc
          ? 'grpc'
          : 'unknown';
  // Kubernetes defaults (core/v1 Probe): period 10, timeout 1, failure 3, success 1, delay 0.
  const initialDelaySeconds = r.int([...path, 'initialDelaySeconds']) ?? 0;
  const periodSeconds = r.int([...path, 'periodSeconds']) ?? 10;
  const timeoutSeconds = r.int([...path, 'timeoutSeconds']) ?? 1;
  const failureThreshold = r.int([...path, 'failureThreshold']) ?? 3;
  const successThreshold = r.int([...path, 'successThreshold']) ?? 1;
  const port =
    type === 'httpGet'
      ? r.intOrString([...path, 'httpGet', 'port'])
      : type === 'tcpSocket'
        ? r.intOrString([...path, 'tcpSocket', 'port'])
        : type === 'grpc'
          ? r.int([...path, 'grpc', 'port'])
          : null;
  return {
    type,
    path: type === 'httpGet' ? (r.str([...path, 'httpGet', 'path']) ?? '/') : null,
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
      return ref
        ? [{ configMap: String(ref.name), key: String(ref.key), env: String(e.name) }]
        : [];
    }),
    volumeMounts: (c.volumeMounts ?? []).map((m) => ({
      name: String(m.name),
      mountPath: String(m.mountPath),
      readOnly: m.readOnly === true,
    })),
    readOnlyRootFilesystem: c.securityContext?.readOnlyRootFilesystem ?? null,
    source: r.src(path),
  };
}

/**
 * `--name value` and `--name=value` flags in a container's command and args,
 * including those inside a `sh -c` script, each at the line it is written on:
 * Redis's `--maxmemory 256mb`, vmagent's `-remoteWrite.url=…`.
 */
function commandFlags(
  r: Reader,
  containerPath: PathSeg[],
): { name: string; value: string; source: Source }[] {
  const out: { name: string; value: string; source: Source }[] = [];
  const seen = new Set<string>();
  for (const field of ['command', 'args']) {
    r.list([...containerPath, field]).forEach((item, i) => {
      if (typeof item !== 'string') return;
      const start = r.src([...containerPath, field, i]).line;
      const lines = r.v.source.lines;
      for (const m of item.matchAll(
        /(?:^|[\s"'])--?([A-Za-z][\w.-]*)(?:=(\S+)|\s+(?!-)([^\s"'$]+))/g,
      )) {
        const [, name, eq, spaced] = m;
        const value = eq ?? spaced;
        if (!value || seen.has(name)) continue;
        seen.add(name);
        let line = start;
        for (let l = start; l <= Math.min(lines.length, start + item.split('\n').length + 1); l++) {
          if (lines[l - 1]?.includes(`-${name}`)) {
            line = l;
            break;
          }
        }
        out.push({ name, value, source: { file: r.v.source.file, line } });
      }
    });
  }
  return out;
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
    strategy =
      type === 'RollingUpdate'
        ? {
            type,
            maxUnavailable:
              r.intOrString(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']) ?? '25%',
            maxSurge: r.intOrString(['spec', 'strategy', 'rollingUpdate', 'maxSurge']) ?? '25%',
          }
        : { type, maxUnavailable: null, maxSurge: null };
  } else if (kind === 'StatefulSet' || kind === 'DaemonSet') {
    const type = r.str(['spec', 'updateStrategy', 'type']) ?? 'RollingUpdate';
    strategy = {
      type,
      maxUnavailable: r.intOrString(['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable']),
      maxSurge: r.intOrString(['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge']),
    };
  }
  const sc = spec.securityContext ?? {};
  return {
    kind,
    namespace: r.v.namespace,
    name: r.v.name,
    replicas: hasReplicas
      ? (replicasGiven ?? 1)
      : kind === 'Job'
        ? (r.int(['spec', 'parallelism']) ?? 1)
        : kind === 'CronJob'
          ? (r.int([...ps.slice(0, -2), 'parallelism']) ?? 1)
          : null,
    replicasDefaulted: hasReplicas && replicasGiven === null,
    role: r.str(['metadata', 'annotations', 'book.honeydue.dev/role']),
    stack: r.str(['metadata', 'annotations', 'book.honeydue.dev/stack']),
    strategy,
    schedule: kind === 'CronJob' ? ((obj as V1CronJob).spec?.schedule ?? null) : null,
    podLabels: r.map([...ps.slice(0, -1), 'metadata', 'labels']),
    selector: r.map(['spec', 'selector', 'matchLabels']),
    nodeSelector: r.map([...ps, 'nodeSelector']),
    serviceAccountName: spec.serviceAccountName ?? null,
    automountServiceAccountToken: spec.automountServiceAccountToken ?? null,
    securityContext: {
      runAsUser: sc.runAsUser ?? null,
      runAsGroup: sc.runAsGroup ?? null,
      fsGroup: sc.fsGroup ?? null,
      runAsNonRoot: sc.runAsNonRoot ?? null,
    },
    topologySpread: (spec.topologySpreadConstraints ?? []).map((t) => ({
      topologyKey: t.topologyKey,
      maxSkew: t.maxSkew,
      whenUnsatisfiable: t.whenUnsatisfiable,
    })),
    containers: r
      .list([...ps, 'containers'])
      .map((_, i) => container(r, [...ps, 'containers', i], false)),
    initContainers: r
      .list([...ps, 'initContainers'])
      .map((_, i) => container(r, [...ps, 'initContainers', i], true)),
    volumes: (spec.volumes ?? []).map((vol, i) => {
      const type = Object.keys(vol).find((k) => k !== 'name') ?? 'unknown';
      const ref =
        vol.secret?.secretName ??
        vol.configMap?.name ??
        vol.persistentVolumeClaim?.claimName ??
        vol.emptyDir?.medium ??
        null;
      return {
        name: vol.name,
        type,
        ref,
        sizeLimit: vol.emptyDir ? r.qty([...ps, 'volumes', i, 'emptyDir', 'sizeLimit']) : null,
      };
    }),
    applied,
    source: r.src([]),
  };
}

function peers(r: Reader, path: PathSeg[], key: 'from' | 'to'): NetworkPolicyPeer[] {
  return r.list<V1NetworkPolicyPeer>([...path, key]).map((p) => ({
    podSelector: p.podSelector ? (p.podSelector.matchLabels ?? {}) : null,
    podSelectorExpressions: (p.podSelector?.matchExpressions ?? []).map((e) => ({
      key: e.key,
      operator: e.operator,
      values: e.values ?? [],
    })),
    namespaceSelector: p.namespaceSelector ? (p.namespaceSelector.matchLabels ?? {}) : null,
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

/** Builds the facts and the registry; throws InputErrors on invalid field values. */
export function buildFacts(
  load: LoadResult,
  manifestsLabel = 'manifests',
): { extracted: Extracted; registry: FactRegistry } {
  const errors: InputError[] = [];
  const reg = new FactRegistry();
  // What is applied follows the root kustomization's render (engine/render/).
  const applied: Extracted['applied'] = {
    kustomization: load.applied.root,
    files: load.applied.files,
    notApplied: load.applied.notApplied,
  };
  const ex: Extracted = {
    schemaVersion: SCHEMA_VERSION,
    manifests: manifestsLabel,
    documents: {
      objects: load.objects.length,
      empty: load.emptyDocuments,
      byKind: {},
      skipped: [],
    },
    redactions: load.redactions,
    warnings: load.warnings,
    applied,
    workloads: [],
    services: [],
    routes: [],
    middlewares: [],
    pdbs: [],
    hpas: [],
    networkPolicies: [],
    pvcs: [],
    configMaps: [],
    secrets: [],
    serviceAccounts: [],
    traefik: null,
    nodes: [],
    hostListeners: [],
    ufw: null,
    cloudflare: null,
    totals: {},
    capacity: null,
  };

  /** Registers `<kind>/<ns>/<name>.<field>` and the short alias `<kind>/<name>.<field>`. */
  const objKey = (kind: string, namespace: string, name: string) =>
    `${kind.toLowerCase()}/${namespace}/${name}`;
  const put = (
    base: string,
    field: string,
    value: Parameters<FactRegistry['add']>[1],
    src: Source,
    cls: FactClass = 'text',
    display?: string,
  ) => {
    const full = `${base}.${field}`;
    reg.add(full, value, src, cls, display);
    const [kind, , name] = base.split('/');
    reg.alias(`${kind}/${name}.${field}`, full);
  };

  for (const v of load.objects) {
    const kind = v.kind || '(no kind)';
    ex.documents.byKind[kind] = (ex.documents.byKind[kind] ?? 0) + 1;
    const r = new Reader(v, errors);
    const isApplied = load.applied.objects.has(v) || v.apiVersion.startsWith(BOOK_API);
    const base = objKey(kind, v.namespace, v.name);

    if (WORKLOAD_KINDS.has(kind)) {
      const w = workload(r, isApplied);
      ex.workloads.push(w);
      if (w.replicas !== null)
        put(base, 'replicas', w.replicas, r.src(['spec', 'replicas']), 'replicas');
      if (w.strategy) {
        put(base, 'strategy', w.strategy.type, r.src(['spec', 'strategy']));
        if (w.strategy.maxSurge !== null)
          put(
            base,
            'maxSurge',
            w.strategy.maxSurge,
            r.src(['spec', 'strategy', 'rollingUpdate', 'maxSurge']),
            'number',
          );
        if (w.strategy.maxUnavailable !== null)
          put(
            base,
            'maxUnavailable',
            w.strategy.maxUnavailable,
            r.src(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']),
            'number',
          );
      }
      const ps = podSpecPath(kind);
      for (const [k, val] of Object.entries(w.nodeSelector))
        put(base, `nodeSelector.${k}`, val, r.src([...ps, 'nodeSelector', k]), 'text');
      if (Object.keys(w.nodeSelector).length)
        put(
          base,
          'nodeSelector',
          Object.entries(w.nodeSelector).map(([k, val]) => `${k}=${val}`),
          r.src([...ps, 'nodeSelector']),
          'text',
        );
      if (w.serviceAccountName)
        put(base, 'serviceAccount', w.serviceAccountName, r.src([...ps, 'serviceAccountName']));
      for (const f of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
        const val = w.securityContext[f];
        if (val !== null) put(base, f, val, r.src([...ps, 'securityContext', f]), 'number');
      }
      if (w.role)
        put(base, 'role', w.role, r.src(['metadata', 'annotations', 'book.honeydue.dev/role']));
      if (w.stack)
        put(base, 'stack', w.stack, r.src(['metadata', 'annotations', 'book.honeydue.dev/stack']));
      if (w.schedule) put(base, 'schedule', w.schedule, r.src(['spec', 'schedule']));
      w.volumes.forEach((vol, i) => {
        if (vol.sizeLimit)
          put(
            base,
            `volumes.${vol.name}.sizeLimit`,
            vol.sizeLimit.raw,
            r.src([...ps, 'volumes', i, 'emptyDir', 'sizeLimit']),
            'quantity',
          );
        if (vol.ref) put(base, `volumes.${vol.name}.ref`, vol.ref, r.src([...ps, 'volumes', i]));
      });
      const all = [...w.containers, ...w.initContainers];
      all.forEach((c, i) => {
        const cp: PathSeg[] = [
          ...ps,
          c.init ? 'initContainers' : 'containers',
          c.init ? i - w.containers.length : i,
        ];
        const cb = `containers.${c.name}`;
        const fields: [
          string,
          Parameters<FactRegistry['add']>[1],
          PathSeg[],
          FactClass,
          string?,
        ][] = [
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
          fields.push([
            `ports.${p.name ?? p.containerPort}`,
            p.containerPort,
            ['ports', j, 'containerPort'],
            'port',
          ]);
          if (j === 0)
            fields.push(['port', p.containerPort, ['ports', j, 'containerPort'], 'port']);
        });
        for (const pk of ['startup', 'readiness', 'liveness'] as const) {
          const pr = c.probes[pk];
          if (!pr) continue;
          const pp = [`${pk}Probe`];
          if (pr.path !== null)
            fields.push([`probes.${pk}.path`, pr.path, [...pp, 'httpGet', 'path'], 'path']);
          if (pr.port !== null)
            fields.push([`probes.${pk}.port`, pr.port, [...pp, pr.type, 'port'], 'port']);
          if (pr.command)
            fields.push([
              `probes.${pk}.command`,
              pr.command.join(' '),
              [...pp, 'exec', 'command'],
              'text',
            ]);
          fields.push([`probes.${pk}.type`, pr.type, pp, 'text']);
          for (const f of [
            'initialDelaySeconds',
            'periodSeconds',
            'timeoutSeconds',
            'failureThreshold',
          ] as const) {
            fields.push([`probes.${pk}.${f}`, pr[f], [...pp, f], 'number']);
          }
          fields.push([`probes.${pk}.budgetSeconds`, pr.budgetSeconds, pp, 'number']);
        }
        c.volumeMounts.forEach((m, j) =>
          fields.push([`mounts.${m.name}`, m.mountPath, ['volumeMounts', j, 'mountPath'], 'path']),
        );
        const register = (
          field: string,
          value: Parameters<FactRegistry['add']>[1],
          src: Source,
          cls: FactClass,
          display?: string,
        ) => {
          put(base, `${cb}.${field}`, value, src, cls, display);
          // A single-container workload may drop the container part: deployment/api.limits.memory.
          if (w.containers.length === 1 && !c.init) put(base, field, value, src, cls, display);
        };
        for (const [field, value, sub, cls, display] of fields)
          register(field, value, r.src([...cp, ...sub]), cls, display);
        for (const f of commandFlags(r, cp)) register(`flags.${f.name}`, f.value, f.source, 'text');
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
          put(
            base,
            `ports.${p.name ?? p.port}.port`,
            p.port,
            r.src(['spec', 'ports', i, 'port']),
            'port',
          );
          put(
            base,
            `ports.${p.name ?? p.port}.targetPort`,
            p.targetPort,
            r.src(['spec', 'ports', i, 'targetPort']),
            'port',
          );
          if (i === 0) put(base, 'port', p.port, r.src(['spec', 'ports', i, 'port']), 'port');
        });
        put(
          base,
          'dns',
          `${v.name}.${v.namespace}.svc.cluster.local`,
          r.src(['metadata', 'name']),
          'hostname',
        );
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
              kind,
              namespace: v.namespace,
              name: v.name,
              host,
              path: pathOfRule(match),
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
            put(
              base,
              'service',
              `${rt.service}:${rt.port}`,
              r.src(['spec', 'routes', i, 'services', 0]),
              'text',
            );
            put(base, 'middlewares', mws, r.src(['spec', 'routes', i, 'middlewares']));
            if (rt.tlsSecret)
              put(base, 'tlsSecret', rt.tlsSecret, r.src(['spec', 'tls', 'secretName']));
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
              kind,
              namespace: v.namespace,
              name: v.name,
              host,
              path: p.path ?? null,
              entryPoints: String(
                ing.metadata?.annotations?.['traefik.ingress.kubernetes.io/router.entrypoints'] ??
                  '',
              )
                .split(',')
                .filter(Boolean),
              middlewares: String(
                ing.metadata?.annotations?.['traefik.ingress.kubernetes.io/router.middlewares'] ??
                  '',
              )
                .split(',')
                .filter(Boolean),
              service: p.backend.service?.name ?? '',
              port: p.backend.service?.port?.number ?? p.backend.service?.port?.name ?? null,
              tlsSecret:
                (ing.spec?.tls ?? []).find((t) => (t.hosts ?? []).includes(host))?.secretName ??
                null,
              applied: isApplied,
              source: r.src(['spec', 'rules', i, 'http', 'paths', j]),
            };
            ex.routes.push(rt);
            // One fact per host and path: `ingress/shop.hosts.<host>.service`, alias `route/<host>.service`.
            const field = `rules.${host}${rt.path && rt.path !== '/' ? rt.path : ''}.service`;
            put(
              base,
              field,
              `${rt.service}:${rt.port}`,
              r.src(['spec', 'rules', i, 'http', 'paths', j, 'backend']),
              'text',
            );
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
        ex.middlewares.push({
          namespace: v.namespace,
          name: v.name,
          type,
          applied: isApplied,
          source: r.src(),
        });
        put(base, 'type', type, r.src(['spec', type]));
        const walkLeaves = (val: unknown, path: string[]) => {
          if (val !== null && typeof val === 'object' && !Array.isArray(val)) {
            for (const [k, x] of Object.entries(val as Obj)) walkLeaves(x, [...path, k]);
          } else if (path.length > 1) {
            put(
              base,
              path.slice(1).join('.'),
              Array.isArray(val) ? val.map(String) : (val as string | number | boolean),
              r.src(['spec', ...path]),
              typeof val === 'number' ? 'number' : 'text',
            );
          }
        };
        walkLeaves(spec, []);
        break;
      }
      case 'PodDisruptionBudget': {
        const pdb = v.obj as unknown as V1PodDisruptionBudget;
        const p = {
          namespace: v.namespace,
          name: v.name,
          minAvailable: r.intOrString(['spec', 'minAvailable']),
          maxUnavailable: r.intOrString(['spec', 'maxUnavailable']),
          selector: pdb.spec?.selector?.matchLabels ?? {},
          applied: isApplied,
          source: r.src(),
        };
        ex.pdbs.push(p);
        if (p.minAvailable !== null)
          put(base, 'minAvailable', p.minAvailable, r.src(['spec', 'minAvailable']), 'replicas');
        if (p.maxUnavailable !== null)
          put(
            base,
            'maxUnavailable',
            p.maxUnavailable,
            r.src(['spec', 'maxUnavailable']),
            'replicas',
          );
        reg.alias(`pdb/${v.name}.minAvailable`, `${base}.minAvailable`);
        reg.alias(`pdb/${v.name}.maxUnavailable`, `${base}.maxUnavailable`);
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const h = v.obj as unknown as V2HorizontalPodAutoscaler;
        const hpa = {
          namespace: v.namespace,
          name: v.name,
          target: {
            kind: h.spec?.scaleTargetRef?.kind ?? '',
            name: h.spec?.scaleTargetRef?.name ?? '',
          },
          minReplicas: r.int(['spec', 'minReplicas']) ?? 1,
          maxReplicas: r.int(['spec', 'maxReplicas']) ?? 1,
          metrics: r.list(['spec', 'metrics']).map((_, i) => ({
            resource: r.str(['spec', 'metrics', i, 'resource', 'name']) ?? 'custom',
            averageUtilization: r.int([
              'spec',
              'metrics',
              i,
              'resource',
              'target',
              'averageUtilization',
            ]),
          })),
          applied: isApplied,
          source: r.src(),
        };
        ex.hpas.push(hpa);
        put(base, 'minReplicas', hpa.minReplicas, r.src(['spec', 'minReplicas']), 'replicas');
        put(base, 'maxReplicas', hpa.maxReplicas, r.src(['spec', 'maxReplicas']), 'replicas');
        hpa.metrics.forEach((m, i) => {
          if (m.averageUtilization !== null)
            put(
              base,
              `target.${m.resource}`,
              m.averageUtilization,
              r.src(['spec', 'metrics', i, 'resource', 'target', 'averageUtilization']),
              'number',
              `${m.averageUtilization} %`,
            );
        });
        put(
          base,
          'applied',
          isApplied,
          r.src(),
          'flag',
          isApplied ? 'applied' : 'defined, not applied',
        );
        reg.alias(`hpa/${v.name}.applied`, `${base}.applied`);
        break;
      }
      case 'NetworkPolicy': {
        const np = v.obj as unknown as V1NetworkPolicy;
        const pol = {
          namespace: v.namespace,
          name: v.name,
          podSelector: np.spec?.podSelector?.matchLabels ?? {},
          podSelectorExpressions: (np.spec?.podSelector?.matchExpressions ?? []).map((e) => ({
            key: e.key,
            operator: e.operator,
            values: e.values ?? [],
          })),
          policyTypes: np.spec?.policyTypes ?? ['Ingress'],
          ingress: policyRules(r, 'ingress'),
          egress: policyRules(r, 'egress'),
          applied: isApplied,
          source: r.src(),
        };
        ex.networkPolicies.push(pol);
        put(base, 'policyTypes', pol.policyTypes, r.src(['spec', 'policyTypes']));
        put(
          base,
          'applied',
          isApplied,
          r.src(),
          'flag',
          isApplied ? 'applied' : 'defined, not applied',
        );
        break;
      }
      case 'PersistentVolumeClaim': {
        const pvc = v.obj as unknown as V1PersistentVolumeClaim;
        const p = {
          namespace: v.namespace,
          name: v.name,
          storage: r.qty(['spec', 'resources', 'requests', 'storage']),
          storageClassName: pvc.spec?.storageClassName ?? null,
          accessModes: pvc.spec?.accessModes ?? [],
          applied: isApplied,
          source: r.src(),
        };
        ex.pvcs.push(p);
        if (p.storage)
          put(
            base,
            'storage',
            p.storage.raw,
            r.src(['spec', 'resources', 'requests', 'storage']),
            'quantity',
          );
        if (p.storageClassName)
          put(base, 'storageClass', p.storageClassName, r.src(['spec', 'storageClassName']));
        put(base, 'accessModes', p.accessModes, r.src(['spec', 'accessModes']));
        break;
      }
      case 'ConfigMap': {
        const cm = v.obj as unknown as V1ConfigMap;
        const data = Object.entries(cm.data ?? {}).map(([key, value]) => ({
          key,
          value: String(value),
          source: r.src(['data', key]),
        }));
        ex.configMaps.push({
          namespace: v.namespace,
          name: v.name,
          data,
          applied: isApplied,
          source: r.src(),
        });
        for (const d of data) {
          const cls: FactClass = /^https?:\/\//.test(d.value)
            ? 'url'
            : /^\d+$/.test(d.value)
              ? 'number'
              : /^(true|false)$/.test(d.value)
                ? 'flag'
                : /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(d.value)
                  ? 'hostname'
                  : 'text';
          put(base, d.key, d.value.includes('\n') ? '(multi-line)' : d.value, d.source, cls);
        }
        put(
          base,
          'keys',
          data.map((d) => d.key),
          r.src(['data']),
        );
        break;
      }
      case 'Secret': {
        // Key names only. The values of `data`/`stringData` are never read into facts.
        const s = v.obj as unknown as V1Secret & { stringData?: Record<string, string> };
        const keys = [
          ...Object.keys(s.data ?? {}).map((k) => ({ key: k, source: r.src(['data', k]) })),
          ...Object.keys(s.stringData ?? {}).map((k) => ({
            key: k,
            source: r.src(['stringData', k]),
          })),
        ];
        ex.secrets.push({
          namespace: v.namespace,
          name: v.name,
          type: s.type ?? 'Opaque',
          keys,
          applied: isApplied,
          source: r.src(),
        });
        put(
          base,
          'keys',
          keys.map((k) => k.key),
          r.src([s.stringData ? 'stringData' : 'data']),
        );
        put(base, 'type', s.type ?? 'Opaque', r.src(['type']));
        for (const k of keys) put(base, `key.${k.key}`, k.key, k.source);
        break;
      }
      case 'ServiceAccount': {
        const sa = v.obj as unknown as V1ServiceAccount;
        ex.serviceAccounts.push({
          namespace: v.namespace,
          name: v.name,
          automountServiceAccountToken: sa.automountServiceAccountToken ?? null,
          applied: isApplied,
          source: r.src(),
        });
        put(
          base,
          'automountServiceAccountToken',
          sa.automountServiceAccountToken ?? true,
          r.src(['automountServiceAccountToken']),
          'flag',
        );
        break;
      }
      case 'HelmChartConfig': {
        if (v.name !== 'traefik') {
          skip(ex, v, r);
          break;
        }
        const text = r.str(['spec', 'valuesContent']) ?? '';
        const node = v.node(['spec', 'valuesContent']).node;
        // Block scalar content starts on the line after `valuesContent: |`; the embedded
        // values are parsed as YAML of their own, so their lines are offset by that much.
        const firstLine = node?.range
          ? v.source.lineCounter.linePos(node.range[0]).line + 1
          : r.src().line;
        const { docs, lineCounter: lc } = parseKubectlYaml(text);
        const valuesDoc = docs[0];
        if (valuesDoc?.errors.length) {
          const e = valuesDoc.errors[0];
          const pos = {
            file: v.source.file,
            line: firstLine + lc.linePos(e.pos[0]).line - 1,
            col: 1,
          };
          errors.push(
            inputError(
              'YAML_SYNTAX',
              pos,
              { reason: `The Helm values in valuesContent cannot be parsed (${e.code}).` },
              v.source.lines,
            ),
          );
        }
        const values = (
          !valuesDoc || valuesDoc.errors.length ? {} : (valuesDoc.toJS() ?? {})
        ) as Obj;
        const at = (path: string[]): Source => {
          const n = valuesDoc?.getIn(path, true) as
            { range?: [number, number, number] } | undefined;
          return {
            file: v.source.file,
            line: n?.range ? firstLine + lc.linePos(n.range[0]).line - 1 : firstLine,
          };
        };
        const ports = (values.ports ?? {}) as Record<string, Obj>;
        const entrypoints = Object.entries(ports)
          .filter(([, p]) => p && typeof p === 'object')
          .map(([name, p]) => {
            const expose = p.expose as Obj | boolean | undefined;
            return {
              name,
              port: Number(p.port),
              exposed: typeof expose === 'object' ? expose?.default === true : expose === true,
              tls: (p.tls as Obj | undefined)?.enabled === true,
              source: at(['ports', name, 'port']),
            };
          });
        const deployment = (values.deployment ?? {}) as Obj;
        ex.traefik = {
          kind: String(deployment.kind ?? 'Deployment'),
          hostNetwork: values.hostNetwork === true,
          entrypoints,
          source: r.src(),
        };
        reg.add('traefik.kind', ex.traefik.kind, at(['deployment', 'kind']));
        reg.add('traefik.hostNetwork', ex.traefik.hostNetwork, at(['hostNetwork']), 'flag');
        // Every scalar of the Helm values, e.g. traefik.values.resources.requests.cpu, at its line.
        const leaves = (val: unknown, path: string[]) => {
          if (val !== null && typeof val === 'object') {
            if (!Array.isArray(val))
              for (const [k, x] of Object.entries(val as Obj)) leaves(x, [...path, k]);
            return;
          }
          const last = path.at(-1) ?? '';
          reg.add(
            `traefik.values.${path.join('.')}`,
            val as string | number | boolean | null,
            at(path),
            /cpu|memory/.test(last) ? 'quantity' : typeof val === 'number' ? 'number' : 'text',
          );
        };
        leaves(values, []);
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

  derive(ex, reg);
  if (errors.length) throw new InputErrors(errors);
  return { extracted: ex, registry: reg };
}

function skip(ex: Extracted, v: ObjectView, r: Reader): void {
  ex.documents.skipped.push({
    kind: v.kind,
    apiVersion: v.apiVersion,
    name: v.name,
    source: r.src(),
  });
}
