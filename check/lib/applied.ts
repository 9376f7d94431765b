/**
 * An object the manifests define but the root kustomization leaves out is not on the cluster:
 * whatever names it finds nothing there. The finding's other side is the kustomization, the
 * list the file is missing from.
 */
import type { Extracted, Source } from '../../engine/index.ts';

/** The text a message adds for an object defined but not applied. */
export const NOT_APPLIED = 'defined but not applied: the root kustomization does not list its file';

/** The kustomization's line when an object is defined but not applied; null when it is applied. */
export function leftOut(ex: Extracted, o: { applied: boolean; source: Source }): Source | null {
  return o.applied ? null : (ex.applied.kustomization ?? o.source);
}
