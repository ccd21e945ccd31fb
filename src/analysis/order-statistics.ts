import { I32, I64, ModuleWriter } from '../engine/wasm.js';

/**
 * Order statistics of a sample by quickselect in WebAssembly. A report asks for a few ranks
 * (p5 … p95) of a few dozen columns of up to a million values, once per run: compiled code from
 * the first column on, where JavaScript loops would run unoptimised for a run's first columns and
 * the built-in sort does n log n work for six ranks.
 *
 * The values are copied into this module's memory as order-preserving 64-bit keys (the bits of
 * a double with the sign bit flipped, or all bits for a negative one), so the order is that of
 * `Float64Array.prototype.sort`, −0 before +0 included, and the order statistics are those of a
 * full sort, bit for bit.
 */
interface Kernel {
  readonly memory: WebAssembly.Memory;
  /** values[0..n) (doubles at byte 0) → their keys, in place. */
  readonly toKeys: (n: number) => void;
  /** keys[0..n) → the doubles they came from, in place. */
  readonly fromKeys: (n: number) => void;
  /** Rearranges keys[left..right] so that keys[k] is its (k − left)-th smallest, smaller ones before and larger after. */
  readonly select: (left: number, right: number, k: number) => void;
}

let kernel: Kernel | undefined;

/**
 * The order statistics `ranks` (0-based, ascending, each in [0, n)) of `values` (no NaN), as a
 * map from rank to value. `values` is left as it is.
 */
export function orderStatistics(values: Float64Array, ranks: readonly number[]): Map<number, number> {
  const n = values.length;
  const k = (kernel ??= instantiate());
  const bytes = 8 * n;
  if (k.memory.buffer.byteLength < bytes) k.memory.grow(Math.ceil((bytes - k.memory.buffer.byteLength) / 65536));
  const keys = new Float64Array(k.memory.buffer, 0, n);
  keys.set(values);
  k.toKeys(n);
  multiselect(k, 0, n - 1, ranks, 0, ranks.length);
  k.fromKeys(n);
  return new Map(ranks.map((r) => [r, keys[r]!]));
}

/** Puts ranks[from..to) (ascending, all within left..right) in place, one `select` each, halving. */
function multiselect(k: Kernel, left: number, right: number, ranks: readonly number[], from: number, to: number): void {
  if (from >= to) return;
  const middle = (from + to) >>> 1;
  const rank = ranks[middle]!;
  k.select(left, right, rank);
  multiselect(k, left, rank - 1, ranks, from, middle);
  multiselect(k, rank + 1, right, ranks, middle + 1, to);
}

const SIGN = -(1n << 63n);

function instantiate(): Kernel {
  const module = new ModuleWriter();

  // key = bits ^ ((bits >>s 63) | sign): all bits flipped for a negative, the sign bit otherwise;
  // and back: key ^ ((~key >>s 63) | sign)
  for (const [name, inverse] of [
    ['toKeys', false],
    ['fromKeys', true],
  ] as const) {
    const f = module.func(name, [I32], []);
    const [n] = [0];
    const p = f.local(I32);
    const end = f.local(I32);
    const word = f.local(I64);
    f.get(n).i32(3).op('i32.shl').set(end);
    f.block('done').loop('next');
    f.get(p).get(end).op('i32.ge_u').brIf('done');
    f.get(p).memory('i64.load', 0).set(word);
    f.get(p).get(word).get(word);
    if (inverse) f.i64(-1n).op('i64.xor');
    f.i64(63n).op('i64.shr_s').i64(SIGN).op('i64.or').op('i64.xor').memory('i64.store', 0);
    f.get(p).i32(8).op('i32.add').set(p).br('next');
    f.end().end();
  }

  // Hoare's partition around the median of the first, middle and last keys (unsigned order)
  const f = module.func('select', [I32, I32, I32], []);
  const [left, right, k] = [0, 1, 2];
  const i = f.local(I32);
  const j = f.local(I32);
  const x = f.local(I64);
  const y = f.local(I64);
  const z = f.local(I64);
  const pivot = f.local(I64);
  const key = (index: number) => f.get(index).i32(3).op('i32.shl').memory('i64.load', 0);
  f.block('done').loop('narrow');
  f.get(right).get(left).op('i32.gt_s').op('i32.eqz').brIf('done');
  key(left).set(x);
  f.get(left).get(right).op('i32.add').i32(1).op('i32.shr_u');
  f.set(i);
  key(i).set(y);
  key(right).set(z);
  // pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
  f.get(x).get(y).op('i64.lt_u').if();
  f.get(y).get(z).op('i64.lt_u').if().get(y).set(pivot).else();
  f.get(x).get(z).op('i64.lt_u').if().get(z).set(pivot).else().get(x).set(pivot).end();
  f.end();
  f.else();
  f.get(x).get(z).op('i64.lt_u').if().get(x).set(pivot).else();
  f.get(y).get(z).op('i64.lt_u').if().get(z).set(pivot).else().get(y).set(pivot).end();
  f.end();
  f.end();
  f.get(left).set(i);
  f.get(right).set(j);
  f.block('partitioned').loop('sweep');
  f.get(i).get(j).op('i32.gt_s').brIf('partitioned');
  f.block('upFound').loop('up');
  key(i).get(pivot).op('i64.lt_u').op('i32.eqz').brIf('upFound');
  f.get(i).i32(1).op('i32.add').set(i).br('up');
  f.end().end();
  f.block('downFound').loop('down');
  key(j).get(pivot).op('i64.gt_u').op('i32.eqz').brIf('downFound');
  f.get(j).i32(1).op('i32.sub').set(j).br('down');
  f.end().end();
  f.get(i).get(j).op('i32.gt_s').op('i32.eqz').if();
  key(i).set(x);
  f.get(i).i32(3).op('i32.shl');
  key(j);
  f.memory('i64.store', 0);
  f.get(j).i32(3).op('i32.shl').get(x).memory('i64.store', 0);
  f.get(i).i32(1).op('i32.add').set(i);
  f.get(j).i32(1).op('i32.sub').set(j);
  f.end();
  f.br('sweep');
  f.end().end();
  // k in the left part: go on there; in the right part: there; else it is in place
  f.get(k).get(j).op('i32.gt_s').op('i32.eqz').if().get(j).set(right).br('narrow').end();
  f.get(k).get(i).op('i32.lt_s').op('i32.eqz').if().get(i).set(left).br('narrow').end();
  f.end().end();

  const memory = new WebAssembly.Memory({ initial: 1 });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(module.bytes()), { env: { memory } }).exports;
  return { memory, toKeys: exports.toKeys as Kernel['toKeys'], fromKeys: exports.fromKeys as Kernel['fromKeys'], select: exports.select as Kernel['select'] };
}
