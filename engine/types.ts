/**
 * The extracted facts' types, inferred from the JSON contract's schemas in
 * engine/contract.ts (documented in docs/extract-schema.md): written once.
 * Type-only imports, so nothing of zod loads with the engine.
 */
import type { z } from 'zod';
import type * as C from './contract.ts';

/** Bump on any breaking change of the JSON contract. */
export const SCHEMA_VERSION = 1;

export type Source = z.infer<typeof C.SourceSchema>;
export type Quantity = z.infer<typeof C.QuantitySchema>;
export type ResourceSet = Container['requests'];
export type Probe = z.infer<typeof C.ProbeSchema>;
export type ContainerPort = z.infer<typeof C.ContainerPortSchema>;
export type EnvVar = z.infer<typeof C.EnvVarSchema>;
export type EnvFrom = z.infer<typeof C.EnvFromSchema>;
export type Container = z.infer<typeof C.ContainerSchema>;
export type VolumeRef = z.infer<typeof C.VolumeRefSchema>;
export type Volume = z.infer<typeof C.VolumeSchema>;
export type Workload = z.infer<typeof C.WorkloadSchema>;
export type ServicePort = z.infer<typeof C.ServicePortSchema>;
export type Service = z.infer<typeof C.ServiceSchema>;
export type Route = z.infer<typeof C.RouteSchema>;
export type Middleware = z.infer<typeof C.MiddlewareSchema>;
export type PdbBudget = z.infer<typeof C.PdbBudgetSchema>;
export type Pdb = z.infer<typeof C.PdbSchema>;
export type Hpa = z.infer<typeof C.HpaSchema>;
export type NetworkPolicyPeer = z.infer<typeof C.NetworkPolicyPeerSchema>;
export type NetworkPolicyRule = z.infer<typeof C.NetworkPolicyRuleSchema>;
export type NetworkPolicy = z.infer<typeof C.NetworkPolicySchema>;
export type Pvc = z.infer<typeof C.PvcSchema>;
export type ConfigMap = z.infer<typeof C.ConfigMapSchema>;
export type Secret = z.infer<typeof C.SecretSchema>;
export type ServiceAccount = z.infer<typeof C.ServiceAccountSchema>;
export type Role = z.infer<typeof C.RoleSchema>;
export type RoleBinding = z.infer<typeof C.RoleBindingSchema>;
export type Entrypoint = z.infer<typeof C.EntrypointSchema>;
export type Traefik = z.infer<typeof C.TraefikSchema>;
export type Node = z.infer<typeof C.NodeSchema>;
export type HostListener = z.infer<typeof C.HostListenerSchema>;
export type UfwRule = z.infer<typeof C.UfwRuleSchema>;
export type DnsRecord = z.infer<typeof C.DnsRecordSchema>;
export type Cloudflare = z.infer<typeof C.CloudflareSchema>;
export type ResourceTotals = z.infer<typeof C.ResourceTotalsSchema>;
export type Extracted = z.infer<typeof C.ExtractedSchema>;
