import { type DistSpec, formatNumber } from './distribution.js';
import { Z90 } from './normal-quantile.js';

/**
 * A distribution in the compact text of scenario files, for reports: `500k to 900k` for a
 * lognormal (its 90% interval), `normal(-2%, 3%)`… Numbers are shortened (6 significant digits,
 * k/M/B), so the text reads back to the same distribution up to that rounding.
 * @example describeDist({ type: 'uniform', low: 1e9, high: 3e9 }) // 'uniform(1B, 3B)'
 */
export function describeDist(spec: DistSpec): string {
  // 6 significant digits first, so that 999999999.9999 reads 1B, not 1000M
  const n = (x: number) => formatNumber(Number(x.toPrecision(6)));
  switch (spec.type) {
    case 'constant':
      return n(spec.value);
    case 'lognormal':
      return `${n(Math.exp(spec.mu - Z90 * spec.sigma))} to ${n(Math.exp(spec.mu + Z90 * spec.sigma))}`;
    case 'normal':
      return `normal(${n(spec.mean)}, ${n(spec.sd)})`;
    case 'uniform':
      return `uniform(${n(spec.low)}, ${n(spec.high)})`;
    case 'triangular':
      return `triangular(${n(spec.low)}, ${n(spec.mode)}, ${n(spec.high)})`;
    case 'pert':
      return `pert(${n(spec.low)}, ${n(spec.mode)}, ${n(spec.high)}${spec.lambda === 4 ? '' : `, ${n(spec.lambda)}`})`;
    case 'beta':
      return `beta(${n(spec.alpha)}, ${n(spec.beta)}${spec.low === 0 && spec.high === 1 ? '' : `, ${n(spec.low)}, ${n(spec.high)}`})`;
    case 'discrete':
      return `discrete(${spec.values.map((v, k) => `${n(v)}: ${n(spec.weights[k]!)}`).join(', ')})`;
    case 'bernoulli':
      return `bernoulli(${n(spec.p)})`;
    case 'affine':
      return `${n(spec.scale)} × (${describeDist(spec.of)}) + ${n(spec.shift)}`;
  }
}
