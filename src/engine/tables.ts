/* eslint-disable no-loss-of-precision -- the ziggurat constants quoted to the digits Marsaglia & Tsang (2000) publish */
/**
 * The constant tables of the kernel's normal sampler and exponential (data, not algorithms: the
 * algorithms are written once, as WebAssembly, in `random-code.ts` and `exp-code.ts`).
 *
 * Ziggurat (Marsaglia & Tsang 2000, 256 layers, built as numpy builds them, on a 2^23 grid): a
 * candidate with magnitude m in layer L is inside its rectangle when m < KI[L], and is then the
 * normal ±m·WI[L]. FI holds f(x) = e^(−x²/2) at the layer edges (the wedge test). The rejected
 * candidates are counted per layer (REJECTED_CUMULATIVE, with the guide table GUIDE of Chen &
 * Asau 1974 over steps of GUIDE_STEP), so that a rejected candidate can be drawn uniformly.
 */
export const ZIG_R = 3.6541528853610087963519472518;
export const KI = new Int32Array(256);
export const WI = new Float64Array(256);
export const FI = new Float64Array(256);
export const REJECTED_CUMULATIVE = new Int32Array(256);
export const GUIDE = new Int32Array(512);
export let REJECTED_TOTAL = 0;
export let GUIDE_STEP = 0;
(function buildZigguratTables() {
  const m1 = 8388608; // 2^23: the magnitude's grid
  const vn = 4.92867323399e-3; // area of each layer
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  KI[0] = Math.floor((dn / q) * m1);
  KI[1] = 0;
  WI[0] = q / m1;
  WI[255] = dn / m1;
  FI[0] = 1;
  FI[255] = Math.exp(-0.5 * dn * dn);
  for (let i = 254; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    KI[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    FI[i] = Math.exp(-0.5 * dn * dn);
    WI[i] = dn / m1;
  }
  for (let j = 0; j < 256; j++) {
    REJECTED_TOTAL += m1 - KI[j]!;
    REJECTED_CUMULATIVE[j] = REJECTED_TOTAL;
  }
  if (REJECTED_TOTAL >= 2 ** 25) throw new Error('ziggurat tables: rejected candidates do not fit 25 bits');
  GUIDE_STEP = Math.ceil(REJECTED_TOTAL / GUIDE.length);
  for (let g = 0, j = 0; g < GUIDE.length; g++) {
    while (REJECTED_CUMULATIVE[j]! <= g * GUIDE_STEP) j++;
    GUIDE[g] = j;
  }
})();

/** The probability that a ziggurat candidate is rejected (goes to the slow sequence). */
export const REJECTION_PROBABILITY = REJECTED_TOTAL / 2 ** 31;

/**
 * e^x as 2^k · 2^(j/64) · e^r with x = (64k + j)·ln2/64 + r, |r| ≤ ln2/128: POWER[k + POWER_OFFSET]
 * = 2^k, FRACTION[j] = 2^(j/64); ln 2 split as in fdlibm's e_exp.c (STEP_HI has its low 21 bits
 * zero, so n·STEP_HI is exact); e^r by its Taylor polynomial to r⁵ (truncation below 4e-17
 * relative). |x| from FAST_RANGE on (and NaN) take Math.exp.
 */
export const TABLE_BITS = 6;
const STEPS = 1 << TABLE_BITS;
export const FRACTION = Float64Array.from({ length: STEPS }, (_, j) => Math.pow(2, j / STEPS));
export const POWER_OFFSET = 1100;
export const POWER = Float64Array.from({ length: 2 * POWER_OFFSET }, (_, k) => Math.pow(2, k - POWER_OFFSET));
export const INV_STEP = STEPS / Math.LN2;
export const STEP_HI = 6.93147180369123816490e-1 / STEPS;
export const STEP_LO = 1.90821492927058770002e-10 / STEPS;
/** 1.5·2^52: adding and subtracting it rounds to an integer. */
export const ROUND = 6755399441055744;
export const FAST_RANGE = 700;
/** The Taylor coefficients of e^r after 1 + r. */
export const C2 = 0.5;
export const C3 = 1 / 6;
export const C4 = 1 / 24;
export const C5 = 1 / 120;
