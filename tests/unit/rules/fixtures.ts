/** Small manifests for rule tests: a consistent little cluster, each piece overridable. */

export interface DeploymentOptions {
  name?: string;
  namespace?: string;
  replicas?: number;
  labels?: Record<string, string>;
  selector?: Record<string, string>;
  port?: number;
  portName?: string;
  extraContainer?: string;
  envFrom?: string;
  env?: string;
  nodeSelector?: Record<string, string>;
  serviceAccount?: string;
  resources?: string;
  probes?: string;
  volumes?: string;
}

const map = (m: Record<string, string>, indent: string) =>
  Object.entries(m)
    .map(([k, v]) => `${indent}${k}: "${v}"`)
    .join('\n');

export function deployment(o: DeploymentOptions = {}): string {
  const name = o.name ?? 'api';
  const labels = o.labels ?? { app: name };
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${o.namespace ?? 'honeydue'}
spec:
  replicas: ${o.replicas ?? 2}
  selector:
    matchLabels:
${map(o.selector ?? labels, '      ')}
  template:
    metadata:
      labels:
${map(labels, '        ')}
    spec:
${o.serviceAccount ? `      serviceAccountName: ${o.serviceAccount}\n` : ''}${o.nodeSelector ? `      nodeSelector:\n${map(o.nodeSelector, '        ')}\n` : ''}      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0.0
          ports:
            - name: ${o.portName ?? 'http'}
              containerPort: ${o.port ?? 8000}
${o.envFrom ? `          envFrom:\n            - configMapRef:\n                name: ${o.envFrom}\n` : ''}${o.env ?? ''}${o.resources ?? ''}${o.probes ?? ''}${o.extraContainer ?? ''}${o.volumes ?? ''}`;
}

export function service(
  o: {
    name?: string;
    selector?: Record<string, string>;
    port?: number;
    targetPort?: number | string;
  } = {},
): string {
  const name = o.name ?? 'api';
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: honeydue
spec:
  selector:
${map(o.selector ?? { app: name }, '    ')}
  ports:
    - name: http
      port: ${o.port ?? 8000}
      targetPort: ${o.targetPort ?? 'http'}
`;
}

export const NODES = `apiVersion: book.honeydue.dev/v1
kind: NodeInventory
metadata:
  name: test
spec:
  provider: Hetzner Cloud
  location: { code: nbg1, city: Nuremberg, country: Germany }
  defaults:
    instanceType: CX33
    vcpu: 4
    memory: 8Gi
    disk: 80Gi
    os: Ubuntu 24.04.3 LTS
    k3s: v1.34.6+k3s1
    containerd: v2.2.2
    roles: [control-plane, etcd]
  nodes:
    - sshAlias: n1
      publicIp: 192.0.2.11
      hostname: host-1
      labels:
        honeydue/redis: "true"
    - sshAlias: n2
      publicIp: 192.0.2.12
      hostname: host-2
  hostListeners:
    - { name: sshd, port: 22, protocol: tcp }
    - { name: kubelet, port: 10250, protocol: tcp }
`;

export function ufw(rules: string): string {
  return `apiVersion: book.honeydue.dev/v1
kind: UfwPolicy
metadata:
  name: nodes
spec:
  appliesTo: all
  defaults: { incoming: deny, outgoing: allow, routed: allow }
  rules:
${rules}`;
}

export const UFW_RULES = {
  ssh: `    - name: ssh
      port: 22
      protocol: tcp
      from: [any]
`,
  https: `    - name: https
      port: 443
      protocol: tcp
      from: [173.245.48.0/20]
`,
  kubelet: `    - name: kubelet
      port: 10250
      protocol: tcp
      from: [192.0.2.11, 192.0.2.12]
`,
};

export function traefik(ports: string): string {
  return `apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: traefik
  namespace: kube-system
spec:
  valuesContent: |-
    deployment:
      kind: DaemonSet
    hostNetwork: true
    ports:
${ports}`;
}

export const WEBSECURE = `      websecure:
        port: 443
        expose:
          default: true
`;

export function zone(records: string): string {
  return `apiVersion: book.honeydue.dev/v1
kind: CloudflareZone
metadata:
  name: example.com
spec:
  zone: example.com
  plan: Free
  ssl:
    mode: strict
  dns:
${records}`;
}

export const a = (name: string, ip: string) =>
  `    - { type: A, name: ${name}, content: ${ip}, proxied: true }\n`;

export function ingressRoute(
  o: {
    name?: string;
    host?: string;
    service?: string;
    port?: number;
    middlewares?: string[];
    tls?: string;
  } = {},
): string {
  return `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: ${o.name ?? o.service ?? 'api'}
  namespace: honeydue
spec:
  entryPoints: [websecure]
  routes:
    - kind: Rule
      match: Host(\`${o.host ?? 'api.example.com'}\`)
${(o.middlewares ?? []).length ? `      middlewares:\n${o.middlewares!.map((m) => `        - name: ${m}\n`).join('')}` : ''}      services:
        - name: ${o.service ?? 'api'}
          port: ${o.port ?? 8000}
${o.tls ? `  tls:\n    secretName: ${o.tls}\n` : ''}`;
}

/**
 * An Ingress of one rule, or of a default backend alone. A rule without a host and a default
 * backend both match every host.
 */
export function ingress(
  o: { name?: string; host?: string; service?: string; defaultBackend?: boolean } = {},
): string {
  const backend = `service: { name: ${o.service ?? 'api'}, port: { number: 8000 } }`;
  const head = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${o.name ?? 'api'}
  namespace: honeydue
spec:
`;
  if (o.defaultBackend) return `${head}  defaultBackend:\n    ${backend}\n`;
  return `${head}  rules:
    - ${o.host ? `host: ${o.host}\n      ` : ''}http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              ${backend}
`;
}

export function middleware(name: string): string {
  return `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: ${name}
  namespace: honeydue
spec:
  compress: {}
`;
}

export function configMap(name: string, data: Record<string, string>): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: honeydue
data:
${map(data, '  ')}
`;
}

export function secret(name: string, keys: string[], value = ''): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: honeydue
type: Opaque
stringData:
${keys.map((k) => `  ${k}: "${value}"`).join('\n')}
`;
}

export function pdb(o: {
  name?: string;
  selector?: Record<string, string>;
  minAvailable?: number | string;
}): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${o.name ?? 'api-pdb'}
  namespace: honeydue
spec:
  minAvailable: ${o.minAvailable ?? 1}
  selector:
    matchLabels:
${map(o.selector ?? { app: 'api' }, '      ')}
`;
}

export function hpa(o: { target?: string; min?: number; max?: number }): string {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api-hpa
  namespace: honeydue
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${o.target ?? 'api'}
  minReplicas: ${o.min ?? 2}
  maxReplicas: ${o.max ?? 4}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: { type: Utilization, averageUtilization: 70 }
`;
}

export function networkPolicy(o: {
  name?: string;
  podSelector?: Record<string, string>;
  ingressPort?: number;
  egressTo?: Record<string, string>;
  egressPort?: number;
  types?: string[];
}): string {
  const types = o.types ?? [
    ...(o.ingressPort ? ['Ingress'] : []),
    ...(o.egressTo || o.egressPort ? ['Egress'] : []),
  ];
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${o.name ?? 'allow-api'}
  namespace: honeydue
spec:
  podSelector:
    matchLabels:
${map(o.podSelector ?? { app: 'api' }, '      ')}
  policyTypes: [${types.join(', ')}]
${o.ingressPort ? `  ingress:\n    - ports:\n        - port: ${o.ingressPort}\n` : ''}${o.egressTo || o.egressPort ? `  egress:\n    - ${o.egressTo ? `to:\n        - podSelector:\n            matchLabels:\n${map(o.egressTo, '              ')}\n      ` : ''}ports:\n        - port: ${o.egressPort ?? 53}\n` : ''}`;
}

/** A root kustomization that applies these files only: every other file is defined, not applied. */
export const applies = (files: string[]): string =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${files.join(', ')}]\n`;

/**
 * A prometheus-operator Prometheus: the operator runs its pods with `spec.podMetadata.labels`;
 * no workload of the manifests has them.
 */
export function prometheus(labels: Record<string, string>): string {
  return `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: honeydue
spec:
  replicas: 2
  podMetadata:
    labels:
${map(labels, '      ')}
  serviceMonitorSelector:
    matchLabels:
      team: ops
`;
}

/**
 * A Role of the namespace allowing `verbs` on `resources` (of the core group unless `apiGroups`
 * says), bound to the ServiceAccount `api`; or the built-in `cluster-admin` bound to it by a
 * ClusterRoleBinding.
 */
export function grant(o: {
  resources?: string;
  verbs?: string;
  apiGroups?: string;
  clusterAdmin?: boolean;
}): string {
  const subjects = 'subjects:\n  - { kind: ServiceAccount, name: api, namespace: honeydue }\n';
  if (o.clusterAdmin)
    return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: api-admin
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
${subjects}`;
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: maker
  namespace: honeydue
rules:
  - apiGroups: [${o.apiGroups ?? '""'}]
    resources: [${o.resources}]
    verbs: [${o.verbs}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: api-maker
  namespace: honeydue
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: maker }
${subjects}`;
}
