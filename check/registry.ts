/**
 * The registry: every rule, by id. The runner, `check --help` and the README's
 * rule table (scripts/rules-doc.ts) all read this list.
 */
import badMarker from './rules/bad-marker.ts';
import brokenAssumption from './rules/broken-assumption.ts';
import brokenCommandRef from './rules/broken-command-ref.ts';
import brokenFactRef from './rules/broken-fact-ref.ts';
import brokenLink from './rules/broken-link.ts';
import brokenManifestRef from './rules/broken-manifest-ref.ts';
import danglingEnvFrom from './rules/dangling-env-from.ts';
import danglingHorizontalpodautoscaler from './rules/dangling-horizontalpodautoscaler.ts';
import danglingImagePullSecret from './rules/dangling-image-pull-secret.ts';
import danglingIngress from './rules/dangling-ingress.ts';
import danglingMiddleware from './rules/dangling-middleware.ts';
import danglingRoleRef from './rules/dangling-role-ref.ts';
import danglingPoddisruptionbudget from './rules/dangling-poddisruptionbudget.ts';
import danglingService from './rules/dangling-service.ts';
import danglingServiceUrl from './rules/dangling-service-url.ts';
import danglingTlsSecret from './rules/dangling-tls-secret.ts';
import dnsHostWithoutRoute from './rules/dns-host-without-route.ts';
import dnsMissingNode from './rules/dns-missing-node.ts';
import dnsRecordNotNode from './rules/dns-record-not-node.ts';
import dnsRecordNotProxied from './rules/dns-record-not-proxied.ts';
import egressBlocksConfiguredPort from './rules/egress-blocks-configured-port.ts';
import egressBlocksExternalUrl from './rules/egress-blocks-external-url.ts';
import entrypointWithoutUfwRule from './rules/entrypoint-without-ufw-rule.ts';
import envValueFrom from './rules/env-value-from.ts';
import externalHostUnused from './rules/external-host-unused.ts';
import hardcodedValue from './rules/hardcoded-value.ts';
import hardcodedSetting from './rules/hardcoded-setting.ts';
import hardcodedPath from './rules/hardcoded-path.ts';
import hardcodedHost from './rules/hardcoded-host.ts';
import hardcodedCount from './rules/hardcoded-count.ts';
import hardcodedPort from './rules/hardcoded-port.ts';
import hardcodedReplicas from './rules/hardcoded-replicas.ts';
import hpaBounds from './rules/hpa-bounds.ts';
import hpaReplicasOutOfBounds from './rules/hpa-replicas-out-of-bounds.ts';
import networkpolicyPort from './rules/networkpolicy-port.ts';
import pdbMinAvailable from './rules/pdb-min-available.ts';
import routeHostNotInOriginCertificate from './rules/route-host-not-in-origin-certificate.ts';
import routeHostWithoutDns from './rules/route-host-without-dns.ts';
import routeUnknownEntrypoint from './rules/route-unknown-entrypoint.ts';
import settingPathNotMounted from './rules/setting-path-not-mounted.ts';
import serviceTargetPort from './rules/service-target-port.ts';
import sshPortNotAllowed from './rules/ssh-port-not-allowed.ts';
import softwareVersionNotImage from './rules/software-version-not-image.ts';
import staleExcerpt from './rules/stale-excerpt.ts';
import ufwMissingNode from './rules/ufw-missing-node.ts';
import ufwPortUnexposedEntrypoint from './rules/ufw-port-unexposed-entrypoint.ts';
import ufwPortWithoutListener from './rules/ufw-port-without-listener.ts';
import ufwSourceNotNode from './rules/ufw-source-not-node.ts';
import undeclaredListenPort from './rules/undeclared-listen-port.ts';
import undocumented from './rules/undocumented.ts';
import urlHostWithoutRoute from './rules/url-host-without-route.ts';
import unschedulableNodeSelector from './rules/unschedulable-node-selector.ts';
import unusedDriftIgnore from './rules/unused-drift-ignore.ts';
import danglingNetworkpolicy from './rules/dangling-networkpolicy.ts';
import danglingNetworkpolicypeerPodselector from './rules/dangling-networkpolicypeer-podselector.ts';
import mismatchingSelector from './rules/mismatching-selector.ts';
import nonExistentServiceAccount from './rules/non-existent-service-account.ts';
import requestAboveLimit from './rules/request-above-limit.ts';
import danglingVolume from './rules/dangling-volume.ts';
import danglingVolumeMount from './rules/dangling-volume-mount.ts';
import egressBlocksServiceAddress from './rules/egress-blocks-service-address.ts';
import ingressBlocksConnection from './rules/ingress-blocks-connection.ts';
import livenessPort from './rules/liveness-port.ts';
import maxmemoryAboveLimit from './rules/maxmemory-above-limit.ts';
import missingNamespace from './rules/missing-namespace.ts';
import missingRequiredField from './rules/missing-required-field.ts';
import unservedApiVersion from './rules/unserved-api-version.ts';
import invalidSecretData from './rules/invalid-secret-data.ts';
import readinessPort from './rules/readiness-port.ts';
import startupPort from './rules/startup-port.ts';
import duplicateEnvVar from './rules/duplicate-env-var.ts';
import pdbMaxUnavailable from './rules/pdb-max-unavailable.ts';
import pageFrontMatter from './rules/page-front-matter.ts';
import credentialInBook from './rules/credential-in-book.ts';
import credentialInConfig from './rules/credential-in-config.ts';
import codeInChapter from './rules/code-in-chapter.ts';
import componentUse from './rules/component-use.ts';
import { invalidManifest, invalidMdx, manifestWarning } from './rules/invalid-input.ts';
import type { Rule } from './rule.ts';

/** The rules the runner creates, in id order. */
export const RULES: readonly Rule[] = [
  credentialInBook,
  credentialInConfig,
  codeInChapter,
  componentUse,
  danglingNetworkpolicy,
  danglingNetworkpolicypeerPodselector,
  mismatchingSelector,
  nonExistentServiceAccount,
  requestAboveLimit,
  danglingVolume,
  danglingVolumeMount,
  livenessPort,
  maxmemoryAboveLimit,
  missingNamespace,
  missingRequiredField,
  unservedApiVersion,
  invalidSecretData,
  readinessPort,
  startupPort,
  duplicateEnvVar,
  pdbMaxUnavailable,
  pageFrontMatter,
  badMarker,
  brokenAssumption,
  brokenCommandRef,
  brokenFactRef,
  brokenLink,
  brokenManifestRef,
  danglingEnvFrom,
  danglingHorizontalpodautoscaler,
  danglingImagePullSecret,
  danglingIngress,
  danglingMiddleware,
  danglingPoddisruptionbudget,
  danglingRoleRef,
  danglingService,
  danglingServiceUrl,
  danglingTlsSecret,
  dnsHostWithoutRoute,
  dnsMissingNode,
  dnsRecordNotNode,
  dnsRecordNotProxied,
  egressBlocksConfiguredPort,
  egressBlocksExternalUrl,
  egressBlocksServiceAddress,
  ingressBlocksConnection,
  entrypointWithoutUfwRule,
  envValueFrom,
  externalHostUnused,
  hardcodedValue,
  hardcodedSetting,
  hardcodedPath,
  hardcodedHost,
  hardcodedCount,
  hardcodedPort,
  hardcodedReplicas,
  hpaBounds,
  hpaReplicasOutOfBounds,
  networkpolicyPort,
  pdbMinAvailable,
  routeHostNotInOriginCertificate,
  routeHostWithoutDns,
  routeUnknownEntrypoint,
  serviceTargetPort,
  settingPathNotMounted,
  sshPortNotAllowed,
  softwareVersionNotImage,
  staleExcerpt,
  ufwMissingNode,
  ufwPortUnexposedEntrypoint,
  ufwPortWithoutListener,
  ufwSourceNotNode,
  undeclaredListenPort,
  undocumented,
  unschedulableNodeSelector,
  urlHostWithoutRoute,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/** Rules the runner and the command report for themselves. */
export const RUNNER_RULES = {
  unusedDriftIgnore,
  invalidManifest,
  invalidMdx,
  manifestWarning,
} as const;

/** Every rule with its meta, for docs and --help. */
export const ALL_RULES: readonly Rule[] = [...RULES, ...Object.values(RUNNER_RULES)].sort((a, b) =>
  a.meta.id.localeCompare(b.meta.id),
);
