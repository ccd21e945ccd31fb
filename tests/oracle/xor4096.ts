import xor4096 from 'seedrandom/lib/xor4096.js';

/**
 * Richard Brent's xorgens 4096-bit generator exactly as seedrandom's `xor4096` computes it, with
 * the state held in an Int32Array (X[0..127], then i, then the Weyl word w) so that batch loops
 * keep it in registers and typed memory instead of object properties. Seeding is delegated to
 * seedrandom itself, and a test checks that the words are identical to seedrandom's `int32()`.
 *
 * Word recurrence (seedrandom lib/xor4096.js): w += 0x61c88647; v = X[(i+34)&127];
 * t = X[i = (i+1)&127]; v ^= v<<13; t ^= t<<17; v ^= v>>>15; t ^= t>>>12; X[i] = v ^ t;
 * output (X[i] + (w ^ (w >>> 16))) | 0.
 */
export const STATE_WORDS = 130;
/** Where the position i and the Weyl word w sit in the state array. */
export const I = 128;
export const W = 129;

/** A fresh xor4096 state seeded from a text, as `seedrandom.xor4096(seed)` would be. */
export function seedState(seed: string): Int32Array {
  const s = xor4096(seed, { state: true }).state() as unknown as { X: number[]; i: number; w: number };
  const state = new Int32Array(STATE_WORDS);
  state.set(s.X);
  state[I] = s.i;
  state[W] = s.w;
  return state;
}

/**
 * The xorgens step at the new position i (already advanced: i = (old i + 1) & 127), with the
 * Weyl word w (already advanced): updates X[i] and returns the output word. Small enough for V8
 * to inline into the batch loops, which keep i and w in locals.
 */
export function mix(state: Int32Array, i: number, w: number): number {
  let v = state[(i + 33) & 127]!; // X[(old i + 34) & 127]
  let t = state[i]!;
  v ^= v << 13;
  t ^= t << 17;
  v ^= v >>> 15;
  t ^= t >>> 12;
  v ^= t;
  state[i] = v;
  return (v + (w ^ (w >>> 16))) | 0;
}

/** The next 32-bit word (signed), advancing the state. */
export function nextInt32(state: Int32Array): number {
  const w = (state[W]! + 0x61c88647) | 0;
  const i = (state[I]! + 1) & 127;
  state[I] = i;
  state[W] = w;
  return mix(state, i, w);
}

/** A uniform in the open interval (0, 1) with 53 random bits, (k + 0.5)/2^53, from two words. */
export function uniform53(state: Int32Array): number {
  const hi = nextInt32(state) >>> 5;
  const lo = nextInt32(state) >>> 6;
  return (hi * 67108864 + lo + 0.5) / 9007199254740992;
}

/**
 * Fills out[0..n) with uniforms in (0, 1) from one word each: (k + 0.5)/2^32. i and w stay in
 * locals; the state is written back once at the end.
 */
export function fillUniforms32(state: Int32Array, out: Float64Array, n: number): void {
  let i = state[I]!;
  let w = state[W]!;
  for (let k = 0; k < n; k++) {
    w = (w + 0x61c88647) | 0;
    i = (i + 1) & 127;
    out[k] = ((mix(state, i, w) >>> 0) + 0.5) / 4294967296;
  }
  state[I] = i;
  state[W] = w;
}

/** Fills out[0..n) with `uniform53`'s numbers (two words each), with i and w in locals. */
export function fillUniforms53(state: Int32Array, out: Float64Array, n: number): void {
  let i = state[I]!;
  let w = state[W]!;
  for (let k = 0; k < n; k++) {
    w = (w + 0x61c88647) | 0;
    i = (i + 1) & 127;
    const hi = mix(state, i, w) >>> 5;
    w = (w + 0x61c88647) | 0;
    i = (i + 1) & 127;
    const lo = mix(state, i, w) >>> 6;
    out[k] = (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }
  state[I] = i;
  state[W] = w;
}
