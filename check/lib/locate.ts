/**
 * Where a field of a workload sits in its manifest, for findings that point
 * at the exact line of a value. The model carries each object's line; these
 * are the Kubernetes API paths below it (until the model carries a source per
 * field, these paths are the one place the check spells them).
 */
import type { Container, PathSeg, Position, Source, Workload } from '../../engine/index.ts';
import type { Shared } from '../shared.ts';

/** The path of the pod spec inside a workload. */
export function podSpecPath(kind: string): PathSeg[] {
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  if (kind === 'Pod') return ['spec'];
  return ['spec', 'template', 'spec'];
}

/** The path of a container inside its workload. */
export function containerPath(w: Workload, c: Container): PathSeg[] {
  const list = c.init ? w.initContainers : w.containers;
  return [...podSpecPath(w.kind), c.init ? 'initContainers' : 'containers', list.indexOf(c)];
}

/** file:line of a field of a workload (its object line when the field is not found). */
export function workloadAt(shared: Shared, w: Workload, path: PathSeg[]): Source {
  return shared.at(w.kind, w.namespace, w.name, path, w.source);
}

/** file:line:col of a field of a workload. */
export function workloadPosition(shared: Shared, w: Workload, path: PathSeg[]): Position {
  return shared.position(w.kind, w.namespace, w.name, path, w.source);
}

/** file:line of a field of a container. */
export function containerAt(shared: Shared, w: Workload, c: Container, path: PathSeg[]): Source {
  return workloadAt(shared, w, [...containerPath(w, c), ...path]);
}
