import { makeAffine } from './affine.js';
import { makeBeta, makePert } from './beta.js';
import { makeConstant } from './constant.js';
import { makeBernoulli, makeDiscrete } from './discrete.js';
import type { DistSpec, Made } from './distribution.js';
import { makeLognormal } from './lognormal.js';
import { makeNormal } from './normal.js';
import { makeTriangular } from './triangular.js';
import { makeUniform } from './uniform.js';

export type { DistSpec, Distribution, Made } from './distribution.js';
export { formatNumber } from './distribution.js';
export { makeAffine } from './affine.js';
export { makeBeta, makePert } from './beta.js';
export { makeConstant } from './constant.js';
export { makeBernoulli, makeDiscrete } from './discrete.js';
export { makeLognormal, makeLognormalInterval } from './lognormal.js';
export { makeNormal } from './normal.js';
export { makeTriangular } from './triangular.js';
export { makeUniform } from './uniform.js';
export { Z90, normalCdf, normalQuantile } from './normal-quantile.js';

/** Builds the distribution a normalised spec describes (the spec was checked when it was made). */
export function makeDistribution(spec: DistSpec): Made {
  switch (spec.type) {
    case 'constant':
      return makeConstant(spec.value);
    case 'normal':
      return makeNormal(spec.mean, spec.sd);
    case 'lognormal':
      return makeLognormal(spec.mu, spec.sigma);
    case 'uniform':
      return makeUniform(spec.low, spec.high);
    case 'triangular':
      return makeTriangular(spec.low, spec.mode, spec.high);
    case 'pert':
      return makePert(spec.low, spec.mode, spec.high, spec.lambda);
    case 'beta':
      return makeBeta(spec.alpha, spec.beta, spec.low, spec.high);
    case 'discrete':
      return makeDiscrete(spec.values, spec.weights);
    case 'bernoulli':
      return makeBernoulli(spec.p);
    case 'affine': {
      const base = makeDistribution(spec.of);
      return base.ok ? makeAffine(base.dist, spec.scale, spec.shift) : base;
    }
  }
}
