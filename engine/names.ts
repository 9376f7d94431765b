/**
 * Kubernetes object-name rules, as the API server applies them
 * (k8s.io/apimachinery/pkg/util/validation: IsDNS1123Label,
 * IsDNS1123Subdomain, IsDNS1035Label; each kind's `Validate…Name` in
 * kubernetes/pkg/apis/*\/validation). An impossible name is bad input at
 * load: the server would refuse the object, and a name is pasted into fact
 * keys, commands and diagrams.
 */

const LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

interface Rule {
  /** In words, for the message. */
  says: string;
  ok: (name: string) => boolean;
}

const dns1123Label: Rule = {
  says: 'a DNS-1123 label (at most 63 lower-case letters, digits and `-`, starting and ending with a letter or digit)',
  ok: (n) => n.length <= 63 && LABEL.test(n),
};
const dns1035Label: Rule = {
  says: 'a DNS-1035 label (at most 63 lower-case letters, digits and `-`, starting with a letter and ending with a letter or digit)',
  ok: (n) => n.length <= 63 && LABEL_1035.test(n),
};
const dns1123Subdomain: Rule = {
  says: 'a DNS-1123 subdomain (at most 253 characters: lower-case letters, digits, `-` and `.`, each dot-separated part starting and ending with a letter or digit)',
  ok: (n) => n.length <= 253 && SUBDOMAIN.test(n),
};
/** A CronJob's Jobs are named `<name>-<11 characters>`, which must still be a 63-character label. */
const cronJobName: Rule = {
  says: 'a DNS-1123 subdomain of at most 52 characters (its Jobs append 11)',
  ok: (n) => n.length <= 52 && SUBDOMAIN.test(n),
};
/** RBAC names are path segments: `system:controller:x` is fine. */
const pathSegment: Rule = {
  says: 'a path segment (not `.` or `..`, without `/` or `%`)',
  ok: (n) => n !== '.' && n !== '..' && !/[/%]/.test(n),
};

const BY_KIND: Record<string, Rule> = {
  Namespace: dns1123Label,
  Service: dns1035Label,
  CronJob: cronJobName,
  Role: pathSegment,
  ClusterRole: pathSegment,
  RoleBinding: pathSegment,
  ClusterRoleBinding: pathSegment,
};

/** API groups whose kinds the API server itself validates; custom resources may have other rules. */
const BUILT_IN_GROUP =
  /^(?:v1|(?:apps|batch|autoscaling|policy|extensions|networking\.k8s\.io|rbac\.authorization\.k8s\.io|storage\.k8s\.io|scheduling\.k8s\.io|discovery\.k8s\.io|coordination\.k8s\.io)\/\w+)$/;

/** The rule a kind's name follows, or null when the engine does not judge it (custom resources). */
export function nameRule(apiVersion: string, kind: string): Rule | null {
  if (!BUILT_IN_GROUP.test(apiVersion) || kind === 'List' || !kind) return null;
  return BY_KIND[kind] ?? dns1123Subdomain;
}

/** A namespace is always a DNS-1123 label. */
export const namespaceRule = dns1123Label;

/**
 * A `generateName` prefix is checked as the server checks it: as a name
 * whose trailing `-` is allowed (apimachinery's `maskTrailingDash`).
 */
export function asPrefix(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}
