/**
 * A mergeable quantile sketch of money values with bounded relative error: logarithmic buckets as
 * in DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019). With relative error α (0.1% for cash, 1% for the
 * lines' monthly flows), γ = (1 + α)/(1 − α); a value x with |x| ≥ 1 goes to bucket ⌈log_γ |x|⌉ of its sign, and the bucket's representative 2γ^i/(γ + 1)
 * is within α·|x| of every value in it. |x| < 1 (under a dollar) counts as 0.
 *
 * Counts are whole numbers, so merging sketches is exact and independent of the order: a run
 * gives the same sketch whatever the threads or shards. Memory is fixed (about 195 kB per cash
 * sketch) whatever the number of paths.
 */
/** A sketch's bucket mapping: relative error α, γ = (1 + α)/(1 − α), and buckets per sign up to the largest magnitude. */
export interface SketchScale {
  readonly alpha: number;
  readonly gamma: number;
  readonly logGamma: number;
  readonly buckets: number;
  /** Counts in a sketch: positive buckets, negative buckets, then the zero count. */
  readonly length: number;
}

export function sketchScale(alpha: number, largest: number): SketchScale {
  const gamma = (1 + alpha) / (1 - alpha);
  const logGamma = Math.log(gamma);
  const buckets = Math.ceil(Math.log(largest) / logGamma) + 1;
  return { alpha, gamma, logGamma, buckets, length: 2 * buckets + 1 };
}

/** Cash: α = 0.1%, up to about 1e21 dollars (larger magnitudes share the last bucket). */
export const CASH_SKETCH = sketchScale(0.001, 1e21);
/** Monthly flows of lines: α = 1%, up to about 1e15 dollars (about 14 kB a sketch). */
export const FLOW_SKETCH = sketchScale(0.01, 1e15);
/** At most this many series × months are sketched (56 MB a thread); a run with more reports only their means. */
export const MAX_FLOW_SKETCHES = 4096;

export const SKETCH_ALPHA = CASH_SKETCH.alpha;
/** counts: [0, BUCKETS) positive buckets, [BUCKETS, 2·BUCKETS) negative buckets, then the zero count. */
export const SKETCH_LENGTH = CASH_SKETCH.length;

/** Bucket counts (whole numbers below 2^32: at most 1,000,000,000 paths a run). */
export type SketchCounts = Uint32Array;

function bucketOf(magnitude: number, scale: SketchScale): number {
  return Math.min(scale.buckets - 1, Math.max(0, Math.ceil(Math.log(magnitude) / scale.logGamma)));
}

function representative(bucket: number, scale: SketchScale): number {
  return (2 * Math.pow(scale.gamma, bucket)) / (scale.gamma + 1);
}

/** Adds values[0..n) to the sketch `counts` (scale.length counts), skipping NaN (a shortfall column's unruined paths). */
export function sketchAdd(counts: SketchCounts, values: Float64Array, n: number, scale = CASH_SKETCH): void {
  const B = scale.buckets;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x !== x) continue;
    if (x >= 1) counts[bucketOf(x, scale)]!++;
    else if (x <= -1) counts[B + bucketOf(-x, scale)]!++;
    else counts[2 * B]!++;
  }
}

export function sketchMerge(into: SketchCounts, other: SketchCounts): void {
  for (let k = 0; k < into.length; k++) into[k] = into[k]! + other[k]!;
}

/**
 * Quantile q of the sketched values, interpolating linearly between the approximate order
 * statistics at ⌊h⌋ and ⌈h⌉ with h = (n − 1)·q (as type 7 does between exact ones).
 */
export function sketchQuantile(counts: SketchCounts, q: number, scale = CASH_SKETCH): number {
  let n = 0;
  for (let k = 0; k < scale.length; k++) n += counts[k]!;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = orderStatistic(counts, lo, scale);
  return lo === h ? a : a + (h - lo) * (orderStatistic(counts, lo + 1, scale) - a);
}

/** The approximate value of the order statistic with 0-based rank `rank`. */
function orderStatistic(counts: SketchCounts, rank: number, scale: SketchScale): number {
  const B = scale.buckets;
  let seen = 0;
  for (let b = B - 1; b >= 0; b--) {
    seen += counts[B + b]!;
    if (seen > rank) return -representative(b, scale);
  }
  seen += counts[2 * B]!;
  if (seen > rank) return 0;
  for (let b = 0; b < B; b++) {
    seen += counts[b]!;
    if (seen > rank) return representative(b, scale);
  }
  return representative(B - 1, scale);
}
