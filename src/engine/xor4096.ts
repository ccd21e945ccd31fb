/* eslint-disable no-loss-of-precision -- the ziggurat constants quoted to the digits Marsaglia & Tsang (2000) publish */
import seedrandom from 'seedrandom';

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
const I = 128;
const W = 129;

/** A fresh xor4096 state seeded from a text, as `seedrandom.xor4096(seed)` would be. */
export function seedState(seed: string): Int32Array {
  const s = seedrandom.xor4096(seed, { state: true }).state() as unknown as { X: number[]; i: number; w: number };
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
function mix(state: Int32Array, i: number, w: number): number {
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

/**
 * Fills out[0..n) with standard normals by a 256-layer ziggurat (Marsaglia & Tsang 2000, the
 * table layout numpy uses). Each candidate takes one 32-bit word, split into disjoint bits (so
 * that layer and value are independent, Doornik's correction to the original): the low 8 bits
 * pick the layer, bit 8 the sign, and the top 23 bits the magnitude, a grid of 2^23 points across
 * the layer (steps of at most 4.4e-7 in the normal's value). About 99.3% of candidates are
 * accepted on the fast path, which is inlined here; the wedges and the tail go to `slowNormal`,
 * which uses 53-bit uniforms.
 */
export function fillNormals(state: Int32Array, out: Float64Array, n: number): void {
  let i = state[I]!;
  let w = state[W]!;
  for (let k = 0; k < n; k++) {
    w = (w + 0x61c88647) | 0;
    i = (i + 1) & 127;
    const a = mix(state, i, w);
    const layer = a & 0xff;
    const magnitude = a >>> 9;
    if (magnitude < KI[layer]!) {
      const x = magnitude * WI[layer]!;
      out[k] = a & 0x100 ? -x : x;
    } else {
      state[I] = i;
      state[W] = w;
      out[k] = slowNormal(state, a);
      i = state[I]!;
      w = state[W]!;
    }
  }
  state[I] = i;
  state[W] = w;
}

/** One standard normal (the same sequence as `fillNormals`, one at a time). */
export function nextNormal(state: Int32Array): number {
  const a = nextInt32(state);
  const layer = a & 0xff;
  const magnitude = a >>> 9;
  if (magnitude < KI[layer]!) {
    const x = magnitude * WI[layer]!;
    return a & 0x100 ? -x : x;
  }
  return slowNormal(state, a);
}

/** The rare part of the ziggurat, from a rejected word: the wedge test, or the tail beyond R (Marsaglia 1964). */
function slowNormal(state: Int32Array, a: number): number {
  for (;;) {
    const layer = a & 0xff;
    const magnitude = a >>> 9;
    const x = magnitude * WI[layer]!;
    if (magnitude < KI[layer]!) return a & 0x100 ? -x : x;
    if (layer === 0) {
      for (;;) {
        const xx = -Math.log(uniform53(state)) / ZIG_R;
        const yy = -Math.log(uniform53(state));
        if (yy + yy > xx * xx) return a & 0x100 ? -(ZIG_R + xx) : ZIG_R + xx;
      }
    }
    if ((FI[layer - 1]! - FI[layer]!) * uniform53(state) + FI[layer]! < Math.exp(-0.5 * x * x)) return a & 0x100 ? -x : x;
    a = nextInt32(state);
  }
}

// ---- ziggurat tables (Marsaglia & Tsang 2000, built as numpy builds them) ----
const ZIG_R = 3.6541528853610087963519472518;
const KI = new Float64Array(256);
const WI = new Float64Array(256);
const FI = new Float64Array(256);
(function buildTables() {
  const m1 = 8388608; // 2^23: the magnitude's grid
  const vn = 4.92867323399e-3; // area of each layer
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  KI[0] = Math.floor((dn / q) * m1);
  KI[1] = 0;
  WI[0] = q / m1;
  WI[255] = dn / m1;
  FI[0] = 1;
  FI[255] = Math.exp(-0.5 * dn * dn);
  for (let i = 254; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    KI[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    FI[i] = Math.exp(-0.5 * dn * dn);
    WI[i] = dn / m1;
  }
})();
