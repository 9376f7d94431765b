/**
 * Workloads: Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet,
 * ReplicationController, and a bare Pod (one the manifests create themselves).
 * Each value is read and located with one path (a StatefulSet's rollout is
 * under `spec.updateStrategy`, a Deployment's under `spec.strategy`, a Job's
 * parallelism under `spec.parallelism`, a Pod's spec is its own `spec`).
 */
import type { Volume, VolumeRef, Workload } from '../../types.ts';
import { begin, type ModelContext, type ObjectFacts } from '../context.ts';
import type { Field } from '../reader.ts';
import { RANGES } from '../ranges.ts';
import type { ObjectView } from '../../load.ts';
import { container, type Note } from './container.ts';

/** The kinds modelled as workloads; the contract's `Workload.kind` is this list. */
export const WORKLOAD_KIND_NAMES = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
] as const;
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(WORKLOAD_KIND_NAMES);

/** The pod template of a kind: a CronJob's sits inside its job template, a Pod is its own. */
function template(r: Field, kind: string): Field {
  if (kind === 'Pod') return r;
  return kind === 'CronJob'
    ? r.at('spec', 'jobTemplate', 'spec', 'template')
    : r.at('spec', 'template');
}

/**
 * Where the replica count is written, or null for a DaemonSet (one pod per eligible node)
 * and a Pod (itself).
 */
function replicasField(r: Field, kind: string): Field | null {
  if (kind === 'DaemonSet' || kind === 'Pod') return null;
  if (kind === 'Job') return r.at('spec', 'parallelism');
  if (kind === 'CronJob') return r.at('spec', 'jobTemplate', 'spec', 'parallelism');
  return r.at('spec', 'replicas');
}

/** Where the rollout is configured. */
function strategyField(r: Field, kind: string): Field | null {
  if (kind === 'Deployment') return r.at('spec', 'strategy');
  if (kind === 'StatefulSet' || kind === 'DaemonSet') return r.at('spec', 'updateStrategy');
  return null;
}

/**
 * A Deployment rolls out RollingUpdate with 25% / 25% when nothing is written
 * (extensions/v1beta1 defaulted to 1 / 1); a StatefulSet or DaemonSet keeps
 * what is written.
 */
function strategy(f: Field | null, kind: string, apiVersion: string): Workload['strategy'] {
  if (!f) return null;
  const type = f.at('type').str()?.value ?? 'RollingUpdate';
  const ru = f.at('rollingUpdate');
  const mu = ru.at('maxUnavailable').intOrString(RANGES.count)?.value ?? null;
  const ms = ru.at('maxSurge').intOrString(RANGES.count)?.value ?? null;
  if (kind !== 'Deployment') return { type, maxUnavailable: mu, maxSurge: ms };
  if (type !== 'RollingUpdate') return { type, maxUnavailable: null, maxSurge: null };
  const dflt = apiVersion === 'extensions/v1beta1' ? 1 : '25%';
  return { type, maxUnavailable: mu ?? dflt, maxSurge: ms ?? dflt };
}

const REF_KINDS = [
  ['configMap', 'name'],
  ['secret', 'secretName'],
  ['persistentVolumeClaim', 'claimName'],
] as const;

/** The ConfigMaps, Secrets and claims a volume reads, with the keys it projects. */
function volumeRefs(vol: Field): VolumeRef[] {
  const one = (f: Field, kind: VolumeRef['kind'], nameField: string): VolumeRef => ({
    kind,
    name: f.at(nameField).str()?.value ?? '',
    items: f
      .at('items')
      .items()
      .map((i) => i.at('key').str()?.value ?? ''),
    // An item's file is named by its `path`, the key's own name when it has none.
    paths: f
      .at('items')
      .items()
      .map((i) => i.at('path').str()?.value ?? i.at('key').str()?.value ?? ''),
    optional: f.at('optional').bool()?.value ?? false,
    source: f.source,
  });
  const refs = REF_KINDS.filter(([k]) => vol.at(k).present).map(([k, n]) => one(vol.at(k), k, n));
  for (const src of vol.at('projected', 'sources').items())
    for (const [k] of REF_KINDS.slice(0, 2))
      if (src.at(k).present) refs.push(one(src.at(k), k, 'name'));
  return refs;
}

function volume(vol: Field, facts: ObjectFacts): Volume {
  const raw = (vol.raw ?? {}) as Record<string, unknown>;
  const type = Object.keys(raw).find((k) => k !== 'name') ?? 'unknown';
  const refs = volumeRefs(vol);
  const direct = refs.find((x) => vol.at(x.kind).present);
  const name = vol.at('name').str()?.value ?? '';
  const ref = direct?.name ?? vol.at('emptyDir', 'medium').str()?.value ?? null;
  const size = type === 'emptyDir' ? vol.at('emptyDir', 'sizeLimit').qty() : null;
  if (size) facts.put(`volumes.${name}.sizeLimit`, size.value.raw, size.source, 'quantity');
  if (ref) facts.put(`volumes.${name}.ref`, ref, vol.source);
  return {
    name,
    type,
    ref,
    refs,
    defaultMode: vol.at(type, 'defaultMode').int(RANGES.fileMode)?.value ?? null,
    sizeLimit: size?.value ?? null,
    source: vol.source,
  };
}

/** Old API versions defaulted the selector to the pod template's labels. */
const SELECTOR_DEFAULTS_TO_LABELS = new Set(['extensions/v1beta1', 'apps/v1beta1']);

/** `matchExpressions` of a selector. */
export function requirements(f: Field): Workload['selectorExpressions'] {
  return f.items().map((e) => ({
    key: e.at('key').str()?.value ?? '',
    operator: e.at('operator').str()?.value ?? '',
    values: e
      .at('values')
      .items()
      .map((x) => String(x.raw)),
  }));
}

/** Facts of a container go under `containers.<name>.`, and without that part when `short`. */
function noter(facts: ObjectFacts, c: Field, short: boolean): Note {
  const name = c.at('name').raw;
  return (field, value, source, cls, display) => {
    facts.put(`containers.${String(name)}.${field}`, value, source, cls, display);
    if (short) facts.put(field, value, source, cls, display);
  };
}

/** The replica count and the rollout, as facts. A Pod is one pod, with no count to write. */
function scale(r: Field, v: ObjectView, facts: ObjectFacts) {
  const kind = v.kind;
  if (kind === 'Pod') return { replicas: 1, replicasDefaulted: false, strategy: null };
  const at = replicasField(r, kind);
  const given = at?.int(RANGES.count)?.value ?? null;
  const replicas = at ? (given ?? 1) : null;
  if (at && replicas !== null) facts.put('replicas', replicas, at.source, 'replicas');
  const strat = strategyField(r, kind);
  const s = strategy(strat, kind, v.apiVersion);
  if (strat && s) {
    facts.put('strategy', s.type, strat.source);
    const ru = strat.at('rollingUpdate');
    if (s.maxSurge !== null) facts.put('maxSurge', s.maxSurge, ru.at('maxSurge').source, 'number');
    if (s.maxUnavailable !== null)
      facts.put('maxUnavailable', s.maxUnavailable, ru.at('maxUnavailable').source, 'number');
  }
  return { replicas, replicasDefaulted: at !== null && given === null, strategy: s };
}

/** Where the pods may run and as whom. */
function placement(spec: Field, facts: ObjectFacts) {
  const ns = spec.at('nodeSelector');
  const nodeSelector = ns.labels()?.value ?? {};
  for (const [k, f] of ns.entries()) facts.put(`nodeSelector.${k}`, nodeSelector[k], f.source);
  if (Object.keys(nodeSelector).length)
    facts.put(
      'nodeSelector',
      Object.entries(nodeSelector).map(([k, x]) => `${k}=${x}`),
      ns.source,
    );
  const sa = spec.at('serviceAccountName').present
    ? spec.at('serviceAccountName')
    : spec.at('serviceAccount');
  const account = sa.str();
  if (account) facts.put('serviceAccount', account.value, account.source);
  const sc = spec.at('securityContext');
  const id = (f: 'runAsUser' | 'runAsGroup' | 'fsGroup') => {
    const x = sc.at(f).int(RANGES.unixId);
    facts.located(f, x, 'number');
    return x?.value ?? null;
  };
  return {
    nodeSelector,
    serviceAccountName: account?.value ?? null,
    serviceAccountSource: account?.source ?? null,
    securityContext: {
      runAsUser: id('runAsUser'),
      runAsGroup: id('runAsGroup'),
      fsGroup: id('fsGroup'),
      runAsNonRoot: sc.at('runAsNonRoot').bool()?.value ?? null,
      seccompProfile: sc.at('seccompProfile', 'type').str()?.value ?? null,
    },
  };
}

/**
 * The selector, with the pod template's labels it must match. A ReplicationController's
 * selector is a plain label map, its template's labels when left out; a Pod is the one pod
 * it stands for.
 */
function selection(r: Field, pod: Field, kind: string, apiVersion: string) {
  const podLabels = pod.at('metadata', 'labels').labels()?.value ?? {};
  const sel = r.at('spec', 'selector');
  const plain = kind === 'ReplicationController';
  const written =
    kind === 'Pod' ? podLabels : (plain ? sel : sel.at('matchLabels')).labels()?.value;
  const dflt = (plain || SELECTOR_DEFAULTS_TO_LABELS.has(apiVersion)) && !sel.present;
  return {
    podLabels,
    podLabelsSource: pod.at('metadata', 'labels').source,
    selector: written ?? (dflt ? podLabels : {}),
    selectorExpressions: plain ? [] : requirements(sel.at('matchExpressions')),
    selectorSource: sel.source,
  };
}

function read(v: ObjectView, r: Field, facts: ObjectFacts): Workload {
  const kind = v.kind as Workload['kind'];
  const pod = template(r, kind);
  const spec = pod.at('spec');
  const note = (a: 'role' | 'stack') => {
    const x = r.at('metadata', 'annotations', `book.honeydue.dev/${a}`).str();
    facts.located(a, x);
    return x?.value ?? null;
  };
  const schedule = kind === 'CronJob' ? r.at('spec', 'schedule').str() : null;
  facts.located('schedule', schedule);
  const items = spec.at('containers').items();
  return {
    kind,
    apiVersion: v.apiVersion,
    namespace: v.namespace,
    name: v.name,
    ...scale(r, v, facts),
    role: note('role'),
    stack: note('stack'),
    schedule: schedule?.value ?? null,
    ...selection(r, pod, kind, v.apiVersion),
    ...placement(spec, facts),
    automountServiceAccountToken: spec.at('automountServiceAccountToken').bool()?.value ?? null,
    imagePullSecrets: spec
      .at('imagePullSecrets')
      .items()
      .map((s) => ({ name: s.at('name').str()?.value ?? '', source: s.source })),
    topologySpread: spec
      .at('topologySpreadConstraints')
      .items()
      .map((t) => ({
        topologyKey: t.at('topologyKey').str()?.value ?? '',
        maxSkew: t.at('maxSkew').int(RANGES.positive)?.value ?? 1,
        whenUnsatisfiable: t.at('whenUnsatisfiable').str()?.value ?? 'DoNotSchedule',
      })),
    volumes: spec
      .at('volumes')
      .items()
      .map((vol) => volume(vol, facts)),
    // A single-container workload may drop the container part: deployment/api.limits.memory.
    containers: items.map((c) => container(c, false, noter(facts, c, items.length === 1))),
    initContainers: spec
      .at('initContainers')
      .items()
      .map((c) => container(c, true, noter(facts, c, false))),
    applied: false,
    source: r.source,
  };
}

export function workload(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const w = read(v, r, facts);
  w.applied = ctx.applied(v);
  ctx.ex.workloads.push(w);
}
