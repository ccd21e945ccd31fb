import xor4096 from 'seedrandom/lib/xor4096.js';
import { STATE_WORDS } from './random-code.js';

/** The generator algorithm: seedrandom's xor4096 (R. Brent's xorgens, 4096-bit state, period 2^4096−1). */
export const RNG_ALGORITHM = 'seedrandom-xor4096';
export const NORMAL_ALGORITHM =
  'ziggurat-256 (Marsaglia & Tsang 2000, numpy layout; one 32-bit word a candidate: 8 bits layer, 1 sign, 23 magnitude; rejections from a second stream)';

/**
 * The seeded state of stream `key` of block `block`: streams are keyed by (seed, block, key), so
 * the numbers a driver sees do not depend on which other drivers exist, on the order in which
 * blocks run, or on the thread that runs them. Seeded by seedrandom's own `xor4096` seeding: the
 * state holds X[0..127], then the position i, then the Weyl word w. A normal stream's slow
 * sequence (the ziggurat's rejections) has its own stream, keyed (seed, block, key, "ziggurat").
 */
export function streamState(seed: string, block: number, ...key: string[]): Int32Array {
  const s = xor4096(JSON.stringify([seed, block, ...key]), { state: true }).state() as unknown as { X: number[]; i: number; w: number };
  const state = new Int32Array(STATE_WORDS);
  state.set(s.X);
  state[128] = s.i;
  state[129] = s.w;
  return state;
}
