import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/analysis/quantile.js';
import { CASH_SKETCH, FLOW_SKETCH, SKETCH_ALPHA, emptySketch, sketchAdd, sketchAddRepeated, sketchEntries, sketchMerge, sketchQuantile } from '../../src/engine/sketch.js';
import { Stream } from '../oracle/stream.js';

describe('cash sketch', () => {
  const n = 100_000;
  const s = new Stream('sketch', 0, 'values');
  // cash-like values: mostly positive billions, some negative, some near zero
  const values = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1e6 * s.uniform() : i % 97 === 0 ? 0.5 : 1e9 * Math.exp(s.normal())));
  const sorted = Float64Array.from(values).sort();

  it('quantiles are within the relative error α of the exact type-7 quantiles', () => {
    const counts = emptySketch();
    sketchAdd(counts, values, n);
    for (const q of [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) {
      const exact = quantileSorted(sorted, q);
      const approx = sketchQuantile(counts, q);
      expect(Math.abs(approx - exact)).toBeLessThanOrEqual(SKETCH_ALPHA * Math.abs(exact) + 1);
    }
  });

  it('takes a value n times at once as it takes n copies of it', () => {
    for (const x of [-3.2e7, -1, -0.5, 0, 0.99, 1, 1234.5, 9e20, NaN]) {
      for (const scale of [CASH_SKETCH, FLOW_SKETCH]) {
        const [once, copies] = [emptySketch(), emptySketch()];
        sketchAddRepeated(once, x, 1000, scale);
        sketchAdd(copies, new Float64Array(1000).fill(x), 1000, scale);
        expect(sketchEntries(once, scale)).toEqual(sketchEntries(copies, scale));
      }
    }
  });

  it('merges exactly: the sketch of two halves is the sketch of the whole, in either order', () => {
    const whole = emptySketch();
    sketchAdd(whole, values, n);
    const a = emptySketch();
    const b = emptySketch();
    sketchAdd(a, values.subarray(0, 40_000), 40_000);
    sketchAdd(b, values.subarray(40_000), n - 40_000);
    const ab = structuredClone(a);
    sketchMerge(ab, b);
    const ba = structuredClone(b);
    sketchMerge(ba, a);
    expect(sketchEntries(ab, CASH_SKETCH)).toEqual(sketchEntries(whole, CASH_SKETCH));
    expect(sketchEntries(ba, CASH_SKETCH)).toEqual(sketchEntries(whole, CASH_SKETCH));
  });

  it('keeps only the buckets it meets: a window per sign, far smaller than the 195 kB of every bucket', () => {
    const sketch = emptySketch();
    sketchAdd(sketch, values, n);
    const bytes = sketch.pos.counts.byteLength + sketch.neg.counts.byteLength;
    expect(bytes).toBeLessThan((CASH_SKETCH.length * 4) / 2); // these values span 9 decades of both signs; a cash date spans far fewer
    // the windows hold every value: the counts add up to n
    expect(sketchEntries(sketch, CASH_SKETCH).reduce((t, [, c]) => t + c, 0)).toBe(n);
  });
});
