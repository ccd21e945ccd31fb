import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DistSpec, makeDistribution, normalQuantile } from '../../src/distributions/index.js';
import { FLAGS, TRANSFORM, quantileTransform } from '../../src/engine/input-code.js';
import { kernelFor } from '../../src/engine/kernel.js';
import { BLOCK_SIZE } from '../../src/engine/layout.js';
import { compile } from '../../src/model/compile.js';
import { scenario } from '../helpers.js';
import { fastExp } from '../oracle/fast-exp.js';

// one kernel to call: a plan with one dated event (so its landing counts have room)
const plan = compile(
  scenario(`
name: kernel inputs
start: 2025-01-01
horizon: 2025-03-31
paths: 1000
seed: 1
cash: { initial: 1M }
events:
  - { name: grant, date: 2025-02-01 to 2025-05-31, probability: 50%, amount: 1M to 2M }
`),
);
const kernel = kernelFor(plan, false);
const [column, happens, date] = [kernel.layout.inputs[0]!, kernel.layout.inputs[1]!, kernel.layout.inputs[2]!];
const values = (at: number, n: number) => new Float64Array(kernel.memory.buffer, at, n);

/** The kernel's transform of these uniforms (in column 0, a block's worth at a time). */
function transform(u: readonly number[], kind: number, a: number, b: number): Float64Array {
  const out = new Float64Array(u.length);
  for (let from = 0; from < u.length; from += BLOCK_SIZE) {
    const part = u.slice(from, from + BLOCK_SIZE);
    values(column, part.length).set(part);
    kernel.transform(kind, column, part.length, a, b, -1, -1, plan.days, 0);
    out.set(values(column, part.length), from);
  }
  return out;
}

/** Probabilities over (0, 1): the body, both tails down to the smallest double, and the branch points of AS241. */
const probability = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: Number.MIN_VALUE, max: 1e-3, noNaN: true }),
  fc.double({ min: 1e-3, max: 1, noNaN: true }).map((x) => 1 - x * 1e-3),
  fc.constantFrom(0, 1, 0.075, 0.925, 0.5 - 0.425, 0.5 + 0.425, Math.exp(-25), 2 ** -53, 1 - 2 ** -53, -0.1, 1.1),
);

describe("the kernel's per-path inputs", () => {
  it('normalQuantile is distributions/ normalQuantile bit for bit (AS241 in both tails, ±Infinity at 0 and 1)', () => {
    fc.assert(
      fc.property(probability, (p) => {
        expect(Object.is(kernel.normalQuantile(p), normalQuantile(p))).toBe(true);
      }),
      { numRuns: 20_000, seed: 1 },
    );
  });

  it.each<DistSpec>([
    { type: 'constant', value: 700e3 },
    { type: 'uniform', low: 1e9, high: 3e9 },
    { type: 'normal', mean: -0.002, sd: 0.003 },
  ])("transform makes %j's quantiles bit for bit", (spec) => {
    const made = makeDistribution(spec);
    if (!made.ok) throw new Error(made.error);
    const u = fc.sample(probability.filter((p) => p > 0 && p < 1), { numRuns: 5000, seed: 2 });
    const t = quantileTransform(spec)!;
    expect(Array.from(transform(u, t.kind, t.a, t.b))).toEqual(u.map((p) => made.dist.quantile(p)));
  });

  it("transform makes a lognormal's quantiles with the kernel's exponential: the oracle's bit for bit, within 2 ulp of distributions/", () => {
    const spec = { type: 'lognormal', mu: 13.4, sigma: 0.37 } as const;
    const made = makeDistribution(spec);
    if (!made.ok) throw new Error(made.error);
    const u = fc.sample(probability.filter((p) => p > 0 && p < 1), { numRuns: 5000, seed: 3 });
    const t = quantileTransform(spec)!;
    const got = transform(u, t.kind, t.a, t.b);
    expect(Array.from(got)).toEqual(u.map((p) => fastExp(spec.mu + spec.sigma * normalQuantile(p))));
    got.forEach((x, i) => {
      const exact = made.dist.quantile(u[i]!);
      expect(Math.abs(x - exact)).toBeLessThanOrEqual(2 * Number.EPSILON * exact);
    });
  });

  it.each([TRANSFORM.normal, TRANSFORM.lognormal])("an event's amounts (kind %i) made two paths at a time are the values made one at a time", (kind) => {
    for (const n of [1, 2, 7, 1000]) {
      const u = fc.sample(probability.filter((p) => p > 0 && p < 1), { numRuns: n, seed: n });
      const one = transform(u, kind, 0.3, 0.8);
      values(happens, n).fill(1);
      values(column, n).set(u);
      kernel.transform(kind, column, n, 0.3, 0.8, happens, -1, plan.days, FLAGS.gate);
      expect(Array.from(values(column, n))).toEqual(Array.from(one));
    }
  });

  it("an event's lognormal amounts, two at a time, are the oracle's exponential over the whole fast range (−700, 700)", () => {
    const n = 1000;
    const u = fc.sample(probability.filter((p) => p > 0 && p < 1), { numRuns: n, seed: 11 });
    for (const a of [-690, -300, -20, 0, 5, 40, 300, 690]) {
      values(happens, n).fill(1);
      values(column, n).set(u);
      kernel.transform(TRANSFORM.lognormal, column, n, a, 1, happens, -1, plan.days, FLAGS.gate);
      expect(Array.from(values(column, n))).toEqual(u.map((p) => fastExp(a + 1 * normalQuantile(p))));
    }
  });

  it('leaves beta, PERT, discrete and affine quantiles to distributions/', () => {
    for (const spec of [
      { type: 'pert', low: 0, mode: 1, high: 3, lambda: 4 },
      { type: 'beta', alpha: 2, beta: 3, low: 0, high: 1 },
      { type: 'discrete', values: [1, 2], weights: [1, 1] },
      { type: 'affine', of: { type: 'normal', mean: 0, sd: 1 }, scale: 2, shift: 1 },
    ] as DistSpec[]) {
      expect(quantileTransform(spec)).toBeUndefined();
    }
  });

  it('happens is 1 below the probability and 0 from it; a landing step is uniform over its steps', () => {
    expect(Array.from(transform([0.1, 0.3, 0.2999999, 0.9], TRANSFORM.happens, 0.3, 0))).toEqual([1, 0, 1, 0]);
    // steps 10..13: u in [k/4, (k+1)/4) lands on 10 + k
    expect(Array.from(transform([0, 0.2499, 0.25, 0.7, 0.99999], TRANSFORM.step, 10, 4))).toEqual([10, 10, 11, 12, 13]);
    expect(Array.from(transform([0.3, 0.6], TRANSFORM.keep, 5, 5))).toEqual([0.3, 0.6]);
  });

  it("an event's amount is made only where its money moves, and its landings are counted by day", () => {
    const dayStart = new Int32Array(kernel.memory.buffer, kernel.layout.landings.dayStart, plan.days + 1).fill(0);
    values(happens, 5).set([1, 0, 1, 1, 1]);
    values(date, 5).set([3, 3, plan.days, 3, 40]);
    values(column, 5).set([0.5, 0.5, 0.5, 0.5, 0.5]);
    kernel.transform(TRANSFORM.uniform, column, 5, 10, 2, happens, date, plan.days, FLAGS.gate | FLAGS.count);
    expect(Array.from(values(column, 5))).toEqual([11, NaN, NaN, 11, 11]);
    expect(dayStart[4]).toBe(2);
    expect(dayStart[41]).toBe(1);
    expect(dayStart.reduce((a, b) => a + b, 0)).toBe(3);
    // every value (sensitivity reads them all), still counted; a triggered event's amount has no date
    dayStart.fill(0);
    values(column, 5).fill(0.5);
    kernel.transform(TRANSFORM.uniform, column, 5, 10, 2, happens, date, plan.days, FLAGS.count);
    expect(Array.from(values(column, 5))).toEqual([11, 11, 11, 11, 11]);
    expect(dayStart.reduce((a, b) => a + b, 0)).toBe(3);
    values(column, 5).fill(0.5);
    kernel.transform(TRANSFORM.uniform, column, 5, 10, 2, happens, -1, plan.days, FLAGS.gate);
    expect(Array.from(values(column, 5))).toEqual([11, NaN, 11, 11, 11]);
  });
});
