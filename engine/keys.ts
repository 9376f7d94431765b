/**
 * The fact-key grammar: how a key names a value, in one place for the model
 * that registers facts and the views and rules that look them up.
 *
 *   object facts   <kind>/<namespace>/<name>.<field>     deployment/honeydue/api.replicas
 *   short alias    <kind>/<name>.<field>                 deployment/api.replicas
 *                  (only while the name is unique for its kind; the registry drops
 *                  an alias two objects would share)
 *   family alias   pdb/<name>.<field>, hpa/<name>.<field>, route/<host>.<field>,
 *                  node/<hostname>.<field> (a node is keyed by its SSH alias)
 *   named facts    node/<sshAlias>.<field>, ufw/<rule>.<field>, listener/<name>.<field>
 *   global facts   dotted paths: cluster.nodes, totals.honeydue.requests.cpu,
 *                  capacity.share.requests.cpu, cloudflare.ssl.mode, traefik.values.…
 *
 * The kind segment is the lower-cased Kubernetes kind. A field may itself be
 * dotted (`containers.api.limits.memory`, `rules.shop.example.com.service`).
 */

/** `deployment`, from `Deployment`. */
const kindSegment = (kind: string): string => kind.toLowerCase();

/** Shorter family names writers use for a few kinds. */
const FAMILY_ALIASES: Record<string, string> = {
  poddisruptionbudget: 'pdb',
  horizontalpodautoscaler: 'hpa',
};

/** `deployment/honeydue/api`: the base of every fact of one object. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return `${kindSegment(kind)}/${namespace}/${name}`;
}

/** `deployment/api`: the short form, without the namespace. */
export function shortObjectKey(kind: string, name: string): string {
  return `${kindSegment(kind)}/${name}`;
}

/** `<base>.<field>`. */
export function factKey(base: string, field: string): string {
  return `${base}.${field}`;
}

/** The full key and its aliases (short form, family short form) of one object's field. */
export function objectFactKeys(
  kind: string,
  namespace: string,
  name: string,
  field: string,
): { full: string; aliases: string[] } {
  const full = factKey(objectKey(kind, namespace, name), field);
  const aliases = [factKey(shortObjectKey(kind, name), field)];
  const family = FAMILY_ALIASES[kindSegment(kind)];
  if (family) aliases.push(`${family}/${name}.${field}`);
  return { full, aliases };
}

export type ParsedKey =
  | { type: 'object'; kind: string; namespace: string | null; name: string; field: string }
  | { type: 'global'; family: string; path: string };

/**
 * Reads a key back into its parts. `kind/ns/name.field` and `kind/name.field`
 * are object keys (`namespace` is null for the short form); anything without
 * a `/` before its first `.` is a global key. A name may hold dots
 * (`configmap/settings.v2.KEY`); pass the names that exist to split it right,
 * else the name ends at the first dot.
 */
export function parseFactKey(key: string, names?: ReadonlySet<string>): ParsedKey | null {
  const slash = key.indexOf('/');
  const dot = key.indexOf('.');
  if (slash < 0 || (dot >= 0 && dot < slash)) {
    if (dot < 0) return null;
    return { type: 'global', family: key.slice(0, dot), path: key.slice(dot + 1) };
  }
  const kind = key.slice(0, slash);
  const rest = key.slice(slash + 1);
  const second = rest.indexOf('/');
  const firstDot = rest.indexOf('.');
  const namespaced = second >= 0 && (firstDot < 0 || second < firstDot);
  const namespace = namespaced ? rest.slice(0, second) : null;
  const tail = namespaced ? rest.slice(second + 1) : rest;
  let cut = tail.indexOf('.');
  if (names) {
    // The longest existing name the tail starts with, up to a dot.
    const dots = [...tail.matchAll(/\./g)].map((m) => m.index).reverse();
    const known = dots.find((i) => names.has(tail.slice(0, i)));
    if (known !== undefined) cut = known;
  }
  if (cut <= 0) return null;
  return { type: 'object', kind, namespace, name: tail.slice(0, cut), field: tail.slice(cut + 1) };
}
