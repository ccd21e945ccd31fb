/* eslint-disable no-loss-of-precision -- AS241 coefficients quoted to the digits Wichura (1988) publishes */
import { erfc } from './stdlib.js';

/**
 * The coefficients of AS241 PPND16 (M. J. Wichura, "The Percentage Points of the Normal
 * Distribution", Applied Statistics 37(3), 1988), highest power first, as Horner's rule takes them:
 * for |p − 0.5| ≤ 0.425, Φ⁻¹(p) = q·A(r)/B(r) with q = p − 0.5, r = 0.180625 − q²; in the tails,
 * r = √(−ln min(p, 1 − p)) and ±C(r − 1.6)/D(r − 1.6) up to r = 5, ±E(r − 5)/F(r − 5) beyond.
 * The kernel's quantiles (`engine/input-code.ts`) use the same numbers in the same order, so both
 * give the same doubles.
 */
export const AS241 = {
  A: [2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457, 13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608],
  B: [5226.495278852545925, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867, 5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1],
  C: [7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258, 3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734],
  D: [1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459, 0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1],
  E: [2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093, 0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772],
  F: [2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4, 0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769, 1],
} as const;

/** c[0]·r^7 + … + c[7] by Horner's rule: ((c[0]·r + c[1])·r + …)·r + c[7]. */
function horner(c: readonly number[], r: number): number {
  let s = c[0]!;
  for (let k = 1; k < c.length; k++) s = s * r + c[k]!;
  return s;
}

/**
 * Standard normal quantile Φ⁻¹(p) by AS241 PPND16 (`AS241`), relative error about 1e-16.
 * Returns -Infinity at 0 and Infinity at 1.
 *
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return p === 0 ? -Infinity : NaN;
  if (p >= 1) return p === 1 ? Infinity : NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241.A, r)) / horner(AS241.B, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const x = r <= 5 ? horner(AS241.C, r - 1.6) / horner(AS241.D, r - 1.6) : horner(AS241.E, r - 5) / horner(AS241.F, r - 5);
  return q < 0 ? -x : x;
}

/** Standard normal CDF Φ(x) = erfc(-x/√2)/2 (accurate in both tails). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** z such that a central 90% interval of a normal is mean ± z·sd: Φ⁻¹(0.95). */
export const Z90 = 1.6448536269514722;
