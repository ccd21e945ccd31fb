import { type Made, fail, made, got, isFiniteNumber } from './distribution.js';

/**
 * Triangular on [low, high] with peak at `mode`. Mean (low + mode + high)/3; quantile by the
 * closed-form inverse of the piecewise-quadratic CDF.
 * @example makeTriangular(0, 0, 1) // quantile(0.75) = 0.5
 */
export function makeTriangular(low: number, mode: number, high: number): Made {
  if (!isFiniteNumber(low)) return fail(`low must be a finite number ${got(low)}`);
  if (!isFiniteNumber(high) || high <= low) return fail(`high must be above low ${got(high)}`);
  if (!isFiniteNumber(mode) || mode < low || mode > high) return fail(`mode must lie between low and high ${got(mode)}`);
  const width = high - low;
  const split = (mode - low) / width; // F(mode)
  return made({
    spec: { type: 'triangular', low, mode, high },
    quantile: (p) =>
      p < split ? low + Math.sqrt(p * width * (mode - low)) : high - Math.sqrt((1 - p) * width * (high - mode)),
    cdf: (x) => {
      if (x <= low) return 0;
      if (x >= high) return 1;
      if (x <= mode) return ((x - low) * (x - low)) / (width * (mode - low));
      return 1 - ((high - x) * (high - x)) / (width * (high - mode));
    },
    mean: () => (low + mode + high) / 3,
    support: [low, high],
  });
}
