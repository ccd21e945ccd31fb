/**
 * Sums of doubles kept exactly, so that the rounded total does not depend on the order in which
 * the numbers were added. Each sum is a list of non-overlapping terms in increasing magnitude
 * whose exact sum is the exact sum of everything added (Shewchuk, "Adaptive precision
 * floating-point arithmetic and fast robust geometric predicates", 1997; the `msum` recipe behind
 * Python's `math.fsum`); `value` rounds it once, to nearest, ties to even.
 *
 * A run adds each block's sum of a series (taken in path order within the block) into its
 * `ExactSums`; shards, threads and merges add the same block sums in other orders and other
 * groupings, and every one of them rounds to the same double.
 *
 * A non-finite number (or an overflow) makes the sum non-finite, as plain addition would; the
 * analysis refuses such a Result anyway.
 *
 * @example
 * const s = new ExactSums(1);
 * for (const x of [1e16, 1, -1e16]) s.add(0, x);
 * s.value(0); // 1 (plain addition in this order gives 0)
 */
export class ExactSums {
  private readonly terms: (number[] | undefined)[];
  /** A non-finite total (Infinity or NaN) once one was added or reached; 0 otherwise. */
  private readonly special: Float64Array;

  constructor(readonly length: number) {
    this.terms = new Array<number[] | undefined>(length).fill(undefined);
    this.special = new Float64Array(length);
  }

  /** Adds x to sum k. */
  add(k: number, x: number): void {
    if (!Number.isFinite(x) || this.special[k] !== 0) {
      this.special[k] = this.special[k]! + x;
      return;
    }
    if (x === 0) return;
    const terms = (this.terms[k] ??= []);
    let m = 0;
    for (let j = 0; j < terms.length; j++) {
      let y = terms[j]!;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      if (!Number.isFinite(hi)) {
        this.special[k] = hi; // an overflow
        terms.length = 0;
        return;
      }
      const lo = y - (hi - x);
      if (lo !== 0) terms[m++] = lo;
      x = hi;
    }
    terms.length = m;
    if (x !== 0) terms.push(x);
  }

  /** Adds values[k] to sum k for every k. */
  addEach(values: Float64Array): void {
    for (let k = 0; k < this.length; k++) this.add(k, values[k]!);
  }

  /** Adds every sum of `other` (of the same length) to this one's. */
  absorb(other: ExactSums): void {
    for (let k = 0; k < this.length; k++) for (const x of other.termsOf(k)) this.add(k, x);
  }

  /** The terms of sum k (a non-finite sum is its one term), whose exact sum is the sum. */
  termsOf(k: number): readonly number[] {
    return this.special[k] !== 0 ? [this.special[k]!] : (this.terms[k] ?? []);
  }

  /** Sum k, correctly rounded (to nearest, ties to even). */
  value(k: number): number {
    if (this.special[k] !== 0) return this.special[k]!;
    const terms = this.terms[k];
    if (terms === undefined || terms.length === 0) return 0;
    let n = terms.length - 1;
    let hi = terms[n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = terms[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // round half to even: when the rest lies exactly half-way and the next term pulls the same way, round away
    if (n > 0 && ((lo < 0 && terms[n - 1]! < 0) || (lo > 0 && terms[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  /** Every sum, correctly rounded. */
  values(): Float64Array {
    return Float64Array.from({ length: this.length }, (_, k) => this.value(k));
  }
}
