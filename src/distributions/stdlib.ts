// The stdlib special functions runway uses (bundled with the program like every dependency).
import betaincModule from '@stdlib/math-base-special-betainc';
import erfcModule from '@stdlib/math-base-special-erfc';
import betaQuantileModule from '@stdlib/stats-base-dists-beta-quantile';

type Fn3 = (a: number, b: number, c: number) => number;
type Fn1 = (x: number) => number;

/** Regularised incomplete beta function I_x(a, b) (@stdlib/math-base-special-betainc). */
export function betainc(x: number, a: number, b: number): number {
  return (betaincModule as Fn3)(x, a, b);
}

/** The quantile function of Beta(a, b) (@stdlib/stats-base-dists-beta-quantile's factory). */
export function betaQuantileOf(a: number, b: number): Fn1 {
  return (betaQuantileModule as unknown as { factory: (a: number, b: number) => Fn1 }).factory(a, b);
}

/** Complementary error function (@stdlib/math-base-special-erfc). */
export function erfc(x: number): number {
  return (erfcModule as Fn1)(x);
}
