/** "Did you mean" lookups: the candidates closest to a word by edit distance. */

/** Levenshtein distance; gives up (returns a value ≥ limit) once every path costs at least `limit`. */
export function distance(a: string, b: string, limit = Infinity): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin >= limit) return rowMin;
    prev = cur;
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
    const d = distance(word, k, best.length === n ? best[n - 1].d : Infinity);
    if (best.length === n && d >= best[n - 1].d) continue;
    best.splice(best.findIndex((b) => b.d > d) >>> 0, 0, { k, d });
    if (best.length > n) best.pop();
  }
  return best.map((x) => x.k);
}
