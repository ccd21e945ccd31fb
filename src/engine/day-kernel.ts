import { Arena } from './arena.js';
import { C2, C3, C4, C5, FAST_RANGE, FRACTION, INV_STEP, POWER, POWER_OFFSET, ROUND, STEP_HI, STEP_LO, TABLE_BITS } from './fast-exp.js';
import { F64, type FunctionWriter, I32, ModuleWriter, V128 } from './wasm.js';
import { I, W } from './xor4096.js';
import { NORMAL_BATCH, type NormalState, POOL_MASK, SLOW_TABLES, ZIGGURAT_TABLES } from './ziggurat.js';

/**
 * One line of the fused day loop, as the kernel needs it. `logScale` says which log-scale the
 * line's exponent starts from; `noise` is the source of its daily normals.
 */
export interface KernelLine {
  readonly base: Float64Array;
  readonly growth: Float64Array | undefined;
  readonly growthStep: Float64Array | undefined;
  readonly gpuPriced: boolean;
  readonly logScale: 'none' | 'users' | 'served';
  readonly exponential: boolean;
  readonly sigma: number;
  readonly noise: NormalState | undefined;
  /** Whether the line pays every day (no day with a period factor of 0). */
  readonly alwaysActive: boolean;
}

/**
 * The block's state arrays the kernel reads and writes, all in the thread's kernel arena
 * (`kernelArena()`). `params` holds per line, for the day: k = sign × period factor (0: inactive
 * today), the exponent's shift, and 1 if the growth factor steps today.
 */
export interface KernelState {
  readonly n: number;
  readonly logUsers: Float64Array;
  readonly drift: Float64Array;
  /** The users' daily normals (with users). */
  readonly userStream: NormalState | undefined;
  readonly regime: Int32Array;
  /** The state of the GPU regime's stream (with more than one state). */
  readonly gpuStream: Int32Array | undefined;
  readonly outTotal: Float64Array;
  readonly outCumulative: Float64Array;
  readonly outTarget: Int32Array;
  readonly maxOut: number;
  readonly logCapacity: Float64Array;
  readonly priceFactor: Float64Array;
  readonly cash: Float64Array;
  readonly alive: Uint8Array;
  readonly atRuin: Float64Array;
  readonly lowest: Float64Array;
  readonly ruinStep: Int32Array;
  readonly flow: Float64Array;
  readonly params: Float64Array;
}

/**
 * A block's compiled day: `day` runs one day in one pass over the block's paths: users and GPU
 * regime, every line, then (with `applyCash`) the cash and the end-of-day ruin check; without it,
 * the day's line flows are left in `flow` for the caller (days with event money, scenarios with
 * cash-triggered events). The caller writes the day's `params` first. Returns the paths ruined
 * today. (A class, not a closure per block: the day loop's call site then stays monomorphic.)
 */
export class DayKernel {
  constructor(
    private readonly cashDay: (t: number, v: number, n: number) => number,
    private readonly flowDay: (t: number, v: number, n: number) => number,
    private readonly refill: Refill,
    /** Per normal stream: the addresses of its slow stream's state, its pool and its counts. */
    private readonly normals: Int32Array,
    private readonly n: number,
  ) {}

  day(t: number, userVolatility: number, applyCash: boolean): number {
    const normals = this.normals;
    for (let k = 0; k < normals.length; k += 3) this.refill(normals[k]!, normals[k + 1]!, normals[k + 2]!, this.n);
    return applyCash ? this.cashDay(t, userVolatility, this.n) : this.flowDay(t, userVolatility, this.n);
  }
}

interface Tables {
  readonly ki: number;
  readonly wi: number;
  readonly power: number;
  readonly fraction: number;
  readonly fi: number;
  readonly cumulative: number;
  readonly guide: number;
}

/** Refills a normal stream's pool (as ziggurat.ts's `refillNormals`): addresses of its slow stream's state, pool and counts; n. */
type Refill = (spare: number, pool: number, counts: number, n: number) => void;

let thread: { arena: Arena; tables: Tables; instances: Map<WebAssembly.Module, WebAssembly.Instance>; refill: Refill } | undefined;

/** This thread's kernel arena (made on first use, with the kernel's constant tables kept in it). */
export function kernelArena(): Arena {
  if (thread === undefined) {
    const arena = new Arena();
    const { KI, WI } = ZIGGURAT_TABLES;
    const { FI, REJECTED_CUMULATIVE, GUIDE } = SLOW_TABLES;
    arena.begin(Arena.bytesFor([4 * KI.length, 8 * WI.length, 8 * POWER.length, 8 * FRACTION.length, 8 * FI.length, 4 * REJECTED_CUMULATIVE.length, 4 * GUIDE.length]));
    const ki = arena.i32(KI.length);
    ki.set(KI);
    const wi = arena.f64(WI.length);
    wi.set(WI);
    const power = arena.f64(POWER.length);
    power.set(POWER);
    const fraction = arena.f64(FRACTION.length);
    fraction.set(FRACTION);
    const fi = arena.f64(FI.length);
    fi.set(FI);
    const cumulative = arena.i32(REJECTED_CUMULATIVE.length);
    cumulative.set(REJECTED_CUMULATIVE);
    const guide = arena.i32(GUIDE.length);
    guide.set(GUIDE);
    arena.keep();
    const tables = { ki: ki.byteOffset, wi: wi.byteOffset, power: power.byteOffset, fraction: fraction.byteOffset, fi: fi.byteOffset, cumulative: cumulative.byteOffset, guide: guide.byteOffset };
    REFILL_MODULE ??= new WebAssembly.Module(writeRefill(tables));
    const refill = new WebAssembly.Instance(REFILL_MODULE, { env: { memory: arena.memory, exp: Math.exp, log: Math.log } }).exports.refill as Refill;
    thread = { arena, tables, instances: new Map(), refill };
  }
  return thread.arena;
}

/**
 * Builds the fused day loop for a block's lines as a WebAssembly module. The loop is generated
 * for the scenario's lines (their number and kinds are only known from the scenario), with every
 * array at its fixed address in the arena, so there is no per-path dispatch and no bounds check.
 * It does, path by path and in the same order, exactly the arithmetic of the step-by-step passes
 * in `simulate-block.ts` (factors of exactly 1 left out, which does not change a double; no fused
 * multiply-add: WebAssembly has none), with `fastExp`'s polynomial and tables, so both give the
 * same numbers bit for bit (tested). The day's random numbers are drawn inside the same loop,
 * path by path, from each driver's own stream: every stream still gives path i its i-th number
 * of the day, as the step-by-step passes' filled arrays do. The ziggurat's rare slow values come
 * from each stream's pool, refilled in JavaScript before the day.
 */
export function buildDayKernel(state: KernelState, lines: readonly KernelLine[]): DayKernel {
  kernelArena();
  const { arena, tables, instances, refill } = thread!;
  const at = (array: ArrayBufferView) => {
    if (array.buffer !== arena.memory.buffer) throw new Error('bug: a kernel array outside the kernel arena');
    return array.byteOffset;
  };
  const lanes = interleave(arena, state, lines);
  const key = JSON.stringify(layout(state, lines, lanes, at));
  let module = MODULES.get(key);
  if (module === undefined) {
    module = new WebAssembly.Module(writeKernel(state, lines, tables, lanes, at));
    MODULES.set(key, module);
  }
  let instance = instances.get(module);
  if (instance === undefined) {
    instance = new WebAssembly.Instance(module, { env: { memory: arena.memory, exp: Math.exp } });
    instances.set(module, instance);
  }
  const cashDay = instance.exports.cashDay as (t: number, v: number, n: number) => number;
  const flowDay = instance.exports.flowDay as (t: number, v: number, n: number) => number;
  const normals = [state.userStream, ...lines.map((line) => line.noise)]
    .filter((s): s is NormalState => s !== undefined)
    .flatMap((s) => [at(s.spare), at(s.pool), at(s.counts)]);
  const n = state.n;
  if (n > NORMAL_BATCH) throw new Error(`bug: ${n} normals a day, more than the pool serves (${NORMAL_BATCH})`);
  return new DayKernel(cashDay, flowDay, refill, Int32Array.from(normals), n);
}

/**
 * Compiled kernels by what their code depends on (`layout`): every block of a run (same lines,
 * same arena layout) shares one module, so V8 compiles and optimises it once per thread.
 */
const MODULES = new Map<string, WebAssembly.Module>();

/**
 * The kernel's streams, four to a group, their states interleaved (word k of lane j at 4k + j) so
 * that one 128-bit step of xorgens makes the next word of all four. They can share the step
 * because they share the position: every stream starts a block at position 127 (seeding always
 * ends there) and the kernel takes one word of each for each path and day. The kernel takes the
 * streams' states over for the block (their own arrays are not kept up to date).
 */
interface StreamLanes {
  /** The streams in kernel order: users, GPU, each noisy line's. */
  readonly streams: readonly Int32Array[];
  /** [position], shared. */
  readonly position: Int32Array;
  readonly groups: readonly { readonly words: Int32Array; readonly weyl: Int32Array }[];
}

function kernelStreams(state: KernelState, lines: readonly KernelLine[]): Int32Array[] {
  return [state.userStream?.words, state.gpuStream, ...lines.map((line) => line.noise?.words)].filter((w): w is Int32Array => w !== undefined);
}

function interleave(arena: Arena, state: KernelState, lines: readonly KernelLine[]): StreamLanes {
  const streams = kernelStreams(state, lines);
  if (new Set(streams.map((words) => words[I])).size > 1) throw new Error("bug: the day kernel's streams are at different positions");
  const position = arena.i32(1);
  position[0] = streams[0]?.[I] ?? 0;
  const groups = [];
  for (let first = 0; first < streams.length; first += 4) {
    const words = arena.i32(4 * 128);
    const weyl = arena.i32(4);
    streams.slice(first, first + 4).forEach((stream, lane) => {
      for (let k = 0; k < 128; k++) words[4 * k + lane] = stream[k]!;
      weyl[lane] = stream[W]!;
    });
    groups.push({ words, weyl });
  }
  return { streams, position, groups };
}

/** Everything the kernel's code depends on: the arrays' addresses, the lines' kinds and σ, the regimes' table width. */
function layout(state: KernelState, lines: readonly KernelLine[], lanes: StreamLanes, at: (array: ArrayBufferView) => number): unknown[] {
  const normal = (s: NormalState | undefined) => (s === undefined ? null : [at(s.words), at(s.pool), at(s.counts)]);
  const { logUsers, drift, regime, outTotal, outCumulative, outTarget, logCapacity, priceFactor, cash, alive, atRuin, lowest, ruinStep, flow, params } = state;
  return [
    [logUsers, drift, regime, outTotal, outCumulative, outTarget, logCapacity, priceFactor, cash, alive, atRuin, lowest, ruinStep, flow, params, lanes.position].map(at),
    lanes.groups.map((g) => [at(g.words), at(g.weyl)]),
    state.maxOut,
    normal(state.userStream),
    state.gpuStream === undefined ? null : at(state.gpuStream),
    lines.map((line) => [
      at(line.base),
      line.growth === undefined ? null : at(line.growth),
      line.growthStep === undefined ? null : at(line.growthStep),
      line.gpuPriced,
      line.logScale,
      line.exponential,
      line.sigma,
      normal(line.noise),
      line.alwaysActive,
    ]),
  ];
}

/** The kernel module's bytes: `cashDay(t, v, n)` and `flowDay(t, v, n)`, each returning the paths ruined. */
function writeKernel(state: KernelState, lines: readonly KernelLine[], tables: Tables, lanes: StreamLanes, at: (array: ArrayBufferView) => number): Uint8Array {
  const module = new ModuleWriter();
  const exp = module.importFunc('exp', [F64], [F64]);
  for (const applyCash of [true, false]) writeDay(module.func(applyCash ? 'cashDay' : 'flowDay', [I32, F64, I32], [I32]), applyCash, state, lines, tables, lanes, exp, at);
  return module.bytes();
}

function writeDay(
  f: FunctionWriter,
  applyCash: boolean,
  state: KernelState,
  lines: readonly KernelLine[],
  tables: Tables,
  lanes: StreamLanes,
  exp: number,
  at: (array: ArrayBufferView) => number,
): void {
  const [t, v, n] = [0, 1, 2];
  const i = f.local(I32); // path
  const p = f.local(I32); // 8·i: byte offset into the f64 arrays
  const q = f.local(I32); // 4·i: byte offset into the i32 arrays
  const word = f.local(I32);
  const layer = f.local(I32);
  const magnitude = f.local(I32);
  const regime = f.local(I32);
  const j = f.local(I32);
  const m = f.local(I32);
  const ruined = f.local(I32);
  const x = f.local(F64);
  const draw = f.local(F64);
  const logU = f.local(F64);
  const logServed = f.local(F64);
  const price = f.local(F64);
  const flow = f.local(F64);
  const cash = f.local(F64);
  const e = f.local(F64); // fastExp's argument and result
  const en = f.local(F64);
  const er = f.local(F64);
  const load = (array: Float64Array) => f.get(p).memory('f64.load', at(array));

  // the streams (see StreamLanes): their shared position in a local, each group's Weyl words and
  // new words in 128-bit locals; a normal's pool read count and value in locals
  const position = f.local(I32);
  const weylIncrement = f.local(V128);
  const groups = lanes.groups.map((g) => ({ ...g, weylNow: f.local(V128), out: f.local(V128) }));
  const va = f.local(V128);
  const vb = f.local(V128);
  interface Source {
    readonly group: number;
    readonly lane: number;
    readonly normal?: { readonly pool: Float64Array; readonly counts: Int32Array; readonly read: number; readonly value: number };
  }
  const sources: Source[] = [];
  const stream = (words: Int32Array, normal?: NormalState): Source => {
    const index = lanes.streams.indexOf(words);
    const source: Source = {
      group: index >> 2,
      lane: index & 3,
      ...(normal === undefined ? {} : { normal: { pool: normal.pool, counts: normal.counts, read: f.local(I32), value: f.local(F64) } }),
    };
    sources.push(source);
    return source;
  };
  const users = state.userStream === undefined ? undefined : stream(state.userStream.words, state.userStream);
  const gpu = state.gpuStream === undefined ? undefined : stream(state.gpuStream);
  const noise = lines.map((line) => (line.noise === undefined ? undefined : stream(line.noise.words, line.noise)));
  const lineLocals = lines.map(() => ({ k: f.local(F64), shift: f.local(F64), grow: f.local(I32) }));

  // ---- before the loop: the day's line parameters and the streams' positions into locals ----
  lineLocals.forEach((local, L) => {
    f.i32(0).memory('f64.load', at(state.params) + 24 * L).set(local.k);
    f.i32(0).memory('f64.load', at(state.params) + 24 * L + 8).set(local.shift);
    f.i32(0).memory('f64.load', at(state.params) + 24 * L + 16).f64(1).op('f64.eq').set(local.grow);
  });
  f.i32(0).memory('i32.load', at(lanes.position)).set(position);
  f.i32(0x61c88647).simd('i32x4.splat').set(weylIncrement);
  for (const g of groups) f.i32(0).v128('load', at(g.weyl)).set(g.weylNow);
  for (const s of sources) if (s.normal !== undefined) f.i32(0).memory('i32.load', at(s.normal.counts)).set(s.normal.read);

  /**
   * Every stream's next word, exactly as xor4096.ts's `nextInt32`, four streams at a time: the
   * position moves on, then each group takes one xorgens step on its four lanes.
   */
  const at16 = f.local(I32);
  const lag16 = f.local(I32);
  const nextWords = () => {
    f.get(position).i32(1).op('i32.add').i32(127).op('i32.and').set(position);
    f.get(position).i32(4).op('i32.shl').set(at16);
    f.get(position).i32(33).op('i32.add').i32(127).op('i32.and').i32(4).op('i32.shl').set(lag16);
    for (const g of groups) {
      const S = at(g.words);
      f.get(lag16).v128('load', S).set(va);
      f.get(at16).v128('load', S).set(vb);
      f.get(va).get(va).i32(13).simd('i32x4.shl').simd('v128.xor').set(va);
      f.get(vb).get(vb).i32(17).simd('i32x4.shl').simd('v128.xor').set(vb);
      f.get(va).get(va).i32(15).simd('i32x4.shr_u').simd('v128.xor').set(va);
      f.get(vb).get(vb).i32(12).simd('i32x4.shr_u').simd('v128.xor').set(vb);
      f.get(va).get(vb).simd('v128.xor').set(va);
      f.get(at16).get(va).v128('store', S);
      f.get(g.weylNow).get(weylIncrement).simd('i32x4.add').set(g.weylNow);
      f.get(va).get(g.weylNow).get(g.weylNow).i32(16).simd('i32x4.shr_u').simd('v128.xor').simd('i32x4.add').set(g.out);
    }
  };
  /** The stream's word from `nextWords` into `word`. */
  const nextWord = (s: Source) => {
    f.get(groups[s.group]!.out).extractLane(s.lane).set(word);
  };
  /** The stream's next normal into its value local, exactly as ziggurat.ts's `nextNormal`. */
  const nextNormal = (s: Source) => {
    const normal = s.normal!;
    nextWord(s);
    f.get(word).i32(0xff).op('i32.and').set(layer);
    f.get(word).i32(9).op('i32.shr_u').set(magnitude);
    f.get(magnitude).get(layer).i32(2).op('i32.shl').memory('i32.load', tables.ki).op('i32.lt_u').if();
    f.get(magnitude).op('f64.convert_i32_s').get(layer).i32(3).op('i32.shl').memory('f64.load', tables.wi).op('f64.mul').set(x);
    // the sign from bit 8 by copysign (±128 carries it): V8 compiles an f64 select to a branch,
    // which the random sign mispredicts half the time
    f.get(x).i32(128).get(word).i32(0x100).op('i32.and').op('i32.sub').op('f64.convert_i32_s').op('f64.copysign').set(normal.value);
    f.else();
    f.get(normal.read).i32(POOL_MASK).op('i32.and').i32(3).op('i32.shl').memory('f64.load', at(normal.pool)).set(normal.value);
    f.get(normal.read).i32(1).op('i32.add').set(normal.read);
    f.end();
  };
  /** e^x (x in `e`) into `e`, exactly as fast-exp.ts's `fastExp`. */
  const fastExp = () => {
    f.get(e).f64(-FAST_RANGE).op('f64.gt').get(e).f64(FAST_RANGE).op('f64.lt').op('i32.and').if();
    f.get(e).f64(INV_STEP).op('f64.mul').f64(ROUND).op('f64.add').f64(ROUND).op('f64.sub').set(en);
    f.get(e).get(en).f64(STEP_HI).op('f64.mul').op('f64.sub').get(en).f64(STEP_LO).op('f64.mul').op('f64.sub').set(er);
    f.get(en).op('i32.trunc_f64_s').set(m);
    f.get(m).i32(TABLE_BITS).op('i32.shr_s').i32(POWER_OFFSET).op('i32.add').i32(3).op('i32.shl').memory('f64.load', tables.power);
    f.get(m).i32((1 << TABLE_BITS) - 1).op('i32.and').i32(3).op('i32.shl').memory('f64.load', tables.fraction).op('f64.mul');
    // 1 + r(1 + r(C2 + r(C3 + r(C4 + r·C5))))
    f.f64(1).get(er).f64(1).get(er).f64(C2).get(er).f64(C3).get(er).f64(C4).get(er).f64(C5);
    for (let k = 0; k < 5; k++) f.op('f64.mul').op('f64.add');
    f.op('f64.mul').set(e);
    f.else();
    f.get(e).call(exp).set(e);
    f.end();
  };

  const needsLogU = lines.some((line) => line.exponential && line.logScale !== 'none');
  const needsServed = lines.some((line) => line.exponential && line.logScale === 'served');
  const needsPrice = lines.some((line) => line.gpuPriced);

  // ---- the loop over paths ----
  f.i32(0).set(ruined);
  f.block();
  f.get(n).i32(0).op('i32.gt_s').op('i32.eqz').brIf(0);
  f.loop();
  // the day's random numbers first, then the model
  if (sources.length > 0) nextWords();
  if (users !== undefined) nextNormal(users);
  if (gpu !== undefined) {
    // (k + 0.5)/2^32, as a product by 2^-32: the same double
    nextWord(gpu);
    f.get(word).op('f64.convert_i32_u').f64(0.5).op('f64.add').f64(2 ** -32).op('f64.mul').set(draw);
  }
  for (const s of noise) if (s !== undefined) nextNormal(s);
  if (users !== undefined) {
    load(state.logUsers).get(p).memory('f64.load', at(state.drift)).op('f64.add').get(v).get(users.normal!.value).op('f64.mul').op('f64.add').set(logU);
    f.get(p).get(logU).memory('f64.store', at(state.logUsers));
  } else if (needsLogU) {
    load(state.logUsers).set(logU);
  }
  if (gpu !== undefined || needsServed || needsPrice) f.get(q).memory('i32.load', at(state.regime)).set(regime);
  if (gpu !== undefined) {
    // a transition (rare: its probability per day); which one, by the cumulative table
    f.get(draw).get(regime).i32(3).op('i32.shl').memory('f64.load', at(state.outTotal)).op('f64.lt').if();
    f.get(regime).i32(state.maxOut).op('i32.mul').set(j);
    f.block().loop();
    f.get(draw).get(j).i32(3).op('i32.shl').memory('f64.load', at(state.outCumulative)).op('f64.lt').brIf(1);
    f.get(j).i32(1).op('i32.add').set(j).br(0);
    f.end().end();
    f.get(j).i32(2).op('i32.shl').memory('i32.load', at(state.outTarget)).set(regime);
    f.end();
    f.get(q).get(regime).memory('i32.store', at(state.regime));
  }
  if (needsServed) f.get(logU).get(regime).i32(3).op('i32.shl').memory('f64.load', at(state.logCapacity)).op('f64.add').set(logServed);
  if (needsPrice) f.get(regime).i32(3).op('i32.shl').memory('f64.load', at(state.priceFactor)).set(price);
  f.f64(0).set(flow);
  lines.forEach((line, L) => {
    const local = lineLocals[L]!;
    if (line.growthStep !== undefined) {
      f.get(local.grow).if();
      f.get(p).get(p).memory('f64.load', at(line.growth!)).get(p).memory('f64.load', at(line.growthStep)).op('f64.mul').memory('f64.store', at(line.growth!));
      f.end();
    }
    // a line with days off (k = 0) must add nothing those days, whatever its factors
    if (!line.alwaysActive) f.get(local.k).f64(0).op('f64.ne').if();
    if (line.exponential) {
      // the exponent: scale + σz + shift, left to right as in the step-by-step pass
      const z = noise[L]?.normal?.value;
      if (line.logScale !== 'none') f.get(line.logScale === 'users' ? logU : logServed);
      if (z !== undefined) {
        f.f64(line.sigma).get(z).op('f64.mul');
        if (line.logScale !== 'none') f.op('f64.add');
      }
      f.get(local.shift).op('f64.add').set(e);
      fastExp();
    }
    f.get(flow).get(local.k);
    load(line.base).op('f64.mul');
    if (line.growthStep !== undefined) load(line.growth!).op('f64.mul');
    if (line.gpuPriced) f.get(price).op('f64.mul');
    if (line.exponential) f.get(e).op('f64.mul');
    f.op('f64.add').set(flow);
    if (!line.alwaysActive) f.end();
  });
  if (applyCash) {
    // the ruin check in one comparison for the common case: `lowest` is 0 until ruin, then the
    // lowest cash since (see simulate-block.ts)
    load(state.cash).get(flow).op('f64.add').set(cash);
    f.get(p).get(cash).memory('f64.store', at(state.cash));
    f.get(cash).get(p).memory('f64.load', at(state.lowest)).op('f64.lt').if();
    f.get(p).get(cash).memory('f64.store', at(state.lowest));
    f.get(i).memory('i32.load8_u', at(state.alive)).i32(1).op('i32.eq').if();
    f.get(i).i32(0).memory('i32.store8', at(state.alive));
    f.get(p).get(cash).memory('f64.store', at(state.atRuin));
    f.get(q).get(t).memory('i32.store', at(state.ruinStep));
    f.get(ruined).i32(1).op('i32.add').set(ruined);
    f.end().end();
  } else {
    f.get(p).get(flow).memory('f64.store', at(state.flow));
  }
  f.get(p).i32(8).op('i32.add').set(p);
  f.get(q).i32(4).op('i32.add').set(q);
  f.get(i).i32(1).op('i32.add').set(i);
  f.get(i).get(n).op('i32.lt_s').brIf(0);
  f.end().end();

  // ---- after the loop: the streams' position and Weyl words back ----
  f.i32(0).get(position).memory('i32.store', at(lanes.position));
  for (const g of groups) f.i32(0).get(g.weylNow).v128('store', at(g.weyl));
  for (const s of sources) if (s.normal !== undefined) f.i32(0).get(s.normal.read).memory('i32.store', at(s.normal.counts));
  f.get(ruined);
}

/** The refill module: the same for every scenario (its tables sit at the same place in every thread's arena). */
let REFILL_MODULE: WebAssembly.Module | undefined;

/**
 * `refill(spare, pool, counts, n)`: makes slow values until n are unread, exactly as ziggurat.ts's
 * `refillNormals` and `slowValue` do (the same words of the slow stream, the same arithmetic,
 * Math.exp and Math.log imported), so both give the same pool (tested through the kernel against
 * the pass-by-pass day, which refills in JavaScript).
 */
function writeRefill(tables: Tables): Uint8Array {
  const { GUIDE_STEP, REJECTED_TOTAL, R } = SLOW_TABLES;
  const module = new ModuleWriter();
  const exp = module.importFunc('exp', [F64], [F64]);
  const log = module.importFunc('log', [F64], [F64]);
  const f = module.func('refill', [I32, I32, I32, I32], []);
  const [spare, pool, counts, n] = [0, 1, 2, 3];
  const position = f.local(I32);
  const weyl = f.local(I32);
  const va = f.local(I32);
  const vb = f.local(I32);
  const word = f.local(I32);
  const target = f.local(I32);
  const made = f.local(I32);
  const m = f.local(I32);
  const layer = f.local(I32);
  const magnitude = f.local(I32);
  const a = f.local(I32);
  const x = f.local(F64);
  const xx = f.local(F64);
  const yy = f.local(F64);
  const value = f.local(F64);

  /** The slow stream's next word into `word` (xor4096.ts's `nextInt32`, position and Weyl word in locals). */
  const nextInt32 = () => {
    f.get(weyl).i32(0x61c88647).op('i32.add').set(weyl);
    f.get(position).i32(1).op('i32.add').i32(127).op('i32.and').set(position);
    f.get(spare).get(position).i32(33).op('i32.add').i32(127).op('i32.and').i32(2).op('i32.shl').op('i32.add').memory('i32.load', 0).set(va);
    f.get(spare).get(position).i32(2).op('i32.shl').op('i32.add').memory('i32.load', 0).set(vb);
    f.get(va).get(va).i32(13).op('i32.shl').op('i32.xor').set(va);
    f.get(vb).get(vb).i32(17).op('i32.shl').op('i32.xor').set(vb);
    f.get(va).get(va).i32(15).op('i32.shr_u').op('i32.xor').set(va);
    f.get(vb).get(vb).i32(12).op('i32.shr_u').op('i32.xor').set(vb);
    f.get(va).get(vb).op('i32.xor').set(va);
    f.get(spare).get(position).i32(2).op('i32.shl').op('i32.add').get(va).memory('i32.store', 0);
    f.get(va).get(weyl).get(weyl).i32(16).op('i32.shr_u').op('i32.xor').op('i32.add').set(word);
  };
  /** Pushes a uniform in (0, 1) from two words (xor4096.ts's `uniform53`). */
  const uniform53 = () => {
    nextInt32();
    f.get(word).i32(5).op('i32.shr_u').op('f64.convert_i32_s').f64(67108864).op('f64.mul');
    nextInt32();
    f.get(word).i32(6).op('i32.shr_u').op('f64.convert_i32_s').op('f64.add').f64(0.5).op('f64.add').f64(9007199254740992).op('f64.div');
  };
  /** value = ±magnitude (the sign from bit 8 of `a`, by copysign as in the day kernel), then done with this value. */
  const signed = (magnitudeLocal: number) => {
    f.get(magnitudeLocal).i32(128).get(a).i32(0x100).op('i32.and').op('i32.sub').op('f64.convert_i32_s').op('f64.copysign').set(value).br('value');
  };

  f.get(spare).memory('i32.load', 4 * I).set(position);
  f.get(spare).memory('i32.load', 4 * W).set(weyl);
  f.get(counts).memory('i32.load', 0).get(n).op('i32.add').set(target);
  f.get(counts).memory('i32.load', 4).set(made);
  f.block('done').loop('fill');
  f.get(made).get(target).op('i32.ge_s').brIf('done');
  f.block('value');
  // slowValue: a candidate drawn uniformly among the rejected ones
  f.loop('candidate');
  nextInt32();
  f.get(word).i32(7).op('i32.shr_u').set(m);
  f.get(m).i32(REJECTED_TOTAL).op('i32.ge_u').brIf('candidate');
  f.get(m).i32(GUIDE_STEP).op('i32.div_u').i32(2).op('i32.shl').memory('i32.load', tables.guide).set(layer);
  f.block('found').loop('scan');
  f.get(layer).i32(2).op('i32.shl').memory('i32.load', tables.cumulative).get(m).op('i32.gt_u').brIf('found');
  f.get(layer).i32(1).op('i32.add').set(layer).br('scan');
  f.end().end();
  f.get(layer).i32(2).op('i32.shl').memory('i32.load', tables.ki).get(m).op('i32.add').set(magnitude);
  f.get(layer).if().get(magnitude).get(layer).i32(1).op('i32.sub').i32(2).op('i32.shl').memory('i32.load', tables.cumulative).op('i32.sub').set(magnitude).end();
  f.get(magnitude).i32(9).op('i32.shl').get(word).i32(1).op('i32.and').i32(8).op('i32.shl').op('i32.or').get(layer).op('i32.or').set(a);
  // slowNormal: the candidate in `a`, then fresh ones until one is accepted
  f.loop('try');
  f.get(a).i32(0xff).op('i32.and').set(layer);
  f.get(a).i32(9).op('i32.shr_u').set(magnitude);
  f.get(magnitude).op('f64.convert_i32_s').get(layer).i32(3).op('i32.shl').memory('f64.load', tables.wi).op('f64.mul').set(x);
  f.get(magnitude).get(layer).i32(2).op('i32.shl').memory('i32.load', tables.ki).op('i32.lt_u').if();
  signed(x);
  f.end();
  f.get(layer).op('i32.eqz').if();
  // the tail beyond R (Marsaglia 1964)
  f.loop('tail');
  uniform53();
  f.call(log).op('f64.neg').f64(R).op('f64.div').set(xx);
  uniform53();
  f.call(log).op('f64.neg').set(yy);
  f.get(yy).get(yy).op('f64.add').get(xx).get(xx).op('f64.mul').op('f64.gt').if();
  f.f64(R).get(xx).op('f64.add').set(xx);
  signed(xx);
  f.end();
  f.br('tail');
  f.end();
  f.end();
  // the wedge: accept with probability (f(x) − f at the layer's outer edge) / the wedge's height
  f.get(layer).i32(1).op('i32.sub').i32(3).op('i32.shl').memory('f64.load', tables.fi);
  f.get(layer).i32(3).op('i32.shl').memory('f64.load', tables.fi).op('f64.sub');
  uniform53();
  f.op('f64.mul').get(layer).i32(3).op('i32.shl').memory('f64.load', tables.fi).op('f64.add');
  f.f64(-0.5).get(x).op('f64.mul').get(x).op('f64.mul').call(exp).op('f64.lt').if();
  signed(x);
  f.end();
  nextInt32();
  f.get(word).set(a).br('try');
  f.end(); // try
  f.end(); // candidate
  f.end(); // value
  f.get(pool).get(made).i32(POOL_MASK).op('i32.and').i32(3).op('i32.shl').op('i32.add').get(value).memory('f64.store', 0);
  f.get(made).i32(1).op('i32.add').set(made).br('fill');
  f.end().end();
  f.get(counts).get(made).memory('i32.store', 4);
  f.get(spare).get(position).memory('i32.store', 4 * I);
  f.get(spare).get(weyl).memory('i32.store', 4 * W);
  return module.bytes();
}
