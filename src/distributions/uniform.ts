import { type Made, fail, made, got, isFiniteNumber } from './distribution.js';

/** Continuous uniform on [low, high]. @example makeUniform(1e9, 3e9) // mean 2e9 */
export function makeUniform(low: number, high: number): Made {
  if (!isFiniteNumber(low)) return fail(`low must be a finite number ${got(low)}`);
  if (!isFiniteNumber(high) || high <= low) return fail(`high must be above low ${got(high)}`);
  const width = high - low;
  return made({
    spec: { type: 'uniform', low, high },
    quantile: (p) => low + width * p,
    cdf: (x) => (x <= low ? 0 : x >= high ? 1 : (x - low) / width),
    mean: () => (low + high) / 2,
    support: [low, high],
  });
}
