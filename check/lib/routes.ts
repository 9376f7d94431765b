/**
 * The engine writes `*` as the host of a route that matches every host (an
 * Ingress rule without a host, an Ingress default backend). That is not a host
 * name: it needs no DNS record and no chapter names it, and it routes every
 * host the zone has.
 */
import type { ExtractResult, Route } from '../../engine/index.ts';

/** Whether a route is for one named host, not the catch-all. */
export const namedHost = (r: Route): boolean => r.host !== '*';

/** The host a route is for, as a message writes it. */
export const hostOf = (r: Route): string => (namedHost(r) ? r.host : 'every host');

/** Whether some applied route serves a host: a route for that host, or a catch-all. */
export const routed = (routes: Route[], host: string): boolean =>
  routes.some((r) => r.applied && (r.host === host || !namedHost(r)));

/** The Traefik value that lets an IngressRoute name a Service or Middleware of another namespace. */
export const CROSS_NAMESPACE = 'providers.kubernetesCRD.allowCrossNamespace';

/**
 * Whether Traefik refuses a reference into another namespace: when its values are in the
 * manifests and do not allow it (off by default). Without them, what Traefik allows is not known.
 * https://doc.traefik.io/traefik/providers/kubernetes-crd/#allowcrossnamespace
 */
export const crossNamespaceRefused = (result: ExtractResult): boolean =>
  result.extracted.traefik !== null &&
  result.registry.get(`traefik.values.${CROSS_NAMESPACE}`)?.value !== true;
