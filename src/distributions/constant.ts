import { type Made, fail, made, isFiniteNumber } from './distribution.js';

/** A fixed value: every draw is `value`. @example makeConstant(700e3) // quantile(p) = 700000 for all p */
export function makeConstant(value: number): Made {
  if (!isFiniteNumber(value)) return fail(`value must be a finite number (got ${value})`);
  return made({
    spec: { type: 'constant', value },
    quantile: () => value,
    cdf: (x) => (x < value ? 0 : 1),
    mean: () => value,
    support: [value, value],
  });
}
