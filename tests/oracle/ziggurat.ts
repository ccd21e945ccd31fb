import { FI, GUIDE, GUIDE_STEP, KI, REJECTED_CUMULATIVE, REJECTED_TOTAL, WI, ZIG_R } from '../../src/engine/tables.js';
import { I, W, mix, nextInt32, seedState, uniform53 } from './xor4096.js';

/**
 * Standard normals by a 256-layer ziggurat (Marsaglia & Tsang 2000, the table layout numpy uses)
 * on xor4096 words, built so that the common case is a few integer operations with no call.
 *
 * Each candidate takes one 32-bit word of the stream, split into disjoint bits (so that the layer
 * and the value are independent, Doornik's correction to the original): the low 8 bits pick the
 * layer, bit 8 the sign, the top 23 bits the magnitude, a grid of 2^23 points across the layer
 * (steps of at most 4.4e-7 in the normal's value). About 98.5% of candidates fall inside their
 * layer's rectangle and are the normal.
 *
 * The rest (the wedges and the tail) do not draw from the stream: a rejected candidate is
 * replaced by the next value of a second, "slow" sequence, with its own xor4096 stream, whose
 * values have exactly the law of the ziggurat's outcome given that its first candidate was
 * rejected: a candidate drawn uniformly among the rejected ones (layer in proportion to its
 * rejected magnitudes), then the usual wedge test, tail (Marsaglia 1964) and fresh candidates, on
 * 53-bit uniforms. The output is therefore exactly the ziggurat's law, a normal's value depends
 * only on its own word and on how many rejections came before it, and the slow values can be
 * made ahead of time into a pool. This is the test oracle's JavaScript of what the engine's
 * kernel does in WebAssembly (src/engine/random-code.ts); the two must agree bit for bit.
 */
export interface NormalState {
  /** The main stream: one word a normal. */
  readonly words: Int32Array;
  /** The slow sequence's stream. */
  readonly spare: Int32Array;
  /** Ring of slow values made ahead (POOL_SIZE). */
  readonly pool: Float64Array;
  /** [slow values read, slow values made]. */
  readonly counts: Int32Array;
}

/** Normals drawn between refills at most; the pool holds that many unread values at a refill. */
export const NORMAL_BATCH = 1024;
export const POOL_SIZE = 2 * NORMAL_BATCH;
export const POOL_MASK = POOL_SIZE - 1;

/** A normal source on `words` (shared with any other use of that stream) with its slow sequence seeded from `spareSeed`. */
export function normalState(words: Int32Array, spareSeed: string): NormalState {
  return { words, spare: seedState(spareSeed), pool: new Float64Array(POOL_SIZE), counts: new Int32Array(2) };
}

/** Makes slow values until at least n (≤ NORMAL_BATCH) are unread. */
export function refillNormals(s: NormalState, n: number): void {
  if (n > NORMAL_BATCH) throw new Error(`bug: ${n} normals at once, more than the pool serves (${NORMAL_BATCH})`);
  const target = s.counts[0]! + n;
  let made = s.counts[1]!;
  while (made < target) {
    s.pool[made & POOL_MASK] = slowValue(s.spare);
    made++;
  }
  s.counts[1] = made;
}

/** Fills out[0..n) with standard normals. */
export function fillNormals(s: NormalState, out: Float64Array, n: number): void {
  const { words, pool, counts } = s;
  for (let start = 0; start < n; start += NORMAL_BATCH) {
    const end = Math.min(n, start + NORMAL_BATCH);
    refillNormals(s, end - start);
    let i = words[I]!;
    let w = words[W]!;
    let read = counts[0]!;
    for (let k = start; k < end; k++) {
      w = (w + 0x61c88647) | 0;
      i = (i + 1) & 127;
      const a = mix(words, i, w);
      const layer = a & 0xff;
      const magnitude = a >>> 9;
      if (magnitude < KI[layer]!) {
        const x = magnitude * WI[layer]!;
        out[k] = a & 0x100 ? -x : x;
      } else {
        out[k] = pool[read & POOL_MASK]!;
        read++;
      }
    }
    words[I] = i;
    words[W] = w;
    counts[0] = read;
  }
}

/** One standard normal (the same sequence as `fillNormals`, one at a time). */
export function nextNormal(s: NormalState): number {
  refillNormals(s, 1);
  const a = nextInt32(s.words);
  const layer = a & 0xff;
  const magnitude = a >>> 9;
  if (magnitude < KI[layer]!) {
    const x = magnitude * WI[layer]!;
    return a & 0x100 ? -x : x;
  }
  const read = s.counts[0]!;
  s.counts[0] = read + 1;
  return s.pool[read & POOL_MASK]!;
}

/** The next value of the slow sequence: a uniformly drawn rejected candidate, then the slow path. */
function slowValue(spare: Int32Array): number {
  for (;;) {
    const word = nextInt32(spare);
    const m = word >>> 7; // 25 bits: which rejected candidate (below REJECTED_TOTAL), bit 0 the sign
    if (m >= REJECTED_TOTAL) continue;
    // the layer: the first with REJECTED_CUMULATIVE > m, scanning from the guide table's entry
    let layer = GUIDE[Math.floor(m / GUIDE_STEP)]!;
    while (REJECTED_CUMULATIVE[layer]! <= m) layer++;
    const magnitude = KI[layer]! + m - (layer === 0 ? 0 : REJECTED_CUMULATIVE[layer - 1]!);
    return slowNormal(spare, (magnitude << 9) | ((word & 1) << 8) | layer);
  }
}

/** The ziggurat from a candidate word that may be rejected: the wedge test, or the tail beyond R. */
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

