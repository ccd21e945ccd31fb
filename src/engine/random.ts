import { fillNormals, fillUniforms32, nextNormal, seedState, uniform53 } from './xor4096.js';

/** The generator algorithm: seedrandom's xor4096 (R. Brent's xorgens, 4096-bit state, period 2^4096−1). */
export const RNG_ALGORITHM = 'seedrandom-xor4096';
export const NORMAL_ALGORITHM = 'ziggurat-256 (Marsaglia & Tsang 2000, numpy layout; one 32-bit word a candidate: 8 bits layer, 1 sign, 23 magnitude)';

/**
 * A seeded stream of random numbers. Streams are keyed by (seed, block, driver key), so the
 * numbers a driver sees do not depend on which other drivers exist, on the order in which blocks
 * run, or on the thread that runs them.
 */
export class Stream {
  private readonly state: Int32Array;

  constructor(seed: string, block: number, key: string) {
    this.state = seedState(JSON.stringify([seed, block, key]));
  }

  /** A uniform in the open interval (0, 1) with 53 bits, from two 32-bit words. */
  uniform(): number {
    return uniform53(this.state);
  }

  /** A standard normal by the 256-layer ziggurat. */
  normal(): number {
    return nextNormal(this.state);
  }

  /** Fills `out[0..n)` with standard normals. */
  fillNormals(out: Float64Array, n: number): void {
    fillNormals(this.state, out, n);
  }

  /** Fills `out[0..n)` with uniforms in (0, 1), 32 bits each (for per-step decisions). */
  fillUniforms(out: Float64Array, n: number): void {
    fillUniforms32(this.state, out, n);
  }
}
