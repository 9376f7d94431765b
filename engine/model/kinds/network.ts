/**
 * What routes traffic: Services, Traefik IngressRoutes and Middlewares,
 * Ingresses (networking.k8s.io/v1 and the v1beta1 `serviceName` form, default
 * backends included), NetworkPolicies.
 */
import type { FactRegistry } from '../../facts.ts';
import type { ObjectView } from '../../load.ts';
import type { NetworkPolicyPeer, NetworkPolicyRule, Route } from '../../types.ts';
import { begin, type ModelContext } from '../context.ts';
import type { Field } from '../reader.ts';
import { RANGES } from '../ranges.ts';
import { requirements } from './workload.ts';

export function service(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const spec = r.at('spec');
  const ports = spec.at('ports').items();
  const svc = {
    namespace: v.namespace,
    name: v.name,
    type: spec.at('type').str()?.value ?? 'ClusterIP',
    headless: spec.at('clusterIP').str()?.value === 'None',
    selector: spec.at('selector').labels()?.value ?? {},
    selectorSource: spec.at('selector').source,
    ports: ports.map((p) => {
      const port = p.at('port').int(RANGES.port)?.value ?? 0;
      return {
        name: p.at('name').str()?.value ?? null,
        port,
        // 0 and "" are unset: the API server defaults the target to `port` (SetDefaults_Service).
        targetPort: p.at('targetPort').intOrString(RANGES.portOrUnset)?.value || port,
        protocol: p.at('protocol').str()?.value ?? 'TCP',
        // 0 is unset: Kubernetes allocates one.
        nodePort: p.at('nodePort').int(RANGES.portOrUnset)?.value || null,
      };
    }),
    applied: ctx.applied(v),
    source: r.source,
  };
  ctx.ex.services.push(svc);
  facts.put('type', svc.type, spec.at('type').source);
  ports.forEach((p, i) => {
    const { name, port, targetPort } = svc.ports[i];
    facts.put(`ports.${name ?? port}.port`, port, p.at('port').source, 'port');
    facts.put(`ports.${name ?? port}.targetPort`, targetPort, p.at('targetPort').source, 'port');
    if (i === 0) facts.put('port', port, p.at('port').source, 'port');
  });
  const dns = `${v.name}.${v.namespace}.svc.cluster.local`;
  facts.put('dns', dns, r.at('metadata', 'name').source, 'hostname');
}

/** Hosts named in a Traefik rule such as Host(`a`) || Host(`b`, `c`). */
function hostsOfRule(rule: string): string[] {
  const out: string[] = [];
  for (const m of rule.matchAll(/Host\(([^)]*)\)/g))
    for (const h of m[1].matchAll(/[`"']([^`"']+)[`"']/g)) out.push(h[1]);
  return out;
}

const pathOfRule = (rule: string): string | null =>
  /PathPrefix\([`"']([^`"']+)[`"']\)/.exec(rule)?.[1] ?? null;

/** A route alias by host: `route/<host>.<field>`. */
const routeAlias = (reg: FactRegistry, host: string, field: string, full: string) =>
  reg.alias(`route/${host}.${field}`, full);

export function ingressRoute(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const tls = r.at('spec', 'tls', 'secretName');
  const entryPoints = r
    .at('spec', 'entryPoints')
    .items()
    .map((e) => String(e.raw));
  for (const route of r.at('spec', 'routes').items()) {
    const match = route.at('match');
    const rule = match.str()?.value ?? '';
    const first = route.at('services', 0);
    const mws = route.at('middlewares');
    // Traefik reads a reference's `namespace`, else the route's own.
    const middlewareRefs = mws.items().map((m) => ({
      namespace: m.at('namespace').str()?.value ?? v.namespace,
      name: m.at('name').str()?.value ?? '',
    }));
    const middlewares = middlewareRefs.map((m) => m.name);
    for (const host of hostsOfRule(rule)) {
      const rt: Route = {
        kind: v.kind,
        namespace: v.namespace,
        name: v.name,
        host,
        path: pathOfRule(rule),
        entryPoints,
        middlewares,
        middlewareRefs,
        service: first.at('name').str()?.value ?? '',
        serviceNamespace: first.at('namespace').str()?.value ?? v.namespace,
        serviceKind: first.at('kind').str()?.value ?? 'Service',
        port: first.at('port').intOrString()?.value ?? null,
        serviceSource: first.source,
        tlsSecret: tls.str()?.value ?? null,
        defaultBackend: false,
        applied: ctx.applied(v),
        source: match.source,
      };
      ctx.ex.routes.push(rt);
      facts.put('host', host, rt.source, 'domain');
      facts.put('service', `${rt.service}:${rt.port}`, first.source);
      facts.put('middlewares', middlewares, mws.source);
      if (rt.tlsSecret) facts.put('tlsSecret', rt.tlsSecret, tls.source);
      routeAlias(ctx.reg, host, 'service', facts.key('service'));
      routeAlias(ctx.reg, host, 'middlewares', facts.key('middlewares'));
    }
  }
}

/** An Ingress backend: v1 `service: {name, port: {number|name}}` or v1beta1 `serviceName`/`servicePort`. */
function backend(b: Field): { service: string; port: number | string | null } {
  if (b.at('service').present)
    return {
      service: b.at('service', 'name').str()?.value ?? '',
      // A number of 0 is unset: the port is then named.
      port:
        b.at('service', 'port', 'number').int(RANGES.portOrUnset)?.value ||
        (b.at('service', 'port', 'name').str()?.value ?? null),
    };
  return {
    service: b.at('serviceName').str()?.value ?? '',
    port: b.at('servicePort').intOrString(RANGES.port)?.value ?? null,
  };
}

export function ingress(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const ann = r.at('metadata', 'annotations');
  const list = (name: string) =>
    (ann.at(`traefik.ingress.kubernetes.io/router.${name}`).str()?.value ?? '')
      .split(',')
      .filter(Boolean);
  const tls = r.at('spec', 'tls').items();
  const tlsFor = (host: string) =>
    tls
      .find((t) => (t.at('hosts').raw as unknown[] | undefined)?.includes(host))
      ?.at('secretName')
      .str()?.value ?? null;
  const route = (host: string, path: string | null, b: Field, at: Field, dflt: boolean) => {
    const rt: Route = {
      kind: v.kind,
      namespace: v.namespace,
      name: v.name,
      host,
      path,
      entryPoints: list('entrypoints'),
      middlewares: list('middlewares'),
      middlewareRefs: list('middlewares').map((name) => ({ namespace: v.namespace, name })),
      ...backend(b),
      serviceNamespace: v.namespace,
      serviceKind: 'Service',
      serviceSource: b.source,
      tlsSecret: tlsFor(host),
      defaultBackend: dflt,
      applied: ctx.applied(v),
      source: at.source,
    };
    ctx.ex.routes.push(rt);
    return rt;
  };
  const hosts: string[] = [];
  r.at('spec', 'rules')
    .items()
    .forEach((rule) => {
      const host = rule.at('host').str()?.value ?? '*';
      rule
        .at('http', 'paths')
        .items()
        .forEach((p, j) => {
          const rt = route(host, p.at('path').str()?.value ?? null, p.at('backend'), p, false);
          // One fact per host and path: `ingress/shop.rules.<host><path>.service`, alias `route/<host>.service`.
          const field = `rules.${host}${rt.path && rt.path !== '/' ? rt.path : ''}.service`;
          facts.put(field, `${rt.service}:${rt.port}`, p.at('backend').source);
          if (j === 0) routeAlias(ctx.reg, host, 'service', facts.key(field));
        });
      if (!hosts.includes(host)) hosts.push(host);
    });
  const dflt = r.at('spec', 'defaultBackend').present
    ? r.at('spec', 'defaultBackend')
    : r.at('spec', 'backend');
  if (dflt.present) {
    const rt = route('*', null, dflt, dflt, true);
    facts.put('defaultBackend.service', `${rt.service}:${rt.port}`, dflt.source);
  }
  if (hosts.length) {
    facts.put('host', hosts[0], r.at('spec', 'rules', 0, 'host').source, 'domain');
    facts.put('hosts', hosts, r.at('spec', 'rules').source, 'domain');
  }
}

export function middleware(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const spec = r.at('spec');
  const [type = 'unknown', typed] = spec.entries()[0] ?? [];
  ctx.ex.middlewares.push({
    namespace: v.namespace,
    name: v.name,
    type,
    applied: ctx.applied(v),
    source: r.source,
  });
  facts.put('type', type, typed?.source ?? spec.source);
  // Every leaf of the middleware's settings, e.g. middleware/rate-limit.average.
  const leaves = (f: Field, path: string[]) => {
    const x = f.raw;
    if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
      for (const [k, sub] of f.entries()) leaves(sub, [...path, k]);
    } else if (path.length) {
      const value = Array.isArray(x) ? x.map(String) : (x as string | number | boolean);
      facts.put(path.join('.'), value, f.source, typeof x === 'number' ? 'number' : 'text');
    }
  };
  if (typed) leaves(typed, []);
}

function peers(rule: Field, key: 'from' | 'to'): NetworkPolicyPeer[] {
  return rule
    .at(key)
    .items()
    .map((p) => {
      const pod = p.at('podSelector');
      const ns = p.at('namespaceSelector');
      const ip = p.at('ipBlock');
      return {
        podSelector: pod.present ? (pod.at('matchLabels').labels()?.value ?? {}) : null,
        podSelectorExpressions: requirements(pod.at('matchExpressions')),
        namespaceSelector: ns.present ? (ns.at('matchLabels').labels()?.value ?? {}) : null,
        namespaceSelectorExpressions: requirements(ns.at('matchExpressions')),
        ipBlock: ip.present
          ? {
              cidr: ip.at('cidr').str()?.value ?? '',
              except: ip
                .at('except')
                .items()
                .map((e) => String(e.raw)),
            }
          : null,
        source: p.source,
      };
    });
}

function policyRules(r: Field, dir: 'ingress' | 'egress'): NetworkPolicyRule[] {
  return r
    .at('spec', dir)
    .items()
    .map((rule) => ({
      peers: peers(rule, dir === 'ingress' ? 'from' : 'to'),
      ports: rule
        .at('ports')
        .items()
        .map((p) => ({
          protocol: p.at('protocol').str()?.value ?? 'TCP',
          port: p.at('port').intOrString(RANGES.port)?.value ?? null,
          // With a numeric port, the rule allows every port from it to endPort.
          endPort: p.at('endPort').int(RANGES.port)?.value ?? null,
        })),
      source: rule.source,
    }));
}

export function networkPolicy(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const sel = r.at('spec', 'podSelector');
  const types = r.at('spec', 'policyTypes');
  const egress = policyRules(r, 'egress');
  const applied = ctx.applied(v);
  // Without policyTypes, a policy is Ingress, plus Egress when it has egress rules.
  const written = types.items().map((t) => String(t.raw));
  const policyTypes = types.present ? written : ['Ingress', ...(egress.length ? ['Egress'] : [])];
  ctx.ex.networkPolicies.push({
    namespace: v.namespace,
    name: v.name,
    podSelector: sel.at('matchLabels').labels()?.value ?? {},
    podSelectorExpressions: requirements(sel.at('matchExpressions')),
    podSelectorSource: sel.source,
    policyTypes,
    ingress: policyRules(r, 'ingress'),
    egress,
    applied,
    source: r.source,
  });
  facts.put('policyTypes', policyTypes, types.source);
  facts.put('applied', applied, r.source, 'flag', applied ? 'applied' : 'defined, not applied');
}
