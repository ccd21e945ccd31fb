import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  it('go by buckets above 16384 values, with the same numbers as a full sort (signs, ties, wide magnitudes, infinities)', () => {
    const value = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.double({ noNaN: true }),
      fc.constantFrom(-0, Infinity, -Infinity, 1e9, 1e9 + 1),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 16_385, maxLength: 30_000 }), (xs) => {
        const sorted = Float64Array.from(xs).sort();
        expect(quantilesBySelection(Float64Array.from(xs), qs)).toEqual(qs.map((q) => quantileSorted(sorted, q)));
      }),
      { numRuns: 25 },
    );
  });
  it('go by buckets also when most values share one bucket, or all sit in the extreme ones', () => {
    const near = Float64Array.from({ length: 50_000 }, (_, i) => 1e9 + ((i * 7919) % 50_000));
    const extremes = Float64Array.from({ length: 29_999 }, (_, i) => (i % 3 === 0 ? -Number.MAX_VALUE : i % 3 === 1 ? Number.MAX_VALUE : -Number.MIN_VALUE));
    for (const xs of [near, extremes]) {
      const sorted = Float64Array.from(xs).sort();
      expect(quantilesBySelection(Float64Array.from(xs), qs)).toEqual(qs.map((q) => quantileSorted(sorted, q)));
    }
  });
});
