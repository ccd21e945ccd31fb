/**
 * The common shape of every distribution module: a checked factory returns either a
 * `Distribution` or an error message naming the parameter and the value received; a built
 * distribution is always valid.
 *
 * Sampling is by inversion: `sample(u)` is `quantile(u)` for one uniform `u` in (0, 1). Every
 * per-path draw therefore consumes exactly one uniform, whatever the distribution, so that
 * changing one driver's distribution never shifts the random numbers of another (common random
 * numbers), and correlated draws (a Gaussian copula) need nothing more than correlated uniforms.
 */

/** The normalised, JSON-serialisable description of a distribution (what a scenario stores). */
export type DistSpec =
  | { readonly type: 'constant'; readonly value: number }
  | { readonly type: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly type: 'lognormal'; readonly mu: number; readonly sigma: number }
  | { readonly type: 'uniform'; readonly low: number; readonly high: number }
  | { readonly type: 'triangular'; readonly low: number; readonly mode: number; readonly high: number }
  | { readonly type: 'pert'; readonly low: number; readonly mode: number; readonly high: number; readonly lambda: number }
  | { readonly type: 'beta'; readonly alpha: number; readonly beta: number; readonly low: number; readonly high: number }
  | { readonly type: 'discrete'; readonly values: readonly number[]; readonly weights: readonly number[] }
  | { readonly type: 'bernoulli'; readonly p: number }
  /** scale·X + shift (made by `runway solve`, not written in scenario files). */
  | { readonly type: 'affine'; readonly of: DistSpec; readonly scale: number; readonly shift: number };

export interface Distribution {
  readonly spec: DistSpec;
  /** Inverse CDF: the smallest x with P(X <= x) >= p, for p in (0, 1). */
  quantile(p: number): number;
  /** P(X <= x). */
  cdf(x: number): number;
  mean(): number;
  /** Smallest and largest possible values (may be infinite). */
  readonly support: readonly [number, number];
  /** One draw by inversion: `quantile(uniform())`, with `uniform` in the open interval (0, 1). */
  sample(uniform: () => number): number;
}

export type Made = { ok: true; dist: Distribution } | { ok: false; error: string };

/** Completes a checked distribution with its sampler. */
export function made(parts: Omit<Distribution, 'sample'>): Made {
  return { ok: true, dist: { ...parts, sample: (uniform) => parts.quantile(uniform()) } };
}

export function fail(error: string): Made {
  return { ok: false, error };
}

/** `name must be ... (got value)` for the error messages of the factories. */
export function got(value: number): string {
  return `(got ${formatNumber(value)})`;
}

/** Short human form of a number for messages: 900000 -> "900k", 0.03 -> "0.03". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, suffix] of units) {
    if (abs >= scale) {
      const scaled = value / scale;
      const text = Number(scaled.toPrecision(6)).toString();
      return `${text}${suffix}`;
    }
  }
  return Number(value.toPrecision(6)).toString();
}

export function isFiniteNumber(value: number): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}
