/**
 * Quantile of sorted numbers by linear interpolation between order statistics: Hyndman & Fan
 * type 7, numpy's default `method="linear"`: h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * @example quantileSorted(Float64Array.of(1, 2, 3, 4), 0.25) // 1.75 (numpy.quantile([1,2,3,4], 0.25))
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('bug: quantile of no values');
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Inverted-CDF quantile (Hyndman & Fan type 1, numpy `method="inverted_cdf"`) of values given as
 * a histogram: the smallest index d whose cumulative count reaches ⌈q·total⌉ (at least 1).
 * @example histogramQuantile(Float64Array.of(0, 2, 0, 2), 0.5) // 1
 */
export function histogramQuantile(counts: Float64Array, total: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * total - 1e-9));
  let cumulative = 0;
  for (let d = 0; d < counts.length; d++) {
    cumulative += counts[d]!;
    if (cumulative >= rank) return d;
  }
  return counts.length - 1;
}
