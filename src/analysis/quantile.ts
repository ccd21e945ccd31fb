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
 * Type 7 quantiles (as `quantileSorted`) of `values` without sorting them, bit for bit the same
 * numbers (order statistics are values of the sample, whichever way they are found). `values`
 * (no NaN) may be reordered.
 *
 * Large samples go by buckets first (a radix step): one pass counts the values by the top 16 bits
 * of their order-preserving bit pattern (sign, exponent and 4 bits of mantissa), which tells the
 * bucket and the place in it of every rank needed; a second pass gathers the few buckets that hold
 * them; quickselect then works on those alone. At 100,000 values this is about 1 ms against 5 ms
 * for quickselect over all of them (which a big-endian machine still uses). Small samples are
 * sorted (`SORT_MAX`).
 */
export function quantilesBySelection(values: Float64Array, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) throw new Error('bug: quantile of no values');
  const ranks = [...new Set(qs.flatMap((q) => {
    const lo = Math.floor((n - 1) * q);
    return [lo, Math.min(n - 1, lo + 1)];
  }))].sort((a, b) => a - b);
  const found = new Map<number, number>();
  if (n > SORT_MAX && LITTLE_ENDIAN) selectByBuckets(values, ranks, found);
  else if (n > SORT_MAX) multiselect(values, 0, n - 1, ranks, 0, ranks.length);
  else values.sort();
  if (found.size === 0) for (const r of ranks) found.set(r, values[r]!);
  return qs.map((q) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    const a = found.get(lo)!;
    return a + (h - lo) * (found.get(hi)! - a);
  });
}

/**
 * Samples up to this size are sorted (the built-in sort of a Float64Array): it runs at full speed
 * from its first call, where the loops below run unoptimised for a run's first columns (19
 * columns of 10,000 values: ~20 ms sorted against ~33 ms by buckets, in a fresh process).
 */
const SORT_MAX = 16384;
const BUCKETS = 1 << 16;
/** Whether a double's high word is the second of its two 32-bit words (it is wherever Node.js runs, in practice). */
const LITTLE_ENDIAN = new Uint32Array(Float64Array.of(-0).buffer)[1] === 0x80000000;

/**
 * The bucket of a double from its high word: the top 16 bits of the bit pattern flipped so that
 * unsigned order is numeric order (negatives: all bits flipped; others: the sign bit set).
 */
function bucketOf(high: number): number {
  return (high ^ ((high >> 31) | 0x80000000)) >>> 16;
}

/** Finds the order statistics `ranks` (ascending) of `values` into `found`, by buckets (see `quantilesBySelection`). */
function selectByBuckets(values: Float64Array, ranks: readonly number[], found: Map<number, number>): void {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const { counts, slotOf } = (scratch ??= { counts: new Int32Array(BUCKETS), slotOf: new Uint8Array(BUCKETS) });
  let lowest = BUCKETS;
  let highest = 0;
  for (let i = 0; i < n; i++) {
    const b = bucketOf(words[2 * i + 1]!);
    counts[b]!++;
    lowest = Math.min(lowest, b);
    highest = Math.max(highest, b);
  }
  // each rank's bucket, and the values before that bucket
  const buckets: number[] = [];
  const before: number[] = [];
  const rankSlot: number[] = [];
  let cumulative = 0;
  let r = 0;
  for (let b = lowest; b <= highest && r < ranks.length; b++) {
    const next = cumulative + counts[b]!;
    for (; r < ranks.length && ranks[r]! < next; r++) {
      if (slotOf[b] === 0) {
        buckets.push(b);
        before.push(cumulative);
        slotOf[b] = buckets.length;
      }
      rankSlot.push(slotOf[b]! - 1);
    }
    cumulative = next;
  }
  // the values of those buckets, bucket by bucket
  const start = [0];
  for (const b of buckets) start.push(start[start.length - 1]! + counts[b]!);
  const gathered = new Float64Array(start[start.length - 1]!);
  const cursor = Int32Array.from(start);
  for (let i = 0; i < n; i++) {
    const slot = slotOf[bucketOf(words[2 * i + 1]!)]!;
    if (slot !== 0) gathered[cursor[slot - 1]!++] = values[i]!;
  }
  buckets.forEach((_, k) => {
    const inBucket = ranks.flatMap((rank, j) => (rankSlot[j] === k ? [rank - before[k]!] : []));
    const part = gathered.subarray(start[k]!, start[k + 1]!);
    multiselect(part, 0, part.length - 1, inBucket, 0, inBucket.length);
    for (const w of inBucket) found.set(before[k]! + w, part[w]!);
  });
  counts.fill(0, lowest, highest + 1);
  for (const b of buckets) slotOf[b] = 0;
}

/**
 * `selectByBuckets`' counts per bucket and, for a bucket that holds a rank, 1 + its slot (else 0):
 * kept between calls (all zero outside one), so that a call does not clear 320 kB.
 */
let scratch: { counts: Int32Array; slotOf: Uint8Array } | undefined;

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
