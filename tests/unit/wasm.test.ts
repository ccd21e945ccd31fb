import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BLOCK_SIZE, LANDING_BYTES, Layout } from '../../src/engine/layout.js';
import { compile } from '../../src/model/compile.js';
import { scenario } from '../helpers.js';
import { F64, I32, I64, ModuleWriter, V128 } from '../../src/engine/wasm.js';

/** Instantiates a module written by `write` over a fresh memory; returns its exports and the memory. */
function instantiate(write: (m: ModuleWriter) => void, imports: Record<string, unknown> = {}) {
  const m = new ModuleWriter();
  write(m);
  const bytes = m.bytes();
  expect(WebAssembly.validate(bytes)).toBe(true);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, ...imports } });
  return { exports: instance.exports as Record<string, (...args: number[]) => number>, memory };
}

describe('the WebAssembly writer', () => {
  it('encodes i32 constants across the LEB128 byte boundaries', () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, -8193, 0x61c88647, 2 ** 31 - 1, -(2 ** 31)];
    const { exports } = instantiate((m) => values.forEach((v, k) => m.func(`c${k}`, [], [I32]).i32(v)));
    values.forEach((v, k) => expect(exports[`c${k}`]!()).toBe(v));
  });

  it('names every function in the name section, imports first (what profilers and stack traces show)', () => {
    const m = new ModuleWriter();
    m.importFunc('exp', [F64], [F64]);
    m.func('day', [I32], [I32]).get(0);
    m.func('refill', [], []);
    const bytes = m.bytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const customSections = (WebAssembly.Module as unknown as { customSections(m: WebAssembly.Module, name: string): ArrayBuffer[] }).customSections;
    const [section] = customSections(new WebAssembly.Module(bytes), 'name');
    // subsection 1 (function names): its size, 3 names, then (index, length, text) each
    const names = [...new Uint8Array(section!)];
    expect(names.slice(0, 3)).toEqual([1, names.length - 2, 3]);
    expect(Buffer.from(names.slice(3)).toString('latin1')).toBe('\x00\x03exp\x01\x03day\x02\x06refill');
  });

  it('encodes i64 constants across the LEB128 byte boundaries (stored, read back as two words)', () => {
    const values = [0n, 1n, -1n, 63n, 64n, -64n, -65n, 1n << 32n, -(1n << 40n), (1n << 63n) - 1n, -(1n << 63n)];
    const { exports, memory } = instantiate((m) => {
      const f = m.func('run', [], []);
      values.forEach((v, k) => f.i32(8 * k).i64(v).memory('i64.store', 0));
    });
    exports.run!();
    const words = new BigInt64Array(memory.buffer, 0, values.length);
    expect([...words]).toEqual(values);
    expect(I64).toBe(0x7e);
  });

  it('encodes f64 constants bit for bit', () => {
    const values = [0, -0, 1 / 3, -1e-310, Number.MAX_VALUE, Infinity, -Infinity, 6755399441055744];
    const { exports } = instantiate((m) => values.forEach((v, k) => m.func(`c${k}`, [], [F64]).f64(v)));
    values.forEach((v, k) => expect(Object.is(exports[`c${k}`]!(), v)).toBe(true));
  });

  it('loads and stores at constant offsets, loops and branches', () => {
    // sum of the f64 array at byte 64, n elements, written back doubled; returns the count of negatives
    const { exports, memory } = instantiate((m) => {
      const f = m.func('run', [I32], [F64]);
      const [n] = [0];
      const i = f.local(I32);
      const sum = f.local(F64);
      f.block().get(n).i32(0).op('i32.gt_s').op('i32.eqz').brIf(0).loop();
      f.get(sum).get(i).i32(3).op('i32.shl').memory('f64.load', 64).op('f64.add').set(sum);
      f.get(i).i32(3).op('i32.shl').get(i).i32(3).op('i32.shl').memory('f64.load', 64).f64(2).op('f64.mul').memory('f64.store', 64);
      f.get(i).i32(1).op('i32.add').set(i).get(i).get(n).op('i32.lt_s').brIf(0);
      f.end().end();
      f.get(sum);
    });
    const data = new Float64Array(memory.buffer, 64, 5);
    data.set([1, 2, 3, 4, 5]);
    expect(exports.run!(5)).toBe(15);
    expect(Array.from(data)).toEqual([2, 4, 6, 8, 10]);
    expect(exports.run!(0)).toBe(0);
  });

  it('calls imported functions and takes if/else and select', () => {
    const { exports } = instantiate(
      (m) => {
        const exp = m.importFunc('exp', [F64], [F64]);
        const f = m.func('f', [F64, I32], [F64]);
        const out = f.local(F64);
        f.get(0).f64(0).op('f64.lt').if().get(0).call(exp).set(out).else().get(0).op('f64.neg').get(0).get(1).op('select').set(out).end();
        f.get(out);
      },
      { exp: Math.exp },
    );
    expect(exports.f!(-1, 0)).toBe(Math.exp(-1));
    expect(exports.f!(2, 1)).toBe(-2);
    expect(exports.f!(2, 0)).toBe(2);
  });

  it('branches to named blocks and loops from inside nested ones', () => {
    // the first k in 1.. with k·k > limit, found by a loop that leaves through an outer block
    const { exports } = instantiate((m) => {
      const f = m.func('firstSquareAbove', [I32], [I32]);
      const k = f.local(I32);
      f.block('done').loop('next');
      f.get(k).i32(1).op('i32.add').set(k);
      f.block('inner').get(k).get(k).op('i32.mul').get(0).op('i32.gt_s').if().br('done').end().end();
      f.br('next');
      f.end().end();
      f.get(k);
    });
    expect(exports.firstSquareAbove!(10)).toBe(4);
    expect(exports.firstSquareAbove!(16)).toBe(5);
    const f = new ModuleWriter().func('f', [], []);
    expect(() => f.br('nowhere')).toThrow(/no enclosing nowhere/);
    f.block();
    expect(() => f.encode()).toThrow(/left open/);
  });

  it('refuses constants and indices that do not fit', () => {
    expect(() => new ModuleWriter().func('f', [], []).i32(2 ** 32 + 0.5)).toThrow(/not an i32/);
    expect(() => new ModuleWriter().func('f', [], []).get(-1)).toThrow(/not a u32/);
  });
});

describe('the kernel layout', () => {
  it('places every array of a plan aligned, apart and inside the memory it asks for', () => {
    const plan = compile(scenario(readFileSync('scenarios/seed-startup.yaml', 'utf8')));
    const layout = new Layout(plan);
    const regions: [number, number][] = [
      ...layout.inputs.map((at) => [at, 8 * BLOCK_SIZE] as [number, number]),
      ...layout.states.map((at) => [at, 8 * BLOCK_SIZE] as [number, number]),
      [layout.cash, 8 * BLOCK_SIZE],
      [layout.alive, BLOCK_SIZE],
      [layout.columns, 8 * BLOCK_SIZE * plan.checkpoints.length],
      [layout.landings.records, LANDING_BYTES * layout.landings.capacity],
      [layout.scratch, 8 * BLOCK_SIZE],
    ];
    regions.sort((a, b) => a[0] - b[0]);
    for (const [k, [at, size]] of regions.entries()) {
      expect(at % 64).toBe(0);
      if (k > 0) expect(at).toBeGreaterThanOrEqual(regions[k - 1]![0] + regions[k - 1]![1]);
      expect(at + size).toBeLessThanOrEqual(layout.bytes);
    }
    expect(layout.landings.capacity).toBe(plan.datedEvents.length * BLOCK_SIZE);
  });
});

describe('the WebAssembly writer, SIMD', () => {
  it('runs the xorshift step on four lanes as four scalar steps would', () => {
    // lanes at byte 0 (a) and 16 (b): out = ((a ^ a << 13) ^ ((a ^ a << 13) >>> 15)) + (b + splat(7)), lane by lane
    const { exports, memory } = instantiate((m) => {
      const f = m.func('step', [], []);
      const a = f.local(V128);
      f.i32(0).v128('load', 0).set(a);
      f.get(a).get(a).i32(13).simd('i32x4.shl').simd('v128.xor').set(a);
      f.get(a).get(a).i32(15).simd('i32x4.shr_u').simd('v128.xor').set(a);
      f.i32(32).get(a).i32(0).v128('load', 16).i32(7).simd('i32x4.splat').simd('i32x4.add').simd('i32x4.add').v128('store', 0);
      const g = m.func('lane2', [], [I32]);
      g.i32(32).v128('load', 0).extractLane(2);
    });
    const lanes = new Int32Array(memory.buffer, 0, 12);
    const a = [1, -1, 0x61c88647, 2 ** 31 - 1];
    const b = [5, -9, 2 ** 30, -(2 ** 31)];
    lanes.set([...a, ...b]);
    exports.step!();
    const expected = a.map((x, k) => {
      let v = x ^ (x << 13);
      v ^= v >>> 15;
      return (v + ((b[k]! + 7) | 0)) | 0;
    });
    expect(Array.from(lanes.subarray(8, 12))).toEqual(expected);
    expect(exports.lane2!()).toBe(expected[2]);
  });
});
