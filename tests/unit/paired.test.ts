import { describe, expect, it } from 'vitest';
import { pairedDifference } from '../../src/analysis/paired.js';
import { Stream } from '../oracle/stream.js';

describe('paired difference of proportions (Newcombe 1998, method 10)', () => {
  it('is centred on (c − b)/n with the paired and unpaired standard errors', () => {
    const r = pairedDifference({ both: 300, firstOnly: 20, secondOnly: 50, n: 1000 });
    expect(r.difference).toBeCloseTo(0.03, 15);
    expect(r.standardError).toBeCloseTo(Math.sqrt((0.07 - 0.03 ** 2) / 1000), 15);
    expect(r.unpairedStandardError).toBeCloseTo(Math.sqrt((0.32 * 0.68 + 0.35 * 0.65) / 1000), 15);
    expect(r.ci95.low).toBeLessThan(0.03);
    expect(r.ci95.high).toBeGreaterThan(0.03);
    // correlated pairs (70 discordant of 1000): well over twice narrower than the unpaired interval
    expect(r.ci95.high - r.ci95.low).toBeLessThan((2 * 1.96 * r.unpairedStandardError) / 2.5);
  });

  it('stays inside [-1, 1] and is not empty when no pair is discordant', () => {
    const r = pairedDifference({ both: 0, firstOnly: 0, secondOnly: 0, n: 50 });
    expect(r.difference).toBe(0);
    expect(r.ci95.low).toBeLessThanOrEqual(0);
    expect(r.ci95.high).toBeGreaterThanOrEqual(0);
    const all = pairedDifference({ both: 0, firstOnly: 0, secondOnly: 50, n: 50 });
    expect(all.ci95.high).toBe(1);
  });

  it('covers the true difference about 95% of the time (2000 simulated studies, tolerance 4 SE)', () => {
    // pairs: first ~ Bernoulli(0.3); second = first, except that with probability 0.1 it is redrawn ~ Bernoulli(0.5)
    // P(first) = 0.3, P(second) = 0.9·0.3 + 0.1·0.5 = 0.32, true difference 0.02
    const s = new Stream('coverage', 0, 'paired');
    const studies = 2000;
    const n = 400;
    let covered = 0;
    for (let k = 0; k < studies; k++) {
      let both = 0;
      let firstOnly = 0;
      let secondOnly = 0;
      for (let i = 0; i < n; i++) {
        const x = s.uniform() < 0.3;
        const y = s.uniform() < 0.1 ? s.uniform() < 0.5 : x;
        if (x && y) both++;
        else if (x) firstOnly++;
        else if (y) secondOnly++;
      }
      const ci = pairedDifference({ both, firstOnly, secondOnly, n }).ci95;
      if (ci.low <= 0.02 && 0.02 <= ci.high) covered++;
    }
    const coverage = covered / studies;
    expect(Math.abs(coverage - 0.95)).toBeLessThan(4 * Math.sqrt((0.95 * 0.05) / studies));
  });
});
