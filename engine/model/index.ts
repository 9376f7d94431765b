/**
 * Turns loaded manifests into typed facts with provenance: one module per
 * kind (engine/model/kinds/, engine/model/book/), dispatched by kind here.
 * Unknown kinds and custom resources are counted and passed over, and so are
 * objects another object controls (`kubectl get all -o yaml` lists the
 * ReplicaSets and Pods of every Deployment: the Deployment is the config).
 */
import { apiVersionVerdict } from '../api-versions.ts';
import { InputErrors, type InputError } from '../errors.ts';
import { FactRegistry } from '../facts.ts';
import { objectKey } from '../keys.ts';
import { BOOK_API, type LoadResult, type ObjectView } from '../load.ts';
import { SCHEMA_VERSION, type Extracted } from '../types.ts';
import { cloudflareZone, externalServices, nodeInventory, ufwPolicy } from './book/kinds.ts';
import { skip, type ModelContext } from './context.ts';
import { derive } from './derive.ts';
import { invariantFacts } from './invariants.ts';
import { configMap, pvc, role, roleBinding, secret, serviceAccount } from './kinds/config.ts';
import { ingress, ingressRoute, middleware, networkPolicy, service } from './kinds/network.ts';
import { hpa, pdb } from './kinds/scaling.ts';
import { helmChartConfig } from './kinds/traefik.ts';
import { WORKLOAD_KINDS, workload } from './kinds/workload.ts';

type KindReader = (v: ObjectView, ctx: ModelContext) => void;

const KUBERNETES_KINDS: Record<string, KindReader> = {
  ...Object.fromEntries([...WORKLOAD_KINDS].map((k) => [k, workload])),
  Service: service,
  IngressRoute: ingressRoute,
  Ingress: ingress,
  Middleware: middleware,
  PodDisruptionBudget: pdb,
  HorizontalPodAutoscaler: hpa,
  NetworkPolicy: networkPolicy,
  PersistentVolumeClaim: pvc,
  ConfigMap: configMap,
  Secret: secret,
  ServiceAccount: serviceAccount,
  Role: role,
  ClusterRole: role,
  RoleBinding: roleBinding,
  ClusterRoleBinding: roleBinding,
  HelmChartConfig: helmChartConfig,
  Kustomization: () => {},
};

const BOOK_KINDS: Record<string, KindReader> = {
  NodeInventory: nodeInventory,
  UfwPolicy: ufwPolicy,
  CloudflareZone: cloudflareZone,
  ExternalServices: externalServices,
};

/** The reader for an object, or null to pass it over. */
function readerFor(v: ObjectView): KindReader | null {
  if (v.apiVersion.startsWith(BOOK_API)) return BOOK_KINDS[v.kind] ?? null;
  const owners = v.get(['metadata', 'ownerReferences']);
  if (
    Array.isArray(owners) &&
    owners.some((o) => o && (o as { controller?: unknown }).controller === true)
  )
    return null;
  // A custom resource that shares a kind's name (Knative's Service) is no object of that kind.
  if (apiVersionVerdict(v.apiVersion, v.kind).status === 'custom') return null;
  return KUBERNETES_KINDS[v.kind] ?? null;
}

function emptyExtracted(load: LoadResult, label: string, applied: Extracted['applied']): Extracted {
  return {
    schemaVersion: SCHEMA_VERSION,
    manifests: label,
    documents: {
      objects: load.objects.length,
      empty: load.emptyDocuments,
      byKind: {},
      skipped: [],
    },
    redactions: load.redactions,
    warnings: load.warnings,
    applied,
    workloads: [],
    services: [],
    routes: [],
    middlewares: [],
    pdbs: [],
    hpas: [],
    networkPolicies: [],
    pvcs: [],
    configMaps: [],
    secrets: [],
    serviceAccounts: [],
    roles: [],
    roleBindings: [],
    traefik: null,
    nodes: [],
    hostListeners: [],
    ufw: null,
    cloudflare: null,
    totals: {},
    capacity: null,
  };
}

/** Builds the facts and the registry; throws InputErrors on invalid field values. */
export function buildFacts(
  load: LoadResult,
  manifestsLabel = 'manifests',
): { extracted: Extracted; registry: FactRegistry } {
  const errors: InputError[] = [];
  const reg = new FactRegistry();
  // What is applied follows the root kustomization's render (engine/render/).
  const applied: Extracted['applied'] = {
    kustomization: load.applied.root,
    files: load.applied.files,
    notApplied: load.applied.notApplied,
  };
  const ex = emptyExtracted(load, manifestsLabel, applied);
  const isApplied = (v: ObjectView) =>
    load.applied.objects.has(v) || v.apiVersion.startsWith(BOOK_API);
  const appliedKeys = new Set(
    load.objects.filter(isApplied).map((v) => objectKey(v.kind, v.namespace, v.name)),
  );
  const ctx: ModelContext = {
    ex,
    reg,
    errors,
    applied: isApplied,
    shadowed: (v) => !isApplied(v) && appliedKeys.has(objectKey(v.kind, v.namespace, v.name)),
  };
  for (const v of load.objects) {
    const kind = v.kind || '(no kind)';
    ex.documents.byKind[kind] = (ex.documents.byKind[kind] ?? 0) + 1;
    const read = readerFor(v);
    if (read) read(v, ctx);
    else skip(ctx, v);
  }
  derive(ex, reg);
  invariantFacts(ex, reg);
  if (errors.length) throw new InputErrors(errors);
  return { extracted: ex, registry: reg };
}
