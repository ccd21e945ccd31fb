/**
 * Cholesky factor L (lower triangular, row-major k×k) of a symmetric positive semi-definite
 * matrix A, with A = L·Lᵀ. Semi-definite matrices (a correlation of ±1) are accepted: a zero
 * pivot gives a zero column. Otherwise the answer names the row and column where it failed:
 * the leading block up to that row is not positive semi-definite.
 */
export type CholeskyResult = { ok: true; factor: Float64Array } | { ok: false; row: number; column: number };

const EPS = 1e-10;

export function cholesky(a: Float64Array, k: number): CholeskyResult {
  const l = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j]!;
    for (let m = 0; m < j; m++) d -= l[j * k + m]! ** 2;
    if (d < -EPS) return { ok: false, row: j, column: j };
    const pivot = Math.sqrt(Math.max(0, d));
    l[j * k + j] = pivot;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j]!;
      for (let m = 0; m < j; m++) s -= l[i * k + m]! * l[j * k + m]!;
      if (pivot > EPS) l[i * k + j] = s / pivot;
      else if (Math.abs(s) > 1e-8) return { ok: false, row: i, column: j };
    }
  }
  return { ok: true, factor: l };
}

/**
 * Which off-diagonal entry (i < j) of row `row` to blame when the leading (row+1)×(row+1) block
 * of A is not positive semi-definite: one whose removal (set to 0) makes the block PSD, or else
 * the largest in magnitude.
 */
export function blameEntry(a: Float64Array, k: number, row: number): number {
  const n = row + 1;
  const block = (skip: number) => {
    const b = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] = (i === row && j === skip) || (i === skip && j === row) ? 0 : a[i * k + j]!;
    return b;
  };
  let best = -1;
  for (let i = 0; i < row; i++) {
    if (cholesky(block(i), n).ok) return i;
    if (best < 0 || Math.abs(a[row * k + i]!) > Math.abs(a[row * k + best]!)) best = i;
  }
  return Math.max(0, best);
}
