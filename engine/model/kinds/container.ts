/**
 * A container of a pod template: image, ports, resources, probes, env and
 * envFrom, mounts, and the command-line flags of its command and args; and
 * the facts it gives its workload (`containers.<name>.…`, and without the
 * container part for a single-container workload).
 */
import type { FactClass } from '../../facts.ts';
import type { Container, EnvFrom, EnvVar, Probe, ResourceSet, Source } from '../../types.ts';
import type { FactValue } from '../context.ts';
import type { Field, Located } from '../reader.ts';
import { RANGES } from '../ranges.ts';

/**
 * `registry/repo:tag@digest` → the repository without tag or digest, and the tag; an image
 * pinned by digest alone has the digest for its tag (`repo@sha256:…`), one with neither none.
 */
export function splitImage(image: string): { repository: string; tag: string | null } {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : null;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: digest };
}

const PROBE_TYPES = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

/**
 * A probe with the Kubernetes defaults (core/v1 Probe: period 10, timeout 1, failure 3,
 * success 1, delay 0). The API server writes a default over a 0 as over an absent field
 * (SetDefaults_Probe in pkg/apis/core/v1/defaults.go), so a 0 reads as the default, at its
 * line; only the delay keeps a 0.
 */
function probe(p: Field, note: Note, base: string): Probe | null {
  const raw = p.raw;
  if (!raw || typeof raw !== 'object') return null;
  const type: Probe['type'] = PROBE_TYPES.find((t) => t in raw) ?? 'unknown';
  const n = (field: string, dflt: number, fact = true) => {
    const f = p.at(field);
    const written = f.int(RANGES.count)?.value;
    const value = written === undefined || (written === 0 && dflt !== 0) ? dflt : written;
    if (fact) note(`${base}.${field}`, value, f.source, 'number');
    return value;
  };
  const initialDelaySeconds = n('initialDelaySeconds', 0);
  const periodSeconds = n('periodSeconds', 10);
  const timeoutSeconds = n('timeoutSeconds', 1);
  const failureThreshold = n('failureThreshold', 3);
  const portAt = p.at(type, 'port');
  const port =
    type === 'grpc'
      ? (portAt.int(RANGES.port)?.value ?? null)
      : type === 'httpGet' || type === 'tcpSocket'
        ? (portAt.intOrString(RANGES.port)?.value ?? null)
        : null;
  const pathAt = p.at('httpGet', 'path');
  const path = type === 'httpGet' ? (pathAt.str()?.value ?? '/') : null;
  const commandAt = p.at('exec', 'command');
  const command = type === 'exec' ? commandAt.items().map((c) => String(c.raw)) : null;
  if (path !== null) note(`${base}.path`, path, pathAt.source, 'path');
  if (port !== null) note(`${base}.port`, port, portAt.source, 'port');
  if (command) note(`${base}.command`, command.join(' '), commandAt.source, 'text');
  note(`${base}.type`, type, p.source, 'text');
  const budgetSeconds = initialDelaySeconds + periodSeconds * failureThreshold;
  note(`${base}.budgetSeconds`, budgetSeconds, p.source, 'number');
  return {
    type,
    path,
    port,
    command,
    initialDelaySeconds,
    periodSeconds,
    timeoutSeconds,
    failureThreshold,
    successThreshold: n('successThreshold', 1, false),
    budgetSeconds,
    source: p.source,
  };
}

function resources(c: Field, set: 'requests' | 'limits', note: Note): ResourceSet {
  const out: ResourceSet = { cpu: null, memory: null };
  for (const res of ['cpu', 'memory'] as const) {
    const q = c.at('resources', set, res).qty();
    if (!q) continue;
    out[res] = q.value;
    note(`${set}.${res}`, q.value.raw, q.source, 'quantity');
  }
  return out;
}

const ENV_SOURCES = ['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef'] as const;

function envVar(e: Field): EnvVar {
  const from = e.at('valueFrom');
  const kind = ENV_SOURCES.find((k) => from.at(k).present);
  const ref = kind === 'configMapKeyRef' || kind === 'secretKeyRef' ? from.at(kind) : null;
  return {
    name: e.at('name').str()?.value ?? '',
    from: kind ?? (e.at('value').present ? 'value' : 'none'),
    value: kind ? null : (e.at('value').text()?.value ?? null),
    ref: ref
      ? {
          name: ref.at('name').str()?.value ?? '',
          key: ref.at('key').str()?.value ?? '',
          optional: ref.at('optional').bool()?.value ?? false,
        }
      : null,
    fieldPath: kind === 'fieldRef' ? (from.at('fieldRef', 'fieldPath').str()?.value ?? null) : null,
    resource:
      kind === 'resourceFieldRef'
        ? (from.at('resourceFieldRef', 'resource').str()?.value ?? null)
        : null,
    source: e.source,
  };
}

function envFrom(e: Field): EnvFrom[] {
  return (['configMapRef', 'secretRef'] as const)
    .filter((k) => e.at(k).present)
    .map((k) => ({
      from: k,
      name: e.at(k, 'name').str()?.value ?? '',
      prefix: e.at('prefix').str()?.value ?? null,
      optional: e.at(k, 'optional').bool()?.value ?? false,
      source: e.source,
    }));
}

/** A fact a container gives its workload, noted where its value is read. */
export type Note = (
  field: string,
  value: FactValue,
  source: Source,
  cls: FactClass,
  display?: string,
) => void;

function ports(c: Field, note: Note): Container['ports'] {
  return c
    .at('ports')
    .items()
    .map((p, j) => {
      const port = p.at('containerPort').int(RANGES.port);
      const name = p.at('name').str()?.value ?? null;
      if (port) {
        note(`ports.${name ?? port.value}`, port.value, port.source, 'port');
        if (j === 0) note('port', port.value, port.source, 'port');
      }
      return {
        name,
        containerPort: port?.value ?? 0,
        protocol: p.at('protocol').str()?.value ?? 'TCP',
        source: p.source,
      };
    });
}

function mounts(c: Field, note: Note): Container['volumeMounts'] {
  return c
    .at('volumeMounts')
    .items()
    .map((m) => {
      const name = m.at('name').str()?.value ?? '';
      const path = m.at('mountPath').str();
      if (path) note(`mounts.${name}`, path.value, path.source, 'path');
      return {
        name,
        mountPath: path?.value ?? '',
        readOnly: m.at('readOnly').bool()?.value === true,
        subPath: m.at('subPath').str()?.value || null,
      };
    });
}

/**
 * `imagePullPolicy` as written, else the default the API server fills in
 * (Kubernetes' SetDefaults_Container): `Always` for a `:latest` or untagged
 * image, `IfNotPresent` otherwise — located at the image it follows from.
 */
function pullPolicy(c: Field, tag: string | null, note: Note): void {
  const given = c.at('imagePullPolicy').str();
  const fallback = tag === null || tag === 'latest' ? 'Always' : 'IfNotPresent';
  const source = given?.source ?? c.at('image').source;
  note('imagePullPolicy', given?.value ?? fallback, source, 'text');
}

/** A container, and through `note` the facts it gives its workload. */
export function container(c: Field, init: boolean, note: Note): Container {
  const imageAt = c.at('image');
  const image = imageAt.str()?.value ?? '';
  const { repository, tag } = splitImage(image);
  note('image', image, imageAt.source, 'image');
  note('imageTag', tag, imageAt.source, 'version');
  note('imageRepository', repository, imageAt.source, 'image');
  pullPolicy(c, tag, note);
  const env = c.at('env').items().map(envVar);
  const from = c.at('envFrom').items().flatMap(envFrom);
  const keyRefs = (kind: 'secretKeyRef' | 'configMapKeyRef') =>
    env.filter((e) => e.from === kind).map((e) => [e.ref!.name, e.ref!.key, e.name] as const);
  const parsed: Container = {
    name: c.at('name').str()?.value ?? '',
    image,
    imageRepository: repository,
    imageTag: tag,
    init,
    // An init container with restartPolicy: Always is a native sidecar: it keeps running.
    sidecar: init && c.at('restartPolicy').str()?.value === 'Always',
    ports: ports(c, note),
    requests: resources(c, 'requests', note),
    limits: resources(c, 'limits', note),
    probes: {
      startup: probe(c.at('startupProbe'), note, 'probes.startup'),
      readiness: probe(c.at('readinessProbe'), note, 'probes.readiness'),
      liveness: probe(c.at('livenessProbe'), note, 'probes.liveness'),
    },
    env,
    envFrom: from,
    envFromConfigMaps: from.filter((e) => e.from === 'configMapRef').map((e) => e.name),
    secretKeyRefs: keyRefs('secretKeyRef').map(([secret, key, e]) => ({ secret, key, env: e })),
    configMapKeyRefs: keyRefs('configMapKeyRef').map(([configMap, key, e]) => ({
      configMap,
      key,
      env: e,
    })),
    volumeMounts: mounts(c, note),
    readOnlyRootFilesystem: c.at('securityContext', 'readOnlyRootFilesystem').bool()?.value ?? null,
    runAsNonRoot: c.at('securityContext', 'runAsNonRoot').bool()?.value ?? null,
    allowPrivilegeEscalation:
      c.at('securityContext', 'allowPrivilegeEscalation').bool()?.value ?? null,
    capabilitiesDrop: c
      .at('securityContext', 'capabilities', 'drop')
      .items()
      .flatMap((d) => d.str()?.value ?? []),
    seccompProfile: c.at('securityContext', 'seccompProfile', 'type').str()?.value ?? null,
    flags: commandFlags(c).map(({ flag, value, source }) => ({ flag, value, source })),
    source: c.source,
  };
  for (const f of parsed.flags) note(`flags.${f.flag}`, f.value, f.source, 'text');
  return parsed;
}

/** A command-line flag's value, at its line. */
type Flag = Located<string> & { flag: string };

const FLAG = /(?:^|[\s"'])--?([A-Za-z][\w.-]*)(?:=(\S+)|\s+(?!-)([^\s"'$]+))/g;

/**
 * `--name value` and `--name=value` flags in a container's command and args,
 * including those inside a `sh -c` script, each at the line it is written on:
 * Redis's `--maxmemory 256mb`, vmagent's `-remoteWrite.url=…`.
 */
function commandFlags(c: Field): Flag[] {
  const out: Flag[] = [];
  const seen = new Set<string>();
  const items = [...c.at('command').items(), ...c.at('args').items()];
  for (const [i, item] of items.entries()) {
    const text = item.raw;
    if (typeof text !== 'string') continue;
    // A flag alone in its item takes the next item as its value: `["--maxmemory", "256mb"]`.
    const bare = /^--?([A-Za-z][\w.-]*)$/.exec(text);
    const next = items[i + 1]?.raw;
    if (bare) {
      if (typeof next === 'string' && next && !next.startsWith('-') && !seen.has(bare[1])) {
        seen.add(bare[1]);
        out.push({ flag: bare[1], value: next, source: item.source });
      }
      continue;
    }
    const start = item.source.line;
    // The lines of the file the item is located in (a base file, for a rendered object).
    const lines = c.view.linesAt(item.path);
    for (const [, name, eq, spaced] of text.matchAll(FLAG)) {
      const value = eq ?? spaced;
      if (!value || seen.has(name)) continue;
      seen.add(name);
      // A script spans lines: the flag's own line, found below where the item starts.
      const end = Math.min(lines.length, start + text.split('\n').length + 1);
      let line = start;
      for (let l = start; l <= end; l++)
        if (lines[l - 1]?.includes(`-${name}`)) {
          line = l;
          break;
        }
      out.push({ flag: name, value, source: { file: item.source.file, line } });
    }
  }
  return out;
}
