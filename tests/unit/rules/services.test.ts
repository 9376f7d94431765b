/** Rules over Services and routes: selectors, target ports, backends, middlewares, TLS Secrets. */
import assert from 'node:assert/strict';
import { RULES } from '../../../check/index.ts';
import {
  applies,
  configMap,
  deployment,
  grant,
  ingress,
  ingressRoute,
  prometheus,
  middleware,
  secret,
  service,
  traefik,
  WEBSECURE,
} from './fixtures.ts';
import { lineOf, ruleTester } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;
const APP = deployment();
/** The api with an init container that declares port `admin`: a native sidecar with `restartPolicy: Always`. */
const withInit = (restartPolicy: string) =>
  APP.replace(
    '      containers:\n',
    `      initContainers:\n        - name: proxy\n          image: envoyproxy/envoy:v1.30\n${restartPolicy}          ports:\n            - name: admin\n              containerPort: 9901\n      containers:\n`,
  );
const SIDECAR = withInit('          restartPolicy: Always\n');
/** A Pod the manifests create themselves, and a ReplicationController, as older examples do. */
const BARE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: redis
  namespace: honeydue
  labels:
    app: redis
spec:
  containers:
    - name: redis
      image: redis:7
      ports:
        - containerPort: 6379
`;
const REPLICA_SVC = service({ name: 'redis', selector: { app: 'redis', role: 'replica' } });
const RC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: web
  namespace: honeydue
spec:
  replicas: 2
  selector:
    app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

{
  const svc = service({ selector: { app: 'apx' } });
  // A Service per pod of a StatefulSet, as Redis Sentinel charts announce each replica.
  const redis = deployment({ name: 'redis', replicas: 2 }).replace(
    'kind: Deployment',
    'kind: StatefulSet',
  );
  const announce = (i: number) =>
    service({
      name: `redis-announce-${i}`,
      selector: { app: 'redis', 'statefulset.kubernetes.io/pod-name': `redis-${i}` },
    });
  const MAKER = deployment({ serviceAccount: 'api' });
  ruleTester(rule('dangling-service'), {
    valid: [
      {
        name: 'selects one StatefulSet pod by the name its controller labels it with',
        manifests: { 'redis.yaml': redis, 'svc.yaml': announce(1) },
      },
      { name: 'selects the api pods', manifests: { 'app.yaml': APP, 'svc.yaml': service() } },
      {
        name: 'selects the pods an operator runs from a custom resource',
        manifests: { 'svc.yaml': svc, 'p.yaml': prometheus({ app: 'apx', extra: 'x' }) },
      },
      {
        name: 'a namespace where a workload may create pods (Longhorn labels its own at run time)',
        manifests: {
          'app.yaml': MAKER,
          'svc.yaml': svc,
          'rbac.yaml': grant({ resources: 'pods', verbs: '"*"' }),
        },
      },
      {
        name: 'a namespace where a workload may create StatefulSets',
        manifests: {
          'app.yaml': MAKER,
          'svc.yaml': svc,
          'rbac.yaml': grant({ apiGroups: 'apps', resources: 'statefulsets', verbs: 'create' }),
        },
      },
      {
        name: 'a workload bound to the built-in cluster-admin, in its own namespace',
        manifests: {
          'app.yaml': MAKER,
          'svc.yaml': svc,
          'rbac.yaml': grant({ clusterAdmin: true }),
        },
      },
      {
        name: 'selects a bare Pod, and the pods of a ReplicationController (its selector a plain map)',
        manifests: {
          'pod.yaml': BARE_POD,
          'svc.yaml': service({ name: 'redis', selector: { app: 'redis' } }),
          'rc.yaml': RC,
          'web.yaml': service({ name: 'web', selector: { app: 'web' } }),
        },
      },
      {
        name: "a ReplicationController without a selector selects its template's labels",
        manifests: {
          'rc.yaml': RC.replace(/ {2}selector:\n {4}app: web\n/, ''),
          'web.yaml': service({ name: 'web', selector: { app: 'web' } }),
        },
      },
      {
        name: 'a Service without selector (endpoints by hand) is not dangling',
        manifests: {
          'svc.yaml':
            'apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\n  namespace: honeydue\nspec:\n  ports:\n    - port: 5432\n',
        },
      },
    ],
    invalid: [
      {
        name: 'a workload that may only read pods',
        manifests: {
          'app.yaml': MAKER,
          'svc.yaml': svc,
          'rbac.yaml': grant({ resources: 'pods', verbs: 'get, list, watch' }),
        },
        errors: [{ messageId: 'dangling', file: 'svc.yaml', line: lineOf(svc, 'selector:') }],
      },
      {
        name: 'a label the bare Pod does not have',
        manifests: { 'pod.yaml': BARE_POD, 'svc.yaml': REPLICA_SVC },
        errors: [
          {
            messageId: 'dangling',
            message: 'Service `redis` selects app=redis, role=replica, which matches no pod.',
            file: 'svc.yaml',
            line: lineOf(REPLICA_SVC, 'selector:'),
          },
        ],
      },
      {
        name: 'a selector no pod has',
        manifests: { 'app.yaml': APP, 'svc.yaml': svc },
        errors: [
          {
            messageId: 'dangling',
            message: 'Service `api` selects app=apx, which matches no pod.',
            file: 'svc.yaml',
            line: lineOf(svc, 'selector:'),
          },
        ],
      },
      {
        name: 'a StatefulSet pod beyond its replicas',
        manifests: { 'redis.yaml': redis, 'svc.yaml': announce(2) },
        errors: [
          { messageId: 'dangling', file: 'svc.yaml', line: lineOf(announce(2), 'selector:') },
        ],
      },
      {
        name: 'pods of another namespace do not count',
        manifests: { 'app.yaml': deployment({ namespace: 'other' }), 'svc.yaml': service() },
        errors: [{ messageId: 'dangling', file: 'svc.yaml', line: lineOf(service(), 'selector:') }],
      },
    ],
  });
}

{
  const svc = service({ targetPort: 9000 });
  // The api with its ports: list left out.
  const UNDECLARED = APP.replace(/ {10}ports:\n {12}- name: http\n {14}containerPort: 8000\n/, '');
  assert.ok(!UNDECLARED.includes('containerPort'));
  ruleTester(rule('service-target-port'), {
    valid: [
      {
        name: 'by name',
        manifests: { 'app.yaml': APP, 'svc.yaml': service({ targetPort: 'http' }) },
      },
      {
        name: 'by number',
        manifests: { 'app.yaml': APP, 'svc.yaml': service({ targetPort: 8000 }) },
      },
      {
        name: 'a number the container is told to listen on by a flag',
        manifests: {
          'app.yaml': deployment({ env: '          args: ["--metrics-bind-address=:9000"]\n' }),
          'svc.yaml': service({ targetPort: 9000 }),
        },
      },
      {
        name: 'a number, to containers that declare no port at all',
        manifests: { 'app.yaml': UNDECLARED, 'svc.yaml': service({ targetPort: 9000 }) },
      },
      {
        name: "a native sidecar's port, by name and by number",
        manifests: {
          'app.yaml': SIDECAR,
          'svc.yaml': service({ targetPort: 'admin' }),
          'svc2.yaml': service({ name: 'api2', selector: { app: 'api' }, targetPort: 9901 }),
        },
      },
    ],
    invalid: [
      {
        name: 'a port no container declares, the workload as the other side',
        manifests: { 'app.yaml': APP, 'svc.yaml': svc },
        errors: [
          {
            messageId: 'missing',
            message: 'Service `api` targets port 9000, which no selected container exposes.',
            file: 'svc.yaml',
            line: lineOf(svc, 'targetPort: 9000'),
            config: { file: 'app.yaml', line: lineOf(APP, '- name: http') },
          },
        ],
      },
      {
        name: 'the port of an init container that ends before the pod runs',
        manifests: { 'app.yaml': withInit(''), 'svc.yaml': service({ targetPort: 'admin' }) },
        errors: [
          {
            messageId: 'missing',
            message: /targets port admin/,
            file: 'svc.yaml',
            line: lineOf(service(), 'targetPort:'),
          },
        ],
      },
      {
        name: 'a name, to containers that declare no port at all',
        manifests: { 'app.yaml': UNDECLARED, 'svc.yaml': service({ targetPort: 'http' }) },
        errors: [
          {
            messageId: 'missing',
            message: /targets port http/,
            file: 'svc.yaml',
            line: lineOf(service(), 'targetPort:'),
          },
        ],
      },
      {
        name: 'a port name no container declares',
        manifests: { 'app.yaml': APP, 'svc.yaml': service({ targetPort: 'metrics' }) },
        errors: [
          {
            messageId: 'missing',
            message: /targets port metrics/,
            file: 'svc.yaml',
            line: lineOf(service(), 'targetPort:'),
          },
        ],
      },
    ],
  });
}

const BACKEND = { 'app.yaml': APP, 'svc.yaml': service() };

/** Traefik's values in the manifests, with or without cross-namespace references allowed. */
const TRAEFIK = traefik(WEBSECURE);
const CROSS = traefik(
  `${WEBSECURE}    providers:\n      kubernetesCRD:\n        allowCrossNamespace: true\n`,
);
/** The api app and its Service in namespace `shop`. */
const SHOP = {
  'shop.yaml': `${APP.replace('namespace: honeydue', 'namespace: shop')}---\n${service().replace('namespace: honeydue', 'namespace: shop')}`,
};
{
  const missing = ingressRoute({ service: 'apii' });
  const port = ingressRoute({ port: 9999 });
  const catchAll = ingress({ service: 'apii', defaultBackend: true });
  const weighted = ingressRoute({ service: 'wrr' }).replace(
    '- name: wrr\n',
    '- name: wrr\n          kind: TraefikService\n',
  );
  const across = ingressRoute().replace(
    '- name: api\n',
    '- name: api\n          namespace: shop\n',
  );
  ruleTester(rule('dangling-ingress'), {
    valid: [
      { name: 'Service and port exist', manifests: { ...BACKEND, 'route.yaml': ingressRoute() } },
      { name: 'a TraefikService is no Kubernetes Service', manifests: { 'route.yaml': weighted } },
      {
        name: 'a Service in the namespace the route names, Traefik values unknown',
        manifests: { ...SHOP, 'route.yaml': across },
      },
      {
        name: 'a Service of another namespace, which Traefik values allow',
        manifests: { ...SHOP, 'route.yaml': across, 't.yaml': CROSS },
      },
    ],
    invalid: [
      {
        name: 'a default backend that does not exist: the route for every host',
        manifests: { ...BACKEND, 'ing.yaml': catchAll },
        errors: [
          {
            messageId: 'service',
            message: 'Route for every host sends traffic to Service `apii`, which does not exist.',
            file: 'ing.yaml',
            line: lineOf(catchAll, 'defaultBackend:'),
          },
        ],
      },
      {
        name: 'a Service that does not exist',
        manifests: { ...BACKEND, 'route.yaml': missing },
        errors: [
          {
            messageId: 'service',
            message:
              'Route for api.example.com sends traffic to Service `apii`, which does not exist.',
            file: 'route.yaml',
            line: lineOf(missing, 'match:'),
          },
        ],
      },
      {
        name: 'a Service of another namespace, which Traefik values refuse',
        manifests: { ...SHOP, 'route.yaml': across, 't.yaml': TRAEFIK },
        errors: [
          {
            messageId: 'crossNamespace',
            message:
              /^Route for api\.example\.com sends traffic to Service `api` of namespace shop, which Traefik refuses/,
            file: 'route.yaml',
            line: lineOf(across, 'match:'),
          },
        ],
      },
      {
        name: 'a port the Service does not have',
        manifests: { ...BACKEND, 'route.yaml': port },
        errors: [
          {
            messageId: 'port',
            message:
              'Route for api.example.com uses port 9999 of Service `api`, which has ports 8000.',
            file: 'route.yaml',
            line: lineOf(port, 'match:'),
            config: { file: 'svc.yaml', line: lineOf(service(), 'ports:') },
          },
        ],
      },
    ],
  });
}

{
  const r = ingressRoute({ middlewares: ['compress', 'headers'] });
  const across = ingressRoute({ middlewares: ['compress'] }).replace(
    '- name: compress\n',
    '- name: compress\n          namespace: shop\n',
  );
  const inShop = middleware('compress').replace('namespace: honeydue', 'namespace: shop');
  ruleTester(rule('dangling-middleware'), {
    valid: [
      {
        name: 'both defined',
        manifests: {
          ...BACKEND,
          'route.yaml': r,
          'mw.yaml': `${middleware('compress')}---\n${middleware('headers')}`,
        },
      },
      {
        name: 'defined in the namespace the reference names, Traefik values unknown',
        manifests: { ...BACKEND, 'route.yaml': across, 'mw.yaml': inShop },
      },
      {
        name: 'of another namespace, which Traefik values allow',
        manifests: { ...BACKEND, 'route.yaml': across, 'mw.yaml': inShop, 't.yaml': CROSS },
      },
    ],
    invalid: [
      {
        name: 'one missing',
        manifests: { ...BACKEND, 'route.yaml': r, 'mw.yaml': middleware('compress') },
        errors: [
          {
            messageId: 'missing',
            message:
              'Route for api.example.com uses middleware `headers`, which is not defined in namespace honeydue.',
            file: 'route.yaml',
            line: lineOf(r, 'match:'),
          },
        ],
      },
      {
        name: 'of another namespace, which Traefik values refuse',
        manifests: { ...BACKEND, 'route.yaml': across, 'mw.yaml': inShop, 't.yaml': TRAEFIK },
        errors: [
          {
            messageId: 'crossNamespace',
            message:
              /^Route for api\.example\.com uses middleware `compress` of namespace shop, which Traefik refuses/,
            file: 'route.yaml',
            line: lineOf(across, 'match:'),
          },
        ],
      },
    ],
  });
}

{
  const r = ingressRoute({ tls: 'origin-tls' });
  const certificate = (secretName: string) => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: origin
  namespace: honeydue
spec:
  secretName: ${secretName}
  dnsNames: [api.example.com]
  issuerRef: { name: letsencrypt, kind: ClusterIssuer }
`;
  const SHIM = '  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n';
  const tlsIngress = (annotations: string) =>
    ingress({ host: 'api.example.com' })
      .replace('  namespace: honeydue\n', `  namespace: honeydue\n${annotations}`)
      .replace(
        'spec:\n',
        'spec:\n  tls:\n    - hosts: [api.example.com]\n      secretName: api-tls\n',
      );
  ruleTester(rule('dangling-tls-secret'), {
    valid: [
      {
        name: 'declared',
        manifests: {
          ...BACKEND,
          'route.yaml': r,
          's.yaml': secret('origin-tls', ['tls.crt', 'tls.key']),
        },
      },
      {
        name: 'no Secret templates at all: nothing to compare',
        manifests: { ...BACKEND, 'route.yaml': r },
      },
      {
        name: 'a cert-manager Certificate writes the Secret',
        manifests: {
          ...BACKEND,
          'route.yaml': r,
          's.yaml': secret('other', ['x']),
          'cert.yaml': certificate('origin-tls'),
        },
      },
      {
        name: "an Ingress annotated for cert-manager: the ingress-shim's Certificate writes it",
        manifests: { ...BACKEND, 'ing.yaml': tlsIngress(SHIM), 's.yaml': secret('other', ['x']) },
      },
    ],
    invalid: [
      {
        name: 'an Ingress with no cert-manager annotation, and a Certificate for another Secret',
        manifests: {
          ...BACKEND,
          'ing.yaml': tlsIngress(''),
          's.yaml': secret('other', ['x']),
          'cert.yaml': certificate('web-tls'),
        },
        errors: [
          {
            messageId: 'missing',
            message:
              'Route for api.example.com uses TLS secret `api-tls`, which no Secret template declares.',
            file: 'ing.yaml',
            line: lineOf(tlsIngress(''), '  tls:'),
          },
        ],
      },
      {
        name: 'a TLS Secret no template declares',
        manifests: { ...BACKEND, 'route.yaml': r, 's.yaml': secret('other', ['x']) },
        errors: [
          {
            messageId: 'missing',
            message:
              'Route for api.example.com uses TLS secret `origin-tls`, which no Secret template declares.',
            file: 'route.yaml',
            line: lineOf(r, 'secretName:'),
          },
        ],
      },
    ],
  });
}

{
  const SVC = service({ name: 'redis', port: 6379, targetPort: 6379 });
  const HEADLESS = service({ name: 'redis', port: 6379, targetPort: 16379 }).replace(
    'spec:\n',
    'spec:\n  clusterIP: None\n',
  );
  const WEB = service({ name: 'web', port: 8000 });
  const withEnv = (value: string) =>
    deployment({
      name: 'worker',
      env: `          env:\n            - name: UPSTREAM\n              value: "${value}"\n`,
    });
  const cm = (url: string) => configMap('app', { URL: url });
  const operated = cm('http://prometheus-operated.honeydue.svc:9090');
  /** A Service an operator of the namespace makes, with the api allowed `verbs` on Services. */
  const operatorMade = (verbs: string) => ({
    'a.yaml': deployment({ serviceAccount: 'api' }),
    's.yaml': SVC,
    'c.yaml': operated,
    'rbac.yaml': grant({ resources: 'services', verbs }),
  });
  ruleTester(rule('dangling-service-url'), {
    valid: [
      {
        name: 'a namespace where a workload may create Services (an operator’s own)',
        manifests: operatorMade('get, create'),
      },
      {
        name: "the Service's port, full cluster name",
        manifests: {
          's.yaml': SVC,
          'c.yaml': cm('redis://redis.honeydue.svc.cluster.local:6379/0'),
        },
      },
      {
        name: 'the short `.svc` form, a trailing dot, upper case',
        manifests: { 's.yaml': SVC, 'c.yaml': cm('REDIS.Honeydue.SVC.:6379') },
      },
      {
        name: "a headless Service's pod, on the port the pods listen on",
        manifests: {
          's.yaml': HEADLESS,
          'c.yaml': cm('redis-0.redis.honeydue.svc.cluster.local:16379'),
        },
      },
      {
        name: "the scheme's default port, when the Service has it",
        manifests: {
          's.yaml': service({ name: 'web', port: 80 }),
          'c.yaml': cm('http://web.honeydue.svc.cluster.local/healthz'),
        },
      },
      {
        name: 'no port and a scheme without a known default: only the Service is checked',
        manifests: { 's.yaml': WEB, 'c.yaml': cm('grpc://web.honeydue.svc.cluster.local') },
      },
      {
        name: 'one label before `.svc` names no namespace',
        manifests: { 's.yaml': SVC, 'c.yaml': cm('redis.svc:1') },
      },
      {
        name: "a namespace the manifests do not own (the cluster's own Services)",
        manifests: { 's.yaml': SVC, 'c.yaml': cm('kube-dns.kube-system.svc.cluster.local:53') },
      },
      {
        name: 'a domain that only contains `svc` is not a cluster address',
        manifests: { 's.yaml': SVC, 'c.yaml': cm('https://redis.honeydue.svc.example.com:1234') },
      },
      {
        name: 'an ExternalName Service: the port belongs to the host it names',
        manifests: {
          's.yaml':
            'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: honeydue\nspec:\n  type: ExternalName\n  externalName: db.example.com\n',
          'c.yaml': cm('postgres://db.honeydue.svc.cluster.local:5433/app'),
        },
      },
    ],
    invalid: [
      {
        name: 'a workload that may only read Services',
        manifests: operatorMade('get, list'),
        errors: [{ messageId: 'service', file: 'c.yaml', line: lineOf(operated, 'URL') }],
      },
      {
        name: 'a port the Service does not have, in a ConfigMap',
        manifests: {
          's.yaml': SVC,
          'c.yaml': cm('redis://redis.honeydue.svc.cluster.local:6380/0'),
        },
        errors: [
          {
            messageId: 'port',
            message:
              'ConfigMap `app` key `URL` connects to port 6380 of Service `redis` (`redis.honeydue.svc.cluster.local`), which has ports 6379.',
            file: 'c.yaml',
            line: lineOf(cm(''), 'URL:'),
            config: { file: 's.yaml', line: lineOf(SVC, 'ports:') },
          },
        ],
      },
      {
        name: "a ClusterIP Service's target port is not a port of its address",
        manifests: {
          's.yaml': service({ name: 'web', port: 80, targetPort: 8000 }),
          'c.yaml': cm('web.honeydue.svc:8000'),
        },
        errors: [
          {
            messageId: 'port',
            message: /port 8000 of Service `web`.*ports 80\.$/,
            file: 'c.yaml',
            line: lineOf(cm(''), 'URL:'),
          },
        ],
      },
      {
        name: 'a Service the namespace does not have, in an env value',
        manifests: {
          'w.yaml': withEnv('http://api.honeydue.svc.cluster.local:8000'),
          's.yaml': SVC,
        },
        errors: [
          {
            messageId: 'service',
            message:
              'Container `worker/worker` env `UPSTREAM` addresses `api.honeydue.svc.cluster.local`, but namespace `honeydue` has no Service `api`.',
            file: 'w.yaml',
            line: lineOf(withEnv(''), '- name: UPSTREAM'),
          },
        ],
      },
      {
        name: "no port (user info before the host): the scheme's default, which the Service lacks",
        manifests: { 's.yaml': WEB, 'c.yaml': cm('http://probe@web.honeydue.svc.cluster.local/') },
        errors: [
          {
            messageId: 'defaultPort',
            message: /connects to 80 \(the http default\).*has ports 8000/,
            file: 'c.yaml',
            line: lineOf(cm(''), 'URL:'),
          },
        ],
      },
      {
        name: "a headless Service's pod on a port nothing listens on; every address of a value",
        manifests: {
          's.yaml': HEADLESS,
          'c.yaml': cm('redis-0.redis.honeydue.svc:6379,redis-1.redis.honeydue.svc:7000'),
        },
        errors: [
          { messageId: 'port', message: /port 7000/, file: 'c.yaml', line: lineOf(cm(''), 'URL:') },
        ],
      },
    ],
  });
}

{
  const route = ingressRoute({ middlewares: ['compress'] });
  const left = applies(['app.yaml', 'route.yaml', 'mw.yaml']);
  ruleTester(rule('dangling-ingress'), {
    valid: [
      {
        name: 'the Service listed in the kustomization',
        manifests: {
          ...BACKEND,
          'route.yaml': route,
          'mw.yaml': middleware('compress'),
          'kustomization.yaml': applies(['app.yaml', 'svc.yaml', 'route.yaml', 'mw.yaml']),
        },
      },
    ],
    invalid: [
      {
        name: 'the Service defined but left out of the kustomization, at the route, the kustomization as the other side',
        manifests: {
          ...BACKEND,
          'route.yaml': route,
          'mw.yaml': middleware('compress'),
          'kustomization.yaml': left,
        },
        errors: [
          {
            messageId: 'notApplied',
            message:
              'Route for api.example.com sends traffic to Service `api`, which is defined but not applied: the root kustomization does not list its file.',
            file: 'route.yaml',
            line: lineOf(route, 'match:'),
            config: { file: 'kustomization.yaml', line: 1 },
          },
        ],
      },
    ],
  });
  ruleTester(rule('dangling-middleware'), {
    valid: [],
    invalid: [
      {
        name: 'the Middleware defined but left out of the kustomization',
        manifests: {
          ...BACKEND,
          'route.yaml': route,
          'mw.yaml': middleware('compress'),
          'kustomization.yaml': applies(['app.yaml', 'svc.yaml', 'route.yaml']),
        },
        errors: [
          {
            messageId: 'notApplied',
            message:
              'Route for api.example.com uses middleware `compress`, which is defined but not applied: the root kustomization does not list its file.',
            file: 'route.yaml',
            line: lineOf(route, 'match:'),
            config: { file: 'kustomization.yaml', line: 1 },
          },
        ],
      },
    ],
  });
}

{
  const REDIS = deployment({ name: 'redis', port: 6379, portName: 'redis', replicas: 1 });
  const CM = configMap('app', { REDIS_URL: 'redis://redis.honeydue.svc.cluster.local:6379/0' });
  const CLIENT = deployment({ envFrom: 'app' });
  const REDIS_SVC = service({ name: 'redis', port: 6379, targetPort: 'redis' });
  /** An Ingress policy over the pods labelled `app: <app>`, with these rules (none: deny all). */
  const ingressTo = (app: string, rules: string, name = `allow-${app}-in`) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: honeydue\nspec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Ingress]\n${rules ? `  ingress:\n${rules}` : ''}`;
  const from = (peer: string, port: string | number) =>
    `    - from:\n        - ${peer}\n      ports:\n        - port: ${port}\n`;
  const pods = (labels: string) => `podSelector:\n            matchLabels: { ${labels} }`;
  const byName = (ns: string, podLabels?: string) =>
    `namespaceSelector:\n            matchLabels: { kubernetes.io/metadata.name: ${ns} }${podLabels ? `\n          podSelector:\n            matchLabels: { ${podLabels} }` : ''}`;
  const block = (b: string) => `ipBlock: ${b}`;
  const INTERNET = '{ cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16] }';
  const dialing = { 'api.yaml': CLIENT, 'redis.yaml': REDIS, 'svc.yaml': REDIS_SVC, 'cm.yaml': CM };
  const cmLine = lineOf(CM, 'REDIS_URL:');

  const ROUTE = ingressRoute();
  const routed = {
    'api.yaml': APP,
    'svc.yaml': service(),
    'route.yaml': ROUTE,
    'traefik.yaml': traefik(WEBSECURE),
  };
  const routeLine = lineOf(ROUTE, '- name: api');
  const podNetworkTraefik = traefik(WEBSECURE).replace('hostNetwork: true', 'hostNetwork: false');

  const redisOnly = (rules: string) => ({ ...dialing, 'np.yaml': ingressTo('redis', rules) });
  const apiOnly = (rules: string) => ({ ...routed, 'np.yaml': ingressTo('api', rules) });
  ruleTester(rule('ingress-blocks-connection'), {
    valid: [
      {
        name: "the client's pods let in on the pods' port",
        manifests: redisOnly(from(pods('app: api'), 6379)),
      },
      {
        name: "by the pods' port name",
        manifests: redisOnly(from(pods('app: api'), 'redis')),
      },
      { name: 'no ingress policy selects the pods: ingress is open', manifests: dialing },
      {
        name: 'an Egress-only policy over the pods leaves their ingress open',
        manifests: {
          ...dialing,
          'np.yaml': ingressTo('redis', '').replace('[Ingress]', '[Egress]'),
        },
      },
      {
        name: 'a rule without `from` lets every source in',
        manifests: redisOnly('    - ports:\n        - port: 6379\n'),
      },
      {
        name: 'a namespace selector and a pod selector together, both matching',
        manifests: redisOnly(from(byName('honeydue', 'app: api'), 6379)),
      },
      {
        name: 'a private ipBlock may hold the client pods',
        manifests: redisOnly(from(block('{ cidr: 10.0.0.0/8 }'), 6379)),
      },
      {
        name: 'a route, with the pod range let in on the pods’ port',
        manifests: apiOnly(from(block('{ cidr: 10.42.0.0/16 }'), 8000)),
      },
      {
        name: 'a route, with Traefik on the node network: any ipBlock may hold a node address',
        manifests: apiOnly(from(block(INTERNET), 8000)),
      },
      {
        name: "a route, with kube-system's pods let in: Traefik's labels are not in the manifests",
        manifests: apiOnly(from(byName('kube-system', 'app.kubernetes.io/name: traefik'), 8000)),
      },
      {
        name: 'a route, with no Traefik config in the manifests: its pods are not known',
        manifests: {
          'api.yaml': APP,
          'svc.yaml': service(),
          'route.yaml': ROUTE,
          'np.yaml': ingressTo('api', ''),
        },
      },
      {
        name: "an Ingress of another controller's class",
        manifests: {
          ...apiOnly(''),
          'route.yaml': ingress({ host: 'api.example.com' }).replace(
            'spec:\n',
            'spec:\n  ingressClassName: nginx\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'other pods let in on the right port',
        manifests: redisOnly(from(pods('app: worker'), 6379)),
        errors: [
          {
            messageId: 'setting',
            message:
              'api reads `REDIS_URL` in ConfigMap `app`, which dials `redis.honeydue.svc.cluster.local:6379`, but no ingress NetworkPolicy selecting the pods of Service `redis` (allow-redis-in) lets api in on port 6379.',
            file: 'cm.yaml',
            line: cmLine,
            config: {
              file: 'np.yaml',
              line: lineOf(ingressTo('redis', from(pods('app: worker'), 6379)), 'ingress:'),
            },
          },
        ],
      },
      {
        name: 'a policy with no ingress rules lets nothing in',
        manifests: redisOnly(''),
        errors: [
          {
            messageId: 'setting',
            file: 'cm.yaml',
            line: cmLine,
            config: { file: 'np.yaml', line: lineOf(ingressTo('redis', ''), 'policyTypes:') },
          },
        ],
      },
      {
        name: 'no policy with rules: the other side is the most specific policy',
        manifests: {
          ...redisOnly(''),
          'deny.yaml':
            'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: honeydue\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n',
        },
        errors: [
          {
            messageId: 'setting',
            message: /\(default-deny, allow-redis-in\)|\(allow-redis-in, default-deny\)/,
            file: 'cm.yaml',
            line: cmLine,
            config: { file: 'np.yaml', line: lineOf(ingressTo('redis', ''), 'policyTypes:') },
          },
        ],
      },
      {
        name: "the Service's port let in where the target port is what counts",
        manifests: {
          ...redisOnly(from(pods('app: api'), 80)),
          'svc.yaml': service({ name: 'redis', port: 80, targetPort: 6379 }),
          'cm.yaml': configMap('app', { REDIS_URL: 'http://redis.honeydue.svc' }),
        },
        errors: [
          {
            messageId: 'setting',
            message: /dials `redis\.honeydue\.svc:80`.*lets api in on port 6379\.$/,
            file: 'cm.yaml',
            line: cmLine,
          },
        ],
      },
      {
        name: 'a namespace selector naming another namespace, with the right pod selector',
        manifests: redisOnly(from(byName('shop', 'app: api'), 6379)),
        errors: [{ messageId: 'setting', file: 'cm.yaml', line: cmLine }],
      },
      {
        name: 'the internet only',
        manifests: redisOnly(from(block(INTERNET), 6379)),
        errors: [{ messageId: 'setting', file: 'cm.yaml', line: cmLine }],
      },
      {
        name: 'a route whose pods let in only pods of their own namespace',
        manifests: apiOnly(from(pods('app: vmagent'), 8000)),
        errors: [
          {
            messageId: 'route',
            message:
              'Route for api.example.com sends traffic to Service `api`, but no ingress NetworkPolicy selecting its pods (allow-api-in) lets Traefik (namespace kube-system) in on port 8000.',
            file: 'route.yaml',
            line: routeLine,
            config: {
              file: 'np.yaml',
              line: lineOf(ingressTo('api', from(pods('app: vmagent'), 8000)), 'ingress:'),
            },
          },
        ],
      },
      {
        name: 'a route, with the pods’ namespace named where kube-system is the source',
        manifests: apiOnly(from(byName('honeydue'), 8000)),
        errors: [{ messageId: 'route', file: 'route.yaml', line: routeLine }],
      },
      {
        name: 'a route, with Traefik on the pod network and the internet only let in',
        manifests: {
          ...apiOnly(from(block(INTERNET), 8000)),
          'traefik.yaml': podNetworkTraefik,
        },
        errors: [{ messageId: 'route', file: 'route.yaml', line: routeLine }],
      },
      {
        name: 'an Ingress without a class, which Traefik serves, into a deny-all policy',
        manifests: { ...apiOnly(''), 'route.yaml': ingress({ host: 'api.example.com' }) },
        errors: [
          {
            messageId: 'route',
            file: 'route.yaml',
            line: lineOf(ingress({ host: 'api.example.com' }), 'backend:'),
          },
        ],
      },
    ],
  });
}
