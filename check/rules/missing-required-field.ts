/**
 * A workload without a field the API server requires, which the engine still reads (as absent,
 * or as an empty string): `kubectl apply` refuses the object with `…: Required value`, so the
 * book would describe a rollout that never happens.
 *
 * - A Deployment, StatefulSet, DaemonSet or ReplicaSet needs a selector that selects something:
 *   apps/v1 no longer defaults it to the pod template's labels, and refuses an empty one. (A
 *   selector that does not match the labels is mismatching-selector's; a Job's and a CronJob's
 *   selector is generated.)
 * - A pod template needs containers, and every container (init containers too) a `name` and an
 *   `image` (k8s.io/kubernetes pkg/apis/core/validation: `validateContainers`,
 *   `validateContainerCommon`).
 */
import {
  isEmptySelector,
  showSelector,
  type Container,
  type Workload,
} from '../../engine/index.ts';
import { containerPath, podSpecPath, workloadPosition } from '../lib/locate.ts';
import { labelsOnly, workloadSelector } from '../lib/selectors.ts';
import { defineRule } from '../rule.ts';

/** The kinds whose selector is written by hand and required. */
const SELECTOR_REQUIRED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** `spec.template.spec.containers[0]`, as the API server names the field. */
const fieldPath = (w: Workload, c: Container) =>
  containerPath(w, c)
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('')
    .slice(1);

export default defineRule({
  meta: {
    id: 'missing-required-field',
    code: 'REFUSED_BY_API',
    description:
      'A workload without a field the API server requires: a Deployment, StatefulSet, DaemonSet or ReplicaSet with no (or an empty) `spec.selector`, a pod template or a bare Pod with no containers, a container with no `name` or no `image`; `kubectl apply` refuses it.',
    messages: {
      noSelector:
        '{{kind}} `{{name}}` has no `spec.selector`; `{{apiVersion}}` requires one (it no longer defaults to the pod template labels), so `kubectl apply` refuses it.',
      emptySelector:
        '{{kind}} `{{name}}` has an empty `spec.selector`, which the API server refuses (it would select every pod of the namespace).',
      noContainers:
        '{{kind}} `{{name}}` has no containers in its pod template; `kubectl apply` refuses it (`{{path}}: Required value`).',
      noName:
        'A container of {{kind}} `{{name}}` has no `name`; `kubectl apply` refuses it (`{{path}}.name: Required value`).',
      noImage:
        'Container `{{container}}` of {{kind}} `{{name}}` has no `image`; `kubectl apply` refuses it (`{{path}}.image: Required value`).',
    },
    hints: {
      noSelector:
        'Add `spec.selector.matchLabels` with the pod template labels that identify these pods (a subset {{labels}}).',
      emptySelector:
        'Write `matchLabels` (or `matchExpressions`) in spec.selector, with the pod template labels that identify these pods (a subset {{labels}}).',
      noContainers: 'Add the container that runs the workload under `{{path}}`.',
      noName: 'Give the container a `name` (a DNS-1123 label such as `app`).',
      noImage: 'Add the `image` the container runs, pinned to a tag or digest.',
    },
    fix: 'Add the field the message names.',
    docs: '#rule-missing-required-field',
  },
  create(context) {
    const { shared } = context;
    return {
      workload(w) {
        const data = { kind: w.kind, name: w.name, apiVersion: w.apiVersion };
        if (!w.containers.length) {
          const path = [...podSpecPath(w.kind), 'containers'];
          context.report({
            messageId: 'noContainers',
            data: { ...data, path: path.join('.') },
            ...workloadPosition(shared, w, podSpecPath(w.kind)),
          });
        }
        if (!SELECTOR_REQUIRED.has(w.kind) || !isEmptySelector(workloadSelector(w))) return;
        const written = shared.object(w.kind, w.namespace, w.name)?.get(['spec', 'selector']);
        const labels = showSelector(labelsOnly(w.podLabels));
        context.report({
          messageId: written === undefined || written === null ? 'noSelector' : 'emptySelector',
          data: {
            ...data,
            labels: labels ? `of ${labels}` : 'label the template first',
          },
          ...workloadPosition(
            shared,
            w,
            written === undefined || written === null ? ['spec'] : ['spec', 'selector'],
          ),
          config: w.podLabelsSource,
        });
      },
      container(c, w) {
        const data = { kind: w.kind, name: w.name, container: c.name, path: fieldPath(w, c) };
        const at = workloadPosition(shared, w, containerPath(w, c));
        if (!c.name) context.report({ messageId: 'noName', data, ...at });
        if (!c.image) context.report({ messageId: 'noImage', data, ...at });
      },
    };
  },
});
