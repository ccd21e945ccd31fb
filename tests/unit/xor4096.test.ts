import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { fillUniforms32, fillUniforms53, nextInt32, seedState, uniform53 } from '../oracle/xor4096.js';

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

  it('batch uniforms are (word + 1/2)/2^32 of the same words, strictly inside (0, 1)', () => {
    const a = seedState('uniforms');
    const b = seedState('uniforms');
    const u = new Float64Array(10_000);
    fillUniforms32(a, u, u.length);
    for (const x of u) expect(x).toBe(((nextInt32(b) >>> 0) + 0.5) / 2 ** 32);
    expect(nextInt32(a)).toBe(nextInt32(b));
    expect(Math.min(...u)).toBeGreaterThan(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });

  it('batch 53-bit uniforms are uniform53 of the same words, and leave the state where uniform53 would', () => {
    const a = seedState('uniforms53');
    const b = seedState('uniforms53');
    const u = new Float64Array(10_001);
    fillUniforms53(a, u, u.length);
    for (const x of u) expect(x).toBe(uniform53(b));
    expect(nextInt32(a)).toBe(nextInt32(b));
  });
});
