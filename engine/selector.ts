/**
 * Label selectors with Kubernetes semantics, one matcher for every consumer
 * (apimachinery `metav1.LabelSelectorAsSelector`): every `matchLabels` pair
 * and every `matchExpressions` requirement must hold. What an empty selector
 * means depends on the kind, and is decided here too:
 *
 * - a Service with no selector (or `{}`) selects no pods: its endpoints are
 *   managed by hand;
 * - a PodDisruptionBudget (policy/v1), a NetworkPolicy `podSelector` and a
 *   peer's `podSelector`/`namespaceSelector` of `{}` select everything in
 *   their scope; an absent peer selector does not take part;
 * - a workload's selector is required; `{}` would select every pod.
 *
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */

// Type-only: the contract's schema is the one definition, and zod is not loaded at run time.
import type { z } from 'zod';
import type { RequirementSchema } from './contract.ts';

export type Requirement = z.infer<typeof RequirementSchema>;

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: Requirement[];
}

/** Whether one requirement holds for a set of labels. An unknown operator never holds. */
function holds(e: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  switch (e.operator) {
    case 'In':
      return has && e.values.includes(labels[e.key]);
    case 'NotIn':
      return !has || !e.values.includes(labels[e.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

export const isEmptySelector = (s: LabelSelector): boolean =>
  Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;

/**
 * Whether a selector selects a set of labels. `null` (absent) selects
 * nothing; an empty selector selects everything unless `emptySelectsNothing`
 * (a Service's selector).
 */
export function selects(
  selector: LabelSelector | null,
  labels: Record<string, string>,
  emptySelectsNothing = false,
): boolean {
  if (!selector) return false;
  if (isEmptySelector(selector)) return !emptySelectsNothing;
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  return selector.matchExpressions.every((e) => holds(e, labels));
}

/** What a selector needs to know of a workload to tell which of its pods it picks. */
export interface PodOwner {
  kind: string;
  name: string;
  replicas: number | null;
  podLabels: Record<string, string>;
}

/**
 * Labels the StatefulSet controller puts on each pod itself, beside the template's: a Service
 * per pod (Redis Sentinel's announce Services, ZooKeeper's) selects one pod by them.
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-name-label
 */
const POD_NAME = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX = 'apps.kubernetes.io/pod-index';

/** The ordinals below `pods` that a selector names through the per-pod labels of StatefulSet `name`. */
function namedOrdinals(selector: LabelSelector, name: string, pods: number): Set<number> {
  const values = [
    [POD_NAME, selector.matchLabels[POD_NAME]],
    [POD_INDEX, selector.matchLabels[POD_INDEX]],
    ...selector.matchExpressions.flatMap((e) => e.values.map((v) => [e.key, v])),
  ];
  const out = new Set<number>();
  for (const [key, v] of values) {
    const digits =
      key === POD_NAME && v?.startsWith(`${name}-`)
        ? v.slice(name.length + 1)
        : key === POD_INDEX
          ? v
          : null;
    if (digits && /^\d+$/.test(digits) && Number(digits) < pods) out.add(Number(digits));
  }
  return out;
}

/**
 * How many of a workload's `pods` a selector picks. A StatefulSet's pods also carry their own
 * name and ordinal; the ordinals the selector does not name all behave alike, so one of them
 * stands for the rest.
 */
export function podsSelected(selector: LabelSelector | null, w: PodOwner, pods: number): number {
  if (w.kind !== 'StatefulSet') return selects(selector, w.podLabels) ? pods : 0;
  if (!selector) return 0;
  const labelsOf = (i: number) => ({
    ...w.podLabels,
    [POD_NAME]: `${w.name}-${i}`,
    [POD_INDEX]: String(i),
  });
  const named = namedOrdinals(selector, w.name, pods);
  let count = [...named].filter((i) => selects(selector, labelsOf(i))).length;
  let other = 0;
  while (named.has(other)) other++;
  if (other < pods && selects(selector, labelsOf(other))) count += pods - named.size;
  return count;
}

/** Whether a selector picks any pod of a workload (a workload scaled to 0 counts its template). */
export const selectsPodOf = (selector: LabelSelector | null, w: PodOwner): boolean =>
  podsSelected(selector, w, Math.max(1, w.replicas ?? 1)) > 0;

/** A Service's selector is a plain label map; empty selects no pods. */
export function serviceSelects(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return selects({ matchLabels: selector, matchExpressions: [] }, labels, true);
}

/** `app=api, tier in (web, api), !debug` for messages and tables. */
export function showSelector(s: LabelSelector): string {
  const parts = Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${e.values.join(', ')})`);
  }
  return parts.join(', ');
}

const KEY = String.raw`[A-Za-z0-9](?:[A-Za-z0-9_./-]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`);
const SET = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^()]*)\)$`);
const EXISTS = new RegExp(String.raw`^(!?)\s*(${KEY})$`);
const SET_VALUE = new RegExp(`^${VALUE}$`);

/**
 * A selector written as a string (`app=api, tier in (web, api), !debug`:
 * Kustomize's `labelSelector` and `annotationSelector`, kubectl's `-l`), read
 * as apimachinery `labels.Parse` reads it: terms separated by commas outside
 * parentheses, all of which must hold. Null when it is not one.
 */
export function parseSelector(text: string): LabelSelector | null {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === text.length) {
      terms.push(text.slice(start, i).trim());
      start = i + 1;
    }
    if (depth < 0 || depth > 1) return null;
  }
  if (depth !== 0) return null;
  const matchExpressions: Requirement[] = [];
  for (const term of terms.length === 1 && terms[0] === '' ? [] : terms) {
    const req = requirementOf(term);
    if (!req) return null;
    matchExpressions.push(req);
  }
  return { matchLabels: {}, matchExpressions };
}

function requirementOf(term: string): Requirement | null {
  const eq = EQUALITY.exec(term);
  if (eq) return { key: eq[1], operator: eq[2] === '!=' ? 'NotIn' : 'In', values: [eq[3]] };
  const set = SET.exec(term);
  if (set) {
    const values = set[3].split(',').map((v) => v.trim());
    if (values.some((v) => !SET_VALUE.test(v)) || values.every((v) => !v)) return null;
    return { key: set[1], operator: set[2] === 'in' ? 'In' : 'NotIn', values };
  }
  const ex = EXISTS.exec(term);
  if (ex) return { key: ex[2], operator: ex[1] ? 'DoesNotExist' : 'Exists', values: [] };
  return null;
}
