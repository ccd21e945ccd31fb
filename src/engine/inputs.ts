import { makeDistribution, normalCdf, normalQuantile } from '../distributions/index.js';
import type { Distribution } from '../distributions/index.js';
import type { Plan } from '../model/plan.js';
import { FLAGS, TRANSFORM, type Transform, quantileTransform } from './input-code.js';
import type { Kernel } from './kernel.js';
import { GROUP_POSITION_OFFSET, GROUP_STATE_BYTES, GROUP_WEYL_OFFSET, SEED_MIXES, STATE_WORDS } from './random-code.js';
import { putLane, seedCharacters, seededState, streamState, streamText } from './streams.js';

/** Uniforms are kept inside [2^-53, 1 − 2^-53] after the copula, so no quantile is infinite. */
const TINY = 2 ** -53;

/** The inputs that share a stream (by key), in slot order: its numbers go to them path by path. */
interface Stream {
  readonly key: string;
  /** slots[k]: the input that takes the stream's k-th number of each path. */
  readonly slots: readonly number[];
}

const BATCHES = new WeakMap<Plan, Stream[][]>();

/**
 * The plan's input streams, in batches drawn together: four streams with as many numbers a path
 * (the kernel draws them in the lanes of one 128-bit state), or one.
 */
function streamBatches(plan: Plan): Stream[][] {
  let batches = BATCHES.get(plan);
  if (batches === undefined) {
    const slots = new Map<string, number[]>();
    plan.inputs.forEach((input, j) => {
      const list = slots.get(input.stream) ?? [];
      list[input.offset] = j;
      slots.set(input.stream, list);
    });
    const byStride = new Map<number, Stream[]>();
    for (const [key, list] of slots) {
      const stream = { key, slots: Array.from(list, (j) => j!) };
      byStride.set(stream.slots.length, [...(byStride.get(stream.slots.length) ?? []), stream]);
    }
    batches = [...byStride.values()].flatMap((streams) => Array.from({ length: Math.ceil(streams.length / 4) }, (_, k) => streams.slice(4 * k, 4 * k + 4)));
    batches = batches.flatMap((batch) => (batch.length === 4 ? [batch] : batch.map((stream) => [stream])));
    BATCHES.set(plan, batches);
  }
  return batches;
}

/**
 * Latin hypercube within the block: path i gets stratum π(i) of n equal strata (π a uniformly
 * random permutation, Fisher–Yates driven by `draws`, n − 1 uniforms) and keeps its own uniform
 * as the position inside the stratum, so each input's n values cover every 1/n of its
 * distribution exactly once.
 */
function stratify(u: Float64Array, n: number, draws: Float64Array): void {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1, d = 0; i > 0; i--, d++) {
    const k = Math.floor(draws[d]! * (i + 1));
    const x = perm[i]!;
    perm[i] = perm[k]!;
    perm[k] = x;
  }
  for (let i = 0; i < n; i++) u[i] = (perm[i]! + u[i]!) / n;
}

/**
 * Gaussian copula: z = Φ⁻¹(u) for the correlated inputs, x = L·z with L the Cholesky factor of
 * their normal correlation matrix, u = Φ(x). A "happens" input is 1 when its uniform is *below*
 * the probability, so its score is negated on the way in and out: a positive correlation then
 * means "happens more often when the other input is high".
 */
function correlate(plan: Plan, column: (j: number) => Float64Array, n: number): void {
  const c = plan.correlation!;
  const u: Float64Array[] = [];
  for (const j of c.inputs) u[j] = column(j);
  const k = c.inputs.length;
  const sign = Float64Array.from(c.inputs, (j) => (plan.inputs[j]!.kind === 'happens' ? -1 : 1));
  const z = new Float64Array(k);
  const L = c.factor;
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < k; m++) z[m] = sign[m]! * normalQuantile(u[c.inputs[m]!]![i]!);
    for (let m = 0; m < k; m++) {
      let x = 0;
      for (let q = 0; q <= m; q++) x += L[m * k + q]! * z[q]!;
      const v = normalCdf(sign[m]! * x);
      u[c.inputs[m]!]![i] = Math.min(1 - TINY, Math.max(TINY, v));
    }
  }
}

/** How each of the plan's inputs gets its values from its uniforms: in the kernel, or by its distribution here. */
type Maker = { readonly kernel: Transform } | { readonly dist: Distribution };

const MAKERS = new WeakMap<Plan, Maker[]>();

/** Each input's maker (built once per plan and thread). */
function makers(plan: Plan): Maker[] {
  let list = MAKERS.get(plan);
  if (list === undefined) {
    list = plan.inputs.map((input): Maker => {
      if (input.kind === 'happens') return { kernel: { kind: TRANSFORM.happens, a: input.probability!, b: 0 } };
      if (input.kind !== 'value') return { kernel: { kind: TRANSFORM.step, a: input.firstStep, b: input.lastStep - input.firstStep + 1 } };
      const transform = quantileTransform(input.spec!);
      if (transform !== undefined) return { kernel: transform };
      const made = makeDistribution(input.spec!);
      if (!made.ok) throw new Error(`bug: unvalidated distribution ${JSON.stringify(input.spec)}: ${made.error}`);
      return { dist: made.dist };
    });
    MAKERS.set(plan, list);
  }
  return list;
}

/**
 * The value of every input for every path of the block, in the kernel's input arrays, from each
 * input's uniforms: read from its stream (stride and offset as the plan says, path by path), then,
 * with `sampling: lhs`, stratified, then, with correlations, passed through the Gaussian copula
 * (inputs without either are exactly the stream's numbers, so adding correlations between two
 * inputs never moves any other input). Then a value input's quantile, 1 or 0 for "happens"
 * (uniform < probability), the landing step of a dated event: in the kernel (`input-code.ts`),
 * except the quantiles of the few distributions it leaves to `distributions/`. An event's amount
 * is needed only on the paths where its money can move (it happens and, if dated, lands within
 * the horizon); elsewhere it is left NaN, unless `all` asks for every value (sensitivity reads
 * them all). Dated events' landings are counted by day on the way (`layout.landings.dayStart`,
 * for `block.ts`'s sort).
 *
 * Without LHS or correlations, each stream's inputs get their values as soon as its uniforms are
 * drawn, while they are in cache (an event's inputs share a stream, happens and date before the
 * amount they gate).
 */
export function drawInputs(plan: Plan, kernel: Kernel, block: number, n: number, all: boolean): void {
  const { memory, layout } = kernel;
  /** Input j's values (uniforms, then values) in the kernel's memory. */
  const u = (j: number) => new Float64Array(memory.buffer, layout.inputs[j]!, n);
  const uniforms = (key: string, addresses: readonly number[], count: number) => oneStream(kernel, streamState(plan.seed, block, key), addresses, count);
  new Int32Array(memory.buffer, layout.landings.dayStart, plan.days + 1).fill(0);
  const make = valueMaker(plan, kernel, u, n, all);
  const together = plan.sampling !== 'lhs' && plan.correlation === undefined;
  for (const batch of streamBatches(plan)) {
    if (batch.length === 4) fourStreams(kernel, batch.map((stream) => streamText(plan.seed, block, stream.key)), batch, n);
    else uniforms(batch[0]!.key, batch[0]!.slots.map((j) => layout.inputs[j]!), n);
    if (together) for (const stream of batch) stream.slots.forEach(make);
  }
  if (together) return;
  if (plan.sampling === 'lhs') {
    plan.inputs.forEach((input, j) => {
      if (!input.varies) return;
      uniforms(`lhs/${input.name}`, [layout.scratch], n - 1);
      stratify(u(j), n, new Float64Array(memory.buffer, layout.scratch, n - 1));
    });
  }
  if (plan.correlation !== undefined) correlate(plan, u, n);
  plan.inputs.forEach((_, j) => make(j));
}

/** One stream's uniforms (from its seeded state), `count` per path, into the arrays at these addresses. */
function oneStream(kernel: Kernel, state: Int32Array, addresses: readonly number[], count: number): void {
  const { memory, layout } = kernel;
  new Int32Array(memory.buffer, layout.scratchStream, STATE_WORDS).set(state);
  new Int32Array(memory.buffer, layout.scratchColumns, addresses.length).set(addresses);
  kernel.uniforms53(layout.scratchStream, layout.scratchColumns, addresses.length, count);
}

/**
 * Four streams of as many numbers a path (seeded from their texts), n per column, in the lanes
 * of one state: seeded in the kernel (`seed4`, as seedrandom seeds each) when their texts are
 * short enough, else by seedrandom and interleaved here.
 */
function fourStreams(kernel: Kernel, texts: readonly string[], batch: readonly Stream[], n: number): void {
  const { memory, layout } = kernel;
  const words = new Int32Array(memory.buffer, layout.scratchGroup, GROUP_STATE_BYTES / 4);
  const chars = new Int32Array(memory.buffer, layout.scratchChars, 4 * SEED_MIXES);
  if (seedCharacters(texts, chars)) {
    kernel.seed4(layout.scratchGroup, layout.scratchChars);
    // a lane whose last 128 words were all zero gets one word set, as seedrandom does
    texts.forEach((text, lane) => {
      if (chars[lane]! >= 128) words[4 * ((text.length + 1) & 127) + lane] = -1;
    });
    kernel.discard4(layout.scratchGroup);
  } else {
    const weyl = new Int32Array(memory.buffer, layout.scratchGroup + GROUP_WEYL_OFFSET, 4);
    texts.forEach((text, lane) => {
      const state = seededState(text);
      putLane(state, lane, words, weyl);
      if (lane > 0 && words[GROUP_POSITION_OFFSET / 4] !== state[128]) throw new Error('bug: input streams at different positions');
      words[GROUP_POSITION_OFFSET / 4] = state[128]!;
    });
  }
  const columns = new Int32Array(memory.buffer, layout.scratchColumns, 4 * batch[0]!.slots.length);
  batch.forEach((stream, lane) => stream.slots.forEach((j, c) => (columns[4 * c + lane] = layout.inputs[j]!)));
  kernel.uniforms53x4(layout.scratchGroup, layout.scratchColumns, batch[0]!.slots.length, n);
}

/** Makes input j's values from its uniforms (its gates, if an event's amount, made before). */
function valueMaker(plan: Plan, kernel: Kernel, u: (j: number) => Float64Array, n: number, all: boolean): (j: number) => void {
  const at = kernel.layout.inputs;
  const list = makers(plan);
  const gates = amountGates(plan);
  return (j) => {
    const maker = list[j]!;
    const gate = gates.get(j);
    if ('kernel' in maker) {
      const { kind, a, b } = maker.kernel;
      const flags = (all ? 0 : FLAGS.gate) | (gate?.date === undefined ? 0 : FLAGS.count);
      kernel.transform(kind, at[j]!, n, a, b, gate === undefined ? -1 : at[gate.happens]!, gate?.date === undefined ? -1 : at[gate.date]!, plan.days, flags);
      return;
    }
    if (gate?.date !== undefined) kernel.transform(TRANSFORM.keep, at[j]!, n, 0, 0, at[gate.happens]!, at[gate.date]!, plan.days, FLAGS.count);
    if (gate === undefined || all) quantiles(maker.dist, u(j), n);
    else gatedQuantiles(maker.dist, u(j), n, u(gate.happens), gate.date === undefined ? undefined : u(gate.date), plan.days);
  };
}

const GATES = new WeakMap<Plan, Map<number, Gate>>();

/** For each event's amount input, the inputs that gate it (its happens and, if dated, its date); they come before it. */
function amountGates(plan: Plan): Map<number, Gate> {
  let gates = GATES.get(plan);
  if (gates === undefined) {
    gates = new Map<number, Gate>();
    for (const e of plan.datedEvents) gates.set(e.amountInput, { happens: e.happensInput, date: e.dateInput });
    for (const e of plan.triggeredEvents) gates.set(e.amountInput, { happens: e.happensInput, date: undefined });
    GATES.set(plan, gates);
  }
  return gates;
}

interface Gate {
  readonly happens: number;
  readonly date: number | undefined;
}

/** values[i] ← dist's quantile of values[i]. */
function quantiles(dist: Distribution, values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) values[i] = dist.quantile(values[i]!);
}

/** values[i] ← dist's quantile of values[i] where the event happens (and lands before `days`), else NaN. */
function gatedQuantiles(dist: Distribution, values: Float64Array, n: number, happens: Float64Array, date: Float64Array | undefined, days: number): void {
  for (let i = 0; i < n; i++) values[i] = happens[i] === 1 && (date === undefined || date[i]! < days) ? dist.quantile(values[i]!) : NaN;
}
