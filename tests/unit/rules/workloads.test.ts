/** Rules over workloads and what selects or scales them: NetworkPolicies, nodes, PDBs, HPAs, env references. */
import { RULES } from '../../../check/index.ts';
import {
  applies,
  configMap,
  deployment,
  grant,
  hpa,
  networkPolicy,
  NODES,
  pdb,
  secret,
  service,
} from './fixtures.ts';
import { lineOf, ruleTester } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;
const API = deployment();
const REDIS = deployment({ name: 'redis', port: 6379, portName: 'redis', replicas: 1 });
/** The api with no `replicas`, as a workload an HPA scales is written. */
const NO_REPLICAS = API.replace(/\n *replicas: \d+/, '');

{
  const bad = networkPolicy({ ingressPort: 9000 });
  const range = (from: number, to: number) =>
    networkPolicy({ ingressPort: from }).replace(
      `- port: ${from}`,
      `- port: ${from}\n          endPort: ${to}`,
    );
  const egress = networkPolicy({ name: 'to-redis', egressTo: { app: 'redis' }, egressPort: 6380 });
  const noPorts = API.replace(/ {10}ports:\n.*\n.*\n/, '');
  const named = networkPolicy({ ingressPort: 8000 }).replace('- port: 8000', '- port: metrics');
  ruleTester(rule('networkpolicy-port'), {
    valid: [
      {
        name: 'ingress on the api port',
        manifests: { 'a.yaml': API, 'np.yaml': networkPolicy({ ingressPort: 8000 }) },
      },
      {
        name: 'ingress on a number, to pods that declare no ports',
        manifests: { 'a.yaml': noPorts, 'np.yaml': networkPolicy({ ingressPort: 9001 }) },
      },
      {
        name: 'egress to redis on its port',
        manifests: {
          'a.yaml': API,
          'r.yaml': REDIS,
          'np.yaml': networkPolicy({ egressTo: { app: 'redis' }, egressPort: 6379 }),
        },
      },
      {
        name: "ingress on a native sidecar's port",
        manifests: {
          'a.yaml': API.replace(
            '      containers:\n',
            '      initContainers:\n        - name: proxy\n          image: envoy:1\n          restartPolicy: Always\n          ports:\n            - containerPort: 9901\n      containers:\n',
          ),
          'np.yaml': networkPolicy({ ingressPort: 9901 }),
        },
      },
      {
        name: 'ingress on a range (port to endPort) that holds the api port',
        manifests: { 'a.yaml': API, 'np.yaml': range(7000, 9000) },
      },
    ],
    invalid: [
      {
        name: 'ingress on a port name, to pods that declare no ports',
        manifests: { 'a.yaml': noPorts, 'np.yaml': named },
        errors: [
          {
            messageId: 'ingress',
            message: /on port metrics,/,
            file: 'np.yaml',
            line: lineOf(named, '- ports:'),
          },
        ],
      },
      {
        name: 'ingress on a port the api does not listen on, at the rule',
        manifests: { 'a.yaml': API, 'np.yaml': bad },
        errors: [
          {
            messageId: 'ingress',
            message:
              'NetworkPolicy `allow-api` allows ingress on port 9000, which none of the pods it selects (api) listens on.',
            file: 'np.yaml',
            line: lineOf(bad, '- ports:'),
            config: { file: 'a.yaml', line: lineOf(API, '- name: http') },
          },
        ],
      },
      {
        name: 'ingress on a range that misses the api port, said as the range',
        manifests: { 'a.yaml': API, 'np.yaml': range(9000, 9100) },
        errors: [
          {
            messageId: 'ingress',
            message:
              'NetworkPolicy `allow-api` allows ingress on port 9000-9100, which none of the pods it selects (api) listens on.',
            file: 'np.yaml',
            line: lineOf(range(9000, 9100), '- ports:'),
          },
        ],
      },
      {
        name: 'egress to redis on the wrong port',
        manifests: { 'a.yaml': API, 'r.yaml': REDIS, 'np.yaml': egress },
        errors: [
          {
            messageId: 'egress',
            message:
              'NetworkPolicy `to-redis` allows egress to redis on port 6380, which they do not listen on.',
            file: 'np.yaml',
            line: lineOf(egress, '- to:'),
            config: { file: 'r.yaml', line: lineOf(REDIS, '- name: redis', 2) },
          },
        ],
      },
    ],
  });
}

{
  const app = deployment({ envFrom: 'app-config' });
  const cm = configMap('app-config', { REDIS_PORT: '6379' });
  const dnsOnly = networkPolicy({ name: 'egress', egressPort: 53 });
  ruleTester(rule('egress-blocks-configured-port'), {
    valid: [
      { name: 'no egress policy selects the api', manifests: { 'a.yaml': app, 'cm.yaml': cm } },
      {
        name: 'the port is allowed',
        manifests: {
          'a.yaml': app,
          'cm.yaml': cm,
          'np.yaml': networkPolicy({ name: 'egress', egressPort: 6379 }),
        },
      },
      {
        name: 'a range (port to endPort) that holds it',
        manifests: {
          'a.yaml': app,
          'cm.yaml': cm,
          'np.yaml': dnsOnly.replace('- port: 53', '- port: 6000\n          endPort: 6400'),
        },
      },
      {
        name: 'a protocol without a port: every port of it',
        manifests: {
          'a.yaml': app,
          'cm.yaml': cm,
          'np.yaml': dnsOnly.replace('- port: 53', '- protocol: TCP'),
        },
      },
    ],
    invalid: [
      {
        name: 'REDIS_PORT not allowed: at the ConfigMap key, the policy as the other side',
        manifests: { 'a.yaml': app, 'cm.yaml': cm, 'np.yaml': dnsOnly },
        errors: [
          {
            messageId: 'blocked',
            message:
              '`REDIS_PORT` in ConfigMap `app-config` is 6379, which api dials, but no egress NetworkPolicy selecting api (egress) allows port 6379.',
            file: 'cm.yaml',
            line: lineOf(cm, 'REDIS_PORT'),
            config: { file: 'np.yaml', line: lineOf(dnsOnly, 'egress:') },
          },
        ],
      },
    ],
  });
}

{
  const app = deployment({ envFrom: 'app-config' });
  const cm = configMap('app-config', {
    B2_ENDPOINT: 'https://s3.us-east-005.backblazeb2.com',
    CACHE_URL: 'https://cache.honeydue.svc.cluster.local',
  });
  /** Egress to one ipBlock on TCP 443, as the real backend policy writes it. */
  const out = (cidr: string, except: string[], port = 443) =>
    networkPolicy({ name: 'egress', egressPort: port }).replace(
      '    - ports:',
      `    - to:\n        - ipBlock:\n            cidr: ${cidr}\n            except: [${except.join(', ')}]\n      ports:`,
    );
  const internet = out('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
  const podsOnly = out('10.42.0.0/16', []);
  const wrongPort = out('0.0.0.0/0', ['10.0.0.0/8'], 5432);
  const flagged = deployment({
    env: '          args: [-remoteWrite.url=https://obs.example.com:8443/api/v1/write]\n',
  });
  /** URLs the api only hands to browsers: its own address, the origins it accepts, redirects. */
  const links = configMap('app-config', {
    BASE_URL: 'https://myhoneydue.com',
    NEXT_PUBLIC_SITE_URL: 'https://myhoneydue.com',
    CORS_ALLOWED_ORIGINS: 'https://admin.myhoneydue.com',
    CSRF_TRUSTED_ORIGINS: 'https://admin.myhoneydue.com',
    ORIGIN: 'https://myhoneydue.com',
    OAUTH_REDIRECT_URI: 'https://myhoneydue.com/auth/callback',
    PRIVACY_POLICY_URL: 'https://myhoneydue.com/privacy',
  });
  /** URLs the api dials, though their names hold a word a link's name may hold. */
  const dials = configMap('app-config', {
    OPENAI_BASE_URL: 'https://api.openai.com/v1',
    NEXT_PUBLIC_API_URL: 'https://api.myhoneydue.com/api',
    SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0',
    CDN_ORIGIN: 'https://origin.example.com',
  });
  /** An env variable read from a ConfigMap key: the app knows it by the variable's name. */
  const keyRef = (envName: string) =>
    deployment({
      env: `          env:\n            - name: ${envName}\n              valueFrom:\n                configMapKeyRef: { name: app-config, key: PUBLIC_URL }\n`,
    });
  const renamed = configMap('app-config', { PUBLIC_URL: 'https://api.example.com' });
  /** Every key of the ConfigMap read with a prefix: `BASE_URL` becomes `PREFIX_BASE_URL`. */
  const prefixed = (prefix: string) =>
    app.replace(
      '            - configMapRef:\n',
      `            - prefix: ${prefix}\n              configMapRef:\n`,
    );
  const base = configMap('app-config', { BASE_URL: 'https://api.example.com/v1' });
  const externalUrl = deployment({
    env: '          args: [--web.external-url=https://prometheus.example.com]\n',
  });
  // A container behind a proxy.
  const proxied = deployment({
    envFrom: 'app-config',
    env: '          env:\n            - name: HTTPS_PROXY\n              value: http://proxy.honeydue.svc.cluster.local:3128\n',
  });
  /** A managed database and cache by their own schemes: the port is the scheme's unless written. */
  const db = configMap('app-config', {
    DATABASE_URL:
      'postgres://honeydue@ep-cool-name-123.us-east-2.aws.neon.tech/honeydue?sslmode=require',
  });
  const cache = configMap('app-config', { REDIS_URL: 'rediss://default@eu1-x.upstash.io:6380' });
  /** The finding at a ConfigMap key. */
  const blockedAt = (text: string, key: string, message: string | RegExp) => ({
    messageId: 'blocked',
    message,
    file: 'cm.yaml',
    line: lineOf(text, key),
  });
  const feed = configMap('app-config', { FEED_URL: 'http://feeds.example.com/rss' });
  const httpProxied = proxied.replace('HTTPS_PROXY', 'HTTP_PROXY');
  /** A database and a mail server by host and port settings, as the real backend's are. */
  const pair = configMap('app-config', {
    DB_HOST: 'ep-cool-name-123.us-east-2.aws.neon.tech',
    DB_PORT: '5432',
  });
  const inClusterPair = configMap('app-config', {
    DB_HOST: 'postgres.honeydue.svc.cluster.local',
    DB_PORT: '5432',
    EMAIL_HOST: 'smtp.fastmail.com',
  });
  /** 5432 let out to the pods only: the port is allowed, the internet is not. */
  const dbToPods = out('10.42.0.0/16', [], 5432);
  const mailByEnv = deployment({
    env: '          env:\n            - name: SMTP_SERVER\n              value: smtp.fastmail.com\n            - name: SMTP_PORT\n              value: "587"\n',
  });
  /** Not judged: in the cluster, a scheme with no known port, a name an object inherits. */
  const notJudged = configMap('app-config', {
    DATABASE_URL: 'postgres://db.honeydue.svc.cluster.local:5432/honeydue',
    BACKUP_BUCKET: 's3://backups.example.com/nightly',
    ODD: 'constructor://x.example.com',
  });
  ruleTester(rule('egress-blocks-external-url'), {
    valid: [
      {
        name: 'a container that sends HTTPS through a proxy dials the proxy',
        manifests: { 'a.yaml': proxied, 'cm.yaml': cm, 'np.yaml': podsOnly },
      },
      { name: 'no egress policy selects the api', manifests: { 'a.yaml': app, 'cm.yaml': cm } },
      {
        name: '443 out to the internet (0.0.0.0/0 except the private ranges)',
        manifests: { 'a.yaml': app, 'cm.yaml': cm, 'np.yaml': internet },
      },
      {
        name: 'a rule without `to`: every destination',
        manifests: {
          'a.yaml': app,
          'cm.yaml': cm,
          'np.yaml': networkPolicy({ name: 'egress', egressPort: 443 }),
        },
      },
      {
        name: 'links the api hands to browsers (its own address, CORS origins, a redirect) are no connection',
        manifests: { 'a.yaml': app, 'cm.yaml': links, 'np.yaml': podsOnly },
      },
      {
        name: 'a ConfigMap key read into an env variable named as a link',
        manifests: { 'a.yaml': keyRef('SITE_URL'), 'cm.yaml': renamed, 'np.yaml': podsOnly },
      },
      {
        name: 'envFrom with a prefix: `BASE_URL` read as `PUBLIC_BASE_URL` is the app’s own address',
        manifests: { 'a.yaml': prefixed('PUBLIC_'), 'cm.yaml': base, 'np.yaml': podsOnly },
      },
      {
        name: "Prometheus' --web.external-url is the address it prints, not one it dials",
        manifests: { 'a.yaml': externalUrl, 'np.yaml': podsOnly },
      },
      {
        name: 'a postgres:// URL without a port, the policy letting 5432 out to the internet',
        manifests: { 'a.yaml': app, 'cm.yaml': db, 'np.yaml': wrongPort },
      },
      {
        name: 'a plain-HTTP URL through HTTP_PROXY dials the proxy',
        manifests: { 'a.yaml': httpProxied, 'cm.yaml': feed, 'np.yaml': podsOnly },
      },
      {
        name: 'a host setting on the internet with its port, 5432 let out to the internet',
        manifests: { 'a.yaml': app, 'cm.yaml': pair, 'np.yaml': wrongPort },
      },
      {
        name: 'a host in the cluster, and a host setting without a port setting, are not judged',
        manifests: { 'a.yaml': app, 'cm.yaml': inClusterPair, 'np.yaml': dbToPods },
      },
      {
        name: 'a ConfigMap port no egress rule allows at all is egress-blocks-configured-port’s',
        manifests: { 'a.yaml': app, 'cm.yaml': pair, 'np.yaml': podsOnly },
      },
      {
        name: 'an in-cluster database, an s3:// URL and an unknown scheme are not judged',
        manifests: { 'a.yaml': app, 'cm.yaml': notJudged, 'np.yaml': podsOnly },
      },
      {
        name: 'an in-cluster HTTPS URL is not judged here',
        manifests: {
          'a.yaml': app,
          'cm.yaml': configMap('app-config', {
            CACHE_URL: 'https://cache.honeydue.svc.cluster.local',
          }),
          'np.yaml': podsOnly,
        },
      },
    ],
    invalid: [
      {
        name: 'egress only to pod addresses: at the ConfigMap key, the policy as the other side',
        manifests: { 'a.yaml': app, 'cm.yaml': cm, 'np.yaml': podsOnly },
        errors: [
          {
            messageId: 'blocked',
            message:
              '`B2_ENDPOINT` in ConfigMap `app-config` is `https://s3.us-east-005.backblazeb2.com`, which api connects to on port 443, but no egress NetworkPolicy selecting api (egress) lets it out to a public address on port 443.',
            file: 'cm.yaml',
            line: lineOf(cm, 'B2_ENDPOINT'),
            config: { file: 'np.yaml', line: lineOf(podsOnly, 'egress:') },
          },
        ],
      },
      {
        name: 'a base URL of an API, a public API URL, a webhook and a CDN origin are dialled',
        manifests: { 'a.yaml': app, 'cm.yaml': dials, 'np.yaml': podsOnly },
        errors: ['OPENAI_BASE_URL', 'NEXT_PUBLIC_API_URL', 'SLACK_WEBHOOK_URL', 'CDN_ORIGIN'].map(
          (key) => ({ messageId: 'blocked', file: 'cm.yaml', line: lineOf(dials, key) }),
        ),
      },
      {
        name: 'a link-like ConfigMap key read into an env variable the app dials, at the key',
        manifests: { 'a.yaml': keyRef('UPSTREAM_URL'), 'cm.yaml': renamed, 'np.yaml': podsOnly },
        errors: [
          {
            messageId: 'blocked',
            message: /^`PUBLIC_URL` in ConfigMap `app-config` is `https:\/\/api\.example\.com`/,
            file: 'cm.yaml',
            line: lineOf(renamed, 'PUBLIC_URL'),
          },
        ],
      },
      {
        name: 'envFrom with a prefix: `BASE_URL` read as `OPENAI_BASE_URL` is dialled',
        manifests: { 'a.yaml': prefixed('OPENAI_'), 'cm.yaml': base, 'np.yaml': podsOnly },
        errors: [{ messageId: 'blocked', file: 'cm.yaml', line: lineOf(base, 'BASE_URL') }],
      },
      {
        name: 'the internet, but on another port',
        manifests: { 'a.yaml': app, 'cm.yaml': cm, 'np.yaml': wrongPort },
        errors: [{ messageId: 'blocked', file: 'cm.yaml', line: lineOf(cm, 'B2_ENDPOINT') }],
      },
      {
        name: 'a postgres:// URL without a port: blocked on 5432, at the key',
        manifests: { 'a.yaml': app, 'cm.yaml': db, 'np.yaml': internet },
        errors: [
          blockedAt(
            db,
            'DATABASE_URL',
            '`DATABASE_URL` in ConfigMap `app-config` is `postgres://honeydue@ep-cool-name-123.us-east-2.aws.neon.tech/honeydue?sslmode=require`, which api connects to on port 5432, but no egress NetworkPolicy selecting api (egress) lets it out to a public address on port 5432.',
          ),
        ],
      },
      {
        name: 'a rediss:// URL with its own port: blocked on that port',
        manifests: { 'a.yaml': app, 'cm.yaml': cache, 'np.yaml': internet },
        errors: [blockedAt(cache, 'REDIS_URL', / on port 6380,/)],
      },
      {
        name: 'a plain-HTTP URL is dialled on 80, and HTTPS_PROXY does not carry it',
        manifests: { 'a.yaml': proxied, 'cm.yaml': feed, 'np.yaml': internet },
        errors: [
          blockedAt(
            feed,
            'FEED_URL',
            /`http:\/\/feeds\.example\.com\/rss`, which api connects to on port 80,/,
          ),
        ],
      },
      {
        name: 'DB_HOST on the internet with DB_PORT, 5432 let out to the pods only: at DB_HOST',
        manifests: { 'a.yaml': app, 'cm.yaml': pair, 'np.yaml': dbToPods },
        errors: [
          blockedAt(
            pair,
            'DB_HOST',
            '`DB_HOST` in ConfigMap `app-config` is `ep-cool-name-123.us-east-2.aws.neon.tech`, which api connects to on port 5432, but no egress NetworkPolicy selecting api (egress) lets it out to a public address on port 5432.',
          ),
        ],
      },
      {
        name: 'a mail server by env literals, its port allowed nowhere: reported here, at the host',
        manifests: { 'a.yaml': mailByEnv, 'np.yaml': podsOnly },
        errors: [
          {
            messageId: 'blocked',
            message:
              /^env `SMTP_SERVER` is `smtp\.fastmail\.com`, which api connects to on port 587,/,
            file: 'a.yaml',
            line: lineOf(mailByEnv, 'name: SMTP_SERVER'),
          },
        ],
      },
      {
        name: 'an HTTPS proxy does not carry a database connection',
        manifests: { 'a.yaml': proxied, 'cm.yaml': db, 'np.yaml': podsOnly },
        errors: [blockedAt(db, 'DATABASE_URL', / on port 5432,/)],
      },
      {
        name: 'a flag URL with its own port, at the flag',
        manifests: { 'a.yaml': flagged, 'np.yaml': internet },
        errors: [
          {
            messageId: 'blocked',
            message: /`https:\/\/obs\.example\.com:8443\/api\/v1\/write`.* on port 8443/,
            file: 'a.yaml',
            line: lineOf(flagged, 'remoteWrite'),
          },
        ],
      },
    ],
  });
}

{
  const env = (value: string) =>
    deployment({
      env: `          env:\n            - name: PORT\n              value: "${value}"\n`,
    });
  const args = (arg: string) => deployment({ env: `          args: ["${arg}"]\n` });
  const fromMap = deployment({ envFrom: 'app-config' });
  const cm = configMap('app-config', { PORT: '8080' });
  const wrongEnv = env('8080');
  const wrongAddr = args('-httpListenAddr=:8429');
  const wrongPort = args('--port=6380');
  ruleTester(rule('undeclared-listen-port'), {
    valid: [
      { name: 'env PORT is the declared port', manifests: { 'a.yaml': env('8000') } },
      {
        name: 'a listen address on the declared port',
        manifests: { 'a.yaml': args('-httpListenAddr=:8000') },
      },
      {
        name: 'a loopback address (a sidecar upstream) need not be declared',
        manifests: { 'a.yaml': args('--web.listen-address=127.0.0.1:9101') },
      },
      { name: '--port 0: no TCP at all', manifests: { 'a.yaml': args('--port=0') } },
      {
        name: 'a container that declares no ports is passed over',
        manifests: { 'a.yaml': env('8080').replace(/ {10}ports:\n.*\n.*\n/, '') },
      },
    ],
    invalid: [
      {
        name: 'env PORT off the declared port: at the env value, the ports as the other side',
        manifests: { 'a.yaml': wrongEnv },
        errors: [
          {
            messageId: 'undeclared',
            message:
              'env `PORT` tells `api/api` to listen on port 8080, which the container does not declare (8000 (http)).',
            file: 'a.yaml',
            line: lineOf(wrongEnv, 'name: PORT'),
            config: { file: 'a.yaml', line: lineOf(wrongEnv, 'ports:') },
          },
        ],
      },
      {
        name: 'PORT read from a ConfigMap, at the ConfigMap key',
        manifests: { 'a.yaml': fromMap, 'cm.yaml': cm },
        errors: [
          {
            messageId: 'undeclared',
            file: 'cm.yaml',
            line: lineOf(cm, 'PORT'),
            config: { file: 'a.yaml', line: lineOf(fromMap, 'ports:') },
          },
        ],
      },
      {
        name: 'a listen-address flag and a --port flag',
        manifests: { 'a.yaml': wrongAddr, 'b.yaml': wrongPort.replace('name: api', 'name: cache') },
        errors: [
          {
            messageId: 'undeclared',
            message: /port 8429/,
            file: 'a.yaml',
            line: lineOf(wrongAddr, 'args:'),
          },
          {
            messageId: 'undeclared',
            message: /port 6380/,
            file: 'b.yaml',
            line: lineOf(wrongPort, 'args:'),
          },
        ],
      },
    ],
  });
}

{
  const pinned = deployment({ name: 'redis', nodeSelector: { 'honeydue/redis': 'true' } });
  const nowhere = deployment({ name: 'redis', nodeSelector: { 'honeydue/cache': 'true' } });
  ruleTester(rule('unschedulable-node-selector'), {
    valid: [
      { name: 'a node has the label', manifests: { 'nodes.yaml': NODES, 'r.yaml': pinned } },
      { name: 'no inventory: nothing to compare', manifests: { 'r.yaml': nowhere } },
    ],
    invalid: [
      {
        name: 'no node has the label',
        manifests: { 'nodes.yaml': NODES, 'r.yaml': nowhere },
        errors: [
          {
            messageId: 'none',
            message:
              'Deployment `redis` requires nodes labelled honeydue/cache=true, and no node in the inventory has that label.',
            file: 'r.yaml',
            line: lineOf(nowhere, 'nodeSelector:'),
            config: { file: 'nodes.yaml', line: lineOf(NODES, 'sshAlias: n1') },
          },
        ],
      },
    ],
  });
}

ruleTester(rule('dangling-poddisruptionbudget'), {
  valid: [{ name: 'selects the api', manifests: { 'a.yaml': API, 'pdb.yaml': pdb({}) } }],
  invalid: [
    {
      name: 'selects nothing',
      manifests: { 'a.yaml': API, 'pdb.yaml': pdb({ selector: { app: 'web' } }) },
      errors: [
        {
          messageId: 'dangling',
          message: 'PodDisruptionBudget `api-pdb` selects no pods.',
          file: 'pdb.yaml',
          line: lineOf(pdb({}), 'selector:'),
        },
      ],
    },
  ],
});

ruleTester(rule('pdb-min-available'), {
  valid: [
    { name: '1 of 2', manifests: { 'a.yaml': API, 'pdb.yaml': pdb({ minAvailable: 1 }) } },
    {
      name: '50 % of 2 rounds up to 1',
      manifests: { 'a.yaml': API, 'pdb.yaml': pdb({ minAvailable: '50%' }) },
    },
    {
      name: '1 of the 2 or more an HPA runs, the Deployment leaving replicas to it',
      manifests: {
        'a.yaml': NO_REPLICAS,
        'hpa.yaml': hpa({}),
        'pdb.yaml': pdb({ minAvailable: 1 }),
      },
    },
  ],
  invalid: [
    {
      name: '2 of 2',
      manifests: { 'a.yaml': API, 'pdb.yaml': pdb({ minAvailable: 2 }) },
      errors: [
        {
          messageId: 'blocks',
          message:
            'PodDisruptionBudget `api-pdb` keeps 2 of 2 pods available, so no pod can ever be evicted and every drain of its node blocks.',
          file: 'pdb.yaml',
          line: lineOf(pdb({}), 'minAvailable:'),
          config: { file: 'a.yaml', line: lineOf(API, 'replicas:') },
        },
      ],
    },
    {
      name: '2 of the 2 an HPA runs at its minimum',
      manifests: {
        'a.yaml': NO_REPLICAS,
        'hpa.yaml': hpa({}),
        'pdb.yaml': pdb({ minAvailable: 2 }),
      },
      errors: [
        {
          messageId: 'blocks',
          message: /keeps 2 of 2 pods/,
          file: 'pdb.yaml',
          line: lineOf(pdb({}), 'minAvailable:'),
        },
      ],
    },
    {
      name: '1 of 1 when the kustomization leaves the HPA out',
      manifests: {
        'kustomization.yaml': 'resources:\n  - a.yaml\n  - pdb.yaml\n',
        'a.yaml': NO_REPLICAS,
        'hpa.yaml': hpa({}),
        'pdb.yaml': pdb({ minAvailable: 1 }),
      },
      errors: [
        {
          messageId: 'blocks',
          message: /keeps 1 of 1 pod available/,
          file: 'pdb.yaml',
          line: lineOf(pdb({}), 'minAvailable:'),
        },
      ],
    },
    {
      name: '60 % of 2 rounds up to 2',
      manifests: { 'a.yaml': API, 'pdb.yaml': pdb({ minAvailable: '60%' }) },
      errors: [
        {
          messageId: 'blocks',
          message: /keeps 2 of 2 pods/,
          file: 'pdb.yaml',
          line: lineOf(pdb({}), 'minAvailable:'),
        },
      ],
    },
  ],
});

ruleTester(rule('hpa-bounds'), {
  valid: [{ name: '2 to 4', manifests: { 'a.yaml': API, 'hpa.yaml': hpa({}) } }],
  invalid: [
    {
      name: '5 to 3',
      manifests: { 'a.yaml': API, 'hpa.yaml': hpa({ min: 5, max: 3 }) },
      errors: [
        {
          messageId: 'inverted',
          message: 'HPA `api-hpa` has minReplicas 5 above maxReplicas 3.',
          file: 'hpa.yaml',
          line: lineOf(hpa({}), 'minReplicas:'),
          config: { file: 'hpa.yaml', line: lineOf(hpa({}), 'maxReplicas:') },
        },
      ],
    },
  ],
});

ruleTester(rule('dangling-horizontalpodautoscaler'), {
  valid: [{ name: 'the target exists', manifests: { 'a.yaml': API, 'hpa.yaml': hpa({}) } }],
  invalid: [
    {
      name: 'the target does not',
      manifests: { 'a.yaml': API, 'hpa.yaml': hpa({ target: 'apii' }) },
      errors: [
        {
          messageId: 'dangling',
          message: 'HPA `api-hpa` scales Deployment `apii`, which does not exist.',
          file: 'hpa.yaml',
          line: lineOf(hpa({}), 'scaleTargetRef:'),
        },
      ],
    },
  ],
});

ruleTester(rule('hpa-replicas-out-of-bounds'), {
  valid: [
    { name: '2 inside 2..4', manifests: { 'a.yaml': API, 'hpa.yaml': hpa({}) } },
    {
      name: 'a Deployment that leaves replicas out runs as many as its HPA says',
      manifests: { 'a.yaml': NO_REPLICAS, 'hpa.yaml': hpa({ min: 3, max: 5 }) },
    },
    {
      name: 'the applied Deployment, not a copy the kustomization leaves out (read first)',
      manifests: {
        'kustomization.yaml': 'resources:\n  - a.yaml\n  - hpa.yaml\n',
        'a-old.yaml': API.replace(/replicas: \d+/, 'replicas: 9'),
        'a.yaml': API,
        'hpa.yaml': hpa({}),
      },
    },
  ],
  invalid: [
    {
      name: '2 below 3..5, the Deployment as the other side',
      manifests: { 'a.yaml': API, 'hpa.yaml': hpa({ min: 3, max: 5 }) },
      errors: [
        {
          messageId: 'outside',
          message:
            'HPA `api-hpa` keeps api between 3 and 5 replicas, but the Deployment asks for 2.',
          file: 'hpa.yaml',
          line: lineOf(hpa({}), 'minReplicas:'),
          config: { file: 'a.yaml', line: lineOf(API, 'replicas:') },
        },
      ],
    },
  ],
});

{
  const app = deployment({ envFrom: 'app-config' });
  const fromSecret = app.replace('configMapRef:', 'secretRef:');
  ruleTester(rule('dangling-env-from'), {
    valid: [
      {
        name: 'defined',
        manifests: { 'a.yaml': app, 'cm.yaml': configMap('app-config', { A: '1' }) },
      },
      {
        name: 'a Secret the templates declare',
        manifests: { 'a.yaml': fromSecret, 's.yaml': secret('app-config', ['A']) },
      },
      {
        name: 'no Secret templates at all: Secrets are not judged',
        manifests: { 'a.yaml': fromSecret },
      },
    ],
    invalid: [
      {
        name: 'a Secret no template declares',
        manifests: { 'a.yaml': fromSecret, 's.yaml': secret('other', ['A']) },
        errors: [
          {
            messageId: 'secret',
            message: 'Container `api/api` reads Secret `app-config`, which no template declares.',
            file: 'a.yaml',
            line: lineOf(fromSecret, '- secretRef:'),
          },
        ],
      },
      {
        name: 'not defined, at the container',
        manifests: { 'a.yaml': app },
        errors: [
          {
            messageId: 'missing',
            message: 'Container `api/api` reads ConfigMap `app-config`, which is not defined.',
            file: 'a.yaml',
            line: lineOf(app, '- configMapRef:'),
          },
        ],
      },
    ],
  });
}

{
  const env = (kind: 'secretKeyRef' | 'configMapKeyRef', name: string, key: string) =>
    `          env:\n            - name: X\n              valueFrom:\n                ${kind}:\n                  name: ${name}\n                  key: ${key}\n`;
  const s = deployment({ env: env('secretKeyRef', 'app-secrets', 'DB_PASSWORD') });
  const cmRef = deployment({ env: env('configMapKeyRef', 'app-config', 'MISSING') });
  // Argo CD's redis: its ServiceAccount may create Secrets, and it creates the one it reads.
  const creator = deployment({
    serviceAccount: 'api',
    env: env('secretKeyRef', 'app-secrets', 'DB_PASSWORD'),
  });
  ruleTester(rule('env-value-from'), {
    valid: [
      {
        name: 'the Secret key is declared',
        manifests: { 'a.yaml': s, 's.yaml': secret('app-secrets', ['DB_PASSWORD']) },
      },
      {
        name: 'the ConfigMap key exists',
        manifests: {
          'a.yaml': deployment({ env: env('configMapKeyRef', 'app-config', 'A') }),
          'cm.yaml': configMap('app-config', { A: '1' }),
        },
      },
      {
        name: 'the key is in the applied ConfigMap, not in a copy the kustomization leaves out (read first)',
        manifests: {
          'kustomization.yaml': 'resources:\n  - a.yaml\n  - cm.yaml\n',
          'a.yaml': deployment({ env: env('configMapKeyRef', 'app-config', 'A') }),
          'cm-old.yaml': configMap('app-config', { B: '1' }),
          'cm.yaml': configMap('app-config', { A: '1' }),
        },
      },
      { name: 'no Secret templates at all: Secrets are not judged', manifests: { 'a.yaml': s } },
      {
        name: "a Secret the pod's ServiceAccount may create in the namespace",
        manifests: {
          'a.yaml': creator,
          'rbac.yaml': grant({ resources: 'secrets', verbs: 'get, create' }),
          's.yaml': secret('other', ['x']),
        },
      },
      {
        name: "the namespace's kube-root-ca.crt, which the cluster puts in every namespace",
        manifests: {
          'a.yaml': deployment({ env: env('configMapKeyRef', 'kube-root-ca.crt', 'ca.crt') }),
          'cm.yaml': configMap('app-config', { A: '1' }),
        },
      },
    ],
    invalid: [
      {
        name: "a Secret the pod's ServiceAccount may only read",
        manifests: {
          'a.yaml': creator,
          'rbac.yaml': grant({ resources: 'secrets', verbs: 'get, list' }),
          's.yaml': secret('other', ['x']),
        },
        errors: [{ messageId: 'secret', file: 'a.yaml', line: lineOf(creator, '- name: X') }],
      },
      {
        name: 'a Secret key the template does not declare',
        manifests: { 'a.yaml': s, 's.yaml': secret('app-secrets', ['OTHER']) },
        errors: [
          {
            messageId: 'secretKey',
            message:
              'Container `api/api` reads key `DB_PASSWORD` of Secret `app-secrets`, which the template does not declare.',
            file: 'a.yaml',
            line: lineOf(s, '- name: X'),
            config: { file: 's.yaml', line: lineOf(secret('app-secrets', ['OTHER']), 'OTHER') },
          },
        ],
      },
      {
        name: 'a Secret no template declares',
        manifests: { 'a.yaml': s, 's.yaml': secret('other', ['DB_PASSWORD']) },
        errors: [{ messageId: 'secret', file: 'a.yaml', line: lineOf(s, '- name: X') }],
      },
      {
        name: 'a ConfigMap that does not exist',
        manifests: { 'a.yaml': cmRef },
        errors: [
          {
            messageId: 'configMap',
            message: 'Container `api/api` reads ConfigMap `app-config`, which is not defined.',
            file: 'a.yaml',
            line: lineOf(cmRef, '- name: X'),
          },
        ],
      },
      {
        name: 'a ConfigMap key that does not exist',
        manifests: { 'a.yaml': cmRef, 'cm.yaml': configMap('app-config', { A: '1' }) },
        errors: [
          {
            messageId: 'configMapKey',
            message: /key `MISSING` of ConfigMap `app-config`/,
            file: 'a.yaml',
            line: lineOf(cmRef, '- name: X'),
          },
        ],
      },
    ],
  });
}

{
  const pulling = (name: string) =>
    deployment().replace(
      '      containers:\n',
      `      imagePullSecrets:\n        - name: ${name}\n      containers:\n`,
    );
  const registry = (name: string, type: string, key: string) =>
    secret(name, [key]).replace('type: Opaque', `type: ${type}`);
  const JSON_CREDS = registry('regcred', 'kubernetes.io/dockerconfigjson', '.dockerconfigjson');
  const OPAQUE = secret('regcred', ['.dockerconfigjson']);
  ruleTester(rule('dangling-image-pull-secret'), {
    valid: [
      {
        name: 'a dockerconfigjson Secret',
        manifests: { 'a.yaml': pulling('regcred'), 's.yaml': JSON_CREDS },
      },
      {
        name: 'a legacy dockercfg Secret',
        manifests: {
          'a.yaml': pulling('regcred'),
          's.yaml': registry('regcred', 'kubernetes.io/dockercfg', '.dockercfg'),
        },
      },
      {
        name: 'no Secret templates at all: nothing to compare',
        manifests: { 'a.yaml': pulling('regcred') },
      },
    ],
    invalid: [
      {
        name: 'a Secret no manifest declares',
        manifests: { 'a.yaml': pulling('regcreds'), 's.yaml': JSON_CREDS },
        errors: [
          {
            messageId: 'missing',
            message:
              'Deployment `api` pulls its images with Secret `regcreds`, which no manifest declares.',
            file: 'a.yaml',
            line: lineOf(pulling('regcreds'), '- name: regcreds'),
          },
        ],
      },
      {
        name: 'an Opaque Secret, which the kubelet does not read credentials from',
        manifests: { 'a.yaml': pulling('regcred'), 's.yaml': OPAQUE },
        errors: [
          {
            messageId: 'type',
            message: /Secret `regcred`, which is of type `Opaque`/,
            file: 'a.yaml',
            line: lineOf(pulling('regcred'), '- name: regcred'),
            config: { file: 's.yaml', line: lineOf(OPAQUE, 'type: Opaque') },
          },
        ],
      },
    ],
  });
}

{
  const URL = 'redis://redis.honeydue.svc.cluster.local:6379/0';
  const CM = configMap('app', { REDIS_URL: URL });
  const CLIENT = deployment({ envFrom: 'app' });
  const SVC = service({ name: 'redis', port: 6379, targetPort: 'redis' });
  const egress = (body: string, name = 'allow-api-out') =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: honeydue\nspec:\n  podSelector:\n    matchLabels:\n      app: "api"\n  policyTypes: [Egress]\n  egress:\n${body}`;
  const toPods = (labels: string, port: string | number) =>
    egress(
      `    - to:\n        - podSelector:\n            matchLabels: { ${labels} }\n      ports:\n        - port: ${port}\n`,
    );
  const toBlock = (block: string, port: number) =>
    egress(`    - to:\n        - ipBlock: ${block}\n      ports:\n        - port: ${port}\n`);
  const base = { 'api.yaml': CLIENT, 'redis.yaml': REDIS, 'svc.yaml': SVC, 'cm.yaml': CM };
  const cmLine = lineOf(CM, 'REDIS_URL:');
  ruleTester(rule('egress-blocks-service-address'), {
    valid: [
      {
        name: "egress to the Service's pods on their port",
        manifests: { ...base, 'np.yaml': toPods('app: redis', 6379) },
      },
      {
        name: 'by the pods’ port name',
        manifests: { ...base, 'np.yaml': toPods('app: redis', 'redis') },
      },
      {
        name: 'a range (port to endPort) that holds their port',
        manifests: { ...base, 'np.yaml': toPods('app: redis', '6000\n          endPort: 6400') },
      },
      { name: 'no egress policy selects the client: egress is open', manifests: base },
      {
        name: 'a rule with no peers and no ports allows everything',
        manifests: { ...base, 'np.yaml': egress('    - {}\n') },
      },
      {
        name: "the policy sees the target port, not the Service's",
        manifests: {
          ...base,
          'svc.yaml': service({ name: 'redis', port: 80, targetPort: 6379 }),
          'cm.yaml': configMap('app', { REDIS_URL: 'redis.honeydue.svc:80' }),
          'np.yaml': toPods('app: redis', 6379),
        },
      },
      {
        name: 'a private ipBlock may hold the pods',
        manifests: { ...base, 'np.yaml': toBlock('{ cidr: 10.0.0.0/8 }', 6379) },
      },
      {
        name: 'a namespace selector for a namespace the manifests do not declare may match',
        manifests: {
          ...base,
          'np.yaml': egress(
            '    - to:\n        - namespaceSelector:\n            matchLabels: { team: data }\n      ports:\n        - port: 6379\n',
          ),
        },
      },
      {
        name: 'an undeclared namespace may carry any label besides its name',
        manifests: {
          ...base,
          'np.yaml': egress(
            '    - to:\n        - namespaceSelector:\n            matchLabels: { kubernetes.io/metadata.name: honeydue, team: data }\n      ports:\n        - port: 6379\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'egress to another namespace by name, where the namespace is undeclared',
        manifests: {
          ...base,
          'np.yaml': egress(
            '    - to:\n        - namespaceSelector:\n            matchExpressions:\n              - { key: kubernetes.io/metadata.name, operator: In, values: [data] }\n      ports:\n        - port: 6379\n',
          ),
        },
        errors: [{ messageId: 'blocked', file: 'cm.yaml', line: cmLine }],
      },
      {
        name: 'egress to other pods on the right port',
        manifests: { ...base, 'np.yaml': toPods('app: postgres', 6379) },
        errors: [
          {
            messageId: 'blocked',
            message:
              'api reads `REDIS_URL` in ConfigMap `app`, which dials `redis.honeydue.svc.cluster.local:6379`, but no egress NetworkPolicy selecting api (allow-api-out) lets it reach the pods of Service `redis` on port 6379.',
            file: 'cm.yaml',
            line: cmLine,
            config: { file: 'np.yaml', line: lineOf(toPods('app: postgres', 6379), 'egress:') },
          },
        ],
      },
      {
        name: "the Service's port allowed where the target port is what counts",
        manifests: {
          ...base,
          'svc.yaml': service({ name: 'redis', port: 80, targetPort: 6379 }),
          'cm.yaml': configMap('app', { REDIS_URL: 'http://redis.honeydue.svc' }),
          'np.yaml': toPods('app: redis', 80),
        },
        errors: [
          {
            messageId: 'blocked',
            message: /dials `redis\.honeydue\.svc:80`.*on port 6379\.$/,
            file: 'cm.yaml',
            line: cmLine,
          },
        ],
      },
      {
        name: 'the internet only (every private range excepted)',
        manifests: {
          ...base,
          'np.yaml': toBlock(
            '{ cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16] }',
            6379,
          ),
        },
        errors: [{ messageId: 'blocked', file: 'cm.yaml', line: cmLine }],
      },
      {
        name: 'a literal env value, and a declared namespace whose labels do not match',
        manifests: {
          'api.yaml': deployment({
            env: `          env:\n            - name: CACHE\n              value: "${URL}"\n`,
          }),
          'redis.yaml': REDIS,
          'svc.yaml': SVC,
          'ns.yaml':
            'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: honeydue\n  labels: { team: web }\n',
          'np.yaml': egress(
            '    - to:\n        - namespaceSelector:\n            matchLabels: { team: data }\n      ports:\n        - port: 6379\n',
          ),
        },
        errors: [
          {
            messageId: 'blocked',
            message: /api reads env `CACHE`/,
            file: 'api.yaml',
            line: lineOf(
              deployment({ env: '          env:\n            - name: CACHE\n' }),
              '- name: CACHE',
            ),
          },
        ],
      },
    ],
  });
}

{
  const redis = (o: { image?: string; args: string; limit?: string }) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: redis\n  namespace: honeydue\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: redis }\n  template:\n    metadata:\n      labels: { app: redis }\n    spec:\n      containers:\n        - name: redis\n          image: ${o.image ?? 'redis:7-alpine'}\n          args: ${o.args}\n${o.limit === undefined ? '          resources:\n            limits:\n              memory: 512Mi\n' : o.limit}`;
  const inline = (v: string) => `["--appendonly", "yes", "--maxmemory", "${v}"]`;
  const script = (v: string) =>
    `\n            - sh\n            - -c\n            - |\n              exec redis-server --maxmemory ${v} --maxmemory-policy noeviction\n`;
  ruleTester(rule('maxmemory-above-limit'), {
    valid: [
      { name: 'below the limit', manifests: { 'r.yaml': redis({ args: inline('256mb') }) } },
      {
        name: '500 MB (10^6 bytes each) is below 512Mi',
        manifests: { 'r.yaml': redis({ args: inline('500m') }) },
      },
      {
        name: 'no memory limit',
        manifests: { 'r.yaml': redis({ args: inline('1gb'), limit: '' }) },
      },
      {
        name: 'not a Redis image',
        manifests: { 'r.yaml': redis({ image: 'memcached:1.6', args: inline('1gb') }) },
      },
      {
        name: 'a size Redis units do not spell',
        manifests: { 'r.yaml': redis({ args: inline('50%') }) },
      },
    ],
    invalid: [
      {
        name: 'equal to the limit (512mb is 512Mi)',
        manifests: { 'r.yaml': redis({ args: inline('512mb') }) },
        errors: [
          {
            messageId: 'above',
            message:
              'Container `redis/redis` lets Redis hold `--maxmemory 512mb`, which is not below its memory limit of 512Mi: the container is OOMKilled before Redis reaches maxmemory and its eviction policy acts.',
            file: 'r.yaml',
            line: lineOf(redis({ args: inline('512mb') }), 'args:'),
            config: {
              file: 'r.yaml',
              line: lineOf(redis({ args: inline('512mb') }), 'memory: 512Mi'),
            },
          },
        ],
      },
      {
        name: 'in a shell script, Valkey, upper-case units',
        manifests: { 'r.yaml': redis({ image: 'valkey/valkey:8', args: script('1GB') }) },
        errors: [
          {
            messageId: 'above',
            message: /`--maxmemory 1GB`/,
            file: 'r.yaml',
            line: lineOf(redis({ args: script('1GB') }), 'exec redis-server'),
          },
        ],
      },
      {
        name: 'no bound at all',
        manifests: { 'r.yaml': redis({ args: inline('0') }) },
        errors: [
          {
            messageId: 'unbounded',
            file: 'r.yaml',
            line: lineOf(redis({ args: inline('0') }), 'args:'),
          },
        ],
      },
    ],
  });
}

{
  const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
  const elsewhere = deployment({ namespace: 'shop' });
  // As Helm charts write them: a namespace on cluster-scoped objects, which the API server ignores.
  const clusterScoped = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
  namespace: release
rules: []
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
  namespace: release
value: 1000
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ca
  namespace: release
spec:
  ca: { secretName: ca }
`;
  const crd = (scope: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: clusterissuers.cert-manager.io
spec:
  group: cert-manager.io
  scope: ${scope}
  names: { kind: ClusterIssuer, plural: clusterissuers }
  versions: [{ name: v1, served: true, storage: true }]
`;
  ruleTester(rule('missing-namespace'), {
    valid: [
      { name: 'the namespace is created', manifests: { 'ns.yaml': ns('honeydue'), 'a.yaml': API } },
      {
        name: 'no Namespace manifests at all: namespaces are made elsewhere',
        manifests: { 'a.yaml': API },
      },
      {
        name: 'a namespace every cluster has, and an object that names none',
        manifests: {
          'ns.yaml': ns('honeydue'),
          'a.yaml': API,
          'k.yaml': deployment({ name: 'probe', namespace: 'kube-system' }),
          'c.yaml':
            'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules: []\n',
        },
      },
      {
        name: 'cluster-scoped objects, built-in or by their CRD, that write a namespace',
        manifests: {
          'ns.yaml': ns('honeydue'),
          'c.yaml': clusterScoped,
          'crd.yaml': crd('Cluster'),
        },
      },
    ],
    invalid: [
      {
        name: 'a custom resource whose CRD makes it namespaced',
        manifests: {
          'ns.yaml': ns('honeydue'),
          'c.yaml': clusterScoped,
          'crd.yaml': crd('Namespaced'),
        },
        errors: [
          {
            messageId: 'missing',
            message: /^1 object is in namespace `release`.*ClusterIssuer `ca`/,
            file: 'c.yaml',
            line: lineOf(clusterScoped, 'namespace: release', 3),
          },
        ],
      },
      {
        name: 'objects in a namespace no manifest creates: one finding, at the first',
        manifests: {
          'ns.yaml': ns('honeydue'),
          'a.yaml': elsewhere,
          'b.yaml': deployment({ name: 'cart', namespace: 'shop' }),
        },
        errors: [
          {
            messageId: 'missing',
            message:
              '2 objects are in namespace `shop`, which no Namespace manifest creates; the first is Deployment `api`. The manifests create `honeydue`.',
            file: 'a.yaml',
            line: lineOf(elsewhere, 'namespace: shop'),
            config: { file: 'ns.yaml', line: lineOf(ns('honeydue'), 'name: honeydue') },
          },
        ],
      },
    ],
  });
}

{
  const volumes = (secret: string) =>
    `          volumeMounts:\n            - name: key\n              mountPath: /secrets/apns\n      volumes:\n        - name: key\n          secret:\n            secretName: apns\n${secret}`;
  const items =
    '            items:\n              - key: auth.p8\n                path: apns_auth_key.p8\n';
  const app = (secret = items) => deployment({ envFrom: 'app', volumes: volumes(secret) });
  const flagged = (path: string) =>
    deployment({
      envFrom: 'app',
      env: `          args:\n            - --key-file=${path}\n            - --verbose\n`,
      volumes: volumes(items),
    });
  const cm = (path: string) => configMap('app', { KEY_PATH: path });
  const key = secret('apns', ['auth.p8']);
  const base = (path: string, secretItems = items) => ({
    'a.yaml': app(secretItems),
    'c.yaml': cm(path),
    's.yaml': key,
  });
  ruleTester(rule('setting-path-not-mounted'), {
    valid: [
      {
        name: 'the file where the volume puts it (by the item path)',
        manifests: base('/secrets/apns/apns_auth_key.p8'),
      },
      {
        name: 'a whole Secret mounted: its keys are the files',
        manifests: base('/secrets/apns/auth.p8', ''),
      },
      {
        name: 'a path into the image, unrelated to any volume',
        manifests: base('/app/config/settings.toml'),
      },
      {
        name: 'a flag naming the file where the volume puts it',
        manifests: {
          ...base('/app/config/settings.toml'),
          'a.yaml': flagged('/secrets/apns/apns_auth_key.p8'),
        },
      },
      {
        name: 'a flag naming the folder a volume fills, with or without its trailing slash',
        manifests: { ...base('/app/config/settings.toml'), 'a.yaml': flagged('/secrets/apns/') },
      },
      {
        name: 'a flag naming the mount path itself',
        manifests: { ...base('/app/config/settings.toml'), 'a.yaml': flagged('/secrets/apns') },
      },
      {
        name: 'a subPath mount puts the one file at the mount path itself',
        manifests: {
          ...base('/etc/apns/auth.p8'),
          'a.yaml': deployment({
            envFrom: 'app',
            volumes:
              '          volumeMounts:\n            - name: key\n              mountPath: /etc/apns/auth.p8\n              subPath: auth.p8\n      volumes:\n        - name: key\n          secret:\n            secretName: apns\n',
          }),
        },
      },
    ],
    invalid: [
      {
        name: 'the mount moved, the setting did not',
        manifests: { ...base('/etc/apns/apns_auth_key.p8') },
        errors: [
          {
            messageId: 'moved',
            message:
              '`KEY_PATH` in ConfigMap `app` points container `api/api` at `/etc/apns/apns_auth_key.p8`, but its volume puts `apns_auth_key.p8` at `/secrets/apns/apns_auth_key.p8`.',
            file: 'c.yaml',
            line: lineOf(cm('x'), 'KEY_PATH:'),
            config: { file: 'a.yaml', line: lineOf(app(), 'mountPath: /secrets/apns') },
          },
        ],
      },
      {
        name: 'a command-line flag names the file where the mount used to be',
        manifests: {
          ...base('/app/config/settings.toml'),
          'a.yaml': flagged('/etc/apns/apns_auth_key.p8'),
        },
        errors: [
          {
            messageId: 'moved',
            message:
              'flag `key-file` points container `api/api` at `/etc/apns/apns_auth_key.p8`, but its volume puts `apns_auth_key.p8` at `/secrets/apns/apns_auth_key.p8`.',
            file: 'a.yaml',
            line: lineOf(flagged('/etc/apns/apns_auth_key.p8'), '- --key-file='),
            config: { file: 'a.yaml', line: lineOf(flagged('/x'), 'mountPath: /secrets/apns') },
          },
        ],
      },
      {
        name: 'a file the folder does not hold (the key, not the item path)',
        manifests: base('/secrets/apns/auth.p8'),
        errors: [
          {
            messageId: 'absent',
            message:
              /at `\/secrets\/apns\/auth\.p8`, but the volume mounted at `\/secrets\/apns` holds only `apns_auth_key\.p8`/,
            file: 'c.yaml',
            line: lineOf(cm('x'), 'KEY_PATH:'),
          },
        ],
      },
    ],
  });
}

{
  /** Applies the Deployment alone: the ConfigMap and the Secret template are defined, not applied. */
  const ONLY_APP = applies(['a.yaml']);
  const app = deployment({ envFrom: 'app-config' });
  const keyRef = deployment({
    env: '          env:\n            - name: A\n              valueFrom:\n                configMapKeyRef: { name: app-config, key: A }\n',
  });
  const left = { 'cm.yaml': configMap('app-config', { A: '1' }), 'kustomization.yaml': ONLY_APP };
  ruleTester(rule('dangling-env-from'), {
    valid: [
      {
        name: 'a Secret template left out of the kustomization: its values are created by hand',
        manifests: {
          'a.yaml': app.replace('configMapRef:', 'secretRef:'),
          's.yaml': secret('app-config', ['A']),
          'kustomization.yaml': ONLY_APP,
        },
      },
    ],
    invalid: [
      {
        name: 'a ConfigMap defined but left out of the kustomization, the kustomization as the other side',
        manifests: { 'a.yaml': app, ...left },
        errors: [
          {
            messageId: 'notApplied',
            message:
              'Container `api/api` reads ConfigMap `app-config`, which is defined but not applied: the root kustomization does not list its file.',
            file: 'a.yaml',
            line: lineOf(app, '- configMapRef:'),
            config: { file: 'kustomization.yaml', line: 1 },
          },
        ],
      },
    ],
  });
  ruleTester(rule('env-value-from'), {
    valid: [],
    invalid: [
      {
        name: 'a key of a ConfigMap defined but left out of the kustomization',
        manifests: { 'a.yaml': keyRef, ...left },
        errors: [
          {
            messageId: 'configMapNotApplied',
            message: /reads ConfigMap `app-config`, which is defined but not applied/,
            file: 'a.yaml',
            line: lineOf(keyRef, '- name: A'),
            config: { file: 'kustomization.yaml', line: 1 },
          },
        ],
      },
    ],
  });
}
