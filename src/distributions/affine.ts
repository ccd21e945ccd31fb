import { type DistSpec, type Distribution, type Made, fail, made, isFiniteNumber } from './distribution.js';

/**
 * scale·X + shift for a distribution X and scale > 0: what `runway solve` varies when it adds to
 * or scales a drawn quantity. Inversion is kept (quantile(p) = scale·X.quantile(p) + shift), so
 * every path keeps its own draw and only the value moves (common random numbers).
 */
export function makeAffine(base: Distribution, scale: number, shift: number): Made {
  if (!isFiniteNumber(scale) || scale <= 0) return fail(`scale must be above 0 (got ${scale})`);
  if (!isFiniteNumber(shift)) return fail(`shift must be a finite number (got ${shift})`);
  const spec: DistSpec = { type: 'affine', of: base.spec, scale, shift };
  return made({
    spec,
    quantile: (p) => scale * base.quantile(p) + shift,
    cdf: (x) => base.cdf((x - shift) / scale),
    mean: () => scale * base.mean() + shift,
    support: [scale * base.support[0] + shift, scale * base.support[1] + shift],
  });
}
