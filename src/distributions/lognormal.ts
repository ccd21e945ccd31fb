import { type Made, fail, made, got, isFiniteNumber } from './distribution.js';
import { Z90, normalCdf, normalQuantile } from './normal-quantile.js';

/**
 * Lognormal: exp(N(mu, sigma²)). Mean exp(mu + sigma²/2).
 * @example makeLognormal(0, 1) // quantile(0.5) = 1, mean ≈ 1.6487
 */
export function makeLognormal(mu: number, sigma: number): Made {
  if (!isFiniteNumber(mu)) return fail(`mu must be a finite number ${got(mu)}`);
  if (!isFiniteNumber(sigma) || sigma <= 0) return fail(`sigma must be a positive number ${got(sigma)}`);
  return made({
    spec: { type: 'lognormal', mu, sigma },
    quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)),
    cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
    mean: () => Math.exp(mu + (sigma * sigma) / 2),
    support: [0, Infinity],
  });
}

/**
 * The lognormal whose central 90% interval is [low, high] (the meaning of `low to high`, as in
 * Squiggle): mu = (ln low + ln high)/2, sigma = (ln high − ln low)/(2·Φ⁻¹(0.95)).
 * @example makeLognormalInterval(500e3, 900e3) // quantile(0.05) = 500000, quantile(0.95) = 900000
 */
export function makeLognormalInterval(low: number, high: number): Made {
  if (!isFiniteNumber(low) || low <= 0) {
    return fail(`low must be above 0 for a lognormal interval ${got(low)}; write normal(mean, sd) for ranges that include 0 or negatives`);
  }
  if (!isFiniteNumber(high) || high <= low) return fail(`low must be below high (got ${fmtPair(low, high)})`);
  const mu = (Math.log(low) + Math.log(high)) / 2;
  const sigma = (Math.log(high) - Math.log(low)) / (2 * Z90);
  return makeLognormal(mu, sigma);
}

function fmtPair(low: number, high: number): string {
  return `${got(low).slice(5, -1)} to ${got(high).slice(5, -1)}`;
}
