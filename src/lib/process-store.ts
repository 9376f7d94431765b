/**
 * State the site keeps for the whole process. An Astro build and `astro dev` load the
 * site's modules twice (once with the config, for the integrations, and again inside the
 * page bundle), so a module-level cache would be two caches; a store kept on `globalThis`
 * under a well-known symbol is one, seen by both copies.
 */
export function shared<T extends object>(name: string, init: () => T): T {
  const root = globalThis as unknown as Record<symbol, T | undefined>;
  return (root[Symbol.for(`honeydue.${name}`)] ??= init());
}

/**
 * A value computed once from inputs that are themselves cached: `facts()`, `chapters()`,
 * `procedures()` return the same object until they are invalidated (`astro dev`, on an
 * edit), so comparing their identity says when to compute again. Lets the route middleware
 * and a page's component share one computation.
 */
export function memoOn<T>(inputs: () => readonly unknown[], compute: () => T): () => T {
  let memo: { inputs: readonly unknown[]; value: T } | null = null;
  return () => {
    const now = inputs();
    const same = memo?.inputs.length === now.length && now.every((x, i) => x === memo!.inputs[i]);
    if (!memo || !same) memo = { inputs: now, value: compute() };
    return memo.value;
  };
}
