import { type Allocator, HEAP } from './arena.js';
import { STATE_WORDS, fillUniforms32, fillUniforms53, seedState, uniform53 } from './xor4096.js';
import { type NormalState, fillNormals, nextNormal, normalState } from './ziggurat.js';

/** The generator algorithm: seedrandom's xor4096 (R. Brent's xorgens, 4096-bit state, period 2^4096−1). */
export const RNG_ALGORITHM = 'seedrandom-xor4096';
export const NORMAL_ALGORITHM =
  'ziggurat-256 (Marsaglia & Tsang 2000, numpy layout; one 32-bit word a candidate: 8 bits layer, 1 sign, 23 magnitude; rejections from a second stream)';

/**
 * A seeded stream of random numbers. Streams are keyed by (seed, block, driver key), so the
 * numbers a driver sees do not depend on which other drivers exist, on the order in which blocks
 * run, or on the thread that runs them. Normals take one word of the stream each; the ziggurat's
 * rare slow path has its own stream keyed (seed, block, driver key, "ziggurat"), made on first use.
 * Its state (and its normals' pool) come from `alloc`: an arena, for the WebAssembly day kernel.
 */
export class Stream {
  private readonly state: Int32Array;
  private normalSource: NormalState | undefined;

  constructor(
    private readonly seed: string,
    private readonly block: number,
    private readonly key: string,
    private readonly alloc: Allocator = HEAP,
  ) {
    this.state = alloc.i32(STATE_WORDS);
    this.state.set(seedState(JSON.stringify([seed, block, key])));
  }

  /** The generator's state, for generated loops that draw its words inline (`xor4096.ts`'s snippets). */
  get words(): Int32Array {
    return this.state;
  }

  /** The stream as a source of normals, for generated loops that draw them inline (`ziggurat.ts`'s snippets). */
  get normals(): NormalState {
    this.normalSource ??= normalState(this.state, JSON.stringify([this.seed, this.block, this.key, 'ziggurat']), this.alloc);
    return this.normalSource;
  }

  /** A uniform in the open interval (0, 1) with 53 bits, from two 32-bit words. */
  uniform(): number {
    return uniform53(this.state);
  }

  /** A standard normal by the 256-layer ziggurat. */
  normal(): number {
    return nextNormal(this.normals);
  }

  /** Fills `out[0..n)` with standard normals. */
  fillNormals(out: Float64Array, n: number): void {
    fillNormals(this.normals, out, n);
  }

  /** Fills `out[0..n)` with `uniform()`'s numbers. */
  fillUniforms53(out: Float64Array, n: number): void {
    fillUniforms53(this.state, out, n);
  }

  /** Fills `out[0..n)` with uniforms in (0, 1), 32 bits each (for per-step decisions). */
  fillUniforms(out: Float64Array, n: number): void {
    fillUniforms32(this.state, out, n);
  }
}
