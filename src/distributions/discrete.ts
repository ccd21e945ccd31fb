import { type Made, fail, made, got, isFiniteNumber } from './distribution.js';

/**
 * A finite set of values with weights (normalised to sum to 1). The quantile is the inverted CDF
 * over the values in ascending order (Hyndman & Fan type 1).
 * @example makeDiscrete([0, 1e9], [0.4, 0.6]) // quantile(0.3) = 0, quantile(0.5) = 1e9, mean 6e8
 */
export function makeDiscrete(values: readonly number[], weights: readonly number[]): Made {
  if (values.length === 0) return fail('needs at least one value');
  if (values.length !== weights.length) return fail(`has ${values.length} values but ${weights.length} weights`);
  for (const v of values) if (!isFiniteNumber(v)) return fail(`values must be finite numbers ${got(v)}`);
  for (const w of weights) if (!isFiniteNumber(w) || w <= 0) return fail(`weights must be positive numbers ${got(w)}`);
  const total = weights.reduce((a, b) => a + b, 0);
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const sorted = order.map((i) => values[i]!);
  const cumulative: number[] = [];
  let acc = 0;
  for (const i of order) {
    acc += weights[i]! / total;
    cumulative.push(acc);
  }
  cumulative[cumulative.length - 1] = 1;
  const mean = values.reduce((s, v, i) => s + (v * weights[i]!) / total, 0);
  return made({
    spec: { type: 'discrete', values: [...values], weights: weights.map((w) => w / total) },
    quantile: (p) => {
      for (let k = 0; k < cumulative.length; k++) if (p <= cumulative[k]!) return sorted[k]!;
      return sorted[sorted.length - 1]!;
    },
    cdf: (x) => {
      let c = 0;
      for (let k = 0; k < sorted.length && sorted[k]! <= x; k++) c = cumulative[k]!;
      return c;
    },
    mean: () => mean,
    support: [sorted[0]!, sorted[sorted.length - 1]!],
  });
}

/**
 * Bernoulli(p): 1 with probability p, else 0. Quantile: 0 for u <= 1 − p, else 1.
 * @example makeBernoulli(0.6) // mean 0.6
 */
export function makeBernoulli(p: number): Made {
  if (!isFiniteNumber(p) || p < 0 || p > 1) return fail(`p must be a probability between 0 and 1 ${got(p)}`);
  return made({
    spec: { type: 'bernoulli', p },
    quantile: (u) => (u <= 1 - p ? 0 : 1),
    cdf: (x) => (x < 0 ? 0 : x < 1 ? 1 - p : 1),
    mean: () => p,
    support: [0, 1],
  });
}
