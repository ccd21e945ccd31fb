import { AS241 } from '../distributions/normal-quantile.js';
import type { DistSpec } from '../distributions/index.js';
import type { Layout } from './layout.js';
import { type FloatLanes, fastExpPairs, floatLanes } from './exp-code.js';
import { logPairs } from './log-code.js';
import { F64, type FunctionWriter, I32, type ModuleWriter, V128 } from './wasm.js';

/**
 * What the kernel makes of a per-path input's uniform (`transform`'s kind), with its two
 * parameters: a distribution's quantile (constant: a; uniform: a + b·u with a = low, b = width;
 * normal: a + b·Φ⁻¹(u); lognormal: e^(a + b·Φ⁻¹(u)) by the kernel's exponential, `exp-code.ts`),
 * whether an event happens (u < a), or a dated event's landing step (a + min(b − 1, ⌊u·b⌋),
 * a = first step, b = steps in its range); `keep` leaves the uniforms as they are (to count a
 * dated event's landings when its amount's quantile is left to `distributions/`).
 */
export const TRANSFORM = { constant: 0, uniform: 1, normal: 2, lognormal: 3, happens: 4, step: 5, keep: 6 } as const;

/** `transform`'s flags for an event's amount: NaN where its money does not move; count its landings by day. */
export const FLAGS = { gate: 1, count: 2 } as const;

export interface Transform {
  readonly kind: (typeof TRANSFORM)[keyof typeof TRANSFORM];
  readonly a: number;
  readonly b: number;
}

/**
 * The kernel's transform for a distribution, computed with the same operations in the same order
 * as its quantile in `distributions/` (so the same doubles, except that a lognormal's exponential
 * is the kernel's, within 2 ulp of Math.exp); undefined for the distributions the kernel leaves to
 * those (beta, PERT, discrete, Bernoulli, and `solve`'s affine ones).
 */
export function quantileTransform(spec: DistSpec): Transform | undefined {
  switch (spec.type) {
    case 'constant':
      return { kind: TRANSFORM.constant, a: spec.value, b: 0 };
    case 'uniform':
      return { kind: TRANSFORM.uniform, a: spec.low, b: spec.high - spec.low };
    case 'normal':
      return { kind: TRANSFORM.normal, a: spec.mean, b: spec.sd };
    case 'lognormal':
      return { kind: TRANSFORM.lognormal, a: spec.mu, b: spec.sigma };
    default:
      return undefined;
  }
}

/**
 * Adds to a module the per-path inputs' functions (`log` is the imported Math.log, as
 * `distributions/` computes with it, which the kernel's own logarithm, `log-code.ts`, leaves only
 * the rare special values; `exp` the imported Math.exp, which the kernel's exponential calls
 * outside ±700):
 * - `normalQuantile(p)`: Φ⁻¹(p) by AS241 (`distributions/normal-quantile.ts`);
 * - `transform(kind, at, n, a, b, happens, date, days, flags)`: the n uniforms at `at` become
 *   their values in place (`TRANSFORM`). An event's amount names its `happens` column (an address,
 *   −1 for none) and, if dated, its `date` column: its money moves where it happens and lands
 *   before step `days`. With `FLAGS.gate`, the amount is made only there (NaN elsewhere); with
 *   `FLAGS.count`, each landing is counted for the day it lands (`dayStart[step + 1]`), the first
 *   pass of the counting sort of the landings by day (`block.ts`);
 * - `placeLandings(happens, date, amount, sign, event, n, days)`: its second pass, which puts each
 *   of a dated event's landings at its day's next free slot.
 */
export function writeInputFunctions(module: ModuleWriter, layout: Layout, imports: { exp: number; log: number }): void {
  const quantile = module.func('normalQuantile', [F64], [F64]);
  writeNormalQuantile(quantile, imports.log);
  writeTransform(module.func('transform', [I32, I32, I32, F64, F64, I32, I32, I32, I32], []), quantile.index, imports.exp, layout);
  writePlaceLandings(module.func('placeLandings', [I32, I32, I32, F64, I32, I32, I32], []), layout);
}

/** Horner's rule on the stack, on one lane or two: ((c[0]·r + c[1])·r + …)·r + c[last], r in a local. */
function horner(f: FunctionWriter, l: FloatLanes, c: readonly number[], r: number): void {
  l.constant(c[0]!);
  for (let k = 1; k < c.length; k++) {
    f.get(r);
    l.mul();
    l.constant(c[k]!);
    l.add();
  }
}

/** AS241's central form q·A(r)/B(r), r = 0.180625 − q² (q in a local, r a local of scratch), on one lane or two. */
function centralQuantile(f: FunctionWriter, l: FloatLanes, q: number, r: number): void {
  l.constant(0.180625);
  f.get(q).get(q);
  l.mul();
  l.sub();
  f.set(r);
  f.get(q);
  horner(f, l, AS241.A, r);
  l.mul();
  horner(f, l, AS241.B, r);
  l.div();
}

/**
 * `normalQuantile(p)`, operation for operation as `distributions/normal-quantile.ts` computes it,
 * with its choices made without branches where they can be (a branch on a random sign mispredicts
 * half the time): min(p, 1 − p) is `q < 0 ? p : 1 − p`, and x with q's sign is `q < 0 ? −x : x`
 * (x > 0 in the tails).
 */
function writeNormalQuantile(f: FunctionWriter, log: number): void {
  const p = 0;
  const one = floatLanes(f, false);
  const q = f.local(F64);
  const r = f.local(F64);
  const x = f.local(F64);
  f.get(p).f64(0).op('f64.le').if();
  f.f64(-Infinity).f64(NaN).get(p).f64(0).op('f64.eq').op('select').op('return');
  f.end();
  f.get(p).f64(1).op('f64.ge').if();
  f.f64(Infinity).f64(NaN).get(p).f64(1).op('f64.eq').op('select').op('return');
  f.end();
  f.get(p).f64(0.5).op('f64.sub').set(q);
  f.get(q).op('f64.abs').f64(0.425).op('f64.le').if();
  centralQuantile(f, one, q, r);
  f.op('return');
  f.end();
  // r = √(−ln min(p, 1 − p)), then the tail's rational function of r − 1.6 (r ≤ 5) or r − 5
  f.get(p).f64(1).get(p).op('f64.sub').op('f64.min');
  f.call(log).op('f64.neg').op('f64.sqrt').set(r);
  f.get(r).f64(5).op('f64.le').if();
  f.get(r).f64(1.6).op('f64.sub').set(r);
  horner(f, one, AS241.C, r);
  horner(f, one, AS241.D, r);
  f.op('f64.div').set(x);
  f.else();
  f.get(r).f64(5).op('f64.sub').set(r);
  horner(f, one, AS241.E, r);
  horner(f, one, AS241.F, r);
  f.op('f64.div').set(x);
  f.end();
  f.get(x).get(q).op('f64.copysign');
}

/**
 * `transform(kind, at, n, a, b, happens, date, days, flags)`: one loop over the paths for each
 * kind, so that the loop does only its kind's work, without branches on the data where it can
 * (a branch on a random outcome mispredicts often, and costs more than the work it skips). An
 * event's amount first lists the paths to make (those where its money moves, or all without
 * `FLAGS.gate`) and counts its landings, then makes the listed ones; a normal or lognormal
 * quantile lists every path when it is not an event's amount, and makes them by `writeQuantiles`.
 */
function writeTransform(f: FunctionWriter, normalQuantile: number, exp: number, layout: Layout): void {
  const [kind, at, n, a, b, happens, date, days, flags] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const dayStart = layout.landings.dayStart;
  const p = f.local(I32);
  const end = f.local(I32);
  const u = f.local(F64);
  const limit = f.local(F64);
  const lands = f.local(I32);
  const listed = f.local(I32);
  const slot = f.local(I32);
  const gate = f.local(I32);
  const q = f.local(I32);
  const unlisted = f.local(I32);
  f.get(days).op('f64.convert_i32_s').set(limit);
  /** For each address in local `x` from `from` to `to` (locals), step `stride`, `body`. */
  const loop = (x: number, from: number, to: number, stride: number, body: () => void) => {
    f.get(from).set(x);
    f.block('done').get(x).get(to).op('i32.ge_u').brIf('done').loop('path');
    body();
    f.get(x).i32(stride).op('i32.add').tee(x).get(to).op('i32.lt_u').brIf('path');
    f.end().end();
  };
  /** Pushes the column at address `column` (a local) for the path whose address is p. */
  const other = (column: number) => f.get(column).get(p).op('i32.add').get(at).op('i32.sub').memory('f64.load', 0);
  /** Stores the value `push` leaves on the stack at address p. */
  const store = (push: () => void) => {
    f.get(p);
    push();
    f.memory('f64.store', 0);
  };
  const bodies: [number, () => void][] = [
    [TRANSFORM.uniform, () => store(() => f.get(a).get(b).get(u).op('f64.mul').op('f64.add'))],
    [TRANSFORM.constant, () => store(() => f.get(a))],
    [TRANSFORM.keep, () => undefined],
    // 1 below the probability, else 0; the landing step first + min(span − 1, ⌊u·span⌋)
    [TRANSFORM.happens, () => store(() => f.get(u).get(a).op('f64.lt').op('f64.convert_i32_u'))],
    [TRANSFORM.step, () => store(() => f.get(a).get(b).f64(1).op('f64.sub').get(u).get(b).op('f64.mul').op('f64.floor').op('f64.min').op('f64.add'))],
  ];
  const list = layout.paths;
  /** NaN at the paths left off the list (from the back of the list to its end), where the money does not move. */
  const unlistedNaN = () => {
    f.get(unlisted).i32(4).op('i32.add').set(slot);
    f.get(n).i32(2).op('i32.shl').i32(list).op('i32.add').set(end);
    loop(q, slot, end, 4, () => {
      f.get(q).memory('i32.load', 0).f64(NaN).memory('f64.store', 0);
    });
  };
  f.get(n).i32(3).op('i32.shl').get(at).op('i32.add').set(end);
  f.get(flags).i32(FLAGS.gate).op('i32.and').i32(0).op('i32.ne').set(gate);
  // an event's amount: list the paths to make, count the landings by day
  f.i32(list).set(listed);
  f.get(n).i32(2).op('i32.shl').i32(list - 4).op('i32.add').set(unlisted);
  const quantile = () => f.get(kind).i32(TRANSFORM.normal).op('i32.eq').get(kind).i32(TRANSFORM.lognormal).op('i32.eq').op('i32.or');
  f.get(happens).i32(0).op('i32.ge_s').if();
  loop(p, at, end, 8, () => {
    other(happens).f64(1).op('f64.eq').set(lands);
    f.get(date).i32(0).op('i32.ge_s').if();
    // dated: lands within the horizon, counted at dayStart[step + 1] (a path that does not land adds 0 to dayStart[0])
    f.get(lands).get(date).get(p).op('i32.add').get(at).op('i32.sub').memory('f64.load', 0).get(limit).op('f64.lt').op('i32.and').set(lands);
    f.get(flags).i32(FLAGS.count).op('i32.and').if();
    other(date).op('i32.trunc_f64_s').i32(1).op('i32.add').i32(0).get(lands).op('select').i32(2).op('i32.shl').tee(slot);
    f.get(slot).memory('i32.load', dayStart).get(lands).op('i32.add').memory('i32.store', dayStart);
    f.end();
    f.end();
    // a branch-free partition: the paths to make from the front of the list, the others from the back
    f.get(lands).get(gate).op('i32.eqz').op('i32.or').set(lands);
    f.get(listed).get(p).memory('i32.store', 0);
    f.get(unlisted).get(p).memory('i32.store', 0);
    f.get(listed).get(lands).i32(2).op('i32.shl').op('i32.add').set(listed);
    f.get(unlisted).i32(4).get(lands).i32(2).op('i32.shl').op('i32.sub').op('i32.sub').set(unlisted);
  });
  f.else();
  // a quantile for every path: all of them listed
  quantile().if();
  loop(p, at, end, 8, () => {
    f.get(listed).get(p).memory('i32.store', 0);
    f.get(listed).i32(4).op('i32.add').set(listed);
  });
  f.end();
  f.end();
  quantile().if();
  writeQuantiles(f, { list, listed, a, b, normalQuantile, exp, layout, kind });
  unlistedNaN();
  f.op('return').end();
  for (const [k, body] of bodies) {
    f.get(kind).i32(k).op('i32.eq').if();
    f.get(happens).i32(0).op('i32.ge_s').if();
    // the listed paths: their addresses from `list` to `listed`
    f.i32(list).set(slot);
    loop(q, slot, listed, 4, () => {
      f.get(q).memory('i32.load', 0).tee(p).memory('f64.load', 0).set(u);
      body();
    });
    unlistedNaN();
    f.else();
    loop(p, at, end, 8, () => {
      f.get(p).memory('f64.load', 0).set(u);
      body();
    });
    f.end();
    f.op('return').end();
  }
}

/**
 * The normal or lognormal quantiles (local `kind`) of the listed paths (addresses from the
 * address `list` to local `listed`), in three passes whose iterations do not wait on each other
 * (one pass doing all of it waits on AS241's and the exponential's chains path after path, and
 * on a mispredicted branch at every tail): Φ⁻¹ of two uniforms at a time by AS241's central form
 * in the lanes of one f64x2, each lane outside the central region (15% of uniforms, or NaN)
 * listed without a branch; then the listed ones two at a time (`tailQuantiles`); then a + b·z,
 * for a lognormal the kernel's exponential (`fastExpPairs`), two at a time, stored at the paths.
 * The same operations lane by lane as the scalar function and `fastExp`, so the same doubles. A
 * pass over an odd count ends with a pair whose two lanes are the same path.
 */
function writeQuantiles(
  f: FunctionWriter,
  at: { list: number; listed: number; a: number; b: number; normalQuantile: number; exp: number; kind: number; layout: Layout },
): void {
  const { list, listed, a, b, layout } = at;
  const { u: uniforms, z: values, tails } = layout.quantiles;
  const two = floatLanes(f, true);
  const [q, s, t, first, second] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const [v, centred, r, z] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  /**
   * For each pair of the i32 entries from the address `start` to local `end`: the two entries in
   * `first` and `second` (the same entry twice for an odd count's last).
   */
  const pairs = (start: number, end: number, body: () => void) => {
    f.i32(start).set(q);
    f.block('done').get(q).get(end).op('i32.ge_u').brIf('done').loop('pair');
    f.get(q).memory('i32.load', 0).set(first);
    f.get(q).memory('i32.load', 4).get(first).get(q).i32(4).op('i32.add').get(end).op('i32.lt_u').op('select').set(second);
    body();
    f.get(q).i32(8).op('i32.add').tee(q).get(end).op('i32.lt_u').brIf('pair');
    f.end().end();
  };
  /** The listed paths two at a time: their addresses in `first` and `second`, their slot's byte offset in `s`. */
  const listedPairs = (body: () => void) =>
    pairs(list, listed, () => {
      f.get(q).i32(list).op('i32.sub').i32(1).op('i32.shl').set(s);
      body();
    });
  // 1. the central form in both lanes; a lane outside it is listed in `tails` (its slot's offset)
  f.i32(tails).set(t);
  listedPairs(() => {
    f.get(first).memory('f64.load', 0).simd('f64x2.splat').get(second).memory('f64.load', 0).f64Lane(1, true).set(v);
    f.get(s).get(v).v128('store', uniforms);
    f.get(v);
    two.constant(0.5);
    two.sub();
    f.set(centred);
    f.get(s);
    centralQuantile(f, two, centred, r);
    f.v128('store', values);
    for (const lane of [0, 1]) {
      f.get(t).get(s).i32(8 * lane).op('i32.add').memory('i32.store', 0);
      f.get(t).get(centred).f64Lane(lane).op('f64.abs').f64(0.425).op('f64.le').op('i32.eqz').i32(2).op('i32.shl').op('i32.add').set(t);
    }
  });
  // 2. the tails, two at a time (their slots' offsets in `first` and `second`)
  pairs(tails, t, () => {
    f.get(first).memory('f64.load', uniforms).simd('f64x2.splat').get(second).memory('f64.load', uniforms).f64Lane(1, true).set(v);
    tailQuantiles(f, v, z, at.normalQuantile);
    f.get(first).get(z).f64Lane(0).memory('f64.store', values);
    f.get(second).get(z).f64Lane(1).memory('f64.store', values);
  });
  // 3. a + b·z (and its exponential), stored at the paths
  listedPairs(() => {
    f.get(s).get(a).simd('f64x2.splat').get(b).simd('f64x2.splat').get(s).v128('load', values).simd('f64x2.mul').simd('f64x2.add').v128('store', values);
    f.get(at.kind).i32(TRANSFORM.lognormal).op('i32.eq').if();
    fastExpPairs(f, s, values, layout.tables, at.exp);
    f.end();
    f.get(s).v128('load', values).set(z);
    f.get(first).get(z).f64Lane(0).memory('f64.store', 0);
    f.get(second).get(z).f64Lane(1).memory('f64.store', 0);
  });
}

/**
 * Φ⁻¹ of the two uniforms in local `v`, both outside AS241's central region, into local `z`, as
 * the scalar function computes each: r = √(−ln min(p, 1 − p)) with the kernel's logarithm
 * (`logPairs`, Math.log's doubles), then the rational function of r − 1.6 and p − 0.5's sign. A
 * pair the logarithm leaves to Math.log, or with r > 5 (p below 1.4·10^-11), takes the scalar
 * function lane by lane.
 */
function tailQuantiles(f: FunctionWriter, v: number, z: number, normalQuantile: number): void {
  const two = floatLanes(f, true);
  const [m, log, r] = [f.local(V128), f.local(V128), f.local(V128)];
  const special = f.local(I32);
  f.get(v);
  two.constant(1);
  f.get(v);
  two.sub();
  f.simd('f64x2.min').set(m);
  logPairs(f, m, log, special);
  f.get(log).simd('f64x2.neg').simd('f64x2.sqrt').set(r);
  f.get(special).get(r);
  two.constant(5);
  f.simd('f64x2.le').simd('i64x2.all_true').op('i32.eqz').op('i32.or').if();
  for (const lane of [0, 1]) f.get(z).get(v).f64Lane(lane).call(normalQuantile).f64Lane(lane, true).set(z);
  f.else();
  f.get(r);
  two.constant(1.6);
  two.sub();
  f.set(r);
  horner(f, two, AS241.C, r);
  horner(f, two, AS241.D, r);
  two.div();
  f.set(z);
  // with the sign of p − 0.5: its sign bit, the quotient's other bits
  f.get(v);
  two.constant(0.5);
  two.sub();
  f.get(z);
  two.constant(-0);
  f.simd('v128.bitselect').set(z);
  f.end();
}

/**
 * `placeLandings(happens, date, amount, sign, event, n, days)`: each path whose dated event lands
 * before step `days` goes to its day's next free slot (`next[step]++`): the signed amount, the
 * path and the event. Without a branch on whether it lands: a path that does not writes its
 * record to the spare slot `next[days]` points at (one past the landings), which does not move.
 */
function writePlaceLandings(f: FunctionWriter, layout: Layout): void {
  const l = layout.landings;
  const [happens, date, amount, sign, event, n, days] = [0, 1, 2, 3, 4, 5, 6];
  const i = f.local(I32);
  const p = f.local(I32);
  const lands = f.local(I32);
  const step = f.local(F64);
  const at = f.local(I32);
  const slot = f.local(I32);
  const limit = f.local(F64);
  f.get(days).op('f64.convert_i32_s').set(limit);
  f.block('done').get(n).i32(0).op('i32.le_s').brIf('done').loop('path');
  f.get(date).get(p).op('i32.add').memory('f64.load', 0).set(step);
  f.get(happens).get(p).op('i32.add').memory('f64.load', 0).f64(1).op('f64.eq').get(step).get(limit).op('f64.lt').op('i32.and').set(lands);
  // &next[step], or &next[days] (the spare slot) when it does not land
  f.get(step).op('i32.trunc_f64_s').get(days).get(lands).op('select').i32(2).op('i32.shl').tee(at);
  f.memory('i32.load', l.next).set(slot);
  f.get(at).get(slot).get(lands).op('i32.add').memory('i32.store', l.next);
  f.get(slot).i32(4).op('i32.shl').tee(slot).get(sign).get(amount).get(p).op('i32.add').memory('f64.load', 0).op('f64.mul').memory('f64.store', l.records);
  f.get(slot).get(i).memory('i32.store', l.records + 8);
  f.get(slot).get(event).memory('i32.store', l.records + 12);
  f.get(p).i32(8).op('i32.add').set(p);
  f.get(i).i32(1).op('i32.add').tee(i).get(n).op('i32.lt_s').brIf('path');
  f.end().end();
}
