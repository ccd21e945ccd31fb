import { createRequire } from 'node:module';

/**
 * The stdlib special functions runway uses, loaded on first use: together they are some 200
 * small CommonJS files (about 150 ms to load), which a scenario without a beta, PERT or
 * correlations (and every worker thread running one) never needs.
 */
const require = createRequire(import.meta.url);

type Fn3 = (a: number, b: number, c: number) => number;
type Fn1 = (x: number) => number;
let betaincFn: Fn3 | undefined;
let betaQuantileFn: (Fn3 & { factory: (a: number, b: number) => Fn1 }) | undefined;
let erfcFn: Fn1 | undefined;

/** Regularised incomplete beta function I_x(a, b) (@stdlib/math-base-special-betainc). */
export function betainc(x: number, a: number, b: number): number {
  return (betaincFn ??= require('@stdlib/math-base-special-betainc') as Fn3)(x, a, b);
}

/** The quantile function of Beta(a, b) (@stdlib/stats-base-dists-beta-quantile's factory). */
export function betaQuantileOf(a: number, b: number): Fn1 {
  return (betaQuantileFn ??= require('@stdlib/stats-base-dists-beta-quantile') as NonNullable<typeof betaQuantileFn>).factory(a, b);
}

/** Complementary error function (@stdlib/math-base-special-erfc). */
export function erfc(x: number): number {
  return (erfcFn ??= require('@stdlib/math-base-special-erfc') as Fn1)(x);
}
