/**
 * The Config page's layout and ids: every fact, grouped by section (kind) and by the object
 * it belongs to (Deployment `api`, Service `web`, node `hetzner1`, the Cloudflare zone…).
 * One computation for the page that renders it (src/components/FactIndex.astro) and for the
 * drift check, which must know every id the page carries to check a link to one.
 *
 * Objects come from the key, which the engine builds as `kind/namespace/name.field`
 * (`kind/name.field` for cluster-wide objects) or as a dotted path for the book's own kinds
 * (`cloudflare.ssl.mode`, `external.neon.host`).
 */
import type { ExtractResult } from './extract.ts';
import { factAnchor } from './fact-anchor.ts';
import { parseFactKey } from './keys.ts';

/** Section titles and order; other kinds follow alphabetically. */
const KINDS: [string, string][] = [
  ['deployment', 'Deployments'],
  ['statefulset', 'StatefulSets'],
  ['daemonset', 'DaemonSets'],
  ['horizontalpodautoscaler', 'HorizontalPodAutoscalers'],
  ['poddisruptionbudget', 'PodDisruptionBudgets'],
  ['service', 'Services'],
  ['serviceaccount', 'ServiceAccounts'],
  ['ingressroute', 'IngressRoutes'],
  ['middleware', 'Traefik middlewares'],
  ['traefik', 'Traefik'],
  ['networkpolicy', 'NetworkPolicies'],
  ['role', 'Roles'],
  ['clusterrole', 'Roles'],
  ['rolebinding', 'Roles'],
  ['clusterrolebinding', 'Roles'],
  ['configmap', 'ConfigMaps'],
  ['secret', 'Secrets (key names only)'],
  ['persistentvolumeclaim', 'PersistentVolumeClaims'],
  ['namespace', 'Namespaces'],
  ['node', 'Nodes'],
  ['cluster', 'Cluster'],
  ['listener', 'Host listeners'],
  ['ufw', 'UFW'],
  ['cloudflare', 'Cloudflare'],
  ['external', 'External services'],
  ['software', 'Software versions'],
  ['alternative', 'Alternatives considered'],
  ['totals', 'Totals and capacity (derived)'],
  ['capacity', 'Totals and capacity (derived)'],
  ['workloads', 'Totals and capacity (derived)'],
  ['pods', 'Totals and capacity (derived)'],
  // Counts of a kind (`secrets.count`, `networkpolicies.allApplied`) are derived too.
  ...['secrets', 'networkpolicies', 'ingressroutes', 'middlewares', 'roles'].map(
    (family): [string, string] => [family, 'Totals and capacity (derived)'],
  ),
  ['notApplied', 'Defined, not applied'],
];
const TITLE = new Map(KINDS);
const ORDER = [...new Set(KINDS.map(([, t]) => t))];

/** Dotted families whose second segment names the object (`external.neon.host`, `ufw.defaults.incoming`). */
const NAMED_FAMILIES = new Set(['external', 'software', 'alternative', 'ufw']);

/**
 * Which section and object a key belongs to, and the field within it. The key is read by the
 * engine's grammar; `names` (the objects' names) splits a name that holds dots
 * (`configmap/shop/settings.v2.LOG_LEVEL`) where the object's name ends.
 */
export function objectOf(
  key: string,
  names?: ReadonlySet<string>,
): { kind: string; namespace: string | null; name: string; field: string } {
  const p = parseFactKey(key, names);
  if (p?.type === 'object')
    return { kind: p.kind, namespace: p.namespace, name: p.name, field: p.field };
  const [kind, ...rest] = key.split('.');
  if (NAMED_FAMILIES.has(kind) && rest.length > 1)
    return { kind, namespace: null, name: rest[0], field: rest.slice(1).join('.') };
  return { kind, namespace: null, name: kind, field: rest.join('.') };
}

export interface ConfigLayoutObject {
  /** The id of the object's disclosure. */
  id: string;
  name: string;
  namespace: string | null;
  /** Its facts by field, each with the id of its row. */
  facts: { key: string; field: string; anchor: string }[];
}

export interface ConfigLayoutSection {
  /** The id of the section's heading. */
  id: string;
  title: string;
  objects: ConfigLayoutObject[];
}

const sectionAnchor = (title: string) => `kind-${factAnchor(title).slice(5).toLowerCase()}`;
const objectAnchor = (o: { kind: string; namespace: string | null; name: string }) =>
  `obj-${factAnchor(`${o.kind}/${o.namespace ?? ''}/${o.name}`).slice(5)}`;

/**
 * The Config page's sections in order, their objects by name, each object's facts by field.
 * The loaded objects' names split a key whose object's name holds dots (see objectOf).
 */
export function configLayout(
  result: Pick<ExtractResult, 'load' | 'registry'>,
): ConfigLayoutSection[] {
  const names = objectNames(result);
  const sections = new Map<string, Map<string, ConfigLayoutObject>>();
  for (const { key } of result.registry.facts.values()) {
    const o = objectOf(key, names);
    const title = TITLE.get(o.kind) ?? o.kind;
    const objects = sections.get(title) ?? sections.set(title, new Map()).get(title)!;
    const id = objectAnchor(o);
    const obj =
      objects.get(id) ??
      objects.set(id, { id, name: o.name, namespace: o.namespace, facts: [] }).get(id)!;
    obj.facts.push({ key, field: o.field, anchor: factAnchor(key) });
  }
  const rank = (t: string) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
  return [...sections]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([title, objects]) => ({
      id: sectionAnchor(title),
      title,
      objects: [...objects.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((o) => ({ ...o, facts: o.facts.sort((a, b) => a.field.localeCompare(b.field)) })),
    }));
}

/** The names of the loaded objects, which split a fact key whose object's name holds dots. */
function objectNames(result: Pick<ExtractResult, 'load'>): Set<string> {
  return new Set(result.load.objects.map((o) => o.name));
}

/** Every id the Config page carries for the facts: sections, objects and rows. */
export function configAnchors(result: Pick<ExtractResult, 'load' | 'registry'>): Set<string> {
  const ids = new Set<string>();
  for (const s of configLayout(result)) {
    ids.add(s.id);
    for (const o of s.objects) {
      ids.add(o.id);
      for (const f of o.facts) ids.add(f.anchor);
    }
  }
  return ids;
}
