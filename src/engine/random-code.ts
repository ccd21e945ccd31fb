import { F64, type FunctionWriter, I32, type ModuleWriter, V128 } from './wasm.js';
import { GUIDE_STEP, REJECTED_TOTAL, ZIG_R } from './tables.js';

/**
 * The random numbers of the engine, written once as WebAssembly: Richard Brent's xorgens
 * 4096-bit generator exactly as seedrandom's `xor4096` computes it, the 256-layer ziggurat for
 * normals, and 53-bit uniforms. Seeding is seedrandom's own (`streams.ts`).
 *
 * xorgens, per word (seedrandom lib/xor4096.js): w += 0x61c88647; i = (i + 1) & 127;
 * v = X[(i + 33) & 127]; t = X[i]; v ^= v << 13; t ^= t << 17; v ^= v >>> 15; t ^= t >>> 12;
 * X[i] = v ^ t; output (X[i] + (w ^ (w >>> 16))) | 0. A stream's state is 130 words: X[0..127],
 * then i, then w.
 *
 * The same step serves one stream (32-bit integers) or four streams at once (128-bit lanes, the
 * day kernel's streams, whose states are interleaved: word k of lane j at 4k + j). They can share
 * the step because they share the position: every stream starts a block at position 127 (seeding
 * ends there) and the kernel takes one word of each for each path and day.
 */
export const STATE_WORDS = 130;
/** Byte offsets of the position i and the Weyl word w in a stream's state. */
export const POSITION_OFFSET = 4 * 128;
export const WEYL_OFFSET = 4 * 129;
const WEYL_INCREMENT = 0x61c88647;
/** Four interleaved streams' state (`uniforms53x4`): X, then the four Weyl words, then the shared position. */
export const GROUP_WEYL_OFFSET = 16 * 128;
export const GROUP_POSITION_OFFSET = GROUP_WEYL_OFFSET + 16;
export const GROUP_STATE_BYTES = GROUP_POSITION_OFFSET + 4;

/** One lane (a stream) or four (interleaved streams). */
export type Lanes = 1 | 4;

/** Where a xorgens step reads and writes: the state's address, and locals for the position and the Weyl word(s). */
export interface XorgensState {
  readonly lanes: Lanes;
  /** Byte address of X (a constant), or a local holding it (`base` plus `offset`). */
  readonly base: { readonly local?: number; readonly offset: number };
  /** The position i (an i32 local, shared by the lanes). */
  readonly position: number;
  /** The Weyl word(s): an i32 local (one lane) or a v128 local (four). */
  readonly weyl: number;
  /** Scratch locals of the lanes' type. */
  readonly va: number;
  readonly vb: number;
}

/** The position i of streams sharing it moves on: i = (i + 1) & 127. */
export function advancePosition(f: FunctionWriter, position: number): void {
  f.get(position).i32(1).op('i32.add').i32(127).op('i32.and').set(position);
}

/**
 * Emits one xorgens step: advances the position (when `advance`; four-lane groups sharing one
 * position advance it once) and the Weyl word, updates X[i], and leaves the output word(s) on the
 * stack.
 */
export function xorgensStep(f: FunctionWriter, s: XorgensState, advance = true): void {
  const v = s.lanes === 4;
  const shl = v ? () => f.simd('i32x4.shl') : () => f.op('i32.shl');
  const shr = v ? () => f.simd('i32x4.shr_u') : () => f.op('i32.shr_u');
  const xor = v ? () => f.simd('v128.xor') : () => f.op('i32.xor');
  const plus = v ? () => f.simd('i32x4.add') : () => f.op('i32.add');
  const wordShift = v ? 4 : 2; // bytes per word of X, as a shift: 16 (four lanes) or 4
  const address = (index: () => void) => {
    index();
    f.i32(wordShift).op('i32.shl');
    if (s.base.local !== undefined) f.get(s.base.local).op('i32.add');
  };
  const load = () => (v ? f.v128('load', s.base.offset) : f.memory('i32.load', s.base.offset));
  const store = () => (v ? f.v128('store', s.base.offset) : f.memory('i32.store', s.base.offset));

  if (advance) advancePosition(f, s.position);
  if (v) f.get(s.weyl).i32(WEYL_INCREMENT).simd('i32x4.splat').simd('i32x4.add').set(s.weyl);
  else f.get(s.weyl).i32(WEYL_INCREMENT).op('i32.add').set(s.weyl);
  address(() => f.get(s.position).i32(33).op('i32.add').i32(127).op('i32.and'));
  load();
  f.set(s.va);
  address(() => f.get(s.position));
  load();
  f.set(s.vb);
  f.get(s.va).get(s.va).i32(13);
  shl();
  xor();
  f.set(s.va);
  f.get(s.vb).get(s.vb).i32(17);
  shl();
  xor();
  f.set(s.vb);
  f.get(s.va).get(s.va).i32(15);
  shr();
  xor();
  f.set(s.va);
  f.get(s.vb).get(s.vb).i32(12);
  shr();
  xor();
  f.get(s.va);
  xor();
  f.set(s.va);
  address(() => f.get(s.position));
  f.get(s.va);
  store();
  // output: X[i] + (w ^ (w >>> 16))
  f.get(s.va).get(s.weyl).get(s.weyl).i32(16);
  shr();
  xor();
  plus();
}

/** Addresses of the sampler's constant tables in memory. */
export interface TableAddresses {
  readonly ki: number;
  readonly wi: number;
  readonly fi: number;
  readonly cumulative: number;
  readonly guide: number;
  readonly power: number;
  readonly fraction: number;
}

/**
 * The ziggurat's fast path from a word in local `word`: the low 8 bits pick the layer, bit 8 the
 * sign, the top 23 bits the magnitude (disjoint bits: Doornik's correction to the original). About
 * 98.5% of candidates fall inside their layer's rectangle and are the normal; a rejected one is
 * replaced by the next value of the stream's slow sequence (`refill`), read from its pool (the
 * count of values read is kept in memory at `counts`: the rare path alone touches it). Leaves the
 * normal in `value`.
 */
export function zigguratNormal(f: FunctionWriter, t: TableAddresses, l: { word: number; layer: number; magnitude: number; value: number; read: number }, pool: number, counts: number): void {
  f.get(l.word).i32(0xff).op('i32.and').set(l.layer);
  f.get(l.word).i32(9).op('i32.shr_u').set(l.magnitude);
  f.get(l.magnitude).get(l.layer).i32(2).op('i32.shl').memory('i32.load', t.ki).op('i32.lt_u').if();
  f.get(l.magnitude).op('f64.convert_i32_s').get(l.layer).i32(3).op('i32.shl').memory('f64.load', t.wi).op('f64.mul');
  signFrom(f, l.word);
  f.set(l.value);
  f.else();
  f.i32(0).memory('i32.load', counts).set(l.read);
  f.get(l.read).i32(POOL_MASK).op('i32.and').i32(3).op('i32.shl').memory('f64.load', pool).set(l.value);
  f.i32(0).get(l.read).i32(1).op('i32.add').memory('i32.store', counts);
  f.end();
}

/** |x| on the stack gets the sign of bit 8 of `word`, by copysign (a branch on a random bit mispredicts half the time). */
function signFrom(f: FunctionWriter, word: number): void {
  f.i32(128).get(word).i32(0x100).op('i32.and').op('i32.sub').op('f64.convert_i32_s').op('f64.copysign');
}

/** A normal stream's pool of slow values: its ring of POOL_SIZE values, made ahead of the day. */
export const NORMAL_BATCH = 1024;
export const POOL_SIZE = 2 * NORMAL_BATCH;
export const POOL_MASK = POOL_SIZE - 1;

/**
 * Adds `uniforms53(state, columns, m, n)` and `refill(spare, pool, counts, n)` to a module (with
 * `exp` and `log` imported at the given indices).
 *
 * `uniforms53` draws n paths' m uniforms each, path by path, into m columns (their addresses an
 * i32 array at `columns`): uniforms in (0, 1) with 53 bits from two words each,
 * (k + 0.5)/2^53 with k = (w₁ >>> 5)·2^26 + (w₂ >>> 6).
 *
 * `uniforms53x4(state, columns, m, n)` does the same for four streams at once, one in each lane of
 * a 128-bit state (`GROUP_STATE_BYTES`: X interleaved, word k of lane j at 4k + j, then the Weyl
 * words, then the shared position; streams start a block at the same position): lane j's column
 * c is at the address columns[4c + j]. Each lane's numbers are exactly its stream's.
 *
 * `refill` makes slow values until n are unread (counts = [read, made]). A slow value has exactly
 * the law of the ziggurat's outcome given that its first candidate was rejected: a candidate drawn
 * uniformly among the rejected ones (the layer in proportion to its rejected magnitudes), then
 * the wedge test, the tail beyond R (Marsaglia 1964) and fresh candidates, on the slow stream's
 * 53-bit uniforms. The kernel's normals therefore have exactly the ziggurat's law, each depends
 * only on its own word and on how many rejections came before it, and the rare slow path costs
 * the day loop no call.
 */
export function writeRandomFunctions(module: ModuleWriter, t: TableAddresses, imports: { exp: number; log: number }): { uniforms53: FunctionWriter; refill: FunctionWriter } {
  const uniforms53 = module.func('uniforms53', [I32, I32, I32, I32], []);
  {
    // path by path, the stream's next m uniforms go to the m columns (i32 addresses at `columns`)
    const f = uniforms53;
    const [state, columns, m, n] = [0, 1, 2, 3];
    const s = scalarStream(f, state);
    const p = f.local(I32);
    const k = f.local(I32);
    const end = f.local(I32);
    f.get(n).i32(3).op('i32.shl').set(end);
    loadScalarStream(f, s);
    f.block().get(p).get(end).op('i32.ge_u').brIf(0).loop('path');
    f.i32(0).set(k);
    f.loop('column');
    f.get(k).i32(2).op('i32.shl').get(columns).op('i32.add').memory('i32.load', 0).get(p).op('i32.add');
    pushUniform53(f, s);
    f.memory('f64.store', 0);
    f.get(k).i32(1).op('i32.add').tee(k).get(m).op('i32.lt_u').brIf('column');
    f.end();
    f.get(p).i32(8).op('i32.add').tee(p).get(end).op('i32.lt_u').brIf('path');
    f.end().end();
    storeScalarStream(f, s);
  }

  const uniforms53x4 = module.func('uniforms53x4', [I32, I32, I32, I32], []);
  {
    // four streams at once, path by path: lane j's next m uniforms go to its m columns
    const f = uniforms53x4;
    const [state, columns, m, n] = [0, 1, 2, 3];
    const s: XorgensState = { lanes: 4, base: { local: state, offset: 0 }, position: f.local(I32), weyl: f.local(V128), va: f.local(V128), vb: f.local(V128) };
    const [hi, lo, pair] = [f.local(V128), f.local(V128), f.local(V128)];
    const p = f.local(I32);
    const k = f.local(I32);
    const end = f.local(I32);
    f.get(n).i32(3).op('i32.shl').set(end);
    f.get(state).memory('i32.load', GROUP_POSITION_OFFSET).set(s.position);
    f.get(state).v128('load', GROUP_WEYL_OFFSET).set(s.weyl);
    f.block().get(p).get(end).op('i32.ge_u').brIf(0).loop('path');
    f.i32(0).set(k);
    f.loop('column');
    xorgensStep(f, s);
    f.i32(5).simd('i32x4.shr_u').set(hi);
    xorgensStep(f, s);
    f.i32(6).simd('i32x4.shr_u').set(lo);
    // (hi·2^26 + lo + 0.5)/2^53 two lanes at a time (lanes 2 and 3 shuffled down), as pushUniform53 computes each
    const upper = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
    for (const half of [0, 1]) {
      f.get(hi);
      if (half === 1) f.get(hi).shuffle(upper);
      f.simd('f64x2.convert_low_i32x4_s').f64(67108864).simd('f64x2.splat').simd('f64x2.mul');
      f.get(lo);
      if (half === 1) f.get(lo).shuffle(upper);
      f.simd('f64x2.convert_low_i32x4_s').simd('f64x2.add').f64(0.5).simd('f64x2.splat').simd('f64x2.add');
      f.f64(9007199254740992).simd('f64x2.splat').simd('f64x2.div').set(pair);
      for (const lane of [0, 1]) {
        // column k of lane j: the address at columns[4k + j]
        f.get(k).i32(4).op('i32.shl').get(columns).op('i32.add').memory('i32.load', 4 * (2 * half + lane)).get(p).op('i32.add');
        f.get(pair).f64Lane(lane).memory('f64.store', 0);
      }
    }
    f.get(k).i32(1).op('i32.add').tee(k).get(m).op('i32.lt_u').brIf('column');
    f.end();
    f.get(p).i32(8).op('i32.add').tee(p).get(end).op('i32.lt_u').brIf('path');
    f.end().end();
    f.get(state).get(s.position).memory('i32.store', GROUP_POSITION_OFFSET);
    f.get(state).get(s.weyl).v128('store', GROUP_WEYL_OFFSET);
  }

  const refill = module.func('refill', [I32, I32, I32, I32], []);
  {
    const f = refill;
    const [spare, pool, counts, n] = [0, 1, 2, 3];
    const s = scalarStream(f, spare);
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
    const word = f.local(I32);
    const next = () => {
      xorgensStep(f, s);
      f.set(word);
    };
    /** value = ±magnitude (the sign from bit 8 of `a`), then done with this value. */
    const signed = (magnitudeLocal: number) => {
      f.get(magnitudeLocal);
      signFrom(f, a);
      f.set(value).br('value');
    };

    loadScalarStream(f, s);
    f.get(counts).memory('i32.load', 0).get(n).op('i32.add').set(target);
    f.get(counts).memory('i32.load', 4).set(made);
    f.block('done').loop('fill');
    f.get(made).get(target).op('i32.ge_s').brIf('done');
    f.block('value');
    // a candidate drawn uniformly among the rejected ones: 25 bits say which (bit 0 the sign)
    f.loop('candidate');
    next();
    f.get(word).i32(7).op('i32.shr_u').set(m);
    f.get(m).i32(REJECTED_TOTAL).op('i32.ge_u').brIf('candidate');
    // its layer: the first whose cumulative count exceeds m, scanning from the guide's entry
    f.get(m).i32(GUIDE_STEP).op('i32.div_u').i32(2).op('i32.shl').memory('i32.load', t.guide).set(layer);
    f.block('found').loop('scan');
    f.get(layer).i32(2).op('i32.shl').memory('i32.load', t.cumulative).get(m).op('i32.gt_u').brIf('found');
    f.get(layer).i32(1).op('i32.add').set(layer).br('scan');
    f.end().end();
    f.get(layer).i32(2).op('i32.shl').memory('i32.load', t.ki).get(m).op('i32.add').set(magnitude);
    f.get(layer).if().get(magnitude).get(layer).i32(1).op('i32.sub').i32(2).op('i32.shl').memory('i32.load', t.cumulative).op('i32.sub').set(magnitude).end();
    f.get(magnitude).i32(9).op('i32.shl').get(word).i32(1).op('i32.and').i32(8).op('i32.shl').op('i32.or').get(layer).op('i32.or').set(a);
    // the ziggurat from candidate `a`, then fresh candidates until one is accepted
    f.loop('try');
    f.get(a).i32(0xff).op('i32.and').set(layer);
    f.get(a).i32(9).op('i32.shr_u').set(magnitude);
    f.get(magnitude).op('f64.convert_i32_s').get(layer).i32(3).op('i32.shl').memory('f64.load', t.wi).op('f64.mul').set(x);
    f.get(magnitude).get(layer).i32(2).op('i32.shl').memory('i32.load', t.ki).op('i32.lt_u').if();
    signed(x);
    f.end();
    f.get(layer).op('i32.eqz').if();
    // the tail beyond R (Marsaglia 1964)
    f.loop('tail');
    pushUniform53(f, s);
    f.call(imports.log).op('f64.neg').f64(ZIG_R).op('f64.div').set(xx);
    pushUniform53(f, s);
    f.call(imports.log).op('f64.neg').set(yy);
    f.get(yy).get(yy).op('f64.add').get(xx).get(xx).op('f64.mul').op('f64.gt').if();
    f.f64(ZIG_R).get(xx).op('f64.add').set(xx);
    signed(xx);
    f.end();
    f.br('tail');
    f.end();
    f.end();
    // the wedge: accept with probability (f(x) − f at the layer's outer edge) / the wedge's height
    f.get(layer).i32(1).op('i32.sub').i32(3).op('i32.shl').memory('f64.load', t.fi);
    f.get(layer).i32(3).op('i32.shl').memory('f64.load', t.fi).op('f64.sub');
    pushUniform53(f, s);
    f.op('f64.mul').get(layer).i32(3).op('i32.shl').memory('f64.load', t.fi).op('f64.add');
    f.f64(-0.5).get(x).op('f64.mul').get(x).op('f64.mul').call(imports.exp).op('f64.lt').if();
    signed(x);
    f.end();
    next();
    f.get(word).set(a).br('try');
    f.end(); // try
    f.end(); // candidate
    f.end(); // value
    f.get(pool).get(made).i32(POOL_MASK).op('i32.and').i32(3).op('i32.shl').op('i32.add').get(value).memory('f64.store', 0);
    f.get(made).i32(1).op('i32.add').set(made).br('fill');
    f.end().end();
    f.get(counts).get(made).memory('i32.store', 4);
    storeScalarStream(f, s);
  }
  return { uniforms53, refill };
}

/** Characters of a seed text the seeding mixes in (`SEED_MIXES`), and the steps that follow. */
export const SEED_MIXES = 32 + 128;
const SEED_DISCARDS = 4 * 128;

/**
 * Adds `seed4(state, chars)` and `discard4(state)` to a module: seedrandom's `xor4096` seeding of
 * four streams at once, one in each lane of a four-stream state (`uniforms53x4`'s layout), for
 * texts of at most 128 characters with their terminating NUL (seedrandom lib/xor4096.js `init`,
 * limit 128):
 * - `seed4`: v = 0; for each of the SEED_MIXES steps k, v ^= the text's character k mod its length
 *   (four lanes' codes at chars + 16k), v ^= v << 10, v ^= v >>> 15, v ^= v << 4, v ^= v >>> 13;
 *   after 32 steps w = v; from then on w += 0x61c88647 and X[k − 32] = v + w, counting the zero
 *   words in a row. Leaves the counts at `chars` (a lane whose last 128 words were all zero needs
 *   one word set to −1 before the discards, which the caller does).
 * - `discard4`: 512 xorgens steps from position 127 without the Weyl word, ending at position 127.
 */
export function writeSeedFunctions(module: ModuleWriter): void {
  {
    const f = module.func('seed4', [I32, I32], []);
    const [state, chars] = [0, 1];
    const [v, w, t, zeros] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
    const k = f.local(I32);
    const shift = (by: number, op: 'i32x4.shl' | 'i32x4.shr_u') => f.get(v).get(v).i32(by).simd(op).simd('v128.xor').set(v);
    f.i32(0).simd('i32x4.splat').set(v);
    f.i32(0).simd('i32x4.splat').set(zeros);
    f.loop('mix');
    f.get(v).get(k).i32(4).op('i32.shl').get(chars).op('i32.add').v128('load', 0).simd('v128.xor').set(v);
    f.get(k).i32(32).op('i32.eq').if().get(v).set(w).end();
    shift(10, 'i32x4.shl');
    shift(15, 'i32x4.shr_u');
    shift(4, 'i32x4.shl');
    shift(13, 'i32x4.shr_u');
    f.get(k).i32(32).op('i32.ge_u').if();
    f.get(w).i32(WEYL_INCREMENT).simd('i32x4.splat').simd('i32x4.add').set(w);
    // X[k − 32] = v + w (written once each: a text of at most 128 characters mixes 128 words)
    f.get(k).i32(32).op('i32.sub').i32(4).op('i32.shl').get(state).op('i32.add');
    f.get(v).get(w).simd('i32x4.add').tee(t);
    f.v128('store', 0);
    // zeros = t == 0 ? zeros + 1 : 0, lane by lane (the mask is −1 where t is 0)
    f.get(zeros).get(t).i32(0).simd('i32x4.splat').simd('i32x4.eq').tee(t).simd('i32x4.sub').get(t).simd('v128.and').set(zeros);
    f.end();
    f.get(k).i32(1).op('i32.add').tee(k).i32(SEED_MIXES).op('i32.lt_u').brIf('mix');
    f.end();
    f.get(state).get(w).v128('store', GROUP_WEYL_OFFSET);
    f.get(chars).get(zeros).v128('store', 0);
  }
  {
    const f = module.func('discard4', [I32], []);
    const [state] = [0];
    const position = f.local(I32);
    const [va, vb] = [f.local(V128), f.local(V128)];
    const j = f.local(I32);
    const word = (index: () => void) => {
      index();
      f.i32(4).op('i32.shl').get(state).op('i32.add');
    };
    f.i32(127).set(position);
    f.loop('discard');
    advancePosition(f, position);
    word(() => f.get(position).i32(33).op('i32.add').i32(127).op('i32.and'));
    f.v128('load', 0).set(va);
    word(() => f.get(position));
    f.v128('load', 0).set(vb);
    f.get(va).get(va).i32(13).simd('i32x4.shl').simd('v128.xor').set(va);
    f.get(vb).get(vb).i32(17).simd('i32x4.shl').simd('v128.xor').set(vb);
    f.get(va).get(va).i32(15).simd('i32x4.shr_u').simd('v128.xor').set(va);
    f.get(vb).get(vb).i32(12).simd('i32x4.shr_u').simd('v128.xor').set(vb);
    word(() => f.get(position));
    f.get(va).get(vb).simd('v128.xor').v128('store', 0);
    f.get(j).i32(1).op('i32.add').tee(j).i32(SEED_DISCARDS).op('i32.lt_u').brIf('discard');
    f.end();
    f.get(state).get(position).memory('i32.store', GROUP_POSITION_OFFSET);
  }
}

/** A one-lane stream whose state's address is in local `address`, with its position and Weyl word in fresh locals. */
function scalarStream(f: FunctionWriter, address: number): XorgensState {
  return { lanes: 1, base: { local: address, offset: 0 }, position: f.local(I32), weyl: f.local(I32), va: f.local(I32), vb: f.local(I32) };
}

function loadScalarStream(f: FunctionWriter, s: XorgensState): void {
  f.get(s.base.local!).memory('i32.load', POSITION_OFFSET).set(s.position);
  f.get(s.base.local!).memory('i32.load', WEYL_OFFSET).set(s.weyl);
}

function storeScalarStream(f: FunctionWriter, s: XorgensState): void {
  f.get(s.base.local!).get(s.position).memory('i32.store', POSITION_OFFSET);
  f.get(s.base.local!).get(s.weyl).memory('i32.store', WEYL_OFFSET);
}

/** Pushes a uniform in (0, 1) with 53 bits from the stream's next two words. */
function pushUniform53(f: FunctionWriter, s: XorgensState): void {
  xorgensStep(f, s);
  f.i32(5).op('i32.shr_u').op('f64.convert_i32_s').f64(67108864).op('f64.mul');
  xorgensStep(f, s);
  f.i32(6).op('i32.shr_u').op('f64.convert_i32_s').op('f64.add').f64(0.5).op('f64.add').f64(9007199254740992).op('f64.div');
}

