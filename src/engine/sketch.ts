import { BucketTable } from './bucket-table.js';
/**
 * A mergeable quantile sketch of money values with bounded relative error: logarithmic buckets as
 * in DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019). With relative error α (0.1% for cash, 1% for the
 * lines' monthly flows), γ = (1 + α)/(1 − α); a value x with |x| ≥ 1 goes to bucket ⌈log_γ |x|⌉ of its sign, and the bucket's representative 2γ^i/(γ + 1)
 * is within α·|x| of every value in it. |x| < 1 (under a dollar) counts as 0.
 *
 * Counts are whole numbers, so merging sketches is exact and independent of the order: a run
 * gives the same sketch whatever the threads or shards. Memory is bounded whatever the number of
 * paths (at most 195 kB per cash sketch; in practice the few kilobytes of the buckets it meets).
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

/**
 * A sketch's counts: for each sign, a window of consecutive buckets that grows (doubling) to take
 * the buckets it meets, and the count of |x| < 1. A cash date's values span a few thousand
 * buckets of the 24,179 a sign has, so a sketch holds kilobytes where a full array held 195 kB.
 * Plain data (no methods), so that worker threads can send it. Counts are whole numbers below
 * 2^32: at most 1,000,000,000 paths a run.
 */
export interface SketchCounts {
  pos: SketchWindow;
  neg: SketchWindow;
  zero: number;
}

/** Buckets lo, lo + 1, … of one sign. */
export interface SketchWindow {
  lo: number;
  counts: Uint32Array;
}

export function emptySketch(): SketchCounts {
  return { pos: { lo: 0, counts: new Uint32Array(0) }, neg: { lo: 0, counts: new Uint32Array(0) }, zero: 0 };
}

/** Adds `by` to bucket b of a window, growing it (to at least twice its size, within 0 … buckets − 1) when b lies outside. */
function bump(w: SketchWindow, b: number, by: number, buckets: number): void {
  const at = b - w.lo;
  if (at >= 0 && at < w.counts.length) {
    w.counts[at] = w.counts[at]! + by;
    return;
  }
  const hi = w.lo + w.counts.length; // one past the last
  const span = Math.max(16, 2 * w.counts.length);
  const lo = w.counts.length === 0 ? Math.max(0, b - (span >> 1)) : b < w.lo ? Math.max(0, Math.min(b, hi - span)) : w.lo;
  const end = w.counts.length === 0 ? Math.min(buckets, lo + span) : b >= hi ? Math.min(buckets, Math.max(b + 1, lo + span)) : hi;
  const grown = new Uint32Array(end - lo);
  if (w.counts.length > 0) grown.set(w.counts, w.lo - lo);
  w.lo = lo;
  w.counts = grown;
  w.counts[b - lo] = w.counts[b - lo]! + by;
}

const TABLES = new Map<SketchScale, BucketTable>();

/** The scale's bucket table (made once per scale and thread). */
function tableOf(scale: SketchScale): BucketTable {
  let table = TABLES.get(scale);
  if (table === undefined) TABLES.set(scale, (table = new BucketTable(scale)));
  return table;
}

function representative(bucket: number, scale: SketchScale): number {
  return (2 * Math.pow(scale.gamma, bucket)) / (scale.gamma + 1);
}

/** Adds values[0..n) to the sketch, skipping NaN (a shortfall column's unruined paths). */
export function sketchAdd(s: SketchCounts, values: Float64Array, n: number, scale = CASH_SKETCH): void {
  const B = scale.buckets;
  const table = tableOf(scale);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x !== x) continue;
    if (x >= 1) bump(s.pos, table.bucket(x), 1, B);
    else if (x <= -1) bump(s.neg, table.bucket(-x), 1, B);
    else s.zero++;
  }
}

/** Adds x to the sketch `times` times (as `sketchAdd` of that many copies). */
export function sketchAddRepeated(s: SketchCounts, x: number, times: number, scale = CASH_SKETCH): void {
  if (x !== x || times <= 0) return;
  if (x >= 1) bump(s.pos, tableOf(scale).bucket(x), times, scale.buckets);
  else if (x <= -1) bump(s.neg, tableOf(scale).bucket(-x), times, scale.buckets);
  else s.zero += times;
}

/**
 * The non-empty buckets as [index, count] in ascending index: positive buckets 0 … B − 1, then
 * negative ones B … 2B − 1, then 2B for |x| < 1 (the part file's layout).
 */
export function sketchEntries(s: SketchCounts, scale: SketchScale): [number, number][] {
  const out: [number, number][] = [];
  s.pos.counts.forEach((c, i) => c > 0 && out.push([s.pos.lo + i, c]));
  s.neg.counts.forEach((c, i) => c > 0 && out.push([scale.buckets + s.neg.lo + i, c]));
  if (s.zero > 0) out.push([2 * scale.buckets, s.zero]);
  return out;
}

export function sketchMerge(into: SketchCounts, other: SketchCounts, scale = CASH_SKETCH): void {
  for (const [w, from] of [
    [into.pos, other.pos],
    [into.neg, other.neg],
  ] as const) {
    if (from.counts.length === 0) continue;
    // grow once to take the other window, then add bucket by bucket
    bump(w, from.lo, 0, scale.buckets);
    bump(w, from.lo + from.counts.length - 1, 0, scale.buckets);
    const offset = from.lo - w.lo;
    for (let i = 0; i < from.counts.length; i++) w.counts[offset + i] = w.counts[offset + i]! + from.counts[i]!;
  }
  into.zero += other.zero;
}

/** A sketch from [index, count] entries in the part file's layout (ascending index), each window sized to its buckets. */
export function sketchFromEntries(index: ArrayLike<number>, count: ArrayLike<number>, from: number, to: number, scale: SketchScale): SketchCounts {
  const B = scale.buckets;
  const s = emptySketch();
  const fill = (w: SketchWindow, first: number, last: number, base: number) => {
    if (last < first) return;
    w.lo = index[first]! - base;
    w.counts = new Uint32Array(index[last]! - base - w.lo + 1);
    for (let j = first; j <= last; j++) w.counts[index[j]! - base - w.lo] = count[j]!;
  };
  let j = from;
  while (j < to && index[j]! < B) j++;
  fill(s.pos, from, j - 1, 0);
  const negFrom = j;
  while (j < to && index[j]! < 2 * B) j++;
  fill(s.neg, negFrom, j - 1, B);
  if (j < to) s.zero = count[j]!;
  return s;
}

/** The paths a sketch counts. */
export function sketchTotal(s: SketchCounts): number {
  let n = s.zero;
  for (const c of s.pos.counts) n += c;
  for (const c of s.neg.counts) n += c;
  return n;
}

/**
 * Quantile q of the sketched values, interpolating linearly between the approximate order
 * statistics at ⌊h⌋ and ⌈h⌉ with h = (n − 1)·q (as type 7 does between exact ones).
 */
export function sketchQuantile(s: SketchCounts, q: number, scale = CASH_SKETCH): number {
  const h = (sketchTotal(s) - 1) * q;
  const lo = Math.floor(h);
  const a = orderStatistic(s, lo, scale);
  return lo === h ? a : a + (h - lo) * (orderStatistic(s, lo + 1, scale) - a);
}

/** The approximate value of the order statistic with 0-based rank `rank`. */
function orderStatistic(s: SketchCounts, rank: number, scale: SketchScale): number {
  let seen = 0;
  for (let i = s.neg.counts.length - 1; i >= 0; i--) {
    seen += s.neg.counts[i]!;
    if (seen > rank) return -representative(s.neg.lo + i, scale);
  }
  seen += s.zero;
  if (seen > rank) return 0;
  for (let i = 0; i < s.pos.counts.length; i++) {
    seen += s.pos.counts[i]!;
    if (seen > rank) return representative(s.pos.lo + i, scale);
  }
  return representative(scale.buckets - 1, scale);
}
