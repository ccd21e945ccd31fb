import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketTable, bucketOf } from '../../src/engine/bucket-table.js';
import { CASH_SKETCH, FLOW_SKETCH } from '../../src/engine/sketch.js';

/** The doubles next to x: x − 2 ulp … x + 2 ulp. */
function around(x: number): number[] {
  const ulp = 2 ** (Math.floor(Math.log2(x)) - 52);
  return [-2, -1, 0, 1, 2].map((k) => x + k * ulp).filter((y) => y >= 1);
}

describe.each([
  ['cash', CASH_SKETCH],
  ['flows', FLOW_SKETCH],
])('the bucket table of the %s sketch', (_, scale) => {
  const table = new BucketTable(scale);

  it('gives the bucket ⌈log_γ m⌉ of every magnitude it is asked, as bucketOf does', () => {
    // log-uniform magnitudes from 1 to beyond the last bucket, and their neighbours
    const magnitude = fc.double({ min: 0, max: 60, noNaN: true }).map((x) => Math.exp(x));
    fc.assert(
      fc.property(magnitude, (m) => {
        for (const y of around(m)) expect(table.bucket(y)).toBe(bucketOf(y, scale));
      }),
      { numRuns: 20_000, seed: 9 },
    );
  });

  it('agrees at the bucket boundaries γ^k and at the edges (1, powers of two, the largest, Infinity)', () => {
    for (let k = 0; k < scale.buckets + 3; k += 1 + (k % 7)) {
      for (const y of around(scale.gamma ** k)) expect(table.bucket(y)).toBe(bucketOf(y, scale));
    }
    for (const y of [1, 2, 4, 2 ** 52, 2 ** 53, 1e15, 1e21, 1e300, Number.MAX_VALUE, Infinity]) expect(table.bucket(y)).toBe(bucketOf(y, scale));
  });
});
