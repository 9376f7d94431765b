/** "Did you mean" lookups: the candidates closest to a word by edit distance. */

/** Levenshtein distance; gives up (returns a value ≥ limit) once every path costs at least `limit`. */
export function distance(a: string, b: string, limit = Infinity): number {
  const m = a.length;
  const n = b.length;
  // Two rows, reused: a hint may compare thousands of candidates.
  let prev = new Uint32Array(n + 1);
  let cur = new Uint32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const d = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1),
      );
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= limit) return rowMin;
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/**
 * The `n` candidates closest to `word`, closest first; candidates at the same distance keep
 * their order. Only the best `n` are kept while scanning, so a long list stays cheap.
 */
export function nearest(word: string, candidates: Iterable<string>, n = 3): string[] {
  const best: { k: string; d: number }[] = [];
  for (const k of candidates) {
    // The length difference alone is a lower bound: skip what cannot beat the n-th best.
    if (best.length === n && Math.abs(k.length - word.length) >= best[n - 1].d) continue;
    const d = distance(word, k, best.length === n ? best[n - 1].d : Infinity);
    if (best.length === n && d >= best[n - 1].d) continue;
    best.splice(best.findIndex((b) => b.d > d) >>> 0, 0, { k, d });
    if (best.length > n) best.pop();
  }
  return best.map((x) => x.k);
}
