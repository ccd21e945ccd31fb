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

/**
 * Type 7 quantiles (as `quantileSorted`) of `values` without sorting them: the order statistics
 * they need are found by quickselect (Hoare partition, median-of-three pivot), the middle rank
 * first and then the ranks below and above it within the two parts it leaves (multiselect);
 * O(n) on average against O(n log n) for a sort, and the same numbers. `values` is reordered in
 * place.
 */
export function quantilesBySelection(values: Float64Array, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) throw new Error('bug: quantile of no values');
  const ranks = [...new Set(qs.flatMap((q) => {
    const lo = Math.floor((n - 1) * q);
    return [lo, Math.min(n - 1, lo + 1)];
  }))].sort((a, b) => a - b);
  multiselect(values, 0, n - 1, ranks, 0, ranks.length);
  return qs.map((q) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    return values[lo]! + (h - lo) * (values[hi]! - values[lo]!);
  });
}

/** Puts ranks[from..to) (ascending, all within left..right) in place, as `select` does for one. */
function multiselect(a: Float64Array, left: number, right: number, ranks: readonly number[], from: number, to: number): void {
  if (from >= to) return;
  const middle = (from + to) >>> 1;
  const k = ranks[middle]!;
  select(a, left, right, k);
  multiselect(a, left, k - 1, ranks, from, middle);
  multiselect(a, k + 1, right, ranks, middle + 1, to);
}

/** Rearranges a[left..right] so that a[k] is its (k − left)-th smallest, smaller ones before and larger after. */
function select(a: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    const x = a[left]!;
    const y = a[mid]!;
    const z = a[right]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
