/**
 * A `<Cmd>` that names a namespace (`-n honeydue`) or an object
 * (`deployment/api`, `svc/redis`) the manifests do not define would fail at
 * 3 a.m.: report it like a broken fact key.
 */
import type { Element } from '../../mdx/index.ts';
import { defineRule } from '../rule.ts';

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
const BUILTIN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** The `code` attribute of a `<Cmd>` as written, with where it starts. */
export function commandCode(el: Element): { raw: string; offset: number } | null {
  if (el.name !== 'Cmd') return null;
  const a = el.attributes.find((x) => x.name === 'code');
  return a?.raw && a.rawAt ? { raw: a.raw, offset: a.rawAt.offset } : null;
}

export default defineRule({
  meta: {
    id: 'broken-command-ref',
    code: 'BROKEN_REF',
    description:
      'A `<Cmd>` whose kubectl namespace (`-n …`) or object (`deployment/…`, `svc/…`) the manifests do not define.',
    messages: {
      namespace: 'The command uses the namespace `{{namespace}}`, which no manifest defines.',
      object: 'The command names {{kind}} `{{name}}`, which the manifests do not define.',
    },
    hints: {
      namespace: 'Namespaces in the manifests: {{namespaces}}.',
      object: '{{others}}',
    },
    fix: 'Use a namespace or object the manifests define (the hint lists them).',
    docs: '#rule-broken-command-ref',
  },
  create(context) {
    const objects = context.result.load.objects;
    const namespaces = new Set([
      ...objects.map((o) => o.namespace),
      ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.name),
    ]);
    const managedByK3s = (ns: string) =>
      BUILTIN_NAMESPACES.has(ns) &&
      !objects.some((o) => o.namespace === ns && o.kind !== 'HelmChartConfig');
    return {
      element(el, ch) {
        const code = commandCode(el);
        if (!code) return;
        const at = (i: number) => {
          const p = ch.locate(code.offset + i);
          return { file: ch.file, line: p.line, col: p.col };
        };
        // Only kubectl invocations: `head -n 20` and `grep -n` are not namespaces.
        let offset = 0;
        for (const segment of code.raw.split(/(\||;|&&|\\n)/)) {
          const segAt = offset;
          offset += segment.length;
          if (!/\bkubectl\b/.test(segment)) continue;
          const ns = /(?:^|\s)(?:-n|--namespace)(?:\s+|=)([a-z][a-z0-9-]*)/.exec(segment);
          if (ns && !namespaces.has(ns[1]) && !BUILTIN_NAMESPACES.has(ns[1]))
            context.report({
              messageId: 'namespace',
              data: { namespace: ns[1], namespaces: [...namespaces].sort().join(', ') },
              ...at(segAt + ns.index + ns[0].indexOf(ns[1])),
            });
          // Objects k3s itself manages (kube-system's Traefik, CoreDNS…) are not in the manifests.
          if (ns && managedByK3s(ns[1])) continue;
          for (const m of segment.matchAll(
            /(?:^|[\s=])([a-z]+)\/([a-z0-9][a-z0-9.-]*)(?=[\s;|&]|$)/g,
          )) {
            const kind = KINDS[m[1]];
            if (!kind || objects.some((o) => o.kind === kind && o.name === m[2])) continue;
            const same = objects.filter((o) => o.kind === kind).map((o) => o.name);
            context.report({
              messageId: 'object',
              data: {
                kind,
                name: m[2],
                others: same.length
                  ? `${kind}s in the manifests: ${same.join(', ')}.`
                  : `No ${kind} is defined in the manifests.`,
              },
              ...at(segAt + (m.index ?? 0) + m[0].indexOf(m[1])),
            });
          }
        }
      },
    };
  },
});
