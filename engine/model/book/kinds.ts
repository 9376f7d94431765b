/**
 * The book's own kinds (`apiVersion: book.honeydue.dev/v1`): what is not
 * Kubernetes config — the servers, their firewall, the DNS zone and the
 * services outside the cluster — as facts with provenance. Each is validated
 * against its schema (schemas.ts) before it is read.
 */
import type { FactClass } from '../../facts.ts';
import type { ObjectView } from '../../load.ts';
import type { Node } from '../../types.ts';
import { begin, type ModelContext } from '../context.ts';
import type { Field } from '../reader.ts';
import { RANGES } from '../ranges.ts';
import {
  CloudflareZoneSpec,
  ExternalServicesSpec,
  NodeInventorySpec,
  UfwPolicySpec,
  validateSpec,
  type NodeFieldName,
} from './schemas.ts';

/** A node's vCPU count; its schema (schemas.ts) already requires a positive integer. */
const VCPUS = { ...RANGES.int32, what: 'a whole number of vCPUs' };

/** Cloudflare API names of SSL modes and how the dashboard labels them. */
const SSL_MODE_LABELS: Record<string, string> = {
  off: 'Off',
  flexible: 'Flexible',
  full: 'Full',
  strict: 'Full (strict)',
  origin_pull: 'Strict (SSL-only origin pull)',
};

export function money(amount: number, currency: string): string {
  const symbol = currency === 'USD' ? '$' : currency === 'EUR' ? '€' : `${currency} `;
  return `${symbol}${amount.toFixed(2)}`;
}

/** `8Gi` → `8 GB`, the way hosting providers label RAM and disk. */
function formatMemoryGb(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GB`;
}

const str = (f: Field) => f.str()?.value ?? null;

/** Cluster-wide facts: provider, location, networks, sysctls, host listeners. */
function clusterFacts(spec: Field, ctx: ModelContext): string {
  const reg = ctx.reg;
  const loc = spec.at('location');
  const city = str(loc.at('city'));
  const code = str(loc.at('code'));
  const locText = [city, code && `(${code})`].filter(Boolean).join(' ');
  reg.add('cluster.provider', str(spec.at('provider')), spec.at('provider').source);
  reg.add('cluster.location', locText, loc.source);
  reg.add('cluster.locationCode', code ?? '', loc.at('code').source);
  reg.add('cluster.country', str(loc.at('country')) ?? '', loc.at('country').source);
  for (const f of ['clusterCidr', 'serviceCidr', 'kubeconfig'] as const) {
    const val = spec.at(f).str();
    if (val) reg.add(`cluster.${f}`, val.value, val.source, f === 'kubeconfig' ? 'path' : 'cidr');
  }
  for (const [k, f] of spec.at('sysctls').entries())
    reg.add(`cluster.sysctl.${k}`, String(f.raw), f.source);
  for (const l of spec.at('hostListeners').items()) {
    const listener = {
      name: str(l.at('name')) ?? '',
      port: String(l.at('port').raw ?? ''),
      protocol: str(l.at('protocol')) ?? 'tcp',
      source: l.source,
    };
    ctx.ex.hostListeners.push(listener);
    reg.add(`listener/${listener.name}.port`, listener.port, listener.source, 'port');
  }
  return locText;
}

/** Inventory-wide facts read from the defaults, for sentences about "every node". */
function defaultFacts(d: Field, ctx: ModelContext): void {
  const reg = ctx.reg;
  const classes: Record<string, FactClass> = {
    sshPort: 'port',
    instanceType: 'text',
    diskType: 'text',
    sshUser: 'text',
  };
  for (const f of [
    'instanceType',
    'os',
    'k3s',
    'containerd',
    'diskType',
    'sshUser',
    'sshPort',
  ] as const)
    if (d.at(f).present)
      reg.add(`cluster.${f}`, String(d.at(f).raw), d.at(f).source, classes[f] ?? 'version');
  const roles = d.at('roles');
  if (roles.present)
    reg.add(
      'cluster.roles',
      roles.items().map((x) => String(x.raw)),
      roles.source,
    );
  const vcpu = d.at('vcpu').int();
  if (vcpu) reg.add('cluster.nodeVcpu', vcpu.value, vcpu.source, 'number');
  for (const f of ['memory', 'disk'] as const) {
    const q = d.at(f).qty();
    const key = `cluster.node${f[0].toUpperCase()}${f.slice(1)}`;
    if (q) reg.add(key, q.value.raw, q.source, 'quantity', formatMemoryGb(q.value.value));
  }
  const price = d.at('monthlyPrice');
  if (price.present) {
    const amount = Number(price.at('amount').raw);
    const currency = str(price.at('currency')) ?? 'USD';
    reg.add('cluster.nodeMonthlyPrice', amount, price.source, 'price', money(amount, currency));
    if (price.at('asOf').present)
      reg.add('cluster.priceAsOf', String(price.at('asOf').raw), price.source);
  }
}

/** One node, each field from its own entry or the defaults; provenance follows whichever was used. */
function node(entry: Field, defaults: Field, locText: string, ctx: ModelContext): void {
  const field = (name: NodeFieldName) =>
    entry.at(name).present ? entry.at(name) : defaults.at(name);
  const text = (name: NodeFieldName) => String(field(name).raw ?? '');
  const price = field('monthlyPrice');
  const n: Node = {
    sshAlias: String(entry.at('sshAlias').raw),
    publicIp: String(entry.at('publicIp').raw),
    hostname: String(entry.at('hostname').raw),
    instanceType: text('instanceType'),
    vcpu: field('vcpu').int(VCPUS)?.value ?? 0,
    memory: field('memory').qty()?.value ?? { raw: '0', value: 0 },
    disk: field('disk').qty()?.value ?? { raw: '0', value: 0 },
    diskType: str(field('diskType')),
    location: locText,
    roles: field('roles')
      .items()
      .map((x) => String(x.raw)),
    labels: entry.at('labels').labels()?.value ?? {},
    os: text('os'),
    k3s: text('k3s'),
    containerd: text('containerd'),
    monthlyPrice: price.present
      ? {
          amount: Number(price.at('amount').raw),
          currency: str(price.at('currency')) ?? 'USD',
          asOf: price.at('asOf').present ? String(price.at('asOf').raw) : null,
        }
      : null,
    source: entry.source,
  };
  ctx.ex.nodes.push(n);
  nodeFacts(n, entry, field, ctx);
}

function nodeFacts(n: Node, entry: Field, field: (f: NodeFieldName) => Field, ctx: ModelContext) {
  const b = `node/${n.sshAlias}`;
  const add = (
    f: string,
    val: Parameters<ModelContext['reg']['add']>[1],
    cls: FactClass,
    display?: string,
  ) => {
    const at =
      f === 'sshAlias' || f === 'publicIp' || f === 'hostname'
        ? entry.at(f)
        : field(f as NodeFieldName);
    ctx.reg.add(`${b}.${f}`, val, at.source, cls, display);
    ctx.reg.alias(`node/${n.hostname}.${f}`, `${b}.${f}`);
  };
  add('sshAlias', n.sshAlias, 'text');
  add('publicIp', n.publicIp, 'ip');
  add('hostname', n.hostname, 'hostname');
  add('instanceType', n.instanceType, 'text');
  add('vcpu', n.vcpu, 'number');
  add('memory', n.memory.raw, 'quantity', formatMemoryGb(n.memory.value));
  add('disk', n.disk.raw, 'quantity', formatMemoryGb(n.disk.value));
  add('diskType', n.diskType, 'text');
  add('roles', n.roles, 'text');
  for (const f of ['os', 'k3s', 'containerd'] as const) add(f, n[f], 'version');
  // The port an operator's ssh dials, located where it is written: the node's entry or the defaults.
  const sshPort = field('sshPort').int();
  if (sshPort) add('sshPort', sshPort.value, 'port');
  const p = n.monthlyPrice;
  if (p) add('monthlyPrice', p.amount, 'price', money(p.amount, p.currency));
  const labels = entry.at('labels');
  ctx.reg.add(
    `${b}.labels`,
    Object.entries(n.labels).map(([k, x]) => `${k}=${x}`),
    labels.source,
  );
  for (const [k, f] of labels.entries()) ctx.reg.add(`${b}.labels.${k}`, String(f.raw), f.source);
}

export function nodeInventory(v: ObjectView, ctx: ModelContext): void {
  if (!validateSpec(v, NodeInventorySpec, ctx.errors)) return;
  const { r } = begin(v, ctx);
  const spec = r.at('spec');
  const locText = clusterFacts(spec, ctx);
  for (const entry of spec.at('nodes').items()) node(entry, spec.at('defaults'), locText, ctx);
  defaultFacts(spec.at('defaults'), ctx);
  nodeLists(spec.at('nodes'), ctx);
}

/**
 * Every node in inventory order, as lists located at the inventory's `nodes:`,
 * so a command can loop over the nodes (`for h in {{cluster.sshAliases}}`) and
 * still be right when a node is added or replaced.
 */
function nodeLists(nodes: Field, ctx: ModelContext): void {
  const all = ctx.ex.nodes;
  ctx.reg.add(
    'cluster.sshAliases',
    all.map((n) => n.sshAlias),
    nodes.source,
    'text',
  );
  ctx.reg.add(
    'cluster.hostnames',
    all.map((n) => n.hostname),
    nodes.source,
    'hostname',
  );
}

export function ufwPolicy(v: ObjectView, ctx: ModelContext): void {
  if (!validateSpec(v, UfwPolicySpec, ctx.errors)) return;
  const { r } = begin(v, ctx);
  const applies = r.at('spec', 'appliesTo').raw;
  const defaults = r.at('spec', 'defaults');
  for (const [k, f] of defaults.entries())
    ctx.reg.add(`ufw.defaults.${k}`, String(f.raw), f.source);
  const rules = r
    .at('spec', 'rules')
    .items()
    .map((p, i) => {
      const rule = {
        name: str(p.at('name')) ?? `rule-${i + 1}`,
        port: String(p.at('port').raw ?? 'any'),
        protocol: str(p.at('protocol')) ?? 'any',
        from: p
          .at('from')
          .items()
          .map((x) => String(x.raw)),
        comment: str(p.at('comment')),
        why: str(p.at('why')),
        nodes:
          applies === 'all' || applies === undefined ? ['all'] : (applies as unknown[]).map(String),
        source: p.source,
      };
      const b = `ufw/${rule.name}`;
      ctx.reg.add(`${b}.port`, rule.port.replace(':', '–'), p.at('port').source, 'port');
      ctx.reg.add(`${b}.protocol`, rule.protocol, p.at('protocol').source);
      const shown = rule.from.length > 4 ? `${rule.from.length} ranges` : rule.from.join(', ');
      ctx.reg.add(`${b}.from`, rule.from, p.at('from').source, 'text', shown);
      return rule;
    });
  const map = defaults.labels()?.value ?? {};
  if (!ctx.ex.ufw) ctx.ex.ufw = { defaults: map, rules, source: r.source };
  else ctx.ex.ufw.rules.push(...rules);
}

export function cloudflareZone(v: ObjectView, ctx: ModelContext): void {
  if (!validateSpec(v, CloudflareZoneSpec, ctx.errors)) return;
  const { r } = begin(v, ctx);
  const spec = r.at('spec');
  const ssl = spec.at('ssl');
  const mode = str(ssl.at('mode')) ?? 'off';
  const cert = spec.at('originCertificate');
  const dns = spec
    .at('dns')
    .items()
    .map((d) => ({
      type: str(d.at('type')) ?? 'A',
      name: str(d.at('name')) ?? '',
      content: str(d.at('content')) ?? '',
      proxied: d.at('proxied').bool()?.value ?? false,
      source: d.source,
    }));
  ctx.ex.cloudflare = {
    zone: str(spec.at('zone')) ?? v.name,
    plan: str(spec.at('plan')) ?? '',
    sslMode: mode,
    sslModeLabel: SSL_MODE_LABELS[mode] ?? mode,
    minTlsVersion: str(ssl.at('minTlsVersion')),
    originCertificate: (cert.raw ?? null) as Record<string, string | string[]> | null,
    dns,
    source: r.source,
  };
  cloudflareFacts(spec, ctx);
}

function cloudflareFacts(spec: Field, ctx: ModelContext): void {
  const cf = ctx.ex.cloudflare!;
  const reg = ctx.reg;
  const ssl = spec.at('ssl');
  reg.add('cloudflare.zone', cf.zone, spec.at('zone').source, 'domain');
  reg.add('cloudflare.plan', cf.plan, spec.at('plan').source);
  reg.add('cloudflare.ssl.mode', cf.sslModeLabel, ssl.at('mode').source, 'text');
  if (cf.minTlsVersion)
    reg.add(
      'cloudflare.ssl.minTlsVersion',
      cf.minTlsVersion,
      ssl.at('minTlsVersion').source,
      'version',
    );
  const always = ssl.at('alwaysUseHttps').bool();
  if (always)
    reg.add(
      'cloudflare.ssl.alwaysUseHttps',
      always.value,
      always.source,
      'flag',
      always.value ? 'on' : 'off',
    );
  for (const [k, f] of spec.at('originCertificate').entries()) {
    const val = Array.isArray(f.raw) ? f.raw.map(String) : String(f.raw);
    reg.add(
      `cloudflare.originCertificate.${k}`,
      val,
      f.source,
      k.endsWith('Path') ? 'path' : 'text',
    );
  }
  const hosts = [...new Set(cf.dns.map((d) => d.name))];
  reg.add('cloudflare.hosts', hosts, spec.at('dns').source, 'domain');
  reg.add('cloudflare.dns.count', cf.dns.length, spec.at('dns').source, 'number');
  // Every record through Cloudflare's proxy, else false at the first record that is DNS only.
  const direct = cf.dns.find((d) => !d.proxied);
  reg.add(
    'cloudflare.dns.allProxied',
    !direct,
    direct?.source ?? spec.at('dns').source,
    'flag',
    direct ? `not ${direct.name} → ${direct.content}` : 'every record proxied',
  );
  for (const h of hosts) {
    const recs = cf.dns.filter((d) => d.name === h);
    const proxied = recs.every((d) => d.proxied);
    reg.add(
      `cloudflare.dns.${h}.records`,
      recs.map((d) => d.content),
      recs[0].source,
    );
    reg.add(
      `cloudflare.dns.${h}.proxied`,
      proxied,
      recs[0].source,
      'flag',
      proxied ? 'proxied' : 'DNS only',
    );
  }
}

/** What a value of the external-services file is, by its key. */
function externalClass(key: string): FactClass {
  if (/version$/i.test(key)) return 'version';
  if (/(pricing|price|Cost)/i.test(key)) return 'price';
  if (/host$/.test(key)) return 'hostname';
  return 'text';
}

/** Every leaf under a key; a `{ amount, currency }` mapping is one price. */
function flatten(f: Field, key: string, ctx: ModelContext): void {
  const val = f.raw;
  if (val !== null && typeof val === 'object' && !Array.isArray(val)) {
    const o = val as Record<string, unknown>;
    if (typeof o.amount === 'number') {
      ctx.reg.add(key, o.amount, f.source, 'price', money(o.amount, String(o.currency ?? 'USD')));
      return;
    }
    for (const [k, sub] of f.entries()) flatten(sub, `${key}.${k}`, ctx);
  } else if (val !== undefined) {
    const value = Array.isArray(val) ? val.map(String) : (val as string | number | boolean | null);
    ctx.reg.add(key, value, f.source, externalClass(key));
  }
}

const GROUPS = {
  services: 'external',
  software: 'software',
  alternativesPriced: 'alternative',
} as const;

export function externalServices(v: ObjectView, ctx: ModelContext): void {
  if (!validateSpec(v, ExternalServicesSpec, ctx.errors)) return;
  const { r } = begin(v, ctx);
  for (const [group, prefix] of Object.entries(GROUPS))
    for (const item of r.at('spec', group).items()) {
      const id = String(item.at('id').raw);
      for (const [k, f] of item.entries()) if (k !== 'id') flatten(f, `${prefix}.${id}.${k}`, ctx);
    }
  for (const [k, f] of r.at('spec').entries()) if (!(k in GROUPS)) flatten(f, `external.${k}`, ctx);
}
