import seedrandom from 'seedrandom';

/** The generator algorithm: seedrandom's xor4096 (R. Brent's xorgens, 4096-bit state, period 2^4096−1). */
export const RNG_ALGORITHM = 'seedrandom-xor4096';
export const NORMAL_ALGORITHM = 'ziggurat-256 (Marsaglia & Tsang 2000, numpy layout, 52-bit)';

/**
 * A seeded stream of random numbers. Streams are keyed by (seed, block, driver key), so the
 * numbers a driver sees do not depend on which other drivers exist, on the order in which blocks
 * run, or on the thread that runs them.
 */
export class Stream {
  private readonly prng: seedrandom.PRNG;

  constructor(seed: string, block: number, key: string) {
    this.prng = seedrandom.xor4096(JSON.stringify([seed, block, key]));
  }

  /** A uniform in the open interval (0, 1) with 53 bits: (k + 0.5)/2^53 from two 32-bit words. */
  uniform(): number {
    const hi = this.prng.int32() >>> 5; // 27 bits
    const lo = this.prng.int32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** A standard normal by the 256-layer ziggurat. */
  normal(): number {
    for (;;) {
      const a = this.prng.int32();
      const b = this.prng.int32() >>> 0;
      const idx = a & 0xff;
      const rabs = (a >>> 12) * 4294967296 + b; // 20 + 32 = 52 bits, independent of idx and sign
      const x = rabs * WI[idx]!;
      const signed = a & 0x100 ? -x : x;
      if (rabs < KI[idx]!) return signed; // ~99.3% of draws
      if (idx === 0) {
        // the tail beyond R (Marsaglia 1964)
        for (;;) {
          const xx = -Math.log(this.uniform()) / ZIG_R;
          const yy = -Math.log(this.uniform());
          if (yy + yy > xx * xx) return a & 0x100 ? -(ZIG_R + xx) : ZIG_R + xx;
        }
      }
      if ((FI[idx - 1]! - FI[idx]!) * this.uniform() + FI[idx]! < Math.exp(-0.5 * x * x)) return signed;
    }
  }

  /** Fills `out[0..n)` with standard normals. */
  fillNormals(out: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) out[i] = this.normal();
  }

  /** Fills `out[0..n)` with uniforms in (0, 1). */
  fillUniforms(out: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) out[i] = this.uniform();
  }
}

// ---- ziggurat tables (Marsaglia & Tsang 2000, built as numpy builds them) ----
const ZIG_R = 3.6541528853610087963519472518;
const KI = new Float64Array(256);
const WI = new Float64Array(256);
const FI = new Float64Array(256);
(function buildTables() {
  const m1 = 4503599627370496; // 2^52
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
