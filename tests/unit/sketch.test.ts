import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/analysis/quantile.js';
import { SKETCH_ALPHA, SKETCH_LENGTH, sketchAdd, sketchMerge, sketchQuantile } from '../../src/engine/sketch.js';
import { Stream } from '../oracle/stream.js';

describe('cash sketch', () => {
  const n = 100_000;
  const s = new Stream('sketch', 0, 'values');
  // cash-like values: mostly positive billions, some negative, some near zero
  const values = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1e6 * s.uniform() : i % 97 === 0 ? 0.5 : 1e9 * Math.exp(s.normal())));
  const sorted = Float64Array.from(values).sort();

  it('quantiles are within the relative error α of the exact type-7 quantiles', () => {
    const counts = new Uint32Array(SKETCH_LENGTH);
    sketchAdd(counts, values, n);
    for (const q of [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) {
      const exact = quantileSorted(sorted, q);
      const approx = sketchQuantile(counts, q);
      expect(Math.abs(approx - exact)).toBeLessThanOrEqual(SKETCH_ALPHA * Math.abs(exact) + 1);
    }
  });

  it('merges exactly: the sketch of two halves is the sketch of the whole, in either order', () => {
    const whole = new Uint32Array(SKETCH_LENGTH);
    sketchAdd(whole, values, n);
    const a = new Uint32Array(SKETCH_LENGTH);
    const b = new Uint32Array(SKETCH_LENGTH);
    sketchAdd(a, values.subarray(0, 40_000), 40_000);
    sketchAdd(b, values.subarray(40_000), n - 40_000);
    const ab = Uint32Array.from(a);
    sketchMerge(ab, b);
    const ba = Uint32Array.from(b);
    sketchMerge(ba, a);
    expect(ab).toEqual(whole);
    expect(ba).toEqual(whole);
  });
});
