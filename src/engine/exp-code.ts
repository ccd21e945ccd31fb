import { C2, C3, C4, C5, FAST_RANGE, INV_STEP, POWER_OFFSET, ROUND, STEP_HI, STEP_LO, TABLE_BITS } from './tables.js';
import { F64, type FunctionWriter, I32, V128 } from './wasm.js';

/** The locals `fastExp` works in: its argument and result `x` (f64), two f64 and one i32 of scratch. */
export interface ExpLocals {
  readonly x: number;
  readonly n: number;
  readonly r: number;
  readonly k: number;
}

/** Addresses of the exponential's tables (2^k and 2^(j/64)) and the index of the imported Math.exp. */
export interface ExpTables {
  readonly power: number;
  readonly fraction: number;
}

/**
 * The arithmetic of one lane (f64) or two (f64x2): a formula is written once, for either (the
 * exponential here, AS241's central form in `input-code.ts`). Every operation is the same IEEE
 * operation per lane, so both give the same doubles.
 */
export interface FloatLanes {
  readonly mul: () => void;
  readonly add: () => void;
  readonly sub: () => void;
  readonly div: () => void;
  readonly constant: (value: number) => void;
}

export function floatLanes(f: FunctionWriter, two: boolean): FloatLanes {
  return two
    ? { mul: () => f.simd('f64x2.mul'), add: () => f.simd('f64x2.add'), sub: () => f.simd('f64x2.sub'), div: () => f.simd('f64x2.div'), constant: (v) => f.f64(v).simd('f64x2.splat') }
    : { mul: () => f.op('f64.mul'), add: () => f.op('f64.add'), sub: () => f.op('f64.sub'), div: () => f.op('f64.div'), constant: (v) => f.f64(v) };
}

/**
 * x = (64k + j)·ln2/64 + r with |r| ≤ ln2/128, so e^x = 2^k · 2^(j/64) · e^r: n = round(x·64/ln 2)
 * (adding and subtracting 1.5·2^52 rounds), r = x − n·ln2/64 with ln 2 in two parts (fdlibm's
 * split, so n·STEP_HI is exact), and e^r by its Taylor polynomial to r⁵,
 * 1 + r(1 + r(C2 + r(C3 + r(C4 + r·C5)))). Leaves n in `n`, r in `r` and the polynomial on the stack.
 */
function reduceAndPolynomial(f: FunctionWriter, a: FloatLanes, x: number, n: number, r: number): void {
  f.get(x);
  a.constant(INV_STEP);
  a.mul();
  a.constant(ROUND);
  a.add();
  a.constant(ROUND);
  a.sub();
  f.set(n);
  f.get(x).get(n);
  a.constant(STEP_HI);
  a.mul();
  a.sub();
  f.get(n);
  a.constant(STEP_LO);
  a.mul();
  a.sub();
  f.set(r);
  a.constant(1);
  f.get(r);
  a.constant(1);
  for (const c of [C2, C3, C4]) {
    f.get(r);
    a.constant(c);
  }
  f.get(r);
  a.constant(C5);
  for (let k = 0; k < 5; k++) {
    a.mul();
    a.add();
  }
}

/** Pushes 2^(k >> 6) · 2^((k & 63)/64) for the i32 in local `k`. */
function powerOfTwo(f: FunctionWriter, tables: ExpTables, k: number): void {
  f.get(k).i32(TABLE_BITS).op('i32.shr_s').i32(POWER_OFFSET).op('i32.add').i32(3).op('i32.shl').memory('f64.load', tables.power);
  f.get(k).i32((1 << TABLE_BITS) - 1).op('i32.and').i32(3).op('i32.shl').memory('f64.load', tables.fraction).op('f64.mul');
}

/** Pushes 2^((k & 63)/64) for lane `lane` of the i32x4 of k in local `kv`. */
function fraction(f: FunctionWriter, tables: ExpTables, kv: number, lane: number): void {
  f.get(kv).extractLane(lane).i32((1 << TABLE_BITS) - 1).op('i32.and').i32(3).op('i32.shl').memory('f64.load', tables.fraction);
}

/**
 * e^x (x in local `x`) into `x`, to within 2 ulp for |x| < 700 in a handful of multiplies; outside
 * ±700 (and for NaN), the imported Math.exp. The same double for the same x on every machine (no
 * fused multiply-add).
 */
export function fastExp(f: FunctionWriter, l: ExpLocals, tables: ExpTables, mathExp: number): void {
  f.get(l.x).f64(-FAST_RANGE).op('f64.gt').get(l.x).f64(FAST_RANGE).op('f64.lt').op('i32.and').if();
  reduceAndPolynomial(f, floatLanes(f, false), l.x, l.n, l.r);
  f.set(l.r);
  f.get(l.n).op('i32.trunc_f64_s').set(l.k);
  powerOfTwo(f, tables, l.k);
  f.get(l.r).op('f64.mul').set(l.x);
  f.else();
  f.get(l.x).call(mathExp).set(l.x);
  f.end();
}

/**
 * e^x for the two doubles of a v128 at `address` (the memory address on the stack is consumed
 * twice: load and store), as `fastExp` computes each: the reduction and the polynomial on both
 * lanes at once, 2^(k >> 6) from its bits in both lanes (exactly the power table's value), the
 * fraction table lane by lane; when a lane is outside ±700, both go through
 * `fastExp` one at a time.
 */
export function fastExpPairs(f: FunctionWriter, address: number, offset: number, tables: ExpTables, mathExp: number): void {
  const x = f.local(V128);
  const n = f.local(V128);
  const r = f.local(V128);
  const scalar = { x: f.local(F64), n: f.local(F64), r: f.local(F64), k: f.local(I32) };
  const kv = f.local(V128);
  f.get(address).v128('load', offset).set(x);
  f.get(x).simd('f64x2.abs').f64(FAST_RANGE).simd('f64x2.splat').simd('f64x2.lt').simd('i64x2.all_true').if();
  reduceAndPolynomial(f, floatLanes(f, true), x, n, r);
  f.set(r);
  f.get(n).simd('i32x4.trunc_sat_f64x2_s_zero').set(kv);
  // 2^(k >> 6) in both lanes from its bits (exponent k >> 6 + 1023: the table's 2^k exactly), times 2^((k & 63)/64) from the table
  f.get(kv).i32(TABLE_BITS).simd('i32x4.shr_s').i32(1023).simd('i32x4.splat').simd('i32x4.add');
  f.simd('i64x2.extend_low_i32x4_s').i32(52).simd('i64x2.shl');
  fraction(f, tables, kv, 0);
  f.simd('f64x2.splat');
  fraction(f, tables, kv, 1);
  f.f64Lane(1, true);
  f.simd('f64x2.mul');
  f.get(r).simd('f64x2.mul').set(x);
  f.else();
  for (const lane of [0, 1]) {
    f.get(x).f64Lane(lane).set(scalar.x);
    fastExp(f, scalar, tables, mathExp);
    f.get(x).get(scalar.x).f64Lane(lane, true).set(x);
  }
  f.end();
  f.get(address).get(x).v128('store', offset);
}
