import { betaQuantileOf, betainc } from './stdlib.js';
import { type Made, fail, made, got, isFiniteNumber } from './distribution.js';

/**
 * Beta(alpha, beta) scaled from [0, 1] to [low, high]. Mean low + (high − low)·alpha/(alpha + beta).
 * Quantile and CDF from stdlib's regularised incomplete beta function and its inverse.
 * @example makeBeta(2, 2, 0, 1) // mean 0.5, quantile(0.5) = 0.5
 */
export function makeBeta(alpha: number, beta: number, low = 0, high = 1): Made {
  if (!isFiniteNumber(alpha) || alpha <= 0) return fail(`alpha must be a positive number ${got(alpha)}`);
  if (!isFiniteNumber(beta) || beta <= 0) return fail(`beta must be a positive number ${got(beta)}`);
  if (!isFiniteNumber(low)) return fail(`low must be a finite number ${got(low)}`);
  if (!isFiniteNumber(high) || high <= low) return fail(`high must be above low ${got(high)}`);
  return made(scaledBeta({ type: 'beta', alpha, beta, low, high }, alpha, beta, low, high));
}

/**
 * PERT(low, mode, high) with shape `lambda` (default 4, Vose): a beta on [low, high] with
 * alpha = 1 + lambda·(mode − low)/(high − low), beta = 1 + lambda·(high − mode)/(high − low);
 * mean (low + lambda·mode + high)/(lambda + 2).
 * @example makePert(0, 0.5, 1) // mean 0.5
 */
export function makePert(low: number, mode: number, high: number, lambda = 4): Made {
  if (!isFiniteNumber(low)) return fail(`low must be a finite number ${got(low)}`);
  if (!isFiniteNumber(high) || high <= low) return fail(`high must be above low ${got(high)}`);
  if (!isFiniteNumber(mode) || mode < low || mode > high) return fail(`mode must lie between low and high ${got(mode)}`);
  if (!isFiniteNumber(lambda) || lambda <= 0) return fail(`lambda must be a positive number ${got(lambda)}`);
  const width = high - low;
  const alpha = 1 + (lambda * (mode - low)) / width;
  const beta = 1 + (lambda * (high - mode)) / width;
  return made(scaledBeta({ type: 'pert', low, mode, high, lambda }, alpha, beta, low, high));
}

function scaledBeta(
  spec: { type: 'beta'; alpha: number; beta: number; low: number; high: number } | { type: 'pert'; low: number; mode: number; high: number; lambda: number },
  alpha: number,
  beta: number,
  low: number,
  high: number,
) {
  const width = high - low;
  const q = betaQuantileOf(alpha, beta);
  return {
    spec,
    quantile: (p: number) => low + width * q(p),
    cdf: (x: number) => (x <= low ? 0 : x >= high ? 1 : betainc((x - low) / width, alpha, beta)),
    mean: () => low + (width * alpha) / (alpha + beta),
    support: [low, high] as const,
  };
}
