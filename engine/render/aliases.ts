/**
 * Keys a chapter can keep: Kustomize names a generated ConfigMap or Secret
 * after its content (`app-config-h94d8hhc7f`), so the name changes with every
 * edit. Each fact of such an object is also reachable under the name without
 * the hash (`configmap/shop/prod-app-config.CURRENCY`), which stays.
 */
import type { FactRegistry } from '../facts.ts';
import type { LoadResult } from '../load.ts';

export function stableAliases(load: LoadResult, reg: FactRegistry): void {
  for (const v of load.applied.objects) {
    const stable = v.provenance?.stableName;
    if (!stable) continue;
    const kind = v.kind.toLowerCase();
    const prefix = `${kind}/${v.namespace}/${v.name}.`;
    for (const key of reg.facts.keys()) {
      if (!key.startsWith(prefix)) continue;
      const field = key.slice(prefix.length);
      reg.alias(`${kind}/${v.namespace}/${stable}.${field}`, key);
      reg.alias(`${kind}/${stable}.${field}`, key);
    }
  }
}
