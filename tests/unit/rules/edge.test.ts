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
  /** The inventory with an SSH port in its defaults, and optionally one of n2's own. */
  const nodes = (port: number, n2?: number) => {
    const withDefault = NODES.replace('    roles: [', `    sshPort: ${port}\n    roles: [`);
    return n2 === undefined
      ? withDefault
      : withDefault.replace(
          '      hostname: host-2\n',
          `      hostname: host-2\n      sshPort: ${n2}\n`,
        );
  };
  const rulePort = (name: string, port: string, protocol = 'tcp') =>
    `    - name: ${name}\n      port: ${port}\n      protocol: ${protocol}\n      from: [any]\n`;
  const ssh22 = ufw(UFW_RULES.ssh + UFW_RULES.https);
  const httpsOnly = ufw(UFW_RULES.https);
  const udp = ufw(rulePort('mosh', '2222', 'udp'));
  const host1Only = ssh22.replace('appliesTo: all', 'appliesTo: [host-1]');
  const moved = nodes(2222);
  const at22 = nodes(22);
  /** With the pod range the inventory gives, as the real one does. */
  const withPods = at22.replace(
    '  hostListeners:',
    '  clusterCidr: 10.42.0.0/16\n  hostListeners:',
  );
  const from = (name: string, port: string, sources: string) =>
    `    - name: ${name}\n      port: ${port}\n      protocol: any\n      from: [${sources}]\n`;
  const podsAnyPort = ufw(UFW_RULES.https + from('pod-cidr', 'any', '10.42.0.0/16'));
  const sshFromNodes = ufw(from('ssh', '22', '192.0.2.11, 192.0.2.12'));
  const sshFromVpn = ufw(from('ssh', '22', '10.8.0.0/24'));
  const n2Moved = nodes(22, 2222);
  ruleTester(rule('ssh-port-not-allowed'), {
    valid: [
      {
        name: 'port 22, and UFW allows 22/tcp',
        manifests: { 'nodes.yaml': at22, 'ufw.yaml': ssh22 },
      },
      {
        name: 'port 2222, and UFW allows it',
        manifests: { 'nodes.yaml': moved, 'ufw.yaml': ufw(rulePort('ssh', '2222')) },
      },
      {
        name: 'a port inside a range UFW allows, over any protocol',
        manifests: { 'nodes.yaml': moved, 'ufw.yaml': ufw(rulePort('high', '2200:2300', 'any')) },
      },
      {
        name: 'a rule on any port',
        manifests: { 'nodes.yaml': moved, 'ufw.yaml': ufw(rulePort('open', 'any')) },
      },
      {
        name: 'an inventory that gives no SSH port claims none',
        manifests: { 'nodes.yaml': NODES, 'ufw.yaml': httpsOnly },
      },
      {
        name: 'UFW lets everything in by default',
        manifests: {
          'nodes.yaml': moved,
          'ufw.yaml': ssh22.replace('incoming: deny', 'incoming: allow'),
        },
      },
      { name: 'no UFW policy at all: nothing to compare', manifests: { 'nodes.yaml': moved } },
      {
        name: "SSH from a VPN's private range outside the pod range may be the operator's",
        manifests: { 'nodes.yaml': withPods, 'ufw.yaml': sshFromVpn },
      },
    ],
    invalid: [
      {
        name: 'every node moved to 2222 while UFW opens 22: at the defaults, the ssh rule as the other side',
        manifests: { 'nodes.yaml': moved, 'ufw.yaml': ssh22 },
        errors: [
          {
            messageId: 'elsewhere',
            message:
              'The inventory gives nodes `n1`, `n2` SSH port 2222, but UFW rule `ssh` opens SSH on 22/tcp and none lets 2222/tcp in from outside the cluster on them: the inventory or the firewall is wrong, and an operator following the book is locked out.',
            file: 'nodes.yaml',
            line: lineOf(moved, 'sshPort: 2222'),
            config: { file: 'ufw.yaml', line: lineOf(ssh22, 'name: ssh') },
          },
        ],
      },
      {
        name: "one node's own port, at its entry",
        manifests: { 'nodes.yaml': n2Moved, 'ufw.yaml': ssh22 },
        errors: [
          {
            messageId: 'elsewhere',
            message:
              /^The inventory gives node `n2` SSH port 2222, but UFW rule `ssh` opens SSH on 22\/tcp/,
            file: 'nodes.yaml',
            line: lineOf(n2Moved, 'sshPort: 2222'),
            config: { file: 'ufw.yaml', line: lineOf(ssh22, 'name: ssh') },
          },
        ],
      },
      {
        name: 'no SSH rule at all: the rules as the other side',
        manifests: { 'nodes.yaml': at22, 'ufw.yaml': httpsOnly },
        errors: [
          {
            messageId: 'closed',
            message:
              'The inventory gives nodes `n1`, `n2` SSH port 22, but no UFW rule lets 22/tcp in from outside the cluster on them: an operator following the book cannot log in.',
            file: 'nodes.yaml',
            line: lineOf(at22, 'sshPort: 22'),
            config: { file: 'ufw.yaml', line: lineOf(httpsOnly, 'rules:') },
          },
        ],
      },
      {
        name: 'the port open over UDP only lets no ssh in',
        manifests: { 'nodes.yaml': moved, 'ufw.yaml': udp },
        errors: [{ messageId: 'closed', file: 'nodes.yaml', line: lineOf(moved, 'sshPort: 2222') }],
      },
      {
        name: 'every port open to the pod range lets the cluster in, not an operator',
        manifests: { 'nodes.yaml': withPods, 'ufw.yaml': podsAnyPort },
        errors: [
          {
            messageId: 'closed',
            file: 'nodes.yaml',
            line: lineOf(withPods, 'sshPort: 22'),
            config: { file: 'ufw.yaml', line: lineOf(podsAnyPort, 'rules:') },
          },
        ],
      },
      {
        name: 'SSH open to the nodes only: no operator is among them',
        manifests: { 'nodes.yaml': at22, 'ufw.yaml': sshFromNodes },
        errors: [{ messageId: 'closed', file: 'nodes.yaml', line: lineOf(at22, 'sshPort: 22') }],
      },
      {
        name: 'a UFW policy that applies to host-1 only leaves n2 without its SSH rule',
        manifests: { 'nodes.yaml': at22, 'ufw.yaml': host1Only },
        errors: [
          {
            messageId: 'closed',
            message:
              /^The inventory gives node `n2` SSH port 22, but no UFW rule lets 22\/tcp in from outside the cluster on it:/,
            file: 'nodes.yaml',
            line: lineOf(at22, 'sshPort: 22'),
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

{
  /** A zone in strict mode whose origin certificate names `names`, kept in Secret `secret`. */
  const strict = (
    names: string,
    records: string,
    mode = 'strict',
    secret = 'honeydue/origin-tls',
  ) =>
    zone(records)
      .replace('mode: strict', `mode: ${mode}`)
      .replace(
        '  dns:\n',
        `  originCertificate:\n    hosts: ${names}\n    kubernetesSecret: ${secret}\n  dns:\n`,
      );
  const records =
    a('example.com', '192.0.2.11') +
    a('api.example.com', '192.0.2.11') +
    a('a.b.example.com', '192.0.2.11');
  const cert = strict('[example.com, "*.example.com"]', records);
  const routeFor = (host: string, tls = 'origin-tls') =>
    ingressRoute({ name: host.split('.')[0], host, tls });
  const deep = routeFor('a.b.example.com');
  const apexOnlyWildcard = strict('["*.example.com"]', records);
  ruleTester(rule('route-host-not-in-origin-certificate'), {
    valid: [
      {
        name: 'the apex by name, a subdomain by the wildcard, in any case',
        manifests: {
          ...BASE,
          'zone.yaml': cert,
          'apex.yaml': routeFor('example.com'),
          'api.yaml': routeFor('API.example.com'),
        },
      },
      {
        name: 'a host the certificate does not name, served with another Secret (a public certificate, say)',
        manifests: { ...BASE, 'zone.yaml': cert, 'r.yaml': routeFor('a.b.example.com', 'le-tls') },
      },
      {
        name: 'SSL mode Full: Cloudflare does not verify the certificate',
        manifests: {
          ...BASE,
          'zone.yaml': strict('["*.example.com"]', records, 'full'),
          'r.yaml': deep,
        },
      },
      {
        name: 'a DNS-only host: Cloudflare is not in the way',
        manifests: {
          ...BASE,
          'zone.yaml': strict(
            '["*.example.com"]',
            records.replace(/(a\.b\.example\.com.*)proxied: true/, '$1proxied: false'),
          ),
          'r.yaml': deep,
        },
      },
      {
        name: "the certificate named by its Secret name alone, in the route's namespace",
        manifests: {
          ...BASE,
          'zone.yaml': strict('["*.example.com"]', records, 'strict', 'origin-tls'),
          'r.yaml': routeFor('api.example.com'),
        },
      },
    ],
    invalid: [
      {
        name: 'two labels under a wildcard, at the route, the certificate hosts as the other side',
        manifests: { ...BASE, 'zone.yaml': cert, 'r.yaml': deep },
        errors: [
          {
            messageId: 'uncovered',
            message:
              'Route for a.b.example.com is served with the origin certificate (Secret `honeydue/origin-tls`), which names `example.com`, `*.example.com`, not a.b.example.com: in SSL mode Full (strict) Cloudflare refuses the connection with error 526.',
            file: 'r.yaml',
            line: lineOf(deep, 'match:'),
            config: { file: 'zone.yaml', line: lineOf(cert, 'hosts:') },
          },
        ],
      },
      {
        name: 'the apex under a wildcard alone',
        manifests: { ...BASE, 'zone.yaml': apexOnlyWildcard, 'r.yaml': routeFor('example.com') },
        errors: [
          {
            messageId: 'uncovered',
            message: /^Route for example\.com /,
            file: 'r.yaml',
            line: lineOf(routeFor('example.com'), 'match:'),
          },
        ],
      },
    ],
  });
}
