/** Rules over the nodes, UFW, Traefik entrypoints and the Cloudflare zone. */
import { RULES } from '../../../check/index.ts';
import {
  configMap,
  a,
  ingress,
  ingressRoute,
  NODES,
  traefik,
  ufw,
  UFW_RULES,
  WEBSECURE,
  zone,
} from './fixtures.ts';
import { lineOf, ruleTester } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;

const TRAEFIK = traefik(WEBSECURE);
const BASE = { 'nodes.yaml': NODES, 'traefik.yaml': TRAEFIK };

{
  const open8080 = ufw(
    UFW_RULES.ssh +
      `    - name: alt-http\n      port: 8080\n      protocol: tcp\n      from: [any]\n`,
  );
  ruleTester(rule('ufw-port-without-listener'), {
    valid: [
      {
        name: 'ssh (a host listener) and 443 (an entrypoint)',
        manifests: { ...BASE, 'ufw.yaml': ufw(UFW_RULES.ssh + UFW_RULES.https) },
      },
      {
        name: 'a port inside a listener range',
        manifests: {
          ...BASE,
          'ufw.yaml': ufw(
            `    - name: k\n      port: 10250\n      protocol: tcp\n      from: [any]\n`,
          ),
        },
      },
    ],
    invalid: [
      {
        name: '8080 that nothing listens on, at the rule',
        manifests: { ...BASE, 'ufw.yaml': open8080 },
        errors: [
          {
            messageId: 'open',
            message:
              'UFW rule `alt-http` opens 8080/tcp, but no Traefik entrypoint or host listener uses that port.',
            file: 'ufw.yaml',
            line: lineOf(open8080, 'name: alt-http'),
          },
        ],
      },
      {
        name: 'a udp rule on a tcp listener port',
        manifests: {
          ...BASE,
          'ufw.yaml': ufw(
            `    - name: ssh-udp\n      port: 22\n      protocol: udp\n      from: [any]\n`,
          ),
        },
        errors: [{ messageId: 'open', file: 'ufw.yaml', line: 9 }],
      },
    ],
  });
}

{
  const hidden = traefik(
    `      web:\n        port: 8000\n        expose:\n          default: false\n`,
  );
  const rules = ufw(`    - name: web\n      port: 8000\n      protocol: tcp\n      from: [any]\n`);
  ruleTester(rule('ufw-port-unexposed-entrypoint'), {
    valid: [
      {
        name: 'the exposed websecure entrypoint',
        manifests: { ...BASE, 'ufw.yaml': ufw(UFW_RULES.https) },
      },
    ],
    invalid: [
      {
        name: 'a rule for the unexposed web entrypoint names the entrypoint line',
        manifests: { 'nodes.yaml': NODES, 'traefik.yaml': hidden, 'ufw.yaml': rules },
        errors: [
          {
            messageId: 'unexposed',
            message: /`web` entrypoint, which is not exposed/,
            file: 'ufw.yaml',
            line: lineOf(rules, 'name: web'),
            config: { file: 'traefik.yaml', line: lineOf(hidden, 'port: 8000') },
          },
        ],
      },
    ],
  });
}

{
  const stranger = ufw(
    `    - name: kubelet\n      port: 10250\n      protocol: tcp\n      from: [192.0.2.11, 192.0.2.12, 192.0.2.99/32]\n`,
  );
  ruleTester(rule('ufw-source-not-node'), {
    valid: [
      { name: 'only node IPs', manifests: { ...BASE, 'ufw.yaml': ufw(UFW_RULES.kubelet) } },
      {
        name: 'CIDR sources are not single addresses',
        manifests: { ...BASE, 'ufw.yaml': ufw(UFW_RULES.https) },
      },
    ],
    invalid: [
      {
        name: 'an address that is no node, with the node inventory as the other side',
        manifests: { ...BASE, 'ufw.yaml': stranger },
        errors: [
          {
            messageId: 'stranger',
            message:
              'UFW rule `kubelet` allows 192.0.2.99/32, which is not the public IP of any node in the inventory.',
            file: 'ufw.yaml',
            line: lineOf(stranger, 'name: kubelet'),
            config: { file: 'nodes.yaml', line: lineOf(NODES, 'sshAlias: n1') },
          },
        ],
      },
    ],
  });
}

{
  const one = ufw(
    `    - name: kubelet\n      port: 10250\n      protocol: tcp\n      from: [192.0.2.11]\n`,
  );
  ruleTester(rule('ufw-missing-node'), {
    valid: [
      { name: 'every node allowed', manifests: { ...BASE, 'ufw.yaml': ufw(UFW_RULES.kubelet) } },
    ],
    invalid: [
      {
        name: 'n2 missing: at the rule, the node as the other side',
        manifests: { ...BASE, 'ufw.yaml': one },
        errors: [
          {
            messageId: 'missing',
            message: 'UFW rule `kubelet` does not allow node `n2` (192.0.2.12).',
            file: 'ufw.yaml',
            line: lineOf(one, 'name: kubelet'),
            config: { file: 'nodes.yaml', line: lineOf(NODES, 'sshAlias: n2') },
          },
        ],
      },
    ],
  });
}

{
  const u = ufw(UFW_RULES.ssh);
  ruleTester(rule('entrypoint-without-ufw-rule'), {
    valid: [
      { name: '443 allowed', manifests: { ...BASE, 'ufw.yaml': ufw(UFW_RULES.https) } },
      { name: 'no UFW policy at all: nothing to compare', manifests: BASE },
    ],
    invalid: [
      {
        name: 'websecure exposed, 443 closed',
        manifests: { ...BASE, 'ufw.yaml': u },
        errors: [
          {
            messageId: 'closed',
            message:
              'Traefik entrypoint `websecure` is exposed on port 443, but UFW does not allow that port.',
            file: 'traefik.yaml',
            line: lineOf(TRAEFIK, 'port: 443'),
            config: { file: 'ufw.yaml', line: lineOf(u, 'rules:') },
          },
        ],
      },
    ],
  });
}

const route = ingressRoute({ host: 'api.example.com' });
/** Applies the IngressRoute and leaves every other route defined, not applied. */
const KUSTOMIZE_ROUTE = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [nodes.yaml, traefik.yaml, zone.yaml, route.yaml]
`;
const both = zone(a('api.example.com', '192.0.2.11') + a('api.example.com', '192.0.2.12'));

{
  const z = zone(a('api.example.com', '192.0.2.11') + a('api.example.com', '192.0.2.50'));
  ruleTester(rule('dns-record-not-node'), {
    valid: [
      {
        name: 'every record at a node',
        manifests: { ...BASE, 'zone.yaml': both, 'route.yaml': route },
      },
    ],
    invalid: [
      {
        name: 'a record at an old address',
        manifests: { ...BASE, 'zone.yaml': z, 'route.yaml': route },
        errors: [
          {
            messageId: 'stranger',
            message: 'DNS record api.example.com → 192.0.2.50 points at no node in the inventory.',
            file: 'zone.yaml',
            line: lineOf(z, '192.0.2.50'),
            config: { file: 'nodes.yaml', line: lineOf(NODES, 'sshAlias: n1') },
          },
        ],
      },
    ],
  });
}

{
  const z = zone(a('api.example.com', '192.0.2.11'));
  ruleTester(rule('dns-missing-node'), {
    valid: [
      {
        name: 'one record per node',
        manifests: { ...BASE, 'zone.yaml': both, 'route.yaml': route },
      },
    ],
    invalid: [
      {
        name: 'n2 has no record',
        manifests: { ...BASE, 'zone.yaml': z, 'route.yaml': route },
        errors: [
          {
            messageId: 'missing',
            message: 'api.example.com has no A record for node `n2` (192.0.2.12).',
            file: 'zone.yaml',
            line: lineOf(z, 'api.example.com'),
            config: { file: 'nodes.yaml', line: lineOf(NODES, 'sshAlias: n2') },
          },
        ],
      },
    ],
  });
}

{
  // Its own name: a second `api` IngressRoute would be the same object, applied over the first.
  const other = ingressRoute({ name: 'app', host: 'app.example.com' });
  ruleTester(rule('route-host-without-dns'), {
    valid: [
      {
        name: 'the host has records',
        manifests: { ...BASE, 'zone.yaml': both, 'route.yaml': route },
      },
      { name: 'no zone: nothing to compare', manifests: { ...BASE, 'route.yaml': other } },
      {
        name: 'a hostless Ingress rule and a default backend need no record',
        manifests: {
          ...BASE,
          'zone.yaml': both,
          'route.yaml': route,
          'any.yaml': ingress({ name: 'any' }),
          'dflt.yaml': ingress({ name: 'dflt', defaultBackend: true }),
        },
      },
    ],
    invalid: [
      {
        name: 'app.example.com has no record',
        manifests: { ...BASE, 'zone.yaml': both, 'route.yaml': route, 'app.yaml': other },
        errors: [
          {
            messageId: 'missing',
            message: 'Ingress host app.example.com has no DNS record in the example.com zone.',
            file: 'app.yaml',
            line: lineOf(other, 'match:'),
            config: { file: 'zone.yaml', line: lineOf(both, 'dns:') },
          },
        ],
      },
    ],
  });
}

{
  const z = zone(both.split('\n').slice(10).join('\n') + a('old.example.com', '192.0.2.11'));
  ruleTester(rule('dns-host-without-route'), {
    valid: [
      { name: 'every host routed', manifests: { ...BASE, 'zone.yaml': both, 'route.yaml': route } },
      {
        name: 'a hostless Ingress rule routes every host',
        manifests: { ...BASE, 'zone.yaml': z, 'route.yaml': route, 'any.yaml': ingress() },
      },
      {
        name: 'an Ingress default backend routes every host',
        manifests: {
          ...BASE,
          'zone.yaml': z,
          'route.yaml': route,
          'any.yaml': ingress({ defaultBackend: true }),
        },
      },
    ],
    invalid: [
      {
        name: 'a route for the host that is defined but not applied, the kustomization as the other side',
        manifests: {
          ...BASE,
          'zone.yaml': z,
          'route.yaml': route,
          'old.yaml': ingressRoute({ name: 'old', host: 'old.example.com' }),
          'kustomization.yaml': KUSTOMIZE_ROUTE,
        },
        errors: [
          {
            messageId: 'notApplied',
            message:
              'DNS host old.example.com is routed by no applied Ingress or IngressRoute: IngressRoute `old` routes it, and is defined but not applied: the root kustomization does not list its file.',
            file: 'zone.yaml',
            line: lineOf(z, 'old.example.com'),
            config: { file: 'kustomization.yaml', line: 1 },
          },
        ],
      },
      {
        name: 'a catch-all that is not applied routes nothing',
        manifests: {
          ...BASE,
          'zone.yaml': z,
          'route.yaml': route,
          'any.yaml': ingress(),
          'kustomization.yaml': KUSTOMIZE_ROUTE,
        },
        errors: [
          {
            messageId: 'unrouted',
            message: 'DNS host old.example.com is routed by no Ingress or IngressRoute.',
            file: 'zone.yaml',
            line: lineOf(z, 'old.example.com'),
          },
        ],
      },
      {
        name: 'a named Ingress host routes only itself',
        manifests: {
          ...BASE,
          'zone.yaml': z,
          'route.yaml': route,
          'any.yaml': ingress({ host: 'www.example.com' }),
        },
        errors: [
          {
            messageId: 'unrouted',
            message: 'DNS host old.example.com is routed by no Ingress or IngressRoute.',
            file: 'zone.yaml',
            line: lineOf(z, 'old.example.com'),
          },
        ],
      },
      {
        name: 'old.example.com routed by nothing',
        manifests: { ...BASE, 'zone.yaml': z, 'route.yaml': route },
        errors: [
          {
            messageId: 'unrouted',
            message: 'DNS host old.example.com is routed by no Ingress or IngressRoute.',
            file: 'zone.yaml',
            line: lineOf(z, 'old.example.com'),
          },
        ],
      },
    ],
  });
}

{
  const Z = zone(
    a('example.com', '192.0.2.11') +
      a('api.example.com', '192.0.2.11') +
      '    - { type: CNAME, name: docs.example.com, content: pages.example.net, proxied: true }\n' +
      "    - { type: A, name: '*.preview.example.com', content: 192.0.2.11, proxied: true }\n",
  );
  const routes = ingressRoute({ host: 'api.example.com' });
  const cm = (value: string) => configMap('app', { URL: value });
  const base = { ...BASE, 'zone.yaml': Z, 'route.yaml': routes };
  ruleTester(rule('url-host-without-route'), {
    valid: [
      {
        name: 'a routed host with records',
        manifests: { ...base, 'c.yaml': cm('https://api.example.com/v1') },
      },
      {
        name: 'a host whose records do not point at the nodes needs no route',
        manifests: { ...base, 'c.yaml': cm('https://docs.example.com/') },
      },
      {
        name: 'a record written in capitals and with the root dot',
        manifests: {
          ...base,
          'zone.yaml':
            Z + '    - { type: A, name: WWW.Example.com., content: 192.0.2.99, proxied: true }\n',
          'c.yaml': cm('https://www.example.com/'),
        },
      },
      {
        name: 'the domain of an email address is no host',
        manifests: { ...base, 'c.yaml': cm('Team <noreply@mail.example.com>') },
      },
      {
        name: 'a longer name that only ends like the zone is someone else’s',
        manifests: {
          ...base,
          'c.yaml': cm('https://api.example.com.evil.net, https://notexample.com'),
        },
      },
    ],
    invalid: [
      {
        name: 'a host without a DNS record',
        manifests: { ...base, 'c.yaml': cm('https://api2.example.com/v1') },
        errors: [
          {
            messageId: 'dns',
            message:
              'ConfigMap `app` key `URL` names `api2.example.com`, which has no DNS record in the example.com zone.',
            file: 'c.yaml',
            line: lineOf(cm(''), 'URL:'),
            config: { file: 'zone.yaml', line: lineOf(Z, 'dns:') },
          },
        ],
      },
      {
        name: 'records to the nodes, no route (a wildcard record counts; one finding per host)',
        manifests: {
          ...base,
          'c.yaml': cm('https://example.com, https://a.preview.example.com, https://example.com/x'),
        },
        errors: [
          {
            messageId: 'route',
            message: /names `example\.com`, whose DNS records point at the nodes/,
            file: 'c.yaml',
            line: lineOf(cm(''), 'URL:'),
          },
          {
            messageId: 'route',
            message: /`a\.preview\.example\.com`/,
            file: 'c.yaml',
            line: lineOf(cm(''), 'URL:'),
          },
        ],
      },
    ],
  });
}

{
  const viaCloudflare = ufw(
    UFW_RULES.ssh + UFW_RULES.https.replace('name: https', 'name: https-from-cloudflare'),
  );
  const direct = zone(
    a('api.example.com', '192.0.2.11') +
      '    - { type: A, name: api.example.com, content: 192.0.2.12, proxied: false }\n',
  );
  const base = { ...BASE, 'route.yaml': route };
  ruleTester(rule('dns-record-not-proxied'), {
    valid: [
      {
        name: 'every record proxied',
        manifests: { ...base, 'ufw.yaml': viaCloudflare, 'zone.yaml': both },
      },
      {
        name: 'a DNS-only record while HTTPS is open to everyone',
        manifests: {
          ...base,
          'ufw.yaml': ufw(UFW_RULES.ssh + UFW_RULES.https.replace('[173.245.48.0/20]', '[any]')),
          'zone.yaml': direct,
        },
      },
      {
        name: 'a DNS-only record at an address that is no node (another rule says so)',
        manifests: {
          ...base,
          'ufw.yaml': viaCloudflare,
          'zone.yaml': zone(
            '    - { type: A, name: mail.example.com, content: 198.51.100.7, proxied: false }\n',
          ),
        },
      },
      {
        name: 'no firewall in the manifests: nothing says HTTPS is Cloudflare-only',
        manifests: { ...base, 'zone.yaml': direct },
      },
      {
        name: 'a DNS-only record at a node for a host no route serves (SSH to the node, say)',
        manifests: {
          ...base,
          'ufw.yaml': viaCloudflare,
          'zone.yaml': zone(
            '    - { type: A, name: api.example.com, content: 192.0.2.12, proxied: true }\n' +
              '    - { type: A, name: ssh.example.com, content: 192.0.2.12, proxied: false }\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'a DNS-only record at a node, at the record, the Cloudflare-only rule as the other side',
        manifests: { ...base, 'ufw.yaml': viaCloudflare, 'zone.yaml': direct },
        errors: [
          {
            messageId: 'direct',
            message:
              "DNS record api.example.com → 192.0.2.12 is not proxied, so visitors connect to node `n2` directly, and UFW lets only Cloudflare's ranges reach it on HTTPS.",
            file: 'zone.yaml',
            line: lineOf(direct, 'proxied: false'),
            config: {
              file: 'ufw.yaml',
              line: lineOf(viaCloudflare, 'name: https-from-cloudflare'),
            },
          },
        ],
      },
    ],
  });
}

{
  const on = (ep: string) =>
    ingressRoute({ host: 'api.example.com' }).replace(
      'entryPoints: [websecure]',
      `entryPoints: [${ep}]`,
    );
  const typo = on('websecur');
  const withArgs = traefik(
    `${WEBSECURE}    additionalArguments:\n      - --entryPoints.internal.address=:9443\n`,
  );
  ruleTester(rule('route-unknown-entrypoint'), {
    valid: [
      {
        name: 'an entrypoint of the values',
        manifests: { ...BASE, 'route.yaml': on('websecure') },
      },
      { name: "one of the chart's own (web)", manifests: { ...BASE, 'route.yaml': on('web') } },
      {
        name: 'one added by additionalArguments',
        manifests: { ...BASE, 'traefik.yaml': withArgs, 'route.yaml': on('internal') },
      },
      {
        name: 'no Traefik values in the manifests: what Traefik has is not known',
        manifests: { 'nodes.yaml': NODES, 'route.yaml': typo },
      },
    ],
    invalid: [
      {
        name: 'a misspelt entrypoint, at entryPoints, the Traefik ports as the other side',
        manifests: { ...BASE, 'route.yaml': typo },
        errors: [
          {
            messageId: 'unknown',
            message:
              'IngressRoute `api` is served on entrypoint `websecur`, which Traefik does not define (it has `web`, `websecure`, `traefik`, `metrics`).',
            file: 'route.yaml',
            line: lineOf(typo, 'entryPoints:'),
            config: { file: 'traefik.yaml', line: lineOf(TRAEFIK, 'port: 443') },
          },
        ],
      },
    ],
  });
}
