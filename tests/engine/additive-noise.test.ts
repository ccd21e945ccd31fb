import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../src/distributions/index.js';
import { cashOn, ruinBy, simulateText } from '../helpers.js';

/**
 * The exact first-passage probability of a random walk checked once a day, computed independently
 * of the engine: cash starts at c0 and moves each day by −μ + σZ; the probability mass of cash is
 * carried on a grid of step dx (cells [j − ½, j + ½)·dx, the first [0, ½dx)) day by day, with the
 * mass that falls below 0 absorbed (ruined). Grid refinement (dx = 1000, 500, 250 for the case
 * below: 0.57052, 0.57042, 0.57039) shows it converged well inside the Monte Carlo error.
 */
function firstPassage(c0: number, mu: number, sigma: number, days: number, dx: number): number {
  const n = Math.ceil((c0 + 7 * sigma * Math.sqrt(days)) / dx) + 1;
  let mass = new Float64Array(n);
  mass[Math.round(c0 / dx)] = 1;
  const half = Math.ceil((8 * sigma + mu) / dx);
  const kernel = Float64Array.from({ length: 2 * half + 1 }, (_, k) => normalCdf(((k - half + 0.5) * dx + mu) / sigma) - normalCdf(((k - half - 0.5) * dx + mu) / sigma));
  let ruined = 0;
  for (let t = 0; t < days; t++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const m = mass[i]!;
      if (m < 1e-300) continue;
      const x = i * dx;
      ruined += m * normalCdf((-x + mu) / sigma);
      next[0] = next[0]! + m * (normalCdf((0.5 * dx - x + mu) / sigma) - normalCdf((-x + mu) / sigma));
      for (let j = Math.max(1, i - half); j <= Math.min(n - 1, i + half); j++) next[j] = next[j]! + m * kernel[j - i + half]!;
    }
    mass = next;
  }
  return ruined;
}

describe('additive noise', () => {
  it('a random walk checked daily: P(ruin by T) matches the independent first-passage computation within 4 SE (100k paths)', () => {
    // cash 100k, burn 300 a day with additive noise of 10k a day, 180 days
    const n = 100_000;
    const r = simulateText(`name: random walk\nstart: 2025-01-01\nhorizon: 2025-06-29\npaths: ${n}\nseed: 3\ncash: { initial: 100k }\ncosts:\n  - { name: burn, amount: 300, per: day, noise: 10k }\n`);
    const p = ruinBy(r, '2025-06-29');
    const reference = firstPassage(100_000, 300, 10_000, 180, 500);
    const se = Math.sqrt((reference * (1 - reference)) / n);
    expect(Math.abs(p - reference)).toBeLessThan(4 * se);
  });

  it('the noise of a month has the standard deviation given, spread over its days, with mean 0 (4 SE)', () => {
    // a net flow of 0 with noise 31k per month: January's total is normal(0, 31k); p75 − p25 = 1.349·σ
    const n = 20_000;
    const r = simulateText(`name: swings\nstart: 2025-01-01\nhorizon: 2025-01-31\npaths: ${n}\nseed: 5\ncash: { initial: 1M }\nrevenue:\n  - { name: working capital, amount: 0, per: month, noise: 31k }\n`);
    const jan = cashOn(r, '2025-01-31');
    expect(Math.abs(jan.mean - 1_000_000)).toBeLessThan((4 * 31_000) / Math.sqrt(n));
    // the interquartile range of a normal sample: Var = (2·p(1 − p) − 2·p²)/(n·f²) at p = ¼ with
    // f = φ(0.6745)/σ, so SE = 1.573·σ/√n (asymptotic variance of sample quantiles)
    expect(Math.abs(jan.p75 - jan.p25 - 1.3489795 * 31_000)).toBeLessThan((4 * 1.573 * 31_000) / Math.sqrt(n));
  });

  it('on a payment schedule, a payment carries the noise of the days it covers', () => {
    // paid on the 31st: nothing moves before it; after it, the month's noise (sd 31k)
    const r = simulateText(`name: swings\nstart: 2025-01-01\nhorizon: 2025-01-31\npaths: 2000\nseed: 5\nreport: { by: [2025-01-30] }\ncash: { initial: 1M }\nrevenue:\n  - { name: working capital, amount: 0, per: month, noise: 31k, paid: { day: last } }\n`);
    const before = cashOn(r, '2025-01-30');
    expect([before.p5, before.p95]).toEqual([1_000_000, 1_000_000]);
    const after = cashOn(r, '2025-01-31');
    expect(after.p95 - after.p5).toBeGreaterThan(2 * 31_000);
  });
});
