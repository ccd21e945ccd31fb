/**
 * Ordinary least squares with the classical standard errors: y = Xβ + e, e ~ N(0, s²) independent.
 * Small designs only (a trend, a level, eleven seasonal terms), solved by the normal equations.
 */
export interface Regression {
  /** Estimates, one per column of X. */
  readonly beta: Float64Array;
  /** Covariance of the estimates, s²(XᵀX)⁻¹, k×k row-major. */
  readonly covariance: Float64Array;
  /** Residual variance (unbiased, SSR / (n − k)). */
  readonly variance: number;
  readonly residuals: Float64Array;
  /** Degrees of freedom n − k. */
  readonly df: number;
  /** Gaussian log-likelihood at the maximum-likelihood variance SSR / n. */
  readonly logLikelihood: number;
}

/** Fits y on the columns of `x` (x[i] is row i). Undefined when X has fewer rows than columns plus one, or is singular. */
export function ols(x: readonly (readonly number[])[], y: readonly number[]): Regression | undefined {
  const n = y.length;
  const k = x[0]?.length ?? 0;
  if (n <= k || k === 0) return undefined;
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const row = x[i]!;
    for (let a = 0; a < k; a++) {
      xty[a] = xty[a]! + row[a]! * y[i]!;
      for (let b = 0; b < k; b++) xtx[a * k + b] = xtx[a * k + b]! + row[a]! * row[b]!;
    }
  }
  const inverse = invert(xtx, k);
  if (inverse === undefined) return undefined;
  const beta = new Float64Array(k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) beta[a] = beta[a]! + inverse[a * k + b]! * xty[b]!;
  const residuals = new Float64Array(n);
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let a = 0; a < k; a++) fit += x[i]![a]! * beta[a]!;
    residuals[i] = y[i]! - fit;
    ssr += residuals[i]! ** 2;
  }
  const df = n - k;
  const variance = ssr / df;
  const covariance = inverse.map((v) => v * variance);
  return { beta, covariance, variance, residuals, df, logLikelihood: gaussianLogLikelihood(ssr, n) };
}

/** The Gaussian log-likelihood of n residuals with sum of squares `ssr`, at the ML variance. */
export function gaussianLogLikelihood(ssr: number, n: number): number {
  const v = Math.max(ssr / n, 1e-300);
  return -0.5 * n * (Math.log(2 * Math.PI * v) + 1);
}

/** Inverse of a symmetric k×k matrix by Gauss–Jordan with partial pivoting; undefined when singular. */
function invert(m: Float64Array, k: number): Float64Array | undefined {
  const a = Float64Array.from(m);
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  const scale = Math.max(...Array.from({ length: k }, (_, i) => Math.abs(m[i * k + i]!)), 1e-300);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]!) > Math.abs(a[pivot * k + col]!)) pivot = r;
    if (Math.abs(a[pivot * k + col]!) <= 1e-12 * scale) return undefined;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) {
        [a[col * k + c], a[pivot * k + c]] = [a[pivot * k + c]!, a[col * k + c]!];
        [inv[col * k + c], inv[pivot * k + c]] = [inv[pivot * k + c]!, inv[col * k + c]!];
      }
    }
    const p = a[col * k + col]!;
    for (let c = 0; c < k; c++) {
      a[col * k + c] = a[col * k + c]! / p;
      inv[col * k + c] = inv[col * k + c]! / p;
    }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r * k + col]!;
      if (f === 0) continue;
      for (let c = 0; c < k; c++) {
        a[r * k + c] = a[r * k + c]! - f * a[col * k + c]!;
        inv[r * k + c] = inv[r * k + c]! - f * inv[col * k + c]!;
      }
    }
  }
  return inv;
}
