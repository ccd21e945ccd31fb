import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../src/distributions/normal-quantile.js';
import { fillNormals, nextInt32, nextNormal, seedState } from '../../src/engine/xor4096.js';

describe('xor4096 on an Int32Array', () => {
  it.each(['1', '["2024",0,"users/noise"]', 'a much longer seed text than the 128 words of state would need, to exercise the mixing of long seeds '.repeat(3)])(
    'gives exactly seedrandom.xor4096(%j).int32() for 100000 words',
    (seed) => {
      const reference = seedrandom.xor4096(seed);
      const state = seedState(seed);
      for (let k = 0; k < 100_000; k++) {
        const expected = reference.int32();
        const got = nextInt32(state);
        if (got !== expected) throw new Error(`word ${k}: ${got} !== ${expected}`);
      }
    },
  );

  it('batch normals are the same sequence as one-at-a-time normals', () => {
    const a = seedState('normals');
    const b = seedState('normals');
    const batch = new Float64Array(50_000);
    fillNormals(a, batch, batch.length);
    for (let k = 0; k < batch.length; k++) expect(batch[k]).toBe(nextNormal(b));
    expect(nextInt32(a)).toBe(nextInt32(b)); // and leave the state in the same place
  });

  it('draws standard normals: moments, tail mass and KS against Φ within their sampling error', () => {
    const n = 2_000_000;
    const z = new Float64Array(n);
    fillNormals(seedState('normal distribution'), z, n);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    let tail = 0;
    let positive = 0;
    const R = 3.6541528853610088; // the ziggurat's base: beyond it, the tail algorithm
    for (const x of z) {
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
      if (Math.abs(x) > R) tail++;
      if (x > 0) positive++;
    }
    // standard errors of the sample moments of a standard normal: √(1/n), √(2/n), √(96/n)
    expect(Math.abs(m1 / n)).toBeLessThan(4 * Math.sqrt(1 / n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
    expect(Math.abs(positive / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
    const pTail = 2 * normalCdf(-R);
    expect(Math.abs(tail - n * pTail)).toBeLessThan(4 * Math.sqrt(n * pTail * (1 - pTail)));
    // Kolmogorov–Smirnov at the 0.1% level
    const sorted = Float64Array.from(z).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdf(sorted[i]!);
      d = Math.max(d, (i + 1) / n - f, f - i / n);
    }
    expect(d * Math.sqrt(n)).toBeLessThan(Math.sqrt(-Math.log(0.001 / 2) / 2));
  });

  it('gives serially uncorrelated normals (lag 1 and 2, of z and of z²) within 4 standard errors', () => {
    const n = 1_000_000;
    const z = new Float64Array(n);
    fillNormals(seedState('serial'), z, n);
    for (const lag of [1, 2]) {
      let zz = 0;
      let sq = 0;
      for (let k = lag; k < n; k++) {
        zz += z[k]! * z[k - lag]!;
        sq += (z[k]! ** 2 - 1) * (z[k - lag]! ** 2 - 1);
      }
      // E[z_k z_{k−lag}] = 0 with sd 1; E[(z_k² − 1)(z_{k−lag}² − 1)] = 0 with sd 2
      expect(Math.abs(zz / (n - lag))).toBeLessThan(4 / Math.sqrt(n - lag));
      expect(Math.abs(sq / (n - lag))).toBeLessThan(8 / Math.sqrt(n - lag));
    }
  });
});
