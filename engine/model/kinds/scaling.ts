/**
 * What keeps pods up and scales them: PodDisruptionBudgets and
 * HorizontalPodAutoscalers in every version kubectl serves (autoscaling/v1's
 * `targetCPUUtilizationPercentage`, v2beta1's `targetAverageUtilization`,
 * v2beta2/v2's `target`).
 */
import type { ObjectView } from '../../load.ts';
import type { Hpa } from '../../types.ts';
import { begin, type ModelContext } from '../context.ts';
import type { Field } from '../reader.ts';
import { RANGES } from '../ranges.ts';
import { requirements } from './workload.ts';

export function pdb(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const min = r.at('spec', 'minAvailable');
  const max = r.at('spec', 'maxUnavailable');
  const sel = r.at('spec', 'selector');
  const p = {
    namespace: v.namespace,
    name: v.name,
    minAvailable: min.intOrString(RANGES.count)?.value ?? null,
    minAvailableSource: min.present ? min.source : null,
    maxUnavailable: max.intOrString(RANGES.count)?.value ?? null,
    maxUnavailableSource: max.present ? max.source : null,
    selector: sel.at('matchLabels').labels()?.value ?? {},
    selectorExpressions: requirements(sel.at('matchExpressions')),
    selectorSource: sel.source,
    // Filled in once every workload is read (engine/model/derive.ts).
    budget: {
      workloads: [],
      expectedPods: 0,
      minAvailable: null,
      maxUnavailable: null,
      desiredHealthy: 0,
      allowedDisruptions: 0,
    },
    applied: ctx.applied(v),
    source: r.source,
  };
  ctx.ex.pdbs.push(p);
  if (p.minAvailable !== null) facts.put('minAvailable', p.minAvailable, min.source, 'replicas');
  if (p.maxUnavailable !== null)
    facts.put('maxUnavailable', p.maxUnavailable, max.source, 'replicas');
}

/** One metric target, as each version writes it. */
function metric(m: Field): Hpa['metrics'][number] {
  const type = m.at('type').str()?.value ?? 'Resource';
  const body = m.at(type.charAt(0).toLowerCase() + type.slice(1));
  const target = body.at('target');
  const name = body.at('name').present ? body.at('name') : body.at('metric', 'name');
  const avgUtil = target.present
    ? target.at('averageUtilization')
    : body.at('targetAverageUtilization');
  const avgValue = target.present ? target.at('averageValue') : body.at('targetAverageValue');
  return {
    type,
    resource: name.str()?.value ?? 'custom',
    averageUtilization: avgUtil.int(RANGES.positive)?.value ?? null,
    averageValue: avgValue.present ? String(avgValue.raw) : null,
    source: avgUtil.present ? avgUtil.source : m.source,
  };
}

export function hpa(v: ObjectView, ctx: ModelContext): void {
  const { r, facts } = begin(v, ctx);
  const spec = r.at('spec');
  const target = spec.at('scaleTargetRef');
  const v1 = spec.at('targetCPUUtilizationPercentage');
  const metrics = spec.at('metrics').items().map(metric);
  // autoscaling/v1 has one target: average CPU utilisation.
  if (v1.present)
    metrics.push({
      type: 'Resource',
      resource: 'cpu',
      averageUtilization: v1.int(RANGES.positive)?.value ?? null,
      averageValue: null,
      source: v1.source,
    });
  const min = spec.at('minReplicas');
  const max = spec.at('maxReplicas');
  const applied = ctx.applied(v);
  const h: Hpa = {
    namespace: v.namespace,
    name: v.name,
    apiVersion: v.apiVersion,
    target: {
      kind: target.at('kind').str()?.value ?? '',
      name: target.at('name').str()?.value ?? '',
    },
    targetSource: target.source,
    minReplicas: min.int(RANGES.minReplicas)?.value ?? 1,
    maxReplicas: max.int(RANGES.positive)?.value ?? 1,
    metrics,
    applied,
    source: r.source,
  };
  ctx.ex.hpas.push(h);
  facts.put('minReplicas', h.minReplicas, min.source, 'replicas');
  facts.put('maxReplicas', h.maxReplicas, max.source, 'replicas');
  for (const m of metrics)
    if (m.averageUtilization !== null)
      facts.put(
        `target.${m.resource}`,
        m.averageUtilization,
        m.source,
        'number',
        `${m.averageUtilization} %`,
      );
  facts.put('applied', applied, r.source, 'flag', applied ? 'applied' : 'defined, not applied');
}
