import { C2, C3, C4, C5, FAST_RANGE, INV_STEP, POWER_OFFSET, ROUND, STEP_HI, STEP_LO, TABLE_BITS } from './tables.js';
import type { FunctionWriter } from './wasm.js';

/** The locals `fastExp` works in: its argument and result `x` (f64), two f64 and one i32 of scratch. */
export interface ExpLocals {
  readonly x: number;
  readonly n: number;
  readonly r: number;
  readonly k: number;
}

/**
 * e^x (x in local `x`) into `x`, to within 2 ulp for |x| < 700 in a handful of multiplies:
 * x = (64k + j)·ln2/64 + r with |r| ≤ ln2/128, e^x = 2^k · 2^(j/64) · e^r, the powers of two from
 * tables (`tables.ts`), e^r by its Taylor polynomial to r⁵. Outside ±700 (and for NaN), the
 * imported Math.exp. The same double for the same x on every machine (no fused multiply-add).
 */
export function fastExp(f: FunctionWriter, l: ExpLocals, tables: { power: number; fraction: number }, mathExp: number): void {
  f.get(l.x).f64(-FAST_RANGE).op('f64.gt').get(l.x).f64(FAST_RANGE).op('f64.lt').op('i32.and').if();
  // n = round(x · 64/ln 2); r = x − n·ln2/64 (in two parts)
  f.get(l.x).f64(INV_STEP).op('f64.mul').f64(ROUND).op('f64.add').f64(ROUND).op('f64.sub').set(l.n);
  f.get(l.x).get(l.n).f64(STEP_HI).op('f64.mul').op('f64.sub').get(l.n).f64(STEP_LO).op('f64.mul').op('f64.sub').set(l.r);
  f.get(l.n).op('i32.trunc_f64_s').set(l.k);
  // 2^(k >> 6) · 2^((k & 63)/64)
  f.get(l.k).i32(TABLE_BITS).op('i32.shr_s').i32(POWER_OFFSET).op('i32.add').i32(3).op('i32.shl').memory('f64.load', tables.power);
  f.get(l.k).i32((1 << TABLE_BITS) - 1).op('i32.and').i32(3).op('i32.shl').memory('f64.load', tables.fraction).op('f64.mul');
  // × (1 + r(1 + r(C2 + r(C3 + r(C4 + r·C5)))))
  f.f64(1).get(l.r).f64(1).get(l.r).f64(C2).get(l.r).f64(C3).get(l.r).f64(C4).get(l.r).f64(C5);
  for (let k = 0; k < 5; k++) f.op('f64.mul').op('f64.add');
  f.op('f64.mul').set(l.x);
  f.else();
  f.get(l.x).call(mathExp).set(l.x);
  f.end();
}
