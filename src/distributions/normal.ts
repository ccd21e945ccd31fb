import { type Made, fail, made, got, isFiniteNumber } from './distribution.js';
import { normalCdf, normalQuantile } from './normal-quantile.js';

/**
 * Normal distribution with mean `mean` and standard deviation `sd` (> 0).
 * @example makeNormal(-0.02, 0.03) // quantile(0.5) = -0.02, quantile(0.975) ≈ 0.0388
 */
export function makeNormal(mean: number, sd: number): Made {
  if (!isFiniteNumber(mean)) return fail(`mean must be a finite number ${got(mean)}`);
  if (!isFiniteNumber(sd) || sd <= 0) return fail(`sd must be a positive number ${got(sd)}`);
  return made({
    spec: { type: 'normal', mean, sd },
    quantile: (p) => mean + sd * normalQuantile(p),
    cdf: (x) => normalCdf((x - mean) / sd),
    mean: () => mean,
    support: [-Infinity, Infinity],
  });
}
