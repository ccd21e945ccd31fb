import xor4096 from 'seedrandom/lib/xor4096.js';
import { SEED_MIXES, STATE_WORDS } from './random-code.js';

/** The generator algorithm: seedrandom's xor4096 (R. Brent's xorgens, 4096-bit state, period 2^4096−1). */
export const RNG_ALGORITHM = 'seedrandom-xor4096';
export const NORMAL_ALGORITHM =
  'ziggurat-256 (Marsaglia & Tsang 2000, numpy layout; one 32-bit word a candidate: 8 bits layer, 1 sign, 23 magnitude; rejections from a second stream)';

/**
 * The seeded state of stream `key` of block `block`: streams are keyed by (seed, block, key), so
 * the numbers a driver sees do not depend on which other drivers exist, on the order in which
 * blocks run, or on the thread that runs them. Seeded by seedrandom's own `xor4096` seeding: the
 * state holds X[0..127], then the position i, then the Weyl word w. (The per-path inputs' streams
 * are seeded four at a time in the kernel, `seed4` in `random-code.ts`, the same seeding word for
 * word, tested against seedrandom's.) A normal stream's slow
 * sequence (the ziggurat's rejections) has its own stream, keyed (seed, block, key, "ziggurat").
 */
export function streamState(seed: string, block: number, ...key: string[]): Int32Array {
  return seededState(streamText(seed, block, ...key));
}

/** The state seedrandom's `xor4096` seeds from a text. */
export function seededState(text: string): Int32Array {
  const s = xor4096(text, { state: true }).state() as unknown as { X: number[]; i: number; w: number };
  const state = new Int32Array(STATE_WORDS);
  state.set(s.X);
  state[128] = s.i;
  state[129] = s.w;
  return state;
}

/** The text a stream is seeded from: its key (seed, block, key) as JSON. */
export function streamText(seed: string, block: number, ...key: string[]): string {
  return JSON.stringify([seed, block, ...key]);
}

/**
 * Writes the characters `seed4` mixes into four streams' states (`random-code.ts`): for each of
 * the SEED_MIXES steps k, lane j's text (with its NUL) at character k mod its length, at 4k + j.
 * False when a text is longer than the 127 characters `seed4` takes (seedrandom mixes a longer
 * text for more steps; such streams are seeded one by one with `streamState`).
 */
export function seedCharacters(texts: readonly string[], into: Int32Array): boolean {
  if (texts.some((text) => text.length + 1 > 128)) return false;
  texts.forEach((text, lane) => {
    const t = `${text}\0`;
    for (let k = 0; k < SEED_MIXES; k++) into[4 * k + lane] = t.charCodeAt(k % t.length);
  });
  return true;
}

/**
 * Puts a stream's state in lane `lane` of a four-stream state: word w of X at 4w + lane of
 * `words`, its Weyl word at `weyl[lane]` (the streams share their position, which the caller keeps).
 */
export function putLane(state: Int32Array, lane: number, words: Int32Array, weyl: Int32Array): void {
  for (let w = 0; w < 128; w++) words[4 * w + lane] = state[w]!;
  weyl[lane] = state[129]!;
}
