/**
 * The literal rules: values typed by hand, found by the fact they state, with
 * the hint naming the fact of the same kind on the object the sentence talks
 * about; guarded paragraphs (an assume marker on that fact) are not drift.
 */
import { RULES } from '../../../check/index.ts';
import { a, deployment, ingressRoute, NODES, service, zone } from './fixtures.ts';
import { colOf, lineOf, ruleTester } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;
const M = {
  'api.yaml': deployment({ replicas: 3 }),
  'web.yaml': deployment({ name: 'web', replicas: 3, port: 3000 }),
  'redis.yaml': deployment({ name: 'redis', replicas: 1, port: 6379, portName: 'redis' }).replace(
    'spec:\n  replicas: 1\n',
    'spec:\n  replicas: 1\n  strategy:\n    type: Recreate\n',
  ),
  'svc.yaml': `${service()}---\n${service({ name: 'redis', port: 6379, targetPort: 'redis' })}`,
  'nodes.yaml': NODES,
  'zone.yaml': zone(a('api.example.com', '192.0.2.11') + a('api.example.com', '192.0.2.12')),
  'route.yaml': ingressRoute(),
};
const doc = (body: string) => `---\ntitle: T\n---\n\n${body}\n`;

{
  const words = doc('The api keeps three pods behind its Service.');
  const digits = doc(
    'Scale it with `kubectl scale --replicas=3 deployment/web`; the web has 3 replicas.',
  );
  ruleTester(rule('hardcoded-replicas'), {
    valid: [
      {
        name: 'rendered',
        manifests: M,
        docs: { 'a.mdx': doc('The api runs <V k="deployment/api.replicas" /> pods.') },
      },
      {
        name: 'guarded by an assume marker on the same fact',
        manifests: M,
        docs: {
          'a.mdx': doc('{/* assume: deployment/api.replicas == 3 */}\nThe api keeps three pods.'),
        },
      },
      {
        name: 'a number word that states no replica count',
        manifests: M,
        docs: { 'a.mdx': doc('Redis keeps two pods apart from the api nodes.') },
      },
    ],
    invalid: [
      {
        name: 'three api pods: the api replicas, never the equal node count',
        manifests: M,
        docs: { 'a.mdx': words },
        errors: [
          {
            messageId: 'fact',
            message:
              'The replica count `three pods` is typed by hand; it is the fact `deployment/api.replicas`.',
            file: 'a.mdx',
            line: lineOf(words, 'three pods'),
            col: colOf(words, 'three pods'),
            config: { file: 'api.yaml', line: lineOf(M['api.yaml'], 'replicas:') },
          },
        ],
      },
      {
        name: '--replicas=3 and "3 replicas" on the web',
        manifests: M,
        docs: { 'a.mdx': digits },
        errors: [
          {
            messageId: 'fact',
            message: /`--replicas=3`.*`deployment\/web.replicas`/,
            file: 'a.mdx',
            line: 5,
            col: colOf(digits, '--replicas'),
          },
          {
            messageId: 'fact',
            message: /`3 replicas`.*`deployment\/web.replicas`/,
            file: 'a.mdx',
            line: 5,
            col: colOf(digits, '3 replicas'),
          },
        ],
      },
      {
        name: 'a guard on another fact does not cover it',
        manifests: M,
        docs: {
          'a.mdx': doc('{/* assume: deployment/web.replicas == 3 */}\nThe api keeps three pods.'),
        },
        errors: [
          { messageId: 'fact', message: /deployment\/api.replicas/, file: 'a.mdx', line: 6 },
        ],
      },
      {
        name: 'a stale count names the fact and its value',
        manifests: M,
        docs: { 'a.mdx': doc('The api runs 4 replicas.') },
        errors: [
          {
            messageId: 'differs',
            message:
              'The replica count `4 replicas` is typed by hand; it states `deployment/api.replicas`, which is 3 now.',
            file: 'a.mdx',
            line: 5,
          },
        ],
      },
    ],
  });
}

{
  const prose = doc('Redis listens on 6379 inside the cluster.');
  const cmd = doc('<Cmd title="t" code="nc -zv redis 6379/tcp" />');
  ruleTester(rule('hardcoded-port'), {
    valid: [
      {
        name: 'rendered',
        manifests: M,
        docs: { 'a.mdx': doc('Redis listens on <V k="deployment/redis.port" />.') },
      },
      {
        name: 'a number that is no port the manifests use',
        manifests: M,
        docs: { 'a.mdx': doc('It listens on 7777.') },
      },
    ],
    invalid: [
      {
        name: 'Redis listens on 6379: the redis port',
        manifests: M,
        docs: { 'a.mdx': prose },
        errors: [
          {
            messageId: 'fact',
            message: /`listens on 6379`.*`(deployment|service)\/redis.port`/,
            file: 'a.mdx',
            line: lineOf(prose, '6379'),
            col: colOf(prose, 'listens'),
          },
        ],
      },
      {
        name: '6379/tcp in a command',
        manifests: M,
        docs: { 'a.mdx': cmd },
        errors: [
          {
            messageId: 'fact',
            message: /redis\.port/,
            file: 'a.mdx',
            line: 5,
            col: colOf(cmd, '6379'),
          },
        ],
      },
      {
        name: 'port 8000 of the api',
        manifests: M,
        docs: { 'a.mdx': doc('The api answers on port 8000.') },
        errors: [{ messageId: 'fact', message: /`port 8000`.*api\.port/, file: 'a.mdx', line: 5 }],
      },
    ],
  });
}

{
  const nodes = doc('The cluster has two nodes in one location.');
  ruleTester(rule('hardcoded-count'), {
    valid: [
      {
        name: 'guarded',
        manifests: M,
        docs: { 'a.mdx': doc('{/* assume: cluster.nodes == 2 */}\nThe cluster has two nodes.') },
      },
      {
        name: 'a count that states no count fact',
        manifests: M,
        docs: { 'a.mdx': doc('Losing three nodes at once is not survivable.') },
      },
    ],
    invalid: [
      {
        name: 'two nodes, number word',
        manifests: M,
        docs: { 'a.mdx': nodes },
        errors: [
          {
            messageId: 'fact',
            message: 'The count `two nodes` is typed by hand; it is the fact `cluster.nodes`.',
            file: 'a.mdx',
            line: lineOf(nodes, 'two nodes'),
            col: colOf(nodes, 'two nodes'),
          },
        ],
      },
    ],
  });
}

{
  const cmd = doc('<Cmd title="t" code="curl -sSI https://api.example.com/health | head -n 1" />');
  ruleTester(rule('hardcoded-host'), {
    valid: [
      {
        name: 'rendered in a command',
        manifests: M,
        docs: {
          'a.mdx': doc(
            '<Cmd title="t" code="curl -sSI https://{{ingressroute/api.host}}/health" />',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'a public host in a command: the route host',
        manifests: M,
        docs: { 'a.mdx': cmd },
        errors: [
          {
            messageId: 'fact',
            message:
              'The host name `api.example.com` is typed by hand; it is the fact `ingressroute/api.host`.',
            file: 'a.mdx',
            line: 5,
            col: colOf(cmd, 'api.example.com'),
          },
        ],
      },
      {
        name: 'in prose',
        manifests: M,
        docs: { 'a.mdx': doc('Clients call api.example.com.') },
        errors: [{ messageId: 'fact', file: 'a.mdx', line: 5, col: 14 }],
      },
    ],
  });
}

{
  const probe = `          readinessProbe:\n            httpGet:\n              path: /api/health/\n              port: http\n`;
  const m = { ...M, 'api.yaml': deployment({ replicas: 3, probes: probe }) };
  ruleTester(rule('hardcoded-path'), {
    valid: [
      {
        name: 'a path no fact holds',
        manifests: m,
        docs: { 'a.mdx': doc('The logs are under /var/log/pods.') },
      },
    ],
    invalid: [
      {
        name: 'the probe path',
        manifests: m,
        docs: { 'a.mdx': doc('The api answers /api/health/ when ready.') },
        errors: [
          {
            messageId: 'fact',
            message: /`\/api\/health\/`.*readiness\.path/,
            file: 'a.mdx',
            line: 5,
            col: 17,
          },
        ],
      },
    ],
  });
}

{
  const mode = doc('Cloudflare connects to the origin in Full (strict) mode.');
  ruleTester(rule('hardcoded-setting'), {
    valid: [
      {
        name: 'the concept, in a sentence about no object',
        manifests: M,
        docs: { 'a.mdx': doc('A Recreate strategy stops the old pod first.') },
      },
      {
        name: 'guarded',
        manifests: M,
        docs: {
          'a.mdx': doc(
            '{/* assume: deployment/redis.strategy == "Recreate" */}\nRedis uses Recreate.',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'the zone SSL mode as text',
        manifests: M,
        docs: { 'a.mdx': mode },
        errors: [
          {
            messageId: 'fact',
            message:
              'The setting `Full (strict)` is typed by hand; it is the fact `cloudflare.ssl.mode`.',
            file: 'a.mdx',
            line: 5,
            col: colOf(mode, 'Full'),
            config: { file: 'zone.yaml', line: lineOf(M['zone.yaml'], 'mode: strict') },
          },
        ],
      },
      {
        name: "redis's strategy",
        manifests: M,
        docs: { 'a.mdx': doc('Redis is updated with Recreate.') },
        errors: [
          {
            messageId: 'fact',
            message: /`Recreate`.*`deployment\/redis.strategy`/,
            file: 'a.mdx',
            line: 5,
          },
        ],
      },
    ],
  });
}

{
  // A version fact with no suffix, typed without its `v`.
  const bare = { ...M, 'nodes.yaml': NODES.replace('k3s: v1.34.6+k3s1', 'k3s: v1.34.6') };
  const prose = doc('The cluster runs k3s 1.34.6.');
  const stated = {
    messageId: 'fact',
    message: 'The config value `1.34.6` is typed by hand; it is the fact `cluster.k3s`.',
    file: 'a.mdx',
    line: lineOf(prose, '1.34.6'),
    col: colOf(prose, '1.34.6'),
  };
  ruleTester(rule('hardcoded-value'), {
    valid: [
      {
        name: 'a bare version guarded by an assume marker on its fact',
        manifests: bare,
        docs: {
          'a.mdx': doc('{/* assume: cluster.k3s == "v1.34.6" */}\nThe cluster runs k3s 1.34.6.'),
        },
      },
    ],
    invalid: [
      {
        name: 'a version typed without its v and release suffix states its fact',
        manifests: M,
        docs: { 'a.mdx': prose },
        errors: [stated],
      },
      {
        name: 'a bare version typed without its v states its fact',
        manifests: bare,
        docs: { 'a.mdx': prose },
        errors: [stated],
      },
    ],
  });
}
