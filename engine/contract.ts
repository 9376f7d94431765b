/**
 * The JSON contract of `npm run extract -- --format json`, as zod schemas:
 * the one source of the TypeScript types (engine/types.ts infers them), of
 * the JSON Schema in docs/extract-schema.json (`z.toJSONSchema`) and of the
 * test that reads real output against it. Stable within a `schemaVersion`:
 * fields are only added, never renamed or removed, without bumping it.
 *
 * Imported at run time only by tests and tools; the engine imports types only.
 */
import { z } from 'zod';

import { INPUT_WARNINGS, type InputWarningCode } from './errors.ts';
import { WORKLOAD_KIND_NAMES } from './model/kinds/workload.ts';
import { REDACTION_KINDS } from './redact.ts';
import { DATA_FIELDS, NON_STRING_TYPES } from './secret-data.ts';
import { SCHEMA_VERSION } from './types.ts';

export { SCHEMA_VERSION };

const str = z.string();
const int = z.number().int();
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const stringMap = z.record(z.string(), z.string());

export const SourceSchema = z
  .object({
    file: str.describe('Manifest file, relative to the working directory'),
    line: int.describe('1-based line; 0 for a value derived from many manifests'),
  })
  .describe('Where a value is written');

export const QuantitySchema = z
  .object({
    raw: str.describe('As written: `250m`, `512Mi`, `1e3`'),
    value: z.number().describe('In base units: cores for CPU, bytes for memory and storage'),
  })
  .describe('A resource quantity');

/** A `matchExpressions` requirement; engine/selector.ts takes its type from here. */
export const RequirementSchema = z.object({ key: str, operator: str, values: z.array(str) });

export const ProbeSchema = z
  .object({
    type: z.enum(['httpGet', 'tcpSocket', 'exec', 'grpc', 'unknown']),
    path: nullable(str),
    port: z.union([int, str]).nullable(),
    command: z.array(str).nullable(),
    initialDelaySeconds: int,
    periodSeconds: int,
    timeoutSeconds: int,
    failureThreshold: int,
    successThreshold: int,
    budgetSeconds: int.describe('initialDelaySeconds + periodSeconds × failureThreshold'),
    source: SourceSchema,
  })
  .describe('A probe with the Kubernetes defaults filled in');

export const ContainerPortSchema = z.object({
  name: nullable(str),
  containerPort: int,
  protocol: str,
  source: SourceSchema,
});

export const EnvVarSchema = z
  .object({
    name: str,
    from: z.enum([
      'value',
      'configMapKeyRef',
      'secretKeyRef',
      'fieldRef',
      'resourceFieldRef',
      'none',
    ]),
    value: nullable(str).describe('A literal value (already redacted when it names a credential)'),
    ref: z
      .object({ name: str, key: str, optional: z.boolean() })
      .nullable()
      .describe('configMapKeyRef / secretKeyRef'),
    fieldPath: nullable(str),
    resource: nullable(str),
    source: SourceSchema,
  })
  .describe('One `env` entry');

export const EnvFromSchema = z.object({
  from: z.enum(['configMapRef', 'secretRef']),
  name: str,
  prefix: nullable(str),
  optional: z.boolean(),
  source: SourceSchema,
});

const ResourceSetSchema = z.object({
  cpu: QuantitySchema.nullable(),
  memory: QuantitySchema.nullable(),
});

export const ContainerSchema = z.object({
  name: str,
  image: str,
  imageRepository: str,
  imageTag: nullable(str),
  init: z.boolean(),
  sidecar: z
    .boolean()
    .describe(
      'An init container with restartPolicy: Always (a native sidecar): it runs beside the containers, its ports and requests are the pod’s',
    ),
  ports: z.array(ContainerPortSchema),
  requests: ResourceSetSchema,
  limits: ResourceSetSchema,
  probes: z.object({
    startup: ProbeSchema.nullable(),
    readiness: ProbeSchema.nullable(),
    liveness: ProbeSchema.nullable(),
  }),
  env: z.array(EnvVarSchema),
  envFrom: z.array(EnvFromSchema),
  envFromConfigMaps: z.array(str),
  secretKeyRefs: z.array(z.object({ secret: str, key: str, env: str })).describe('Key names only'),
  configMapKeyRefs: z.array(z.object({ configMap: str, key: str, env: str })),
  volumeMounts: z.array(
    z.object({
      name: str,
      mountPath: str,
      readOnly: z.boolean(),
      subPath: str.nullable().describe('The one file or folder of the volume mounted at mountPath'),
    }),
  ),
  readOnlyRootFilesystem: z.boolean().nullable(),
  runAsNonRoot: z.boolean().nullable().describe("The container's own; the pod's applies when null"),
  allowPrivilegeEscalation: z.boolean().nullable(),
  capabilitiesDrop: z.array(str),
  seccompProfile: nullable(str).describe(
    "The container's own profile type; the pod's applies when null",
  ),
  flags: z
    .array(z.object({ flag: str, value: str, source: SourceSchema }))
    .describe(
      '`--name value` flags of its command and args, a `sh -c` script too (Redis `--maxmemory 256mb`)',
    ),
  source: SourceSchema,
});

export const VolumeRefSchema = z
  .object({
    kind: z.enum(['configMap', 'secret', 'persistentVolumeClaim']),
    name: str,
    items: z.array(str).describe('The keys projected with `items`; [] for all'),
    paths: z
      .array(str)
      .describe('The file each of `items` becomes under the mount (its `path`, else its key)'),
    optional: z.boolean(),
    source: SourceSchema,
  })
  .describe('A ConfigMap, Secret or claim a volume reads (projected volumes have several)');

export const VolumeSchema = z.object({
  name: str,
  type: str,
  ref: nullable(str).describe('Secret, ConfigMap or claim name; emptyDir medium'),
  refs: z.array(VolumeRefSchema),
  defaultMode: int.nullable(),
  sizeLimit: QuantitySchema.nullable(),
  source: SourceSchema,
});

export const WorkloadSchema = z.object({
  kind: z.enum(WORKLOAD_KIND_NAMES),
  apiVersion: str,
  namespace: str.describe('"default" when metadata.namespace is absent'),
  name: str,
  replicas: int
    .nullable()
    .describe(
      'Desired replicas; 1 when omitted (replicasDefaulted) and for a bare Pod; null for DaemonSets (one per node)',
    ),
  replicasDefaulted: z.boolean(),
  role: nullable(str).describe('book.honeydue.dev/role annotation'),
  stack: nullable(str).describe('book.honeydue.dev/stack annotation'),
  strategy: z
    .object({
      type: str,
      maxUnavailable: z.union([int, str]).nullable(),
      maxSurge: z.union([int, str]).nullable(),
    })
    .nullable(),
  schedule: nullable(str),
  podLabels: stringMap,
  podLabelsSource: SourceSchema,
  selector: stringMap.describe('spec.selector.matchLabels'),
  selectorExpressions: z.array(RequirementSchema).describe('spec.selector.matchExpressions'),
  selectorSource: SourceSchema,
  nodeSelector: stringMap,
  serviceAccountName: nullable(str),
  serviceAccountSource: SourceSchema.nullable(),
  automountServiceAccountToken: z.boolean().nullable(),
  imagePullSecrets: z.array(z.object({ name: str, source: SourceSchema })),
  securityContext: z.object({
    runAsUser: int.nullable(),
    runAsGroup: int.nullable(),
    fsGroup: int.nullable(),
    runAsNonRoot: z.boolean().nullable(),
    seccompProfile: nullable(str).describe('The seccomp profile type (RuntimeDefault, Localhost…)'),
  }),
  topologySpread: z.array(z.object({ topologyKey: str, maxSkew: int, whenUnsatisfiable: str })),
  containers: z.array(ContainerSchema),
  initContainers: z.array(ContainerSchema),
  volumes: z.array(VolumeSchema),
  applied: z.boolean(),
  source: SourceSchema,
});

export const ServicePortSchema = z.object({
  name: nullable(str),
  port: int,
  targetPort: z.union([int, str]),
  protocol: str,
  nodePort: int.nullable(),
});

export const ServiceSchema = z.object({
  namespace: str,
  name: str,
  type: str,
  headless: z.boolean().describe('`clusterIP: None`: its DNS name resolves to the pods themselves'),
  selector: stringMap.describe('Empty: the Service selects no pods'),
  selectorSource: SourceSchema,
  ports: z.array(ServicePortSchema),
  applied: z.boolean(),
  source: SourceSchema,
});

export const RouteSchema = z.object({
  kind: str.describe('IngressRoute or Ingress'),
  namespace: str,
  name: str,
  host: str.describe('`*` for an Ingress rule without a host or its default backend'),
  path: nullable(str),
  entryPoints: z.array(str),
  middlewares: z.array(str),
  middlewareRefs: z
    .array(z.object({ namespace: str, name: str }))
    .describe(
      "The middlewares with the namespace each names (an IngressRoute's own unless it says otherwise)",
    ),
  service: str,
  serviceNamespace: str.describe(
    "The Service's namespace: the route's own unless it names another",
  ),
  serviceKind: str.describe('Service, or TraefikService (a Traefik weighted or mirroring service)'),
  port: z.union([int, str]).nullable(),
  serviceSource: SourceSchema,
  tlsSecret: nullable(str),
  defaultBackend: z.boolean().describe('An Ingress default backend, for requests no rule matches'),
  applied: z.boolean(),
  source: SourceSchema,
});

export const MiddlewareSchema = z.object({
  namespace: str,
  name: str,
  type: str,
  applied: z.boolean(),
  source: SourceSchema,
});

export const PdbBudgetSchema = z
  .object({
    workloads: z.array(z.object({ kind: str, namespace: str, name: str })),
    expectedPods: int.describe(
      "Replicas of the selected workloads (for an applied budget, the applied ones); of a workload that leaves replicas to an applied HPA, the HPA's minReplicas",
    ),
    minAvailable: int.nullable().describe('minAvailable resolved to pods (percentages rounded up)'),
    maxUnavailable: int.nullable().describe('maxUnavailable resolved to pods (rounded up)'),
    desiredHealthy: int,
    allowedDisruptions: int.describe('With every expected pod healthy'),
  })
  .describe('What the disruption controller computes for the budget');

export const PdbSchema = z.object({
  namespace: str,
  name: str,
  minAvailable: z.union([int, str]).nullable(),
  minAvailableSource: SourceSchema.nullable(),
  maxUnavailable: z.union([int, str]).nullable(),
  maxUnavailableSource: SourceSchema.nullable(),
  selector: stringMap,
  selectorExpressions: z.array(RequirementSchema),
  selectorSource: SourceSchema,
  budget: PdbBudgetSchema,
  applied: z.boolean(),
  source: SourceSchema,
});

export const HpaSchema = z.object({
  namespace: str,
  name: str,
  apiVersion: str,
  target: z.object({ kind: str, name: str }),
  targetSource: SourceSchema,
  minReplicas: int,
  maxReplicas: int,
  metrics: z.array(
    z.object({
      type: str.describe('Resource, ContainerResource, Pods, Object or External'),
      resource: str.describe('cpu, memory, or the metric name'),
      averageUtilization: int.nullable(),
      averageValue: nullable(str),
      source: SourceSchema,
    }),
  ),
  applied: z.boolean(),
  source: SourceSchema,
});

export const NetworkPolicyPeerSchema = z.object({
  podSelector: stringMap.nullable(),
  podSelectorExpressions: z.array(RequirementSchema),
  namespaceSelector: stringMap.nullable(),
  namespaceSelectorExpressions: z.array(RequirementSchema),
  ipBlock: z.object({ cidr: str, except: z.array(str) }).nullable(),
  source: SourceSchema,
});

export const NetworkPolicyRuleSchema = z.object({
  peers: z.array(NetworkPolicyPeerSchema),
  ports: z.array(
    z.object({
      protocol: str,
      port: z.union([int, str]).nullable(),
      endPort: int.nullable().describe('The last port of the range from `port`, when one is given'),
    }),
  ),
  source: SourceSchema,
});

export const NetworkPolicySchema = z.object({
  namespace: str,
  name: str,
  podSelector: stringMap,
  podSelectorExpressions: z.array(RequirementSchema),
  podSelectorSource: SourceSchema,
  policyTypes: z.array(str),
  ingress: z.array(NetworkPolicyRuleSchema),
  egress: z.array(NetworkPolicyRuleSchema),
  applied: z.boolean(),
  source: SourceSchema,
});

export const PvcSchema = z.object({
  namespace: str,
  name: str,
  storage: QuantitySchema.nullable(),
  storageClassName: nullable(str),
  accessModes: z.array(str),
  applied: z.boolean(),
  source: SourceSchema,
});

export const ConfigMapSchema = z.object({
  namespace: str,
  name: str,
  data: z.array(z.object({ key: str, value: str, source: SourceSchema })),
  applied: z.boolean(),
  source: SourceSchema,
});

export const SecretSchema = z
  .object({
    namespace: str,
    name: str,
    type: str,
    keys: z.array(z.object({ key: str, source: SourceSchema })),
    applied: z.boolean(),
    source: SourceSchema,
  })
  .describe('Key names only: values never leave the loader');

export const ServiceAccountSchema = z.object({
  namespace: str,
  name: str,
  automountServiceAccountToken: z.boolean().nullable(),
  applied: z.boolean(),
  source: SourceSchema,
});

export const RoleSchema = z.object({
  kind: z.enum(['Role', 'ClusterRole']),
  namespace: nullable(str).describe('null for a ClusterRole'),
  name: str,
  rules: z.array(
    z.object({
      apiGroups: z.array(str),
      resources: z.array(str),
      verbs: z.array(str),
      source: SourceSchema,
    }),
  ),
  applied: z.boolean(),
  source: SourceSchema,
});

export const RoleBindingSchema = z.object({
  kind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
  namespace: nullable(str).describe('null for a ClusterRoleBinding'),
  name: str,
  roleRef: z.object({ kind: str, name: str, source: SourceSchema }),
  subjects: z.array(
    z.object({
      kind: str,
      name: str,
      namespace: nullable(str).describe(
        "A ServiceAccount's namespace: the binding's own when a RoleBinding leaves it out",
      ),
      source: SourceSchema,
    }),
  ),
  applied: z.boolean(),
  source: SourceSchema,
});

export const EntrypointSchema = z.object({
  name: str,
  port: int,
  exposed: z.boolean(),
  tls: z.boolean(),
  source: SourceSchema,
});

export const TraefikSchema = z.object({
  kind: str,
  hostNetwork: z.boolean(),
  entrypoints: z.array(EntrypointSchema),
  source: SourceSchema,
});

export const NodeSchema = z.object({
  sshAlias: str,
  publicIp: str,
  hostname: str,
  instanceType: str,
  vcpu: int,
  memory: QuantitySchema,
  disk: QuantitySchema,
  diskType: nullable(str),
  location: str,
  roles: z.array(str),
  labels: stringMap,
  os: str,
  k3s: str,
  containerd: str,
  monthlyPrice: z.object({ amount: z.number(), currency: str, asOf: nullable(str) }).nullable(),
  source: SourceSchema,
});

export const HostListenerSchema = z.object({
  name: str,
  port: str,
  protocol: str,
  source: SourceSchema,
});

export const UfwRuleSchema = z.object({
  name: str,
  port: str,
  protocol: str,
  from: z.array(str),
  comment: nullable(str),
  why: nullable(str),
  nodes: z.array(str),
  source: SourceSchema,
});

export const DnsRecordSchema = z.object({
  type: str,
  name: str,
  content: str,
  proxied: z.boolean(),
  source: SourceSchema,
});

export const CloudflareSchema = z.object({
  zone: str,
  plan: str,
  sslMode: str,
  sslModeLabel: str,
  minTlsVersion: nullable(str),
  originCertificate: z.record(z.string(), z.union([str, z.array(str)])).nullable(),
  dns: z.array(DnsRecordSchema),
  source: SourceSchema,
});

export const ResourceTotalsSchema = z.object({
  requests: z.object({ cpuMillicores: int, memoryBytes: int }),
  limits: z.object({ cpuMillicores: int, memoryBytes: int }),
  unlimited: z
    .object({ cpu: int, memory: int })
    .describe('Containers with no limit set: the limit total is a lower bound then'),
  replicas: int,
});

const RefusalBase = z.object({
  field: z.enum(DATA_FIELDS),
  line: int.describe('Where the key of the refused value is written'),
  col: int,
});

const RedactionSchema = z
  .object({
    file: str,
    line: int.describe('Where the blank now stands'),
    col: int,
    kind: z.enum(REDACTION_KINDS),
    name: str.describe('The Secret key, variable, ConfigMap key, flag or annotation'),
    object: nullable(str).describe('kind/namespace/name'),
    credential: z.boolean().describe('A literal credential committed to config'),
    refused: z
      .discriminatedUnion('problem', [
        RefusalBase.extend({
          problem: z.literal('not-base64'),
          byte: int.describe('The byte of the value at which base64 decoding fails'),
        }),
        RefusalBase.extend({ problem: z.literal('not-string'), type: z.enum(NON_STRING_TYPES) }),
      ])
      .optional()
      .describe('Why the API server would refuse the value, never any byte of it'),
  })
  .describe('A value blanked at load');

const WarningSchema = z
  .object({
    code: z.enum(Object.keys(INPUT_WARNINGS) as [InputWarningCode, ...InputWarningCode[]]),
    file: str,
    line: int,
    col: int,
    message: str,
    hint: str,
    excerpt: str.optional(),
    excerptCol: int.optional(),
  })
  .describe('A problem that did not stop the extraction');

export const ExtractedSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    manifests: str.describe('The folder as given'),
    documents: z.object({
      objects: int,
      empty: int.describe('Empty and comments-only documents'),
      byKind: z.record(z.string(), int),
      skipped: z
        .array(z.object({ kind: str, apiVersion: str, name: str, source: SourceSchema }))
        .describe(
          'Kinds not modelled, and objects another object controls: counted and passed over',
        ),
    }),
    redactions: z.array(RedactionSchema),
    warnings: z.array(WarningSchema),
    applied: z
      .object({
        kustomization: SourceSchema.nullable(),
        files: z.array(str),
        notApplied: z.array(str),
      })
      .describe(
        'What `kubectl apply -k` applies: the files whose objects the root kustomization (or chart) renders, and those it leaves defined, not applied; without a root kustomization every file counts as applied',
      ),
    workloads: z.array(WorkloadSchema),
    services: z.array(ServiceSchema),
    routes: z.array(RouteSchema),
    middlewares: z.array(MiddlewareSchema),
    pdbs: z.array(PdbSchema),
    hpas: z.array(HpaSchema),
    networkPolicies: z.array(NetworkPolicySchema),
    pvcs: z.array(PvcSchema),
    configMaps: z.array(ConfigMapSchema),
    secrets: z.array(SecretSchema),
    serviceAccounts: z.array(ServiceAccountSchema),
    roles: z.array(RoleSchema),
    roleBindings: z.array(RoleBindingSchema),
    traefik: TraefikSchema.nullable(),
    nodes: z.array(NodeSchema),
    hostListeners: z.array(HostListenerSchema),
    ufw: z
      .object({ defaults: stringMap, rules: z.array(UfwRuleSchema), source: SourceSchema })
      .nullable(),
    cloudflare: CloudflareSchema.nullable(),
    totals: z
      .record(z.string(), ResourceTotalsSchema)
      .describe(
        'Per namespace: replicas × requests/limits over applied Deployments and StatefulSets',
      ),
    capacity: z
      .object({
        nodes: int,
        cpuMillicores: int,
        memoryBytes: z.number(),
        share: z
          .object({
            requests: z.object({ cpu: z.number(), memory: z.number() }),
            limits: z.object({ cpu: z.number(), memory: z.number() }),
          })
          .describe('Share of capacity requested / limited, 0–1, over all namespaces'),
      })
      .nullable(),
  })
  .strict()
  .describe('The facts of a manifests folder, each with its source');

/** The JSON Schema of the contract, as docs/extract-schema.json holds it. */
export function extractJsonSchema(): string {
  const schema = z.toJSONSchema(ExtractedSchema, { target: 'draft-2020-12', reused: 'ref' });
  return `${JSON.stringify({ $id: 'https://honeydue.dev/book/extract-schema.json', ...schema }, null, 2)}\n`;
}
