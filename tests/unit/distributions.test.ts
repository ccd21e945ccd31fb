import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Distribution,
  type Made,
  makeBernoulli,
  makeBeta,
  makeConstant,
  makeDiscrete,
  makeLognormal,
  makeLognormalInterval,
  makeNormal,
  makePert,
  makeTriangular,
  makeUniform,
  normalCdf,
  normalQuantile,
} from '../../src/distributions/index.js';
import { Stream } from '../oracle/stream.js';

function ok(made: Made): Distribution {
  if (!made.ok) throw new Error(made.error);
  return made.dist;
}

/**
 * Kolmogorov–Smirnov statistic of `sample` against `cdf`. Critical value at α = 0.001:
 * c(α)/√n with c = √(−ln(α/2)/2) = 1.9495 (asymptotic; Smirnov 1948).
 */
function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}
const KS_CRITICAL_001 = Math.sqrt(-Math.log(0.001 / 2) / 2);

function drawByInversion(dist: Distribution, n: number, key: string): Float64Array {
  const s = new Stream('ks', 0, key);
  const uniform = () => s.uniform();
  return Float64Array.from({ length: n }, () => dist.sample(uniform));
}

describe('normal quantile (AS241)', () => {
  it('matches reference values (scipy.stats.norm.ppf)', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(1 - 1e-10)).toBeCloseTo(6.361340889697422, 6); // 1 − 1e-10 is not exact in binary
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('inverts the normal CDF across the range', () => {
    for (const p of [1e-300, 1e-50, 1e-8, 0.01, 0.2, 0.5, 0.7, 0.99, 0.999999]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 10);
    }
  });
});

describe('distributions: known means and quantiles', () => {
  it('constant', () => {
    const d = ok(makeConstant(700e3));
    expect([d.quantile(0.01), d.quantile(0.99), d.mean()]).toEqual([700e3, 700e3, 700e3]);
  });

  it('normal(mean, sd)', () => {
    const d = ok(makeNormal(-0.02, 0.03));
    expect(d.mean()).toBe(-0.02);
    expect(d.quantile(0.5)).toBe(-0.02);
    expect(d.quantile(0.975)).toBeCloseTo(-0.02 + 0.03 * 1.959963984540054, 15);
  });

  it('lognormal(mu, sigma): median e^mu, mean e^(mu + sigma²/2)', () => {
    const d = ok(makeLognormal(0, 1));
    expect(d.quantile(0.5)).toBe(1);
    expect(d.mean()).toBeCloseTo(Math.exp(0.5), 15);
  });

  it('"a to b" is the lognormal with that central 90% interval', () => {
    const d = ok(makeLognormalInterval(500e3, 900e3));
    expect(d.quantile(0.05)).toBeCloseTo(500e3, 6);
    expect(d.quantile(0.95)).toBeCloseTo(900e3, 6);
    expect(d.quantile(0.5)).toBeCloseTo(Math.sqrt(500e3 * 900e3), 6); // geometric mean
  });

  it('uniform, triangular, PERT, beta', () => {
    expect(ok(makeUniform(1e9, 3e9)).mean()).toBe(2e9);
    expect(ok(makeUniform(1e9, 3e9)).quantile(0.25)).toBe(1.5e9);
    const tri = ok(makeTriangular(0, 0, 1));
    expect(tri.quantile(0.75)).toBeCloseTo(0.5, 15); // 1 − (1 − x)² = 0.75
    expect(ok(makeTriangular(1, 2, 6)).mean()).toBe(3);
    expect(ok(makeTriangular(1, 2, 6)).quantile(0.2)).toBeCloseTo(2, 15); // F(mode) = (mode − low)/(high − low)
    const pert = ok(makePert(0, 1, 10));
    expect(pert.mean()).toBeCloseTo((0 + 4 * 1 + 10) / 6, 14); // Vose: (a + 4m + b)/6
    const beta = ok(makeBeta(2, 5, 0, 1));
    expect(beta.mean()).toBeCloseTo(2 / 7, 15);
    expect(ok(makeBeta(2, 2)).quantile(0.5)).toBeCloseTo(0.5, 12);
    // Beta(1, 1) on [10, 20] is uniform
    expect(ok(makeBeta(1, 1, 10, 20)).quantile(0.3)).toBeCloseTo(13, 10);
  });

  it('discrete: inverted CDF over sorted values, normalised weights', () => {
    const d = ok(makeDiscrete([1e9, 0], [3, 2]));
    expect(d.quantile(0.3)).toBe(0);
    expect(d.quantile(0.4)).toBe(0);
    expect(d.quantile(0.41)).toBe(1e9);
    expect(d.mean()).toBeCloseTo(6e8, 3);
    expect(d.spec).toEqual({ type: 'discrete', values: [1e9, 0], weights: [0.6, 0.4] });
  });

  it('bernoulli', () => {
    const d = ok(makeBernoulli(0.6));
    expect([d.quantile(0.39), d.quantile(0.41), d.mean()]).toEqual([0, 1, 0.6]);
  });
});

describe('distributions: checked factories name the parameter and the value', () => {
  it.each([
    [makeNormal(0, 0), 'sd must be a positive number (got 0)'],
    [makeNormal(NaN, 1), 'mean must be a finite number (got NaN)'],
    [makeLognormal(0, -1), 'sigma must be a positive number (got -1)'],
    [makeLognormalInterval(0, 5), 'low must be above 0 for a lognormal interval (got 0); write normal(mean, sd) for ranges that include 0 or negatives'],
    [makeLognormalInterval(900e3, 500e3), 'low must be below high (got 900k to 500k)'],
    [makeUniform(3, 1), 'high must be above low (got 1)'],
    [makeTriangular(0, 5, 1), 'mode must lie between low and high (got 5)'],
    [makePert(0, 1, 2, 0), 'lambda must be a positive number (got 0)'],
    [makeBeta(0, 1), 'alpha must be a positive number (got 0)'],
    [makeDiscrete([], []), 'needs at least one value'],
    [makeDiscrete([1, 2], [1]), 'has 2 values but 1 weights'],
    [makeDiscrete([1], [-1]), 'weights must be positive numbers (got -1)'],
    [makeBernoulli(1.5), 'p must be a probability between 0 and 1 (got 1.5)'],
  ])('%#', (made, message) => {
    expect(made).toEqual({ ok: false, error: message });
  });
});

describe('distributions: samples by inversion pass a KS test (n = 20000, α = 0.001)', () => {
  const n = 20_000;
  it.each<[string, Distribution]>([
    ['normal', ok(makeNormal(-0.02, 0.03))],
    ['lognormal interval', ok(makeLognormalInterval(500e3, 900e3))],
    ['uniform', ok(makeUniform(1e9, 3e9))],
    ['triangular', ok(makeTriangular(1, 2, 6))],
    ['pert', ok(makePert(0, 1, 10))],
    ['beta', ok(makeBeta(2, 5, 0, 1e9))],
  ])('%s', (name, dist) => {
    const d = ksStatistic(drawByInversion(dist, n, name), (x) => dist.cdf(x));
    expect(d).toBeLessThan(KS_CRITICAL_001 / Math.sqrt(n));
  });

  it('the sample mean is within 4 standard errors of the mean', () => {
    const dist = ok(makePert(0, 1, 10));
    const sample = drawByInversion(dist, n, 'mean');
    const mean = sample.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(sample.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - dist.mean())).toBeLessThan((4 * sd) / Math.sqrt(n));
  });
});

describe('random streams', () => {
  it('ziggurat normals pass a KS test, with mean and variance within 4 SE (n = 200000)', () => {
    const n = 200_000;
    const s = new Stream('zig', 3, 'normals');
    const z = new Float64Array(n);
    s.fillNormals(z, n);
    expect(ksStatistic(z, normalCdf)).toBeLessThan(KS_CRITICAL_001 / Math.sqrt(n));
    const mean = z.reduce((a, b) => a + b, 0) / n;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n)); // SE of the mean: 1/√n
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n)); // SE of s²: σ²√(2/(n−1))
    // tails: P(|Z| > 3) = 0.0026998; binomial SE
    const tail = z.filter((x) => Math.abs(x) > 3).length / n;
    expect(Math.abs(tail - 0.0026998)).toBeLessThan(4 * Math.sqrt((0.0027 * 0.9973) / n));
  });

  it('uniforms lie strictly inside (0, 1) and pass a KS test', () => {
    const n = 100_000;
    const s = new Stream('u', 0, 'uniforms');
    const u = new Float64Array(n);
    s.fillUniforms(u, n);
    expect(u.every((x) => x > 0 && x < 1)).toBe(true);
    expect(ksStatistic(u, (x) => x)).toBeLessThan(KS_CRITICAL_001 / Math.sqrt(n));
  });

  it('streams are keyed: same key, same numbers; another key, block or seed, other numbers', () => {
    const draw = (seed: string, block: number, key: string) => {
      const s = new Stream(seed, block, key);
      return [s.uniform(), s.uniform(), s.normal()];
    };
    expect(draw('1', 0, 'a')).toEqual(draw('1', 0, 'a'));
    expect(draw('1', 0, 'a')).not.toEqual(draw('1', 0, 'b'));
    expect(draw('1', 0, 'a')).not.toEqual(draw('1', 1, 'a'));
    expect(draw('1', 0, 'a')).not.toEqual(draw('2', 0, 'a'));
  });
});

describe('distributions: properties', () => {
  it('quantiles are monotone in p and lie in the support', () => {
    const dists = fc.oneof(
      fc.record({ m: fc.double({ min: -1e6, max: 1e6, noNaN: true }), s: fc.double({ min: 1e-6, max: 1e6, noNaN: true }) }).map(({ m, s }) => ok(makeNormal(m, s))),
      fc.record({ a: fc.double({ min: 1e-3, max: 1e9, noNaN: true }), k: fc.double({ min: 1.001, max: 1e3, noNaN: true }) }).map(({ a, k }) => ok(makeLognormalInterval(a, a * k))),
      fc.tuple(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1e-3, max: 1e9, noNaN: true })).map(([low, f, w]) => ok(makePert(low, low + f * w, low + w))),
      fc.tuple(fc.double({ min: 0.1, max: 50, noNaN: true }), fc.double({ min: 0.1, max: 50, noNaN: true })).map(([a, b]) => ok(makeBeta(a, b))),
    );
    const probs = fc.tuple(fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }));
    fc.assert(
      fc.property(dists, probs, (d, [p1, p2]) => {
        const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        const q1 = d.quantile(lo);
        const q2 = d.quantile(hi);
        return q1 <= q2 && q1 >= d.support[0] && q2 <= d.support[1];
      }),
      { seed: 20231116, numRuns: 500 },
    );
  });
});
