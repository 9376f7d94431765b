/**
 * The extracted facts: the JSON contract of `npm run extract -- --format json`
 * (documented in docs/extract-schema.md; bump SCHEMA_VERSION on any breaking
 * change). Every object carries `source`, the manifest file:line it came from.
 */
import type { InputWarning, Position } from './errors.ts';
import type { Redaction } from './redact.ts';

export const SCHEMA_VERSION = 1;

export type Source = Pick<Position, 'file' | 'line'>;

/** A resource quantity: as written, and in base units (cores or bytes). */
export interface Quantity {
  raw: string;
  value: number;
}

export interface ResourceSet {
  cpu: Quantity | null;
  memory: Quantity | null;
}

export interface Probe {
  type: 'httpGet' | 'tcpSocket' | 'exec' | 'grpc' | 'unknown';
  path: string | null;
  port: number | string | null;
  command: string[] | null;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
  /** periodSeconds × failureThreshold (+ initialDelaySeconds): how long before it gives up. */
  budgetSeconds: number;
  source: Source;
}

export interface ContainerPort {
  name: string | null;
  containerPort: number;
  protocol: string;
}

export interface Container {
  name: string;
  image: string;
  imageRepository: string;
  imageTag: string | null;
  init: boolean;
  ports: ContainerPort[];
  requests: ResourceSet;
  limits: ResourceSet;
  probes: { startup: Probe | null; readiness: Probe | null; liveness: Probe | null };
  envFromConfigMaps: string[];
  secretKeyRefs: { secret: string; key: string; env: string }[];
  configMapKeyRefs: { configMap: string; key: string; env: string }[];
  volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
  readOnlyRootFilesystem: boolean | null;
  source: Source;
}

export interface Volume {
  name: string;
  type: string;
  /** Secret, ConfigMap or claim name; emptyDir medium. */
  ref: string | null;
  sizeLimit: Quantity | null;
}

export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'ReplicaSet';
  namespace: string;
  name: string;
  /** Desired replicas; the Kubernetes default (1) when omitted; null for DaemonSets (one per node). */
  replicas: number | null;
  replicasDefaulted: boolean;
  /** From the `book.honeydue.dev/role` and `/stack` annotations, when present. */
  role: string | null;
  stack: string | null;
  strategy: {
    type: string;
    maxUnavailable: string | number | null;
    maxSurge: string | number | null;
  } | null;
  schedule: string | null;
  podLabels: Record<string, string>;
  selector: Record<string, string>;
  nodeSelector: Record<string, string>;
  serviceAccountName: string | null;
  automountServiceAccountToken: boolean | null;
  securityContext: {
    runAsUser: number | null;
    runAsGroup: number | null;
    fsGroup: number | null;
    runAsNonRoot: boolean | null;
  };
  topologySpread: { topologyKey: string; maxSkew: number; whenUnsatisfiable: string }[];
  containers: Container[];
  initContainers: Container[];
  volumes: Volume[];
  applied: boolean;
  source: Source;
}

export interface ServicePort {
  name: string | null;
  port: number;
  targetPort: number | string;
  protocol: string;
  nodePort: number | null;
}

export interface Service {
  namespace: string;
  name: string;
  type: string;
  selector: Record<string, string>;
  ports: ServicePort[];
  applied: boolean;
  source: Source;
}

export interface Route {
  /** IngressRoute or Ingress. */
  kind: string;
  namespace: string;
  name: string;
  host: string;
  path: string | null;
  entryPoints: string[];
  middlewares: string[];
  service: string;
  port: number | string | null;
  tlsSecret: string | null;
  applied: boolean;
  source: Source;
}

export interface Middleware {
  namespace: string;
  name: string;
  type: string;
  applied: boolean;
  source: Source;
}

export interface Pdb {
  namespace: string;
  name: string;
  minAvailable: number | string | null;
  maxUnavailable: number | string | null;
  selector: Record<string, string>;
  applied: boolean;
  source: Source;
}

export interface Hpa {
  namespace: string;
  name: string;
  target: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  metrics: { resource: string; averageUtilization: number | null }[];
  applied: boolean;
  source: Source;
}

export interface NetworkPolicyPeer {
  podSelector: Record<string, string> | null;
  podSelectorExpressions: { key: string; operator: string; values: string[] }[];
  namespaceSelector: Record<string, string> | null;
  ipBlock: { cidr: string; except: string[] } | null;
}

export interface NetworkPolicyRule {
  peers: NetworkPolicyPeer[];
  ports: { protocol: string; port: number | string | null }[];
  source: Source;
}

export interface NetworkPolicy {
  namespace: string;
  name: string;
  podSelector: Record<string, string>;
  podSelectorExpressions: { key: string; operator: string; values: string[] }[];
  policyTypes: string[];
  ingress: NetworkPolicyRule[];
  egress: NetworkPolicyRule[];
  applied: boolean;
  source: Source;
}

export interface Pvc {
  namespace: string;
  name: string;
  storage: Quantity | null;
  storageClassName: string | null;
  accessModes: string[];
  applied: boolean;
  source: Source;
}

export interface ConfigMap {
  namespace: string;
  name: string;
  data: { key: string; value: string; source: Source }[];
  applied: boolean;
  source: Source;
}

/** Key names only: values never leave the loader. */
export interface Secret {
  namespace: string;
  name: string;
  type: string;
  keys: { key: string; source: Source }[];
  applied: boolean;
  source: Source;
}

export interface ServiceAccount {
  namespace: string;
  name: string;
  automountServiceAccountToken: boolean | null;
  applied: boolean;
  source: Source;
}

export interface Entrypoint {
  name: string;
  port: number;
  exposed: boolean;
  tls: boolean;
  source: Source;
}

export interface Traefik {
  kind: string;
  hostNetwork: boolean;
  entrypoints: Entrypoint[];
  source: Source;
}

export interface Node {
  sshAlias: string;
  publicIp: string;
  hostname: string;
  instanceType: string;
  vcpu: number;
  memory: Quantity;
  disk: Quantity;
  diskType: string | null;
  location: string;
  roles: string[];
  labels: Record<string, string>;
  os: string;
  k3s: string;
  containerd: string;
  monthlyPrice: { amount: number; currency: string; asOf: string | null } | null;
  source: Source;
}

export interface HostListener {
  name: string;
  port: string;
  protocol: string;
  source: Source;
}

export interface UfwRule {
  name: string;
  port: string;
  protocol: string;
  from: string[];
  comment: string | null;
  why: string | null;
  nodes: string[];
  source: Source;
}

export interface DnsRecord {
  type: string;
  name: string;
  content: string;
  proxied: boolean;
  source: Source;
}

export interface Cloudflare {
  zone: string;
  plan: string;
  sslMode: string;
  sslModeLabel: string;
  minTlsVersion: string | null;
  originCertificate: Record<string, string | string[]> | null;
  dns: DnsRecord[];
  source: Source;
}

export interface ResourceTotals {
  requests: { cpuMillicores: number; memoryBytes: number };
  limits: { cpuMillicores: number; memoryBytes: number };
  /** Containers with no limit set: the limit total is a lower bound then. */
  unlimited: { cpu: number; memory: number };
  replicas: number;
}

export interface Extracted {
  schemaVersion: number;
  manifests: string;
  documents: {
    objects: number;
    empty: number;
    byKind: Record<string, number>;
    /** Kinds the extractor does not model: counted and passed over. */
    skipped: { kind: string; apiVersion: string; name: string; source: Source }[];
  };
  /**
   * Values blanked at load (Secret values, credential env values, serialized
   * annotations, managedFields), where they were; `credential: true` marks a
   * literal credential committed to config.
   */
  redactions: Redaction[];
  /** Problems that did not stop the extraction, e.g. a key repeated with the same value. */
  warnings: InputWarning[];
  /** Files listed by a kustomization.yaml, if there is one; otherwise everything counts as applied. */
  applied: { kustomization: Source | null; files: string[]; notApplied: string[] };
  workloads: Workload[];
  services: Service[];
  routes: Route[];
  middlewares: Middleware[];
  pdbs: Pdb[];
  hpas: Hpa[];
  networkPolicies: NetworkPolicy[];
  pvcs: Pvc[];
  configMaps: ConfigMap[];
  secrets: Secret[];
  serviceAccounts: ServiceAccount[];
  traefik: Traefik | null;
  nodes: Node[];
  hostListeners: HostListener[];
  ufw: { defaults: Record<string, string>; rules: UfwRule[]; source: Source } | null;
  cloudflare: Cloudflare | null;
  /** Per-namespace replicas × requests/limits over Deployments and StatefulSets. */
  totals: Record<string, ResourceTotals>;
  capacity: {
    nodes: number;
    cpuMillicores: number;
    memoryBytes: number;
    /** Share of capacity requested / limited, 0–1, over all namespaces. */
    share: { requests: { cpu: number; memory: number }; limits: { cpu: number; memory: number } };
  } | null;
}
