/**
 * Configuration and identity: ConfigMaps, Secrets (key names only),
 * PersistentVolumeClaims, ServiceAccounts, Roles and ClusterRoles and their bindings.
 */
import type { FactClass } from '../../facts.ts';
import type { ObjectView } from '../../load.ts';
import { begin, type ModelContext } from '../context.ts';

/** What a ConfigMap value looks like, so the drift check knows which literals to look for. */
function classOf(value: string): FactClass {
  if (/^https?:\/\//.test(value)) return 'url';
  if (/^\d+$/.test(value)) return 'number';
  if (/^(true|false)$/.test(value)) return 'flag';
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)) return 'hostname';
  return 'text';
}

export function configMap(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const data = r.at('data');
  data.labels();
  const entries = data.entries().map(([key, f]) => ({
    key,
    value: String(f.raw ?? ''),
    source: f.source,
  }));
  ctx.ex.configMaps.push({
    namespace: v.namespace,
    name: v.name,
    data: entries,
    applied: ctx.applied(v),
    source: r.source,
  });
  for (const d of entries)
    facts.put(d.key, d.value.includes('\n') ? '(multi-line)' : d.value, d.source, classOf(d.value));
  facts.put(
    'keys',
    entries.map((d) => d.key),
    data.source,
  );
}

/** Key names only. The values of `data`/`stringData` are blank by now, and never read into facts. */
export function secret(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const keys = (['data', 'stringData'] as const).flatMap((field) =>
    r
      .at(field)
      .entries()
      .map(([key, f]) => ({ key, source: f.source })),
  );
  const type = r.at('type');
  const typeName = type.str()?.value ?? 'Opaque';
  ctx.ex.secrets.push({
    namespace: v.namespace,
    name: v.name,
    type: typeName,
    keys,
    applied: ctx.applied(v),
    source: r.source,
  });
  const listed = r.at('stringData').present ? r.at('stringData') : r.at('data');
  facts.put(
    'keys',
    keys.map((k) => k.key),
    listed.source,
  );
  facts.put('type', typeName, type.source);
  for (const k of keys) facts.put(`key.${k.key}`, k.key, k.source);
}

export function pvc(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const storage = r.at('spec', 'resources', 'requests', 'storage').qty();
  const cls = r.at('spec', 'storageClassName').str();
  const modes = r.at('spec', 'accessModes');
  const p = {
    namespace: v.namespace,
    name: v.name,
    storage: storage?.value ?? null,
    storageClassName: cls?.value ?? null,
    accessModes: modes.items().map((m) => String(m.raw)),
    applied: ctx.applied(v),
    source: r.source,
  };
  ctx.ex.pvcs.push(p);
  if (storage) facts.put('storage', storage.value.raw, storage.source, 'quantity');
  facts.located('storageClass', cls);
  facts.put('accessModes', p.accessModes, modes.source);
}

export function serviceAccount(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const automount = r.at('automountServiceAccountToken');
  const value = automount.bool()?.value ?? null;
  ctx.ex.serviceAccounts.push({
    namespace: v.namespace,
    name: v.name,
    automountServiceAccountToken: value,
    applied: ctx.applied(v),
    source: r.source,
  });
  // Kubernetes mounts the token unless told not to.
  facts.put('automountServiceAccountToken', value ?? true, automount.source, 'flag');
}

/** A Role or ClusterRole: what it allows, rule by rule. */
export function role(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const strings = (f: ReturnType<typeof r.at>) => f.items().map((x) => String(x.raw));
  const rules = r
    .at('rules')
    .items()
    .map((rule) => ({
      apiGroups: strings(rule.at('apiGroups')),
      resources: strings(rule.at('resources')),
      verbs: strings(rule.at('verbs')),
      source: rule.source,
    }));
  const kind = v.kind as 'Role' | 'ClusterRole';
  ctx.ex.roles.push({
    kind,
    namespace: kind === 'Role' ? v.namespace : null,
    name: v.name,
    rules,
    applied: ctx.applied(v),
    source: r.source,
  });
  const union = (f: 'resources' | 'verbs') => [...new Set(rules.flatMap((x) => x[f]))];
  facts.put('resources', union('resources'), r.at('rules').source);
  facts.put('verbs', union('verbs'), r.at('rules').source);
}

/**
 * A RoleBinding or ClusterRoleBinding: the role it grants and to whom. A ServiceAccount subject
 * of a RoleBinding without a namespace is in the binding's own (the RBAC authorizer reads it so).
 */
export function roleBinding(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const kind = v.kind as 'RoleBinding' | 'ClusterRoleBinding';
  const ref = r.at('roleRef');
  const refName = ref.at('name').str();
  const subjects = r
    .at('subjects')
    .items()
    .map((s) => {
      const skind = s.at('kind').str()?.value ?? '';
      const ns = s.at('namespace').str()?.value || null;
      const name = s.at('name').str();
      return {
        kind: skind,
        name: name?.value ?? '',
        namespace:
          ns ?? (skind === 'ServiceAccount' && kind === 'RoleBinding' ? v.namespace : null),
        source: name?.source ?? s.source,
      };
    });
  ctx.ex.roleBindings.push({
    kind,
    namespace: kind === 'RoleBinding' ? v.namespace : null,
    name: v.name,
    roleRef: {
      kind: ref.at('kind').str()?.value ?? '',
      name: refName?.value ?? '',
      source: refName?.source ?? ref.source,
    },
    subjects,
    applied: ctx.applied(v),
    source: r.source,
  });
  facts.located('roleRef', refName);
  facts.put(
    'subjects',
    subjects.map((s) =>
      s.namespace ? `${s.kind}/${s.namespace}/${s.name}` : `${s.kind}/${s.name}`,
    ),
    r.at('subjects').source,
  );
}
