import type { SketchScale } from './sketch.js';

/** A magnitude's bucket, ⌈log_γ m⌉ held within 0 … buckets − 1: the definition `BucketTable` answers by table. */
export function bucketOf(magnitude: number, scale: SketchScale): number {
  return Math.min(scale.buckets - 1, Math.max(0, Math.ceil(Math.log(magnitude) / scale.logGamma)));
}

/** Each binade [2^e, 2^(e+1)) is cut into 2^CELL_BITS cells of equal width, each narrower than a bucket. */
const CELL_BITS = 12;
const CELLS = 1 << CELL_BITS;
/** Doubles in a cell: 2^(52 − CELL_BITS). */
const CELL_STEPS = 2 ** (52 - CELL_BITS);

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

/**
 * `bucketOf` without a logarithm: the same bucket for every double, from a table. A cell is
 * narrower than a bucket (2^(1/4096) < γ), so it holds at most one bucket boundary: the table keeps
 * each cell's first bucket and the least double of the cell in the next bucket (found by bisection
 * on `bucketOf` itself, which only grows with its argument), and a magnitude's bucket is its cell's
 * first, plus one from that double on. The cell is read from the double's exponent and top
 * mantissa bits. A binade's cells are made the first time a magnitude falls in it (48 kB; the
 * values of a run meet a few dozen binades). Sketching a value costs a few nanoseconds instead of
 * a logarithm and a division.
 */
export class BucketTable {
  private readonly binades: ({ readonly first: Int32Array; readonly next: Float64Array } | undefined)[] = [];

  constructor(private readonly scale: SketchScale) {
    if (!(2 ** (1 / CELLS) < scale.gamma)) throw new Error('bug: a bucket narrower than a cell');
  }

  /** The bucket of a magnitude m ≥ 1 (not NaN). */
  bucket(m: number): number {
    scratch[0] = m;
    const high = words[1]!;
    const e = (high >>> 20) - 1023;
    if (e > 1023) return this.scale.buckets - 1; // Infinity
    const cells = this.binades[e] ?? this.make(e);
    const c = (high >>> (20 - CELL_BITS)) & (CELLS - 1);
    return cells.first[c]! + (m >= cells.next[c]! ? 1 : 0);
  }

  private make(e: number): { readonly first: Int32Array; readonly next: Float64Array } {
    const first = new Int32Array(CELLS);
    const next = new Float64Array(CELLS);
    const base = 2 ** e;
    const ulp = base * 2 ** -52;
    for (let c = 0; c < CELLS; c++) {
      // the cell's doubles are lo + k·ulp, k = 0 … CELL_STEPS − 1 (every one exact)
      const lo = base + c * (base / CELLS);
      const b = bucketOf(lo, this.scale);
      const last = bucketOf(lo + (CELL_STEPS - 1) * ulp, this.scale);
      first[c] = b;
      if (last === b) next[c] = Infinity;
      else if (last === b + 1) {
        // the least k whose double is in bucket b + 1
        let [below, above] = [0, CELL_STEPS - 1];
        while (above - below > 1) {
          const mid = Math.floor((below + above) / 2);
          if (bucketOf(lo + mid * ulp, this.scale) > b) above = mid;
          else below = mid;
        }
        next[c] = lo + above * ulp;
      } else throw new Error(`bug: buckets ${b} to ${last} in one cell`);
    }
    const cells = { first, next };
    this.binades[e] = cells;
    return cells;
  }
}
