/**
 * A mergeable quantile sketch of cash values with bounded relative error: logarithmic buckets as
 * in DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019). With α = 0.1%, γ = (1 + α)/(1 − α); a value x with
 * |x| ≥ 1 goes to bucket ⌈log_γ |x|⌉ of its sign, and the bucket's representative 2γ^i/(γ + 1)
 * is within α·|x| of every value in it. |x| < 1 (under a dollar) counts as 0.
 *
 * Counts are whole numbers, so merging sketches is exact and independent of the order: a run
 * gives the same sketch whatever the threads or shards. Memory is fixed (about 195 kB per
 * sketch) whatever the number of paths.
 */
export const SKETCH_ALPHA = 0.001;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LOG_GAMMA = Math.log(GAMMA);
/** Buckets per sign: up to γ^BUCKETS ≈ 1e21 dollars; larger magnitudes share the last bucket. */
const BUCKETS = Math.ceil(Math.log(1e21) / LOG_GAMMA) + 1;

/** counts: [0, BUCKETS) positive buckets, [BUCKETS, 2·BUCKETS) negative buckets, then the zero count. */
export const SKETCH_LENGTH = 2 * BUCKETS + 1;

/** Bucket counts (whole numbers below 2^32: at most 10,000,000 paths a run). */
export type SketchCounts = Uint32Array;

function bucketOf(magnitude: number): number {
  return Math.min(BUCKETS - 1, Math.max(0, Math.ceil(Math.log(magnitude) / LOG_GAMMA)));
}

function representative(bucket: number): number {
  return (2 * Math.pow(GAMMA, bucket)) / (GAMMA + 1);
}

/** Adds values[0..n) to the sketch `counts` (SKETCH_LENGTH counts). */
export function sketchAdd(counts: SketchCounts, values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x >= 1) counts[bucketOf(x)]!++;
    else if (x <= -1) counts[BUCKETS + bucketOf(-x)]!++;
    else counts[2 * BUCKETS]!++;
  }
}

export function sketchMerge(into: SketchCounts, other: SketchCounts): void {
  for (let k = 0; k < SKETCH_LENGTH; k++) into[k] = into[k]! + other[k]!;
}

/**
 * Quantile q of the sketched values, interpolating linearly between the approximate order
 * statistics at ⌊h⌋ and ⌈h⌉ with h = (n − 1)·q (as type 7 does between exact ones).
 */
export function sketchQuantile(counts: SketchCounts, q: number): number {
  let n = 0;
  for (let k = 0; k < SKETCH_LENGTH; k++) n += counts[k]!;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = orderStatistic(counts, lo);
  return lo === h ? a : a + (h - lo) * (orderStatistic(counts, lo + 1) - a);
}

/** The approximate value of the order statistic with 0-based rank `rank`. */
function orderStatistic(counts: SketchCounts, rank: number): number {
  let seen = 0;
  for (let b = BUCKETS - 1; b >= 0; b--) {
    seen += counts[BUCKETS + b]!;
    if (seen > rank) return -representative(b);
  }
  seen += counts[2 * BUCKETS]!;
  if (seen > rank) return 0;
  for (let b = 0; b < BUCKETS; b++) {
    seen += counts[b]!;
    if (seen > rank) return representative(b);
  }
  return representative(BUCKETS - 1);
}
