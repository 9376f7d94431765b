/** Objects the API server refuses: an apiVersion it does not serve, a required field left out. */
import { RULES } from '../../../check/index.ts';
import { deployment, hpa, pdb } from './fixtures.ts';
import { lineOf, ruleTester } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;
const API = deployment();
const at = (text: string, needle: string) => lineOf(text, needle);
const ingress = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: Ingress
metadata:
  name: web
  namespace: honeydue
spec:
  defaultBackend:
    service: { name: web, port: { number: 80 } }
`;
const route = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: IngressRoute
metadata:
  name: web
  namespace: honeydue
spec:
  routes: []
`;
const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: honeydue
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: nightly
              image: registry.example.com/nightly:1
`;
const knative = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
  namespace: honeydue
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
`;

{
  const v2 = API.replace('apiVersion: apps/v1', 'apiVersion: apps/v2');
  const np = `apiVersion: networking.k8s.io/v2
kind: NetworkPolicy
metadata:
  name: deny
  namespace: honeydue
spec:
  podSelector: {}
`;
  const oldPdb = pdb({ minAvailable: 1 }).replace('policy/v1', 'policy/v1beta1');
  ruleTester(rule('unserved-api-version'), {
    valid: [
      {
        name: 'the versions Kubernetes 1.32 serves: apps/v1, autoscaling/v2, policy/v1, batch/v1',
        manifests: {
          'a.yaml': API,
          'h.yaml': hpa({}),
          'p.yaml': pdb({ minAvailable: 1 }),
          'c.yaml': cronJob,
        },
      },
      {
        name: 'autoscaling/v1 HPA and networking.k8s.io/v1 Ingress',
        manifests: {
          'h.yaml': hpa({}).replace('autoscaling/v2', 'autoscaling/v1'),
          'i.yaml': ingress('networking.k8s.io/v1'),
        },
      },
      {
        name: 'Traefik routes in traefik.io and the older traefik.containo.us group',
        manifests: {
          'a.yaml': route('traefik.io/v1alpha1'),
          'b.yaml': route('traefik.containo.us/v1alpha1').replace('name: web', 'name: old'),
        },
      },
      {
        name: 'a custom resource that shares a kind name (Knative Service), and unknown kinds',
        manifests: {
          'k.yaml': knative,
          'w.yaml': 'apiVersion: example.org/v7\nkind: Widget\nmetadata:\n  name: w\n',
        },
      },
    ],
    invalid: [
      {
        name: 'apps/v2 Deployment: never served',
        manifests: { 'a.yaml': v2 },
        errors: [
          {
            messageId: 'unserved',
            message:
              'Deployment is served at `apps/v1`; `kubectl apply` refuses Deployment `api` at `apps/v2`, which the API server has never served for it.',
            file: 'a.yaml',
            line: 1,
            col: 13,
          },
        ],
      },
      {
        name: 'networking.k8s.io/v2 NetworkPolicy, apps/v1 Service',
        manifests: {
          'n.yaml': np,
          's.yaml':
            'apiVersion: apps/v1\nkind: Service\nmetadata:\n  name: web\n  namespace: honeydue\n',
        },
        errors: [
          {
            messageId: 'unserved',
            message: /NetworkPolicy is served at `networking.k8s.io\/v1`/,
            file: 'n.yaml',
            line: 1,
            col: 13,
          },
          {
            messageId: 'unserved',
            message: /Service is served at `v1`; .* at `apps\/v1`/,
            file: 's.yaml',
            line: 1,
            col: 13,
          },
        ],
      },
      {
        name: 'removed versions: extensions/v1beta1 Ingress (1.22), policy/v1beta1 PDB (1.25)',
        manifests: { 'i.yaml': `# old\n${ingress('extensions/v1beta1')}`, 'p.yaml': oldPdb },
        errors: [
          {
            messageId: 'removed',
            message:
              'Ingress is served at `networking.k8s.io/v1`; `kubectl apply` refuses Ingress `web` at `extensions/v1beta1`, which Kubernetes stopped serving in 1.22.',
            file: 'i.yaml',
            line: 2,
            col: 13,
          },
          {
            messageId: 'removed',
            message: /serving in 1\.25\.$/,
            file: 'p.yaml',
            line: at(oldPdb, 'apiVersion'),
            col: 13,
          },
        ],
      },
    ],
  });
}

{
  const noSelector = API.replace(/ {2}selector:\n {4}matchLabels:\n {6}app: "api"\n/, '');
  const emptySelector = API.replace(/ {4}matchLabels:\n {6}app: "api"\n/, '    matchLabels: {}\n');
  const noImage = API.replace(/ {10}image: .*\n/, '');
  const noName = API.replace('- name: api\n          image:', '- image:');
  const noContainers = API.replace(/ {6}containers:\n[\s\S]*$/, '      containers: []\n');
  const statefulSet = noSelector.replace('kind: Deployment', 'kind: StatefulSet');
  const EMPTY_POD =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\n  namespace: honeydue\nspec:\n  containers: []\n';
  const initNoImage = API.replace(
    '      containers:\n',
    '      initContainers:\n        - name: migrate\n      containers:\n',
  );
  ruleTester(rule('missing-required-field'), {
    valid: [
      { name: 'a selector, named containers with images', manifests: { 'a.yaml': API } },
      {
        name: 'a CronJob (its selector is generated) and a Knative Service (not a workload)',
        manifests: { 'c.yaml': cronJob, 'k.yaml': knative },
      },
      {
        name: 'a selector of matchExpressions alone',
        manifests: {
          'a.yaml': API.replace(
            /matchLabels:\n {6}app: "api"\n/,
            'matchExpressions:\n      - { key: app, operator: In, values: [api] }\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'apps/v1 Deployment and StatefulSet with no selector: at the spec line',
        manifests: { 'a.yaml': noSelector, 's.yaml': statefulSet.replace('name: api', 'name: db') },
        errors: [
          {
            messageId: 'noSelector',
            message:
              'Deployment `api` has no `spec.selector`; `apps/v1` requires one (it no longer defaults to the pod template labels), so `kubectl apply` refuses it.',
            file: 'a.yaml',
            line: at(noSelector, 'spec:'),
            col: 1,
            config: { file: 'a.yaml', line: at(noSelector, '      labels:') },
          },
          {
            messageId: 'noSelector',
            message: /^StatefulSet `db`/,
            file: 's.yaml',
            line: at(statefulSet, 'spec:'),
            col: 1,
          },
        ],
      },
      {
        name: 'a bare Pod with no containers: at its spec',
        manifests: { 'p.yaml': EMPTY_POD },
        errors: [
          {
            messageId: 'noContainers',
            message: /^Pod `one` has no containers .*`spec\.containers: Required value`/,
            file: 'p.yaml',
            line: at(EMPTY_POD, 'spec:'),
          },
        ],
      },
      {
        name: 'an empty selector: at the selector',
        manifests: { 'a.yaml': emptySelector },
        errors: [
          {
            messageId: 'emptySelector',
            file: 'a.yaml',
            line: at(emptySelector, 'selector:'),
            col: 3,
          },
        ],
      },
      {
        name: 'a container with no image, one with no name, an init container with no image',
        manifests: {
          'a.yaml': noImage,
          'b.yaml': noName.replace('name: api\n', 'name: b\n'),
          'c.yaml': initNoImage.replace('name: api\n', 'name: c\n'),
        },
        errors: [
          {
            messageId: 'noImage',
            message:
              'Container `api` of Deployment `api` has no `image`; `kubectl apply` refuses it (`spec.template.spec.containers[0].image: Required value`).',
            file: 'a.yaml',
            line: at(noImage, '- name: api'),
            col: 11,
          },
          {
            messageId: 'noName',
            message:
              'A container of Deployment `b` has no `name`; `kubectl apply` refuses it (`spec.template.spec.containers[0].name: Required value`).',
            file: 'b.yaml',
            line: at(noName, '- image:'),
            col: 11,
          },
          {
            messageId: 'noImage',
            message:
              /Container `migrate` of Deployment `c` .*`spec.template.spec.initContainers\[0\].image: Required value`/,
            file: 'c.yaml',
            line: at(initNoImage, '- name: migrate'),
            col: 11,
          },
        ],
      },
      {
        name: 'no containers: at the pod spec',
        manifests: { 'a.yaml': noContainers },
        errors: [
          {
            messageId: 'noContainers',
            message: /`spec.template.spec.containers: Required value`/,
            file: 'a.yaml',
            line: at(noContainers, '    spec:'),
            col: 5,
          },
        ],
      },
    ],
  });
}

{
  const secret = (body: string) => `apiVersion: v1
kind: Secret
metadata:
  name: app
  namespace: honeydue
${body}`;
  const configMap = (body: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: assets
  namespace: honeydue
${body}`;
  const unpadded = secret('data:\n  ok: YQ==\n  token: aGVsbG8\n');
  const urlSafe = secret('data:\n  key: "aGV-bG8_"\n');
  const folded = secret('data:\n  cert: >\n    aGVs\n    bG8=\n');
  const notStrings = secret(
    'data:\n  port: 8080\nstringData:\n  enabled: yes\n  nested:\n    a: b\n  list: [a]\n',
  );
  const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Secret
    metadata: { name: listed, namespace: honeydue }
    data: { a: "YQ==", b: "Y" }
`;
  const cmToken = configMap('data:\n  API_TOKEN: 123456\n  note: not base64\n');
  const binary = configMap('binaryData:\n  logo.png: "iVBOR w0K"\n  count: 7\n  fine: iVBORw0K\n');
  ruleTester(rule('invalid-secret-data'), {
    valid: [
      {
        name: 'padded base64, a line-broken `|` block, an empty value, a null value',
        manifests: {
          's.yaml': secret(
            'data:\n  a: aGVsbG8=\n  b: |\n    aGVs\n    bG8=\n  c: ""\n  d:\n  e: "+/+/"\n',
          ),
        },
      },
      {
        name: 'stringData takes any string, a quoted number too; the real templates hold ""',
        manifests: { 's.yaml': secret('stringData:\n  port: "8080"\n  text: not base64 at all\n') },
      },
      {
        name: 'ConfigMap binaryData in base64; its data is text, not base64',
        manifests: {
          'c.yaml': configMap(
            'data:\n  greeting: hello world\nbinaryData:\n  logo.png: iVBORw0K\n',
          ),
        },
      },
      {
        name: 'a whole `${NAME}` substitution (envsubst, Flux post-build) is not judged',
        manifests: { 's.yaml': secret('data:\n  password: ${DB_PASSWORD_B64}\n') },
      },
      {
        name: 'a Secret only quoted inside a ConfigMap (not applied as an object) is not judged',
        manifests: {
          'c.yaml': configMap(
            'data:\n  example.yaml: |\n    apiVersion: v1\n    kind: Secret\n    metadata: { name: x }\n    data: { a: "not base64" }\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'unpadded base64: refused at the short last quantum, at the key',
        manifests: { 's.yaml': unpadded },
        errors: [
          {
            messageId: 'notBase64',
            message:
              '`token` in `data` of `secret/honeydue/app` is not base64, so `kubectl apply` refuses the Secret (`illegal base64 data at input byte 4`).',
            file: 's.yaml',
            line: at(unpadded, 'token:'),
            col: 3,
          },
        ],
      },
      {
        name: 'the URL-safe alphabet: refused at its first `-`',
        manifests: { 's.yaml': urlSafe },
        errors: [
          {
            messageId: 'notBase64',
            message: /input byte 3`\)\.$/,
            file: 's.yaml',
            line: at(urlSafe, 'key:'),
            col: 3,
          },
        ],
      },
      {
        name: 'a folded `>` block joins its lines with a space: refused there',
        manifests: { 's.yaml': folded },
        errors: [
          {
            messageId: 'notBase64',
            message: /`cert` in `data` .* input byte 4`\)\.$/,
            file: 's.yaml',
            line: at(folded, 'cert:'),
            col: 3,
          },
        ],
      },
      {
        name: 'a number in data, a YAML 1.1 boolean, a mapping and a list in stringData',
        manifests: { 's.yaml': notStrings },
        errors: [
          {
            messageId: 'notString',
            message:
              '`port` in `data` of `secret/honeydue/app` is a YAML number, not a string, so `kubectl apply` refuses the Secret (`cannot unmarshal number into Go struct field Secret.data of type []uint8`).',
            file: 's.yaml',
            line: at(notStrings, 'port:'),
            col: 3,
          },
          {
            messageId: 'notString',
            message:
              /`enabled` in `stringData` .* YAML boolean, .* unmarshal bool .* of type string`\)\.$/,
            file: 's.yaml',
            line: at(notStrings, 'enabled:'),
            col: 3,
          },
          {
            messageId: 'notString',
            message: /`nested` .* YAML mapping, .* unmarshal object /,
            file: 's.yaml',
            line: at(notStrings, 'nested:'),
            col: 3,
          },
          {
            messageId: 'notString',
            message: /`list` .* YAML list, .* unmarshal array /,
            file: 's.yaml',
            line: at(notStrings, 'list:'),
            col: 3,
          },
        ],
      },
      {
        name: 'a Secret in a List, in a flow mapping: at its key',
        manifests: { 'l.yaml': list },
        errors: [
          {
            messageId: 'notBase64',
            message: /`b` in `data` of `secret\/honeydue\/listed` .* input byte 0`\)\.$/,
            file: 'l.yaml',
            line: at(list, '    data:'),
            col: list.split('\n')[at(list, '    data:') - 1].indexOf('b:') + 1,
          },
        ],
      },
      {
        name: 'a ConfigMap data number whose name says credential: blanked, so judged here',
        manifests: { 'c.yaml': cmToken },
        errors: [
          {
            messageId: 'notString',
            message:
              '`API_TOKEN` in `data` of `configmap/honeydue/assets` is a YAML number, not a string, so `kubectl apply` refuses the ConfigMap (`cannot unmarshal number into Go struct field ConfigMap.data of type string`).',
            file: 'c.yaml',
            line: at(cmToken, 'API_TOKEN'),
            col: 3,
          },
        ],
      },
      {
        name: 'ConfigMap binaryData: not base64, and a number',
        manifests: { 'c.yaml': binary },
        errors: [
          {
            messageId: 'notBase64',
            message:
              '`logo.png` in `binaryData` of `configmap/honeydue/assets` is not base64, so `kubectl apply` refuses the ConfigMap (`illegal base64 data at input byte 5`).',
            file: 'c.yaml',
            line: at(binary, 'logo.png'),
            col: 3,
          },
          {
            messageId: 'notString',
            message:
              /`count` in `binaryData` .* Go struct field ConfigMap\.binaryData of type \[\]uint8`\)\.$/,
            file: 'c.yaml',
            line: at(binary, 'count:'),
            col: 3,
          },
        ],
      },
    ],
  });
}
