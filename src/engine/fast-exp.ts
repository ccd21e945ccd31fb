/**
 * e^x to within 2 ulp for |x| < 700, in plain arithmetic that V8 inlines: x = (64k + j)·ln2/64 + r
 * with |r| ≤ ln2/128, e^x = 2^k · 2^(j/64) · e^r, 2^k and 2^(j/64) from tables, e^r by its Taylor
 * polynomial to r⁵ (truncation below 4e-17 relative). Math.exp is a call V8 does not inline
 * (~20 ns here); this is a handful of multiplies. Deterministic: the same double for the same
 * input on every machine (no fused multiply-add in JavaScript).
 */
export const TABLE_BITS = 6;
const STEPS = 1 << TABLE_BITS;
export const FRACTION = Float64Array.from({ length: STEPS }, (_, j) => Math.pow(2, j / STEPS));
export const POWER_OFFSET = 1100;
export const POWER = Float64Array.from({ length: 2 * POWER_OFFSET }, (_, k) => Math.pow(2, k - POWER_OFFSET));
export const INV_STEP = STEPS / Math.LN2;
// ln 2 split as in fdlibm's e_exp.c: LN2_HI has its low 21 bits zero, so n·LN2_HI/64 is exact,
// and LN2_HI + LN2_LO carries ln 2 to well beyond double precision
export const STEP_HI = 6.93147180369123816490e-1 / STEPS;
export const STEP_LO = 1.90821492927058770002e-10 / STEPS;
export const ROUND = 6755399441055744; // 1.5·2^52: adding and subtracting it rounds to an integer
/** |x| below this takes the polynomial; outside it (and NaN), Math.exp. */
export const FAST_RANGE = 700;
/** The Taylor coefficients of e^r after 1 + r. */
export const C2 = 0.5;
export const C3 = 1 / 6;
export const C4 = 1 / 24;
export const C5 = 1 / 120;

export function fastExp(x: number): number {
  if (!(x > -FAST_RANGE && x < FAST_RANGE)) return Math.exp(x);
  const n = x * INV_STEP + ROUND - ROUND;
  const r = x - n * STEP_HI - n * STEP_LO;
  const m = n | 0;
  const p = 1 + r * (1 + r * (C2 + r * (C3 + r * (C4 + r * C5))));
  return POWER[(m >> TABLE_BITS) + POWER_OFFSET]! * FRACTION[m & (STEPS - 1)]! * p;
}
