/**
 * Keys a chapter can keep: Kustomize names a generated ConfigMap or Secret
 * after its content (`app-config-h94d8hhc7f`), so the name changes with every
 * edit. Each fact of such an object is also reachable under the name without
 * the hash (`configmap/shop/prod-app-config.CURRENCY`), which stays.
 */
import type { FactRegistry } from '../facts.ts';
import { factKey, objectFactKeys, objectKey } from '../keys.ts';
import type { LoadResult } from '../load.ts';

export function stableAliases(load: LoadResult, reg: FactRegistry): void {
  for (const v of load.applied.objects) {
    const stable = v.provenance?.stableName;
    if (!stable) continue;
    const prefix = factKey(objectKey(v.kind, v.namespace, v.name), '');
    for (const key of reg.facts.keys()) {
      if (!key.startsWith(prefix)) continue;
      const { full, aliases } = objectFactKeys(
        v.kind,
        v.namespace,
        stable,
        key.slice(prefix.length),
      );
      for (const a of [full, ...aliases]) reg.alias(a, key);
    }
  }
}
