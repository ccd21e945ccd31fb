import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderStatistics } from '../../src/analysis/order-statistics.js';
import { quantileSorted, quantilesBySelection } from '../../src/analysis/quantile.js';

describe('quantiles by selection', () => {
  const qs = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];
  it('equal those of a full sort, bit for bit, with ties and any order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e12, max: 1e12, noNaN: true }).map((x) => x + 0)), { minLength: 1, maxLength: 300 }), (xs) => {
        const sorted = Float64Array.from(xs).sort();
        expect(quantilesBySelection(Float64Array.from(xs), qs)).toEqual(qs.map((q) => quantileSorted(sorted, q)));
      }),
      { numRuns: 1000 },
    );
  });
  it('handles a large sample of equal values and a sorted one', () => {
    expect(quantilesBySelection(new Float64Array(100_000).fill(7), [0.5])).toEqual([7]);
    const up = Float64Array.from({ length: 100_001 }, (_, i) => i);
    expect(quantilesBySelection(up, [0.05, 0.5])).toEqual([5000, 50000]);
  });
  it('go by buckets above 65536 values, with the same numbers as a full sort (signs, ties, wide magnitudes, infinities)', () => {
    const value = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.double({ noNaN: true }),
      fc.constantFrom(-0, Infinity, -Infinity, 1e9, 1e9 + 1),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 65_537, maxLength: 70_000 }), (xs) => {
        const sorted = Float64Array.from(xs).sort();
        expect(quantilesBySelection(Float64Array.from(xs), qs)).toEqual(qs.map((q) => quantileSorted(sorted, q)));
      }),
      // no shrinking: a counterexample of 65k values would take minutes to shrink
      { numRuns: 10, endOnFailure: true },
    );
  });
  it('go by buckets also when most values share one bucket, or all sit in the extreme ones', () => {
    const near = Float64Array.from({ length: 70_000 }, (_, i) => 1e9 + ((i * 7919) % 70_000));
    const extremes = Float64Array.from({ length: 69_999 }, (_, i) => (i % 3 === 0 ? -Number.MAX_VALUE : i % 3 === 1 ? Number.MAX_VALUE : -Number.MIN_VALUE));
    for (const xs of [near, extremes]) {
      const sorted = Float64Array.from(xs).sort();
      expect(quantilesBySelection(Float64Array.from(xs), qs)).toEqual(qs.map((q) => quantileSorted(sorted, q)));
    }
  });
});

describe('order statistics (WebAssembly quickselect)', () => {
  it("are a full sort's values at those ranks, −0 before +0, and leave the input as it was", () => {
    const value = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 2000 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }), (xs, where) => {
        const values = Float64Array.from(xs);
        const sorted = Float64Array.from(xs).sort();
        const ranks = [...new Set(where.map((w) => Math.min(xs.length - 1, Math.floor(w * xs.length))))].sort((a, b) => a - b);
        const found = orderStatistics(values, ranks);
        for (const r of ranks) expect(Object.is(found.get(r), sorted[r])).toBe(true);
        expect(values).toEqual(Float64Array.from(xs));
      }),
      { numRuns: 500 },
    );
  });
  it('grow their memory for a larger sample, then serve a smaller one', () => {
    const big = Float64Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_000);
    expect(orderStatistics(big, [0, 150_000, 299_999])).toEqual(new Map([[0, 0], [150_000, 150_000], [299_999, 299_999]]));
    expect(orderStatistics(Float64Array.of(3, -0, 0, -1), [0, 1, 2, 3])).toEqual(new Map([[0, -1], [1, -0], [2, 0], [3, 3]]));
  });
});
