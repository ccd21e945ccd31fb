import { AS241 } from '../distributions/normal-quantile.js';
import type { DistSpec } from '../distributions/index.js';
import type { Layout } from './layout.js';
import { F64, type FunctionWriter, I32, type ModuleWriter } from './wasm.js';

/**
 * What the kernel makes of a per-path input's uniform (`transform`'s kind), with its two
 * parameters: a distribution's quantile (constant: a; uniform: a + b·u with a = low, b = width;
 * normal: a + b·Φ⁻¹(u); lognormal: exp(a + b·Φ⁻¹(u))), whether an event happens (u < a), or a
 * dated event's landing step (a + min(b − 1, ⌊u·b⌋), a = first step, b = steps in its range);
 * `keep` leaves the uniforms as they are (to count a dated event's landings when its amount's
 * quantile is left to `distributions/`).
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
 * as its quantile in `distributions/` (so the same doubles); undefined for the distributions the
 * kernel leaves to those (beta, PERT, discrete, Bernoulli, and `solve`'s affine ones).
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
 * Adds to a module the per-path inputs' functions (`exp` and `log` are the imported Math.exp and
 * Math.log, as `distributions/` computes with them):
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
  writeTransform(module.func('transform', [I32, I32, I32, F64, F64, I32, I32, I32, I32], []), quantile.index, imports.exp, layout.landings.dayStart);
  writePlaceLandings(module.func('placeLandings', [I32, I32, I32, F64, I32, I32, I32], []), layout);
}

/** Horner's rule on the stack: ((c[0]·r + c[1])·r + …)·r + c[last], r in a local. */
function horner(f: FunctionWriter, c: readonly number[], r: number): void {
  f.f64(c[0]!);
  for (let k = 1; k < c.length; k++) f.get(r).op('f64.mul').f64(c[k]!).op('f64.add');
}

/** `normalQuantile(p)`, operation for operation as `distributions/normal-quantile.ts` computes it. */
function writeNormalQuantile(f: FunctionWriter, log: number): void {
  const p = 0;
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
  f.f64(0.180625).get(q).get(q).op('f64.mul').op('f64.sub').set(r);
  f.get(q);
  horner(f, AS241.A, r);
  f.op('f64.mul');
  horner(f, AS241.B, r);
  f.op('f64.div').op('return');
  f.end();
  // r = √(−ln min(p, 1 − p)), then the tail's rational function of r − 1.6 (r ≤ 5) or r − 5
  f.get(p).f64(1).get(p).op('f64.sub').get(q).f64(0).op('f64.lt').op('select');
  f.call(log).op('f64.neg').op('f64.sqrt').set(r);
  f.get(r).f64(5).op('f64.le').if();
  f.get(r).f64(1.6).op('f64.sub').set(r);
  horner(f, AS241.C, r);
  horner(f, AS241.D, r);
  f.op('f64.div').set(x);
  f.else();
  f.get(r).f64(5).op('f64.sub').set(r);
  horner(f, AS241.E, r);
  horner(f, AS241.F, r);
  f.op('f64.div').set(x);
  f.end();
  f.get(x).op('f64.neg').get(x).get(q).f64(0).op('f64.lt').op('select');
}

/** `transform(kind, at, n, a, b, happens, date, days)`, path by path (the kind's test is the same for every path, so the branch is free). */
function writeTransform(f: FunctionWriter, normalQuantile: number, exp: number, dayStart: number): void {
  const [kind, at, n, a, b, happens, date, days, flags] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const p = f.local(I32);
  const end = f.local(I32);
  const u = f.local(F64);
  const limit = f.local(F64);
  const lands = f.local(I32);
  const step = f.local(F64);
  const slot = f.local(I32);
  const is = (k: number) => f.get(kind).i32(k).op('i32.eq');
  f.get(days).op('f64.convert_i32_s').set(limit);
  f.get(n).i32(3).op('i32.shl').get(at).op('i32.add').set(end);
  f.get(at).set(p);
  f.block('done').get(p).get(end).op('i32.ge_u').brIf('done').loop('path');
  f.block('next');
  // an event's amount: does its money move (it happens and, if dated, lands within the horizon)?
  f.get(happens).i32(0).op('i32.ge_s').if();
  f.get(happens).get(p).op('i32.add').get(at).op('i32.sub').memory('f64.load', 0).f64(1).op('f64.eq').set(lands);
  f.get(date).i32(0).op('i32.ge_s').if();
  f.get(date).get(p).op('i32.add').get(at).op('i32.sub').memory('f64.load', 0).set(step);
  f.get(lands).get(step).get(limit).op('f64.lt').op('i32.and').set(lands);
  // counted for the landings' sort: dayStart[step + 1] += 1
  f.get(flags).i32(FLAGS.count).op('i32.and').i32(0).op('i32.ne').get(lands).op('i32.and').if();
  f.get(step).op('i32.trunc_f64_s').i32(2).op('i32.shl').tee(slot).get(slot).memory('i32.load', dayStart + 4).i32(1).op('i32.add').memory('i32.store', dayStart + 4);
  f.end();
  f.end();
  f.get(flags).i32(FLAGS.gate).op('i32.and').i32(0).op('i32.ne').get(lands).op('i32.eqz').op('i32.and').if();
  f.get(p).f64(NaN).memory('f64.store', 0).br('next');
  f.end();
  f.end();
  is(TRANSFORM.keep).brIf('next');
  f.get(p).memory('f64.load', 0).set(u);
  is(TRANSFORM.lognormal).if();
  f.get(p).get(a).get(b).get(u).call(normalQuantile).op('f64.mul').op('f64.add').call(exp).memory('f64.store', 0).br('next');
  f.end();
  is(TRANSFORM.normal).if();
  f.get(p).get(a).get(b).get(u).call(normalQuantile).op('f64.mul').op('f64.add').memory('f64.store', 0).br('next');
  f.end();
  is(TRANSFORM.uniform).if();
  f.get(p).get(a).get(b).get(u).op('f64.mul').op('f64.add').memory('f64.store', 0).br('next');
  f.end();
  is(TRANSFORM.happens).if();
  f.get(p).f64(1).f64(0).get(u).get(a).op('f64.lt').op('select').memory('f64.store', 0).br('next');
  f.end();
  is(TRANSFORM.step).if();
  f.get(p).get(a).get(b).f64(1).op('f64.sub').get(u).get(b).op('f64.mul').op('f64.floor').op('f64.min').op('f64.add').memory('f64.store', 0).br('next');
  f.end();
  // constant
  f.get(p).get(a).memory('f64.store', 0);
  f.end(); // next
  f.get(p).i32(8).op('i32.add').tee(p).get(end).op('i32.lt_u').brIf('path');
  f.end().end();
}

/**
 * `placeLandings(happens, date, amount, sign, event, n, days)`: each path whose dated event lands
 * before step `days` goes to its day's next free slot (`next[step]++`): the path, the signed
 * amount and the event.
 */
function writePlaceLandings(f: FunctionWriter, layout: Layout): void {
  const l = layout.landings;
  const [happens, date, amount, sign, event, n, days] = [0, 1, 2, 3, 4, 5, 6];
  const i = f.local(I32);
  const p = f.local(I32);
  const step = f.local(I32);
  const slot = f.local(I32);
  f.block('done').get(n).i32(0).op('i32.le_s').brIf('done').loop('path');
  f.get(happens).get(p).op('i32.add').memory('f64.load', 0).f64(1).op('f64.eq');
  f.get(date).get(p).op('i32.add').memory('f64.load', 0).get(days).op('f64.convert_i32_s').op('f64.lt').op('i32.and').if();
  f.get(date).get(p).op('i32.add').memory('f64.load', 0).op('i32.trunc_f64_s').set(step);
  f.get(step).i32(2).op('i32.shl').memory('i32.load', l.next).set(slot);
  f.get(step).i32(2).op('i32.shl').get(slot).i32(1).op('i32.add').memory('i32.store', l.next);
  f.get(slot).i32(2).op('i32.shl').get(i).memory('i32.store', l.path);
  f.get(slot).i32(3).op('i32.shl').get(sign).get(amount).get(p).op('i32.add').memory('f64.load', 0).op('f64.mul').memory('f64.store', l.amount);
  f.get(slot).i32(2).op('i32.shl').get(event).memory('i32.store', l.event);
  f.end();
  f.get(p).i32(8).op('i32.add').set(p);
  f.get(i).i32(1).op('i32.add').tee(i).get(n).op('i32.lt_s').brIf('path');
  f.end().end();
}
