import { type FunctionWriter, V128 } from './wasm.js';

/** fdlibm's e_log.c constants: ln 2 in two parts, and the coefficients of its polynomial in s². */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LG = [6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1, 1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1] as const;

/**
 * ln of both lanes of the f64x2 in local `x` into local `out`, as fdlibm's `__ieee754_log`
 * computes each (the algorithm of V8's Math.log, operation for operation, so the same doubles):
 * x = 2^k·(1 + f) with 1 + f in [√2/2, √2), s = f/(2 + f), and ln x = k·ln 2 + ln(1 + f) by a
 * polynomial in s², whose two forms fdlibm picks by f's size are both made and one kept per lane.
 * The cases fdlibm treats apart (zero, negative, subnormal, infinite or NaN, |f| < 2^-20, and
 * k = 0, which the tails of a normal quantile never meet) set `special` to 1 (else 0), and the
 * caller takes the scalar Math.log for the pair.
 */
export function logPairs(f: FunctionWriter, x: number, out: number, special: number): void {
  const v128 = () => f.local(V128);
  const [hx, k, m, fm, s, z, w, r, dk, hfsq, big] = [v128(), v128(), v128(), v128(), v128(), v128(), v128(), v128(), v128(), v128(), v128()];
  const i64 = (value: number) => f.i64(BigInt(value)).simd('i64x2.splat');
  const f64 = (value: number) => f.f64(value).simd('f64x2.splat');
  // the high words (sign-extended in 64-bit lanes), and k = (hx >> 20) − 1023
  f.get(x).i32(32).simd('i64x2.shr_s').set(hx);
  f.get(hx).i32(20).simd('i64x2.shr_s');
  i64(1023);
  f.simd('i64x2.sub').set(k);
  // special: hx outside [2^-1022's, +Infinity's) (zero, negative, subnormal, Infinity, NaN)
  f.get(hx);
  i64(0x00100000);
  f.simd('i64x2.lt_s').get(hx);
  i64(0x7ff00000);
  f.simd('i64x2.ge_s').simd('v128.or');
  // m = hx & 0xfffff; i = (m + 0x95f64) & 0x100000; 1 + f = x with high word m | (i ^ 0x3ff00000); k += i >> 20
  f.get(hx);
  i64(0x000fffff);
  f.simd('v128.and').set(m);
  f.get(m);
  i64(0x95f64);
  f.simd('i64x2.add');
  i64(0x100000);
  f.simd('v128.and').set(big);
  f.get(k).get(big).i32(20).simd('i64x2.shr_s').simd('i64x2.add').set(k);
  f.get(m).get(big);
  i64(0x3ff00000);
  f.simd('v128.xor').simd('v128.or').i32(32).simd('i64x2.shl');
  f.get(x);
  i64(0xffffffff);
  f.simd('v128.and').simd('v128.or');
  f64(1);
  f.simd('f64x2.sub').set(fm);
  // special: |f| < 2^-20 ((m + 2) & 0xfffff < 3), or k = 0
  f.get(m);
  i64(2);
  f.simd('i64x2.add');
  i64(0x000fffff);
  f.simd('v128.and');
  i64(3);
  f.simd('i64x2.lt_s').simd('v128.or');
  f.get(k);
  i64(0);
  f.simd('i64x2.eq').simd('v128.or').simd('v128.any_true').set(special);
  // s = f/(2 + f); dk = k as a double; z = s²; w = z²; R = z(Lg1 + w(Lg3 + w(Lg5 + w·Lg7))) + w(Lg2 + w(Lg4 + w·Lg6))
  f.get(fm);
  f64(2);
  f.get(fm).simd('f64x2.add').simd('f64x2.div').set(s);
  f.get(k).get(k).shuffle([0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11]).simd('f64x2.convert_low_i32x4_s').set(dk);
  f.get(s).get(s).simd('f64x2.mul').set(z);
  f.get(z).get(z).simd('f64x2.mul').set(w);
  const polynomial = (variable: number, coefficients: readonly number[]) => {
    // c0 + w(c1 + w(c2 + …)), innermost first as fdlibm writes it
    f64(coefficients[coefficients.length - 1]!);
    for (let j = coefficients.length - 2; j >= 0; j--) {
      f.get(variable).simd('f64x2.mul');
      f64(coefficients[j]!);
      f.simd('f64x2.add');
    }
  };
  f.get(z);
  polynomial(w, [LG[0], LG[2], LG[4], LG[6]]);
  f.simd('f64x2.mul');
  f.get(w);
  polynomial(w, [LG[1], LG[3], LG[5]]);
  f.simd('f64x2.mul');
  f.simd('f64x2.add').set(r);
  // i = (m − 0x6147a) | (0x6b851 − m) > 0: dk·ln2_hi − ((hfsq − (s(hfsq + R) + dk·ln2_lo)) − f), hfsq = 0.5·f·f
  f64(0.5);
  f.get(fm).simd('f64x2.mul').get(fm).simd('f64x2.mul').set(hfsq);
  f.get(dk);
  f64(LN2_HI);
  f.simd('f64x2.mul');
  f.get(hfsq).get(s).get(hfsq).get(r).simd('f64x2.add').simd('f64x2.mul').get(dk);
  f64(LN2_LO);
  f.simd('f64x2.mul').simd('f64x2.add').simd('f64x2.sub').get(fm).simd('f64x2.sub').simd('f64x2.sub');
  // else: dk·ln2_hi − ((s(f − R) − dk·ln2_lo) − f)
  f.get(dk);
  f64(LN2_HI);
  f.simd('f64x2.mul');
  f.get(s).get(fm).get(r).simd('f64x2.sub').simd('f64x2.mul').get(dk);
  f64(LN2_LO);
  f.simd('f64x2.mul').simd('f64x2.sub').get(fm).simd('f64x2.sub').simd('f64x2.sub');
  f.get(m);
  i64(0x6147a);
  f.simd('i64x2.sub');
  i64(0x6b851);
  f.get(m).simd('i64x2.sub').simd('v128.or');
  i64(0);
  f.simd('i64x2.gt_s').simd('v128.bitselect').set(out);
}
