import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../src/distributions/normal-quantile.js';
import { nextInt32, seedState } from '../oracle/xor4096.js';
import { KI, REJECTION_PROBABILITY, WI } from '../../src/engine/tables.js';
import { NORMAL_BATCH, fillNormals, nextNormal, normalState, refillNormals } from '../oracle/ziggurat.js';

const source = (seed: string) => normalState(seedState(seed), `${seed}/slow`);
const KS_CRITICAL_001 = Math.sqrt(-Math.log(0.001 / 2) / 2);

function ksStatistic(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

describe('ziggurat normals', () => {
  it('batch normals are the same sequence as one-at-a-time normals', () => {
    const a = source('normals');
    const b = source('normals');
    const batch = new Float64Array(50_000);
    fillNormals(a, batch, batch.length);
    for (let k = 0; k < batch.length; k++) expect(batch[k]).toBe(nextNormal(b));
    expect(nextInt32(a.words)).toBe(nextInt32(b.words)); // and leave the state in the same place
    expect(a.counts[0]).toBe(b.counts[0]); // and have read as many slow values (made ahead: may differ)
  });

  it('draws standard normals: moments, tail mass and KS against Φ within their sampling error', () => {
    const n = 2_000_000;
    const z = new Float64Array(n);
    fillNormals(source('normal distribution'), z, n);
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
    expect(ksStatistic(Float64Array.from(z).sort(), normalCdf) * Math.sqrt(n)).toBeLessThan(KS_CRITICAL_001);
  });

  it('gives serially uncorrelated normals (lag 1 and 2, of z and of z²) within 4 standard errors', () => {
    const n = 1_000_000;
    const z = new Float64Array(n);
    fillNormals(source('serial'), z, n);
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

  it('takes a rejected candidate to the slow sequence as often as the tables say', () => {
    const n = 2_000_000;
    const s = source('rejections');
    fillNormals(s, new Float64Array(n), n);
    const p = REJECTION_PROBABILITY;
    expect(p).toBeGreaterThan(0.01);
    expect(p).toBeLessThan(0.02);
    expect(Math.abs(s.counts[0]! - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
  });

  it("gives slow values with the exact law of the ziggurat's outcome after a rejected first candidate (KS)", () => {
    // The ziggurat's fast path accepts the 2^32 equally likely words whose magnitude is below
    // KI[layer], with value ±magnitude·WI[layer]; the slow law is what is left of Φ, normalised:
    // F_slow(x) = (Φ(x) − F_fast(x)) / P(reject).
    const fastCdf = (x: number) => {
      let count = 0;
      for (let j = 0; j < 256; j++) {
        const k = KI[j]!;
        if (x >= 0) count += k + Math.min(k, Math.floor(x / WI[j]!) + 1);
        else count += Math.max(0, k - Math.ceil(-x / WI[j]!));
      }
      return count / 2 ** 32;
    };
    const slowCdf = (x: number) => (normalCdf(x) - fastCdf(x)) / REJECTION_PROBABILITY;
    const n = 200 * NORMAL_BATCH;
    const s = source('slow law');
    const values = new Float64Array(n);
    for (let k = 0; k < n; k += NORMAL_BATCH) {
      refillNormals(s, NORMAL_BATCH);
      for (let j = 0; j < NORMAL_BATCH; j++) values[k + j] = s.pool[(s.counts[0]! + j) % s.pool.length]!;
      s.counts[0] = s.counts[0]! + NORMAL_BATCH;
    }
    values.sort();
    expect(ksStatistic(values, slowCdf) * Math.sqrt(n)).toBeLessThan(KS_CRITICAL_001);
  });
});
