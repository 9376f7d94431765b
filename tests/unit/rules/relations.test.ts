/**
 * The relational rules the API server enforces or kube-linter checks, each
 * reporting at the line of the value (and the other side's line).
 */
import { RULES } from '../../../check/index.ts';
import {
  applies,
  configMap,
  deployment,
  networkPolicy,
  pdb,
  prometheus,
  secret,
  traefik,
  WEBSECURE,
} from './fixtures.ts';
import { lineOf, ruleTester } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;
const API = deployment();
const SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: honeydue
`;

{
  const np = networkPolicy({ podSelector: { app: 'apx' }, ingressPort: 8000 });
  ruleTester(rule('dangling-networkpolicy'), {
    valid: [
      {
        name: 'selects the api',
        manifests: { 'a.yaml': API, 'np.yaml': networkPolicy({ ingressPort: 8000 }) },
      },
      {
        name: 'an empty podSelector selects every pod',
        manifests: {
          'a.yaml': API,
          'np.yaml': networkPolicy({ podSelector: {}, ingressPort: 8000 }).replace(
            'matchLabels:\n',
            'matchLabels: {}\n',
          ),
        },
      },
      {
        name: 'selects the pods an operator runs from a custom resource',
        manifests: { 'a.yaml': API, 'np.yaml': np, 'p.yaml': prometheus({ app: 'apx' }) },
      },
      {
        name: 'a custom resource of a kubernetes-sigs group (x-k8s.io), its pod template labels',
        manifests: {
          'a.yaml': API,
          'np.yaml': np,
          'p.yaml': prometheus({ app: 'apx' }).replace(
            'monitoring.coreos.com/v1\nkind: Prometheus',
            'extensions.agents.x-k8s.io/v1alpha1\nkind: SandboxTemplate',
          ),
        },
      },
    ],
    invalid: [
      {
        name: "a custom resource's label selector is no pod's labels",
        manifests: {
          'a.yaml': API,
          'np.yaml': np,
          'p.yaml': prometheus({ app: 'prometheus' }).replace('team: ops', 'app: apx'),
        },
        errors: [{ messageId: 'dangling', file: 'np.yaml', line: lineOf(np, 'podSelector:') }],
      },
      {
        name: 'selects no pod, at the podSelector',
        manifests: { 'a.yaml': API, 'np.yaml': np },
        errors: [
          {
            messageId: 'dangling',
            message:
              'NetworkPolicy `allow-api` selects pods labelled app=apx, and no pod has those labels.',
            file: 'np.yaml',
            line: lineOf(np, 'podSelector:'),
          },
        ],
      },
    ],
  });
}

{
  const np = networkPolicy({ name: 'to-cache', egressTo: { app: 'cache' }, egressPort: 6379 });
  const exprPeer = np.replace(
    /            matchLabels:\n.*\n/,
    '            matchExpressions:\n              - { key: app, operator: In, values: [cache, redis] }\n',
  );
  const anyPeer = np.replace(/- podSelector:\n {12}matchLabels:\n.*\n/, '- podSelector: {}\n');
  ruleTester(rule('dangling-networkpolicypeer-podselector'), {
    valid: [
      {
        name: 'a peer of matchExpressions alone that matches',
        manifests: {
          'a.yaml': API,
          'r.yaml': deployment({ name: 'redis', port: 6379 }),
          'np.yaml': exprPeer,
        },
      },
      {
        name: 'the peer exists',
        manifests: {
          'a.yaml': API,
          'r.yaml': deployment({ name: 'cache', port: 6379 }),
          'np.yaml': np,
        },
      },
      {
        name: 'the peer is the pods an operator runs from a custom resource',
        manifests: { 'a.yaml': API, 'np.yaml': np, 'p.yaml': prometheus({ app: 'cache' }) },
      },
    ],
    invalid: [
      {
        name: 'a peer of every pod, in a namespace the manifests run no pod in',
        manifests: { 'np.yaml': anyPeer },
        errors: [
          {
            messageId: 'empty',
            message:
              'NetworkPolicy `to-cache` allows egress to every pod of namespace honeydue, and the manifests run no pod there.',
            file: 'np.yaml',
            line: lineOf(anyPeer, '- podSelector: {}'),
          },
        ],
      },
      {
        name: 'a peer of matchExpressions alone, shown as written',
        manifests: { 'a.yaml': API, 'np.yaml': exprPeer },
        errors: [
          {
            messageId: 'dangling',
            message:
              'NetworkPolicy `to-cache` allows egress to pods labelled app in (cache, redis), and no pod has those labels.',
            file: 'np.yaml',
            line: lineOf(exprPeer, '- podSelector:'),
          },
        ],
      },
      {
        name: 'an egress peer no pod matches, at the peer podSelector',
        manifests: { 'a.yaml': API, 'np.yaml': np },
        errors: [
          {
            messageId: 'dangling',
            message:
              'NetworkPolicy `to-cache` allows egress to pods labelled app=cache, and no pod has those labels.',
            file: 'np.yaml',
            line: lineOf(np, '- podSelector:'),
          },
        ],
      },
    ],
  });
}

{
  const bad = deployment({ selector: { app: 'api-v2' } });
  const POD =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\n  namespace: honeydue\n  labels:\n    app: one\nspec:\n  containers:\n    - name: one\n      image: busybox:1.36\n';
  const RC_MISMATCH =
    'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\n  namespace: honeydue\nspec:\n  selector:\n    app: web-v2\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
  ruleTester(rule('mismatching-selector'), {
    valid: [
      { name: 'selector = template labels', manifests: { 'a.yaml': API } },
      { name: 'a bare Pod has no selector to mismatch', manifests: { 'p.yaml': POD } },
    ],
    invalid: [
      {
        name: "a ReplicationController's plain selector ≠ its template labels",
        manifests: { 'rc.yaml': RC_MISMATCH },
        errors: [
          {
            messageId: 'mismatch',
            message:
              'ReplicationController `web` selects app=web-v2, but its pod template is labelled app=web.',
            file: 'rc.yaml',
            line: lineOf(RC_MISMATCH, '  selector:'),
            config: { file: 'rc.yaml', line: lineOf(RC_MISMATCH, '      labels:') },
          },
        ],
      },
      {
        name: 'selector ≠ template labels: at the selector, the labels as the other side',
        manifests: { 'a.yaml': bad },
        errors: [
          {
            messageId: 'mismatch',
            message:
              'Deployment `api` selects app=api-v2, but its pod template is labelled app=api.',
            file: 'a.yaml',
            line: lineOf(bad, '  selector:'),
            config: { file: 'a.yaml', line: lineOf(bad, '      labels:') },
          },
        ],
      },
    ],
  });
}

/** A RoleBinding `reader` in honeydue granting a role to a ServiceAccount. */
function binding(kind: string, role: string, account: string, namespace: string | null): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: honeydue
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${kind}
  name: ${role}
subjects:
  - kind: ServiceAccount
    name: ${account}
${namespace ? `    namespace: ${namespace}\n` : ''}`;
}

function role(kind: 'Role' | 'ClusterRole', name: string, namespace = 'honeydue'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${kind === 'Role' ? `  namespace: ${namespace}\n` : ''}rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
`;
}

{
  const app = deployment({ serviceAccount: 'api' });
  const other = deployment({ serviceAccount: 'apii' });
  const badSubject = binding('Role', 'reader', 'apii', 'honeydue');
  ruleTester(rule('non-existent-service-account'), {
    valid: [
      { name: 'defined', manifests: { 'a.yaml': app, 'sa.yaml': SA } },
      {
        name: 'the default account always exists',
        manifests: { 'a.yaml': deployment({ serviceAccount: 'default' }) },
      },
      {
        name: 'a binding to a defined ServiceAccount, its namespace left to the binding',
        manifests: { 'sa.yaml': SA, 'rb.yaml': binding('Role', 'reader', 'api', null) },
      },
      {
        name: "a binding to an account of a namespace the manifests do not own (the cluster's)",
        manifests: {
          'sa.yaml': SA,
          'rb.yaml': binding('ClusterRole', 'view', 'coredns', 'kube-system'),
        },
      },
      {
        name: 'a binding to the default account, and to a User',
        manifests: {
          'sa.yaml': SA,
          'rb.yaml': binding('Role', 'reader', 'default', 'honeydue').replace(
            'kind: ServiceAccount',
            'kind: User',
          ),
          'rb2.yaml': binding('Role', 'reader', 'default', 'honeydue'),
        },
      },
    ],
    invalid: [
      {
        name: 'a ServiceAccount nobody defines, at serviceAccountName',
        manifests: { 'a.yaml': other, 'sa.yaml': SA },
        errors: [
          {
            messageId: 'missing',
            message:
              'Deployment `api` runs as ServiceAccount `apii`, which no manifest defines in honeydue.',
            file: 'a.yaml',
            line: lineOf(other, 'serviceAccountName:'),
          },
        ],
      },
      {
        name: 'a binding subject nobody defines in a namespace the manifests own: at its name, the closest account as the other side',
        manifests: { 'sa.yaml': SA, 'rb.yaml': badSubject },
        errors: [
          {
            messageId: 'subject',
            message:
              'RoleBinding `reader` grants its role to ServiceAccount `apii`, which no manifest defines in honeydue.',
            file: 'rb.yaml',
            line: lineOf(badSubject, 'name: apii'),
            config: { file: 'sa.yaml', line: 1 },
          },
        ],
      },
    ],
  });
}

{
  const res = (req: string, lim: string) =>
    `          resources:\n            requests:\n              memory: ${req}\n            limits:\n              memory: ${lim}\n`;
  const bad = deployment({ resources: res('1Gi', '512Mi') });
  ruleTester(rule('request-above-limit'), {
    valid: [
      {
        name: 'request below limit',
        manifests: { 'a.yaml': deployment({ resources: res('128Mi', '512Mi') }) },
      },
      {
        name: 'quantities compare by value (1024Mi = 1Gi)',
        manifests: { 'a.yaml': deployment({ resources: res('1024Mi', '1Gi') }) },
      },
    ],
    invalid: [
      {
        name: 'request above limit: at the request, the limit as the other side',
        manifests: { 'a.yaml': bad },
        errors: [
          {
            messageId: 'above',
            message: 'Container `api/api` requests 1Gi memory, above its limit of 512Mi.',
            file: 'a.yaml',
            line: lineOf(bad, 'memory: 1Gi'),
            config: { file: 'a.yaml', line: lineOf(bad, 'memory: 512Mi') },
          },
        ],
      },
    ],
  });
}

{
  const vol = (kind: string, ref: string) =>
    `      volumes:\n        - name: v\n          ${kind}:\n            ${kind === 'persistentVolumeClaim' ? 'claimName' : kind === 'secret' ? 'secretName' : 'name'}: ${ref}\n`;
  const items = (kind: string, ref: string, key: string, optional = false) =>
    `${vol(kind, ref)}            items:\n              - key: ${key}\n                path: ${key}\n${optional ? '            optional: true\n' : ''}`;
  const cm = deployment({ volumes: vol('configMap', 'app-files') });
  const keyed = deployment({ volumes: items('secret', 'apns', 'apns_auth_key.p9') });
  const keyedSecret = secret('apns', ['apns_auth_key.p8']);
  const cmKeyed = deployment({ volumes: items('configMap', 'app-files', 'b') });
  const pvc = deployment({ volumes: vol('persistentVolumeClaim', 'data') });
  ruleTester(rule('dangling-volume'), {
    valid: [
      {
        name: 'the ConfigMap exists',
        manifests: { 'a.yaml': cm, 'cm.yaml': configMap('app-files', { a: '1' }) },
      },
      {
        name: 'no Secret templates at all: Secrets are not judged',
        manifests: { 'a.yaml': deployment({ volumes: vol('secret', 'tls') }) },
      },
      {
        name: 'the keys it projects are keys of the Secret and the ConfigMap (data or binaryData)',
        manifests: {
          'a.yaml': deployment({ volumes: items('secret', 'tls', 'tls.crt') }),
          'b.yaml': deployment({ volumes: items('configMap', 'app-files', 'logo.png') }).replace(
            /name: api\b/g,
            'name: web',
          ),
          's.yaml': secret('tls', ['tls.crt', 'tls.key']),
          'cm.yaml': `${configMap('app-files', { a: '1' })}binaryData:\n  logo.png: iVBORw0KGgo=\n`,
        },
      },
      {
        name: "a StatefulSet volume a claim template names: each pod gets the template's claim",
        manifests: {
          'a.yaml': `${pvc.replace('kind: Deployment', 'kind: StatefulSet')}  volumeClaimTemplates:\n    - metadata: { name: v }\n      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }\n`,
        },
      },
      {
        name: 'a projected kube-root-ca.crt: the cluster puts it in every namespace',
        manifests: {
          'a.yaml': deployment({ volumes: items('configMap', 'kube-root-ca.crt', 'ca.crt') }),
          'cm.yaml': configMap('app-files', { a: '1' }),
        },
      },
      {
        name: 'an optional volume may name a key the object lacks',
        manifests: {
          'a.yaml': deployment({ volumes: items('secret', 'tls', 'ca.crt', true) }),
          's.yaml': secret('tls', ['tls.crt']),
        },
      },
    ],
    invalid: [
      {
        name: 'a ConfigMap that does not exist, at the volume',
        manifests: { 'a.yaml': cm },
        errors: [
          {
            messageId: 'missing',
            message:
              'Deployment `api` mounts volume `v` from ConfigMap `app-files`, which no manifest declares.',
            file: 'a.yaml',
            line: lineOf(cm, '          configMap:'),
          },
        ],
      },
      {
        name: 'a claim that does not exist',
        manifests: { 'a.yaml': pvc },
        errors: [
          {
            messageId: 'missing',
            message: /PersistentVolumeClaim `data`/,
            file: 'a.yaml',
            line: lineOf(pvc, 'persistentVolumeClaim:'),
          },
        ],
      },
      {
        name: 'a Secret no template declares',
        manifests: {
          'a.yaml': deployment({ volumes: vol('secret', 'tls') }),
          's.yaml': secret('other', ['x']),
        },
        errors: [
          {
            messageId: 'missing',
            message: /Secret `tls`/,
            file: 'a.yaml',
            line: lineOf(deployment({ volumes: vol('secret', 'tls') }), '          secret:'),
          },
        ],
      },
      {
        name: 'a key the Secret template does not declare, at the item, the Secret as the other side',
        manifests: { 'a.yaml': keyed, 's.yaml': keyedSecret },
        errors: [
          {
            messageId: 'key',
            message:
              'Deployment `api` mounts key `apns_auth_key.p9` of Secret `apns` in volume `v`, and the Secret has no such key (it has `apns_auth_key.p8`).',
            file: 'a.yaml',
            line: lineOf(keyed, '- key: apns_auth_key.p9'),
            config: { file: 's.yaml', line: lineOf(keyedSecret, 'kind: Secret') - 1 },
          },
        ],
      },
      {
        name: 'a key the ConfigMap does not hold',
        manifests: { 'a.yaml': cmKeyed, 'cm.yaml': configMap('app-files', { a: '1' }) },
        errors: [
          {
            messageId: 'key',
            message: /key `b` of ConfigMap `app-files`.*\(it has `a`\)/,
            file: 'a.yaml',
            line: lineOf(cmKeyed, '- key: b'),
          },
        ],
      },
    ],
  });
}

for (const [probe, id] of [
  ['liveness', 'liveness-port'],
  ['readiness', 'readiness-port'],
  ['startup', 'startup-port'],
] as const) {
  const p = (port: string | number) =>
    `          ${probe}Probe:\n            httpGet:\n              path: /health\n              port: ${port}\n`;
  const bad = deployment({ probes: p(9000) });
  /** The api probing 9000, started with `arg`. */
  const flagged = (arg: string) =>
    deployment({ probes: p(9000), env: `          args: ["${arg}"]\n` });
  const elsewhere = flagged('--metrics-bind-address=:9001');
  const loopback = flagged('--health-probe-bind-address=127.0.0.1:9000');
  /** The api with a probe and no ports list. */
  const portless = (probeText: string) =>
    deployment({ probes: probeText }).replace(
      /^ {10}ports:\n {12}- name: http\n {14}containerPort: 8000\n/m,
      '',
    );
  // A copy the kustomization leaves out, a few lines longer: each finding is at its own object.
  const spare = deployment({
    probes: p(9000),
    env: '          env:\n            - name: LOG_LEVEL\n              value: info\n',
  });
  ruleTester(rule(id), {
    valid: [
      { name: 'by name', manifests: { 'a.yaml': deployment({ probes: p('http') }) } },
      { name: 'by number', manifests: { 'a.yaml': deployment({ probes: p(8000) }) } },
      {
        name: 'by number, in a container that declares no port at all',
        manifests: { 'a.yaml': portless(p(9000)) },
      },
      {
        // A kubebuilder operator's health port; ingress-nginx's healthz port.
        name: 'by number, on a port the flags tell the container to listen on',
        manifests: {
          'a.yaml': flagged('--health-probe-bind-address=:9000'),
          'b.yaml': flagged('--healthz-port=9000').replace(/\bname: api\b/g, 'name: api2'),
        },
      },
    ],
    invalid: [
      {
        name: 'the applied object and a copy left out, each at its own file and line',
        manifests: {
          'kustomization.yaml': 'resources:\n  - a.yaml\n',
          'a.yaml': bad,
          'spare/a.yaml': spare,
        },
        errors: [
          {
            messageId: 'missing',
            file: 'a.yaml',
            line: lineOf(bad, 'port: 9000'),
            config: { file: 'a.yaml', line: lineOf(bad, 'ports:') },
          },
          {
            messageId: 'missing',
            file: 'spare/a.yaml',
            line: lineOf(spare, 'port: 9000'),
            config: { file: 'spare/a.yaml', line: lineOf(spare, 'ports:') },
          },
        ],
      },
      {
        name: 'a port name in a container that declares no port: the kubelet cannot resolve it',
        manifests: { 'a.yaml': portless(p('http')) },
        errors: [
          {
            messageId: 'missing',
            message: `The ${probe} probe of \`api/api\` checks port http, which the container does not declare (it declares none).`,
            file: 'a.yaml',
            line: lineOf(portless(p('http')), 'port: http'),
          },
        ],
      },
      {
        name: 'a port the flags open elsewhere than the probe',
        manifests: { 'a.yaml': elsewhere },
        errors: [{ messageId: 'missing', file: 'a.yaml', line: lineOf(elsewhere, 'port: 9000') }],
      },
      {
        // The kubelet probes the pod's address: a loopback listener does not answer it.
        name: 'a port the flags bind on loopback only',
        manifests: { 'a.yaml': loopback },
        errors: [{ messageId: 'missing', file: 'a.yaml', line: lineOf(loopback, 'port: 9000') }],
      },
      {
        name: 'a port the container does not declare: at the probe port, the ports as the other side',
        manifests: { 'a.yaml': bad },
        errors: [
          {
            messageId: 'missing',
            message: `The ${probe} probe of \`api/api\` checks port 9000, which the container does not declare (8000 (http)).`,
            file: 'a.yaml',
            line: lineOf(bad, 'port: 9000'),
            config: { file: 'a.yaml', line: lineOf(bad, 'ports:') },
          },
        ],
      },
    ],
  });
}

{
  const env = `          env:\n            - name: LOG_LEVEL\n              value: info\n            - name: TZ\n              value: UTC\n            - name: LOG_LEVEL\n              value: debug\n`;
  const bad = deployment({ env });
  ruleTester(rule('duplicate-env-var'), {
    valid: [
      {
        name: 'distinct names',
        manifests: {
          'a.yaml': deployment({
            env: env.split('            - name: LOG_LEVEL\n              value: debug\n').join(''),
          }),
        },
      },
    ],
    invalid: [
      {
        name: 'LOG_LEVEL twice: at the second, the first as the other side',
        manifests: { 'a.yaml': bad },
        errors: [
          {
            messageId: 'duplicate',
            message: 'Container `api/api` sets `LOG_LEVEL` twice; only this one applies.',
            file: 'a.yaml',
            line: lineOf(bad, '- name: LOG_LEVEL', 2),
            config: { file: 'a.yaml', line: lineOf(bad, '- name: LOG_LEVEL') },
          },
        ],
      },
    ],
  });
}

{
  const zero = pdb({}).replace('minAvailable: 1', 'maxUnavailable: 0');
  // The api's pods are labelled tier=web too; a NotIn on that label selects none of them.
  const tiered = deployment({ labels: { app: 'api', tier: 'web' } });
  const notWeb = zero.replace(
    '    matchLabels:\n',
    '    matchExpressions:\n      - { key: tier, operator: NotIn, values: [web] }\n    matchLabels:\n',
  );
  // Expressions alone: the selector is not empty, so it does not select every pod.
  const exprsOnly = (app: string) =>
    zero.replace(
      /    matchLabels:\n.*\n/,
      `    matchExpressions:\n      - { key: app, operator: In, values: [${app}] }\n`,
    );
  ruleTester(rule('pdb-max-unavailable'), {
    valid: [
      {
        name: 'one may go',
        manifests: {
          'a.yaml': API,
          'pdb.yaml': pdb({}).replace('minAvailable: 1', 'maxUnavailable: 1'),
        },
      },
      {
        name: 'matchExpressions exclude every pod the labels pick',
        manifests: { 'a.yaml': tiered, 'pdb.yaml': notWeb },
      },
      {
        name: 'matchExpressions alone pick no pod',
        manifests: { 'a.yaml': API, 'pdb.yaml': exprsOnly('web') },
      },
    ],
    invalid: [
      {
        name: 'maxUnavailable 0, at that line',
        manifests: { 'a.yaml': API, 'pdb.yaml': zero },
        errors: [
          {
            messageId: 'zero',
            message:
              'PodDisruptionBudget `api-pdb` allows 0 unavailable pods, so no pod can ever be evicted and every drain of its node blocks.',
            file: 'pdb.yaml',
            line: lineOf(zero, 'maxUnavailable: 0'),
          },
        ],
      },
      {
        name: 'matchExpressions alone that pick the api',
        manifests: { 'a.yaml': API, 'pdb.yaml': exprsOnly('api') },
        errors: [
          {
            messageId: 'zero',
            file: 'pdb.yaml',
            line: lineOf(exprsOnly('api'), 'maxUnavailable: 0'),
          },
        ],
      },
    ],
  });
  ruleTester(rule('dangling-poddisruptionbudget'), {
    valid: [
      { name: 'the labels pick the api', manifests: { 'a.yaml': tiered, 'pdb.yaml': zero } },
      {
        name: 'the labels pick the pods an operator runs from a custom resource',
        manifests: { 'pdb.yaml': notWeb, 'p.yaml': prometheus({ app: 'api', tier: 'api' }) },
      },
    ],
    invalid: [
      {
        name: 'matchExpressions exclude every pod the labels pick',
        manifests: { 'a.yaml': tiered, 'pdb.yaml': notWeb },
        errors: [
          {
            messageId: 'dangling',
            message: 'PodDisruptionBudget `api-pdb` selects no pods.',
            file: 'pdb.yaml',
            line: lineOf(notWeb, '  selector:'),
          },
        ],
      },
    ],
  });
}

{
  const literal = deployment({
    env: '          env:\n            - name: DB_PASSWORD\n              value: "hunter2-planted"\n',
  });
  const plain = deployment({
    env: '          env:\n            - name: LOG_LEVEL\n              value: info\n',
  });
  const argument = deployment({
    env: '          args: ["--requirepass", "hunter2-planted"]\n',
  });
  const filled = secret('app-secrets', ['DB_PASSWORD'], 'hunter2-planted');
  // k3s's own Traefik chart values: a toleration's `key` names a taint, not key material.
  const tolerations = traefik(
    `${WEBSECURE}    tolerations:\n    - key: "CriticalAddonsOnly"\n      operator: "Exists"\n`,
  );
  const keyRef = traefik(
    `${WEBSECURE}    env:\n    - name: API\n      valueFrom:\n        secretKeyRef:\n          name: api\n          key: api-key\n`,
  );
  // ingress-nginx's controller: a flag that names a credential, given the file it is read from.
  const keyFile = deployment({
    env: '          args:\n            - --validating-webhook-key=/usr/local/certificates/key\n            - --tls-key\n            - ./certs/tls.key\n          env:\n            - name: TLS_KEY\n              value: /etc/tls/tls.key\n',
  });
  // A CRD's schema (prometheus-operator's): a description whose first line reads like `key: value`.
  const described = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          properties:
            secretRef:
              description: |-
                secretRef is Optional: SecretRef is reference to the authentication secret for User, default is empty.
                More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it
              type: object
`;
  const valuesPassword = traefik(`${WEBSECURE}    dashboard:\n      password: hunter2-planted\n`);
  const valuesTlsKey = traefik(`${WEBSECURE}    tls:\n      cert: c\n      key: hunter2-planted\n`);
  ruleTester(rule('credential-in-config'), {
    valid: [
      {
        name: 'a plain env value and a key-name template',
        manifests: { 'a.yaml': plain, 's.yaml': secret('app-secrets', ['DB_PASSWORD']) },
      },
      {
        name: 'a toleration key in Helm values',
        manifests: { 't.yaml': tolerations },
      },
      {
        name: 'the key a secretKeyRef names, in Helm values',
        manifests: { 't.yaml': keyRef },
      },
      {
        name: 'a credential flag or variable given a file path',
        manifests: { 'a.yaml': keyFile },
      },
      {
        name: 'a CRD field description whose first words name a credential',
        manifests: { 'crd.yaml': described },
      },
    ],
    invalid: [
      {
        name: 'a literal password in an env value, at the value',
        manifests: { 'a.yaml': literal },
        errors: [
          {
            messageId: 'env',
            // Named with the workload whose container sets it.
            message:
              'The env variable `DB_PASSWORD` of `deployment/honeydue/api` holds a literal credential.',
            file: 'a.yaml',
            line: lineOf(literal, 'value: "'),
          },
        ],
      },
      {
        name: 'a literal password in an argument, named with its workload',
        manifests: { 'a.yaml': argument },
        errors: [
          {
            messageId: 'arg',
            message: /^An argument of `deployment\/honeydue\/api` passes a literal credential/,
            file: 'a.yaml',
            line: lineOf(argument, 'args:'),
          },
        ],
      },
      {
        name: 'a password in Helm values, said as such',
        manifests: { 't.yaml': valuesPassword },
        errors: [
          {
            messageId: 'embedded',
            message: /^`password` .*holds a literal credential inside an embedded document/,
            file: 't.yaml',
            line: lineOf(valuesPassword, 'password:'),
          },
        ],
      },
      {
        name: 'a TLS key in Helm values stays a credential',
        manifests: { 't.yaml': valuesTlsKey },
        errors: [{ messageId: 'embedded', file: 't.yaml', line: lineOf(valuesTlsKey, 'key:') }],
      },
      {
        name: 'a Secret with a real value, at the value',
        manifests: { 's.yaml': filled },
        errors: [
          {
            messageId: 'secret',
            message: /`DB_PASSWORD`/,
            file: 's.yaml',
            line: lineOf(filled, 'DB_PASSWORD'),
          },
        ],
      },
    ],
  });
}

{
  const mounted = (volume: string) =>
    deployment({
      volumes: `          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n      volumes:\n        - name: ${volume}\n          emptyDir: {}\n`,
    });
  const renamed = mounted('scratch');
  const none = deployment({
    volumes: '          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n',
  });
  ruleTester(rule('dangling-volume-mount'), {
    valid: [
      { name: 'the mount names a volume of the pod', manifests: { 'a.yaml': mounted('tmp') } },
      { name: 'no mounts at all', manifests: { 'a.yaml': API } },
      {
        name: "a StatefulSet's volumeClaimTemplates are volumes of its pods",
        manifests: {
          'a.yaml': `${none
            .replace('kind: Deployment', 'kind: StatefulSet')
            .replace(
              '  replicas:',
              '  serviceName: api\n  replicas:',
            )}  volumeClaimTemplates:\n    - metadata:\n        name: tmp\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources: { requests: { storage: 1Gi } }\n`,
        },
      },
    ],
    invalid: [
      {
        name: 'the volume renamed and the mount not, at the mount, the volumes as the other side',
        manifests: { 'a.yaml': renamed },
        errors: [
          {
            messageId: 'missing',
            message:
              'Container `api/api` mounts volume `tmp` at `/tmp`, and the pod has no volume of that name (it has `scratch`).',
            file: 'a.yaml',
            line: lineOf(renamed, '- name: tmp'),
            config: { file: 'a.yaml', line: lineOf(renamed, '      volumes:') },
          },
        ],
      },
      {
        name: 'a pod with no volumes',
        manifests: { 'a.yaml': none },
        errors: [
          {
            messageId: 'missing',
            message: /\(it has none\)/,
            file: 'a.yaml',
            line: lineOf(none, '- name: tmp'),
          },
        ],
      },
    ],
  });
}

{
  const ONLY_APP = applies(['a.yaml']);
  const withVolume = (kind: string, field: string, ref: string) =>
    deployment({
      volumes: `      volumes:\n        - name: v\n          ${kind}:\n            ${field}: ${ref}\n`,
    });
  const claim = `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: honeydue\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: { requests: { storage: 1Gi } }\n`;
  const claimed = withVolume('persistentVolumeClaim', 'claimName', 'data');
  ruleTester(rule('dangling-volume'), {
    valid: [
      {
        name: 'a Secret template left out of the kustomization: its values are created by hand',
        manifests: {
          'a.yaml': withVolume('secret', 'secretName', 'tls'),
          's.yaml': secret('tls', ['tls.crt']),
          'kustomization.yaml': ONLY_APP,
        },
      },
    ],
    invalid: [
      {
        name: 'a claim defined but left out of the kustomization, the kustomization as the other side',
        manifests: { 'a.yaml': claimed, 'pvc.yaml': claim, 'kustomization.yaml': ONLY_APP },
        errors: [
          {
            messageId: 'notApplied',
            message:
              'Deployment `api` mounts volume `v` from PersistentVolumeClaim `data`, which is defined but not applied: the root kustomization does not list its file.',
            file: 'a.yaml',
            line: lineOf(claimed, 'persistentVolumeClaim:'),
            config: { file: 'kustomization.yaml', line: 1 },
          },
        ],
      },
    ],
  });
}

{
  const typo = binding('Role', 'readr', 'api', null);
  const elsewhere = binding('Role', 'reader', 'api', null);
  const clusterTypo = binding('ClusterRole', 'pod-readr', 'api', null);
  const roles = role('Role', 'reader');
  const cluster = role('ClusterRole', 'pod-reader');
  ruleTester(rule('dangling-role-ref'), {
    valid: [
      { name: 'the Role of the namespace', manifests: { 'rb.yaml': elsewhere, 'r.yaml': roles } },
      {
        name: "a Role of a namespace the manifests do not own, and kube-system's own Roles where they do",
        manifests: {
          'r.yaml': roles,
          'sa.yaml': SA,
          'sa2.yaml': SA.replace('namespace: honeydue', 'namespace: kube-system'),
          'rb2.yaml': binding('Role', 'system::leader-locking-kube-scheduler', 'api', 'kube-system')
            .replace('  namespace: honeydue\nroleRef', '  namespace: kube-system\nroleRef')
            .replace('name: reader', 'name: reader2'),
          'rb.yaml': binding(
            'Role',
            'extension-apiserver-authentication-reader',
            'api',
            'honeydue',
          ).replace('  namespace: honeydue\nroleRef', '  namespace: kube-system\nroleRef'),
        },
      },
      {
        name: 'no roles defined at all: the bindings are judged elsewhere',
        manifests: { 'rb.yaml': typo },
      },
      {
        name: 'built-in ClusterRoles, and one far from every defined name',
        manifests: {
          'r.yaml': cluster,
          'a.yaml': binding('ClusterRole', 'view', 'api', null),
          'b.yaml': binding('ClusterRole', 'system:auth-delegator', 'api', null),
          'c.yaml': binding('ClusterRole', 'cluster-admin', 'api', null),
          'd.yaml': binding('ClusterRole', 'ingress-controller', 'api', null),
        },
      },
      {
        name: 'a defined ClusterRole',
        manifests: {
          'r.yaml': cluster,
          'rb.yaml': binding('ClusterRole', 'pod-reader', 'api', null),
        },
      },
    ],
    invalid: [
      {
        name: 'a Role the namespace does not define: at the roleRef name, the closest Role as the other side',
        manifests: { 'rb.yaml': typo, 'r.yaml': roles, 'sa.yaml': SA },
        errors: [
          {
            messageId: 'role',
            message:
              'RoleBinding `reader` grants Role `readr`, which no manifest defines in honeydue.',
            file: 'rb.yaml',
            line: lineOf(typo, 'name: readr'),
            config: { file: 'r.yaml', line: 1 },
          },
        ],
      },
      {
        name: "a Role of the same name in another namespace does not count: a Role binds in its binding's namespace only",
        manifests: {
          'rb.yaml': elsewhere,
          'r.yaml': role('Role', 'reader', 'other'),
          'sa.yaml': SA,
        },
        errors: [
          {
            messageId: 'role',
            file: 'rb.yaml',
            line: lineOf(elsewhere, 'name: reader', 2),
          },
        ],
      },
      {
        name: 'a ClusterRole one letter off a defined one',
        manifests: { 'rb.yaml': clusterTypo, 'r.yaml': cluster },
        errors: [
          {
            messageId: 'clusterRole',
            message:
              'RoleBinding `reader` grants ClusterRole `pod-readr`, which is not built in and no manifest defines; the manifests define `pod-reader`.',
            file: 'rb.yaml',
            line: lineOf(clusterTypo, 'name: pod-readr'),
            config: { file: 'r.yaml', line: 1 },
          },
        ],
      },
    ],
  });
}
