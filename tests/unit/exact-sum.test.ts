import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSums } from '../../src/engine/exact-sum.js';

const sumOf = (values: readonly number[]) => {
  const s = new ExactSums(1);
  for (const x of values) s.add(0, x);
  return s.value(0);
};

/** The correctly rounded sum by integer arithmetic: every value here is a whole multiple of 2^-152, so x·2^152 is an exact integer. */
const SCALE = 2 ** 152;
const exactSum = (values: readonly number[]) => Number(values.reduce((s, x) => s + BigInt(x * SCALE), 0n)) / SCALE;

/** Doubles from about 2^-99 to 2^99 in magnitude, with both signs, zeros and near-cancelling pairs. */
const money = fc.oneof(
  fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((x) => x === 0 || Math.abs(x) >= 2 ** -99),
  fc.integer({ min: -90, max: 90 }).chain((e) => fc.double({ min: 1, max: 2, noNaN: true }).map((m) => m * 2 ** e)),
);

describe('ExactSums: sums kept exactly, rounded once', () => {
  it('known cases (as Python math.fsum gives them)', () => {
    expect(sumOf([1e16, 1, -1e16])).toBe(1);
    expect(sumOf(Array.from({ length: 10 }, () => 0.1))).toBe(1); // plain addition: 0.9999999999999999
    expect(sumOf([1e-16, 1, 1e16])).toBe(10000000000000002); // half-way, rounded to even across terms
    expect(sumOf([1, 1e100, 1, -1e100])).toBe(2);
    expect(sumOf([])).toBe(0);
    expect(sumOf([1e308, 1e308])).toBe(Infinity);
    expect(sumOf([Infinity, -Infinity])).toBeNaN();
  });

  it('equal the correctly rounded exact sum (integer arithmetic), whatever the order and grouping', () => {
    fc.assert(
      fc.property(fc.array(money, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (values, groups, seed) => {
        const expected = exactSum(values);
        expect(sumOf(values)).toBe(expected);
        // shuffled, split into groups summed apart, then absorbed
        const shuffled = [...values].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b);
        const total = new ExactSums(1);
        for (let g = 0; g < groups; g++) {
          const part = new ExactSums(1);
          shuffled.forEach((x, k) => k % groups === g && part.add(0, x));
          total.absorb(part);
        }
        expect(total.value(0)).toBe(expected);
      }),
      { numRuns: 500, seed: 19 },
    );
  });
});
