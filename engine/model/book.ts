/**
 * The book's own kinds (`apiVersion: book.honeydue.dev/v1`): what is not
 * Kubernetes config — the servers, their firewall, the DNS zone and the
 * services outside the cluster — as facts with provenance.
 */
import type { FactClass, FactRegistry } from '../facts.ts';
import type { PathSeg } from '../load.ts';
import type { Obj, Reader } from './reader.ts';
import type { Extracted, Quantity, Source } from '../types.ts';

/** Cloudflare API names of SSL modes and how the dashboard labels them. */
export const SSL_MODE_LABELS: Record<string, string> = {
  off: 'Off',
  flexible: 'Flexible',
  full: 'Full',
  strict: 'Full (strict)',
  origin_pull: 'Strict (SSL-only origin pull)',
};

export function nodeInventory(r: Reader, ex: Extracted, reg: FactRegistry): void {
  const defaults = (r.v.get(['spec', 'defaults']) ?? {}) as Obj;
  const location = (r.v.get(['spec', 'location']) ?? {}) as Obj;
  const locText = [location.city, location.code && `(${location.code})`].filter(Boolean).join(' ');
  reg.add('cluster.provider', r.str(['spec', 'provider']), r.src(['spec', 'provider']));
  reg.add('cluster.location', locText, r.src(['spec', 'location']));
  reg.add('cluster.locationCode', String(location.code ?? ''), r.src(['spec', 'location', 'code']));
  reg.add(
    'cluster.country',
    String(location.country ?? ''),
    r.src(['spec', 'location', 'country']),
  );
  for (const f of ['clusterCidr', 'serviceCidr', 'kubeconfig'] as const) {
    const val = r.str(['spec', f]);
    if (val !== null)
      reg.add(`cluster.${f}`, val, r.src(['spec', f]), f === 'kubeconfig' ? 'path' : 'cidr');
  }
  for (const [k, val] of Object.entries(r.map(['spec', 'sysctls'])))
    reg.add(`cluster.sysctl.${k}`, val, r.src(['spec', 'sysctls', k]));
  r.list(['spec', 'hostListeners']).forEach((_, i) => {
    const l = {
      name: r.str(['spec', 'hostListeners', i, 'name']) ?? '',
      port: String(r.v.get(['spec', 'hostListeners', i, 'port']) ?? ''),
      protocol: r.str(['spec', 'hostListeners', i, 'protocol']) ?? 'tcp',
      source: r.src(['spec', 'hostListeners', i]),
    };
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
    return (
      r.qty(own ? ['spec', 'nodes', i, name] : ['spec', 'defaults', name]) ?? { raw: '0', value: 0 }
    );
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
      monthlyPrice: price
        ? {
            amount: Number(price.amount),
            currency: String(price.currency ?? 'USD'),
            asOf: price.asOf ? String(price.asOf) : null,
          }
        : null,
      source: r.src(['spec', 'nodes', i]),
    };
    if (!Number.isInteger(node.vcpu) || node.vcpu <= 0) {
      r.int(
        r.v.get(['spec', 'nodes', i, 'vcpu']) !== undefined
          ? ['spec', 'nodes', i, 'vcpu']
          : ['spec', 'defaults', 'vcpu'],
        'a whole number of vCPUs',
      );
    }
    ex.nodes.push(node);
    const b = `node/${node.sshAlias}`;
    const add = (
      f: string,
      val: Parameters<FactRegistry['add']>[1],
      cls: FactClass,
      display?: string,
    ) => {
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
    if (node.monthlyPrice)
      add(
        'monthlyPrice',
        node.monthlyPrice.amount,
        'price',
        money(node.monthlyPrice.amount, node.monthlyPrice.currency),
      );
    reg.add(
      `${b}.labels`,
      Object.entries(node.labels).map(([k, val]) => `${k}=${val}`),
      r.src(['spec', 'nodes', i, 'labels']),
    );
    for (const [k, val] of Object.entries(node.labels))
      reg.add(`${b}.labels.${k}`, val, r.src(['spec', 'nodes', i, 'labels', k]));
  });
  // Inventory-wide facts read from the defaults, for sentences about "every node".
  for (const f of [
    'instanceType',
    'os',
    'k3s',
    'containerd',
    'diskType',
    'sshUser',
    'sshPort',
  ] as const) {
    if (defaults[f] !== undefined)
      reg.add(
        `cluster.${f}`,
        String(defaults[f]),
        r.src(['spec', 'defaults', f]),
        f === 'sshPort'
          ? 'port'
          : f === 'instanceType' || f === 'diskType' || f === 'sshUser'
            ? 'text'
            : 'version',
      );
  }
  if (Array.isArray(defaults.roles))
    reg.add(
      'cluster.roles',
      (defaults.roles as unknown[]).map(String),
      r.src(['spec', 'defaults', 'roles']),
    );
  if (defaults.vcpu !== undefined)
    reg.add(
      'cluster.nodeVcpu',
      Number(defaults.vcpu),
      r.src(['spec', 'defaults', 'vcpu']),
      'number',
    );
  for (const f of ['memory', 'disk'] as const) {
    const q = defaults[f] !== undefined ? r.qty(['spec', 'defaults', f]) : null;
    if (q)
      reg.add(
        `cluster.node${f[0].toUpperCase()}${f.slice(1)}`,
        q.raw,
        r.src(['spec', 'defaults', f]),
        'quantity',
        formatMemoryGb(q.value),
      );
  }
  const price = defaults.monthlyPrice as Obj | undefined;
  if (price) {
    reg.add(
      'cluster.nodeMonthlyPrice',
      Number(price.amount),
      r.src(['spec', 'defaults', 'monthlyPrice']),
      'price',
      money(Number(price.amount), String(price.currency ?? 'USD')),
    );
    if (price.asOf)
      reg.add('cluster.priceAsOf', String(price.asOf), r.src(['spec', 'defaults', 'monthlyPrice']));
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

export function ufwPolicy(r: Reader, ex: Extracted, reg: FactRegistry): void {
  const applies = r.v.get(['spec', 'appliesTo']);
  const defaults = r.map(['spec', 'defaults']);
  for (const [k, val] of Object.entries(defaults))
    reg.add(`ufw.defaults.${k}`, val, r.src(['spec', 'defaults', k]));
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
      nodes:
        applies === 'all' || applies === undefined ? ['all'] : (applies as unknown[]).map(String),
      source: r.src(p),
    };
    reg.add(`ufw/${rule.name}.port`, rule.port.replace(':', '–'), r.src([...p, 'port']), 'port');
    reg.add(`ufw/${rule.name}.protocol`, rule.protocol, r.src([...p, 'protocol']));
    reg.add(
      `ufw/${rule.name}.from`,
      rule.from,
      r.src([...p, 'from']),
      'text',
      rule.from.length > 4 ? `${rule.from.length} ranges` : rule.from.join(', '),
    );
    return rule;
  });
  if (!ex.ufw) ex.ufw = { defaults, rules, source: r.src() };
  else ex.ufw.rules.push(...rules);
}

export function cloudflareZone(r: Reader, ex: Extracted, reg: FactRegistry): void {
  const mode = r.str(['spec', 'ssl', 'mode']) ?? 'off';
  const cert = (r.v.get(['spec', 'originCertificate']) ?? null) as Record<
    string,
    string | string[]
  > | null;
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
  if (cf.minTlsVersion)
    reg.add(
      'cloudflare.ssl.minTlsVersion',
      cf.minTlsVersion,
      r.src(['spec', 'ssl', 'minTlsVersion']),
      'version',
    );
  const always = r.bool(['spec', 'ssl', 'alwaysUseHttps']);
  if (always !== null)
    reg.add(
      'cloudflare.ssl.alwaysUseHttps',
      always,
      r.src(['spec', 'ssl', 'alwaysUseHttps']),
      'flag',
      always ? 'on' : 'off',
    );
  for (const [k, val] of Object.entries(cert ?? {})) {
    reg.add(
      `cloudflare.originCertificate.${k}`,
      Array.isArray(val) ? val.map(String) : String(val),
      r.src(['spec', 'originCertificate', k]),
      k.endsWith('Path') ? 'path' : 'text',
    );
  }
  const hosts = [...new Set(cf.dns.map((d) => d.name))];
  reg.add('cloudflare.hosts', hosts, r.src(['spec', 'dns']), 'domain');
  reg.add('cloudflare.dns.count', cf.dns.length, r.src(['spec', 'dns']), 'number');
  for (const h of hosts) {
    const recs = cf.dns.filter((d) => d.name === h);
    reg.add(
      `cloudflare.dns.${h}.records`,
      recs.map((d) => d.content),
      recs[0].source,
    );
    reg.add(
      `cloudflare.dns.${h}.proxied`,
      recs.every((d) => d.proxied),
      recs[0].source,
      'flag',
      recs.every((d) => d.proxied) ? 'proxied' : 'DNS only',
    );
  }
}

export function externalServices(r: Reader, reg: FactRegistry): void {
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
      const cls: FactClass = /version$/i.test(key)
        ? 'version'
        : /(pricing|price|Cost)/i.test(key)
          ? 'price'
          : /host$/.test(key)
            ? 'hostname'
            : 'text';
      reg.add(
        key,
        Array.isArray(val) ? val.map(String) : (val as string | number | boolean | null),
        r.src(path),
        cls,
      );
    }
  };
  for (const group of ['services', 'software', 'alternativesPriced'] as const) {
    const prefix =
      group === 'services' ? 'external' : group === 'software' ? 'software' : 'alternative';
    r.list<Obj>(['spec', group]).forEach((item, i) => {
      for (const k of Object.keys(item))
        if (k !== 'id') flatten(['spec', group, i, k], `${prefix}.${item.id}.${k}`);
    });
  }
  for (const k of Object.keys((r.v.get(['spec']) ?? {}) as Obj)) {
    if (k !== 'services' && k !== 'software' && k !== 'alternativesPriced')
      flatten(['spec', k], `external.${k}`);
  }
}
