import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logPairs } from '../../src/engine/log-code.js';
import { F64, I32, ModuleWriter, V128 } from '../../src/engine/wasm.js';

// log2(a, b): the pair's logarithms at bytes 0 and 8, and returns `special`
const module = new ModuleWriter();
const f = module.func('log2', [F64, F64], [I32]);
const [x, out, special] = [f.local(V128), f.local(V128), f.local(I32)];
f.get(0).simd('f64x2.splat').get(1).f64Lane(1, true).set(x);
logPairs(f, x, out, special);
f.i32(0).get(out).v128('store', 0);
f.get(special);
const memory = new WebAssembly.Memory({ initial: 1 });
const log2 = new WebAssembly.Instance(new WebAssembly.Module(module.bytes()), { env: { memory } }).exports.log2 as (a: number, b: number) => number;
const logs = new Float64Array(memory.buffer, 0, 2);

/** Whether fdlibm's log treats x apart (the cases `logPairs` leaves to Math.log). */
function apart(x: number): boolean {
  if (!(x >= 2 ** -1022 && x < Infinity)) return true;
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, x);
  const hx = bits.getInt32(0);
  let k = (hx >> 20) - 1023;
  const m = hx & 0xfffff;
  k += ((m + 0x95f64) & 0x100000) >> 20;
  return ((m + 2) & 0xfffff) < 3 || k === 0;
}

const positive = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: Number.MIN_VALUE, max: 0.075, noNaN: true }),
  fc.double({ noNaN: false }),
  fc.integer({ min: -1074, max: 1023 }).map((e) => 2 ** e),
  fc.integer({ min: -1022, max: 1023 }).chain((e) => fc.integer({ min: -8, max: 8 }).map((d) => 2 ** e * (1 + d * 2 ** -52))),
  fc.constantFrom(0, -0, -1, Infinity, -Infinity, NaN, Math.SQRT1_2, Math.SQRT2, 0.5, 1, 2),
);

describe("the kernel's logarithm", () => {
  it("is Math.log's double in both lanes, except in the cases it leaves to Math.log, which it flags", () => {
    fc.assert(
      fc.property(positive, positive, (a, b) => {
        const flagged = log2(a, b);
        expect(flagged).toBe(apart(a) || apart(b) ? 1 : 0);
        if (flagged === 0) {
          expect(Object.is(logs[0], Math.log(a))).toBe(true);
          expect(Object.is(logs[1], Math.log(b))).toBe(true);
        }
      }),
      { numRuns: 50_000, seed: 7 },
    );
  });

  it('is Math.log bit for bit over the tails of a normal quantile (the values it is used for)', () => {
    let checked = 0;
    for (let k = 1; k <= 200_000; k++) {
      // u = (k + 0.5)/2^53 spread over (0, 0.075] on a log scale, and its neighbours
      const a = 0.075 * Math.exp(-k * 1e-4);
      const b = a * (1 + 2 ** -52);
      if (log2(a, b) === 1) continue;
      expect(Object.is(logs[0], Math.log(a))).toBe(true);
      expect(Object.is(logs[1], Math.log(b))).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(199_000);
  });
});
