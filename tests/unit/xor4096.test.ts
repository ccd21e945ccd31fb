import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { fillNormals, nextInt32, nextNormal, seedState } from '../../src/engine/xor4096.js';

describe('xor4096 on an Int32Array', () => {
  it.each(['1', '["2024",0,"users/noise"]', 'a much longer seed text than the 128 words of state would need, to exercise the mixing of long seeds '.repeat(3)])(
    'gives exactly seedrandom.xor4096(%j).int32() for 100000 words',
    (seed) => {
      const reference = seedrandom.xor4096(seed);
      const state = seedState(seed);
      for (let k = 0; k < 100_000; k++) {
        const expected = reference.int32();
        const got = nextInt32(state);
        if (got !== expected) throw new Error(`word ${k}: ${got} !== ${expected}`);
      }
    },
  );

  it('batch normals are the same sequence as one-at-a-time normals', () => {
    const a = seedState('normals');
    const b = seedState('normals');
    const batch = new Float64Array(50_000);
    fillNormals(a, batch, batch.length);
    for (let k = 0; k < batch.length; k++) expect(batch[k]).toBe(nextNormal(b));
    expect(nextInt32(a)).toBe(nextInt32(b)); // and leave the state in the same place
  });
});
