/**
 * Rule BROKEN_REF, for commands: a `<Cmd>` that names a namespace
 * (`-n honeydue`) or an object (`deployment/api`, `svc/redis`) the manifests
 * do not define would fail at 3 a.m. — report it like a broken fact key.
 */
import type { ExtractResult } from '../engine/index.ts';
import type { Finding } from './finding.ts';
import type { Chapter } from '../mdx/index.ts';

const KINDS: Record<string, string> = {
  deployment: 'Deployment',
  deploy: 'Deployment',
  deployments: 'Deployment',
  statefulset: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  ds: 'DaemonSet',
  service: 'Service',
  svc: 'Service',
  pdb: 'PodDisruptionBudget',
  poddisruptionbudget: 'PodDisruptionBudget',
  hpa: 'HorizontalPodAutoscaler',
  horizontalpodautoscaler: 'HorizontalPodAutoscaler',
  networkpolicy: 'NetworkPolicy',
  netpol: 'NetworkPolicy',
  configmap: 'ConfigMap',
  cm: 'ConfigMap',
  secret: 'Secret',
  pvc: 'PersistentVolumeClaim',
  persistentvolumeclaim: 'PersistentVolumeClaim',
  ingressroute: 'IngressRoute',
  middleware: 'Middleware',
  cronjob: 'CronJob',
  job: 'Job',
};
/** Namespaces every k3s cluster has, whether or not the manifests mention them. */
const pos = (p: { line: number; col: number }) => ({ line: p.line, col: p.col });

const BUILTIN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export function checkCommands(docFile: string, chapter: Chapter, result: ExtractResult): Finding[] {
  const objects = result.load.objects;
  const namespaces = new Set([
    ...objects.map((o) => o.namespace),
    ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.name),
  ]);
  const out: Finding[] = [];
  for (const t of chapter.elements) {
    const attr = t.name === 'Cmd' ? t.attributes.find((a) => a.name === 'code') : undefined;
    const code = attr?.raw;
    if (!code || !attr.rawAt) continue;
    const base = attr.rawAt.offset;
    const at = (i: number) => chapter.locate(base + i);
    // Only kubectl invocations: `head -n 20` and `grep -n` are not namespaces.
    let offset = 0;
    for (const segment of code.split(/(\||;|&&|\\n)/)) {
      const segAt = offset;
      offset += segment.length;
      if (!/\bkubectl\b/.test(segment)) continue;
      const ns = /(?:^|\s)(?:-n|--namespace)(?:\s+|=)([a-z][a-z0-9-]*)/.exec(segment);
      if (ns && !namespaces.has(ns[1]) && !BUILTIN_NAMESPACES.has(ns[1])) {
        out.push({
          code: 'BROKEN_REF',
          file: docFile,
          ...pos(at(segAt + ns.index + ns[0].indexOf(ns[1]))),
          message: `The command uses the namespace \`${ns[1]}\`, which no manifest defines.`,
          hint: `Namespaces in the manifests: ${[...namespaces].sort().join(', ')}.`,
        });
      }
      // Objects k3s itself manages (kube-system's Traefik, CoreDNS…) are not in the manifests.
      if (
        ns &&
        BUILTIN_NAMESPACES.has(ns[1]) &&
        !objects.some((o) => o.namespace === ns[1] && o.kind !== 'HelmChartConfig')
      )
        continue;
      for (const m of segment.matchAll(
        /(?:^|[\s=])([a-z]+)\/([a-z0-9][a-z0-9.-]*)(?=[\s;|&]|$)/g,
      )) {
        const kind = KINDS[m[1]];
        if (!kind) continue;
        if (objects.some((o) => o.kind === kind && o.name === m[2])) continue;
        const same = objects.filter((o) => o.kind === kind).map((o) => o.name);
        out.push({
          code: 'BROKEN_REF',
          file: docFile,
          ...pos(at(segAt + (m.index ?? 0) + m[0].indexOf(m[1]))),
          message: `The command names ${kind} \`${m[2]}\`, which the manifests do not define.`,
          hint: same.length
            ? `${kind}s in the manifests: ${same.join(', ')}.`
            : `No ${kind} is defined in the manifests.`,
        });
      }
    }
  }
  return out;
}
