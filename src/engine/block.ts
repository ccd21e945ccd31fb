import type { Plan } from '../model/plan.js';
import { fixedLines } from './fixed-lines.js';
import { drawInputs } from './inputs.js';
import { type Kernel, kernelFor } from './kernel.js';
import { BLOCK_SIZE } from './layout.js';
import { POOL_SIZE, STATE_WORDS } from './random-code.js';
import { putLane, streamState } from './streams.js';
import { FLOW_SKETCH, type SketchCounts, sketchAdd, sketchAddRepeated } from './sketch.js';
import type { BlockSink } from './tally.js';
import type { TraceSink } from './trace.js';

/**
 * Simulates the n paths of block `block` into `sink`: the block's per-path draws and random
 * streams are set up in the plan's kernel (`kernel.ts`), then the kernel runs the days. With a
 * trace, the tracing kernel runs and the trace reads the chosen paths' money after each day.
 *
 * Every stream draws for every path every day, ruined or not, so that the numbers a path sees
 * never depend on what happened to other paths (common random numbers across scenarios).
 */
export function simulateBlock(plan: Plan, block: number, n: number, sink: BlockSink, trace?: TraceSink, flowSketches?: SketchCounts[]): void {
  if (n > BLOCK_SIZE) throw new Error(`bug: ${n} paths in a block of ${BLOCK_SIZE}`);
  const kernel = kernelFor(plan, trace !== undefined);
  const { memory, layout } = kernel;
  drawInputs(plan, kernel, block, n, sink.inputs !== undefined);
  sink.inputs?.forEach((values, j) => values.set(new Float64Array(memory.buffer, layout.inputs[j]!, n)));
  seedStreams(plan, kernel, block);
  writeLandings(plan, kernel, n);
  new Float64Array(memory.buffer, layout.landed, plan.datedEvents.length + plan.triggeredEvents.length).fill(0);
  for (const r of layout.rules) {
    new Float64Array(memory.buffer, r.first, plan.days).fill(0);
    new Float64Array(memory.buffer, r.firings, 1).fill(0);
  }
  kernel.init(n);
  const monthEnds = plan.flows.monthEnds;
  for (let t = 0, month = 0; t < plan.days; t++) {
    sink.ruinCount[t] = sink.ruinCount[t]! + kernel.day(t, n);
    trace?.afterDay(t, kernel);
    if (t === monthEnds[month]) collectMonth(plan, kernel, n, month++, sink, flowSketches);
  }
  collect(plan, kernel, n, sink);
}

/**
 * Each stream's state for the block: the kernel's streams interleaved four to a group (word k of
 * lane j at 4k + j), sharing one position, with their Weyl words; each normal stream's slow
 * stream, its empty pool and counts.
 */
function seedStreams(plan: Plan, kernel: Kernel, block: number): void {
  const { memory, layout } = kernel;
  const buffer = memory.buffer;
  let position: number | undefined;
  plan.streams.forEach((s, k) => {
    const state = streamState(plan.seed, block, s.key);
    if (position !== undefined && state[128] !== position) throw new Error("bug: the kernel's streams are at different positions");
    position = state[128]!;
    const group = layout.groups[k >> 2]!;
    putLane(state, k & 3, new Int32Array(buffer, group.words, 4 * 128), new Int32Array(buffer, group.weyl, 4));
  });
  new Int32Array(buffer, layout.position, 1)[0] = position ?? 0;
  for (const normal of layout.normals) {
    new Int32Array(buffer, normal.spare, STATE_WORDS).set(streamState(plan.seed, block, plan.streams[normal.stream]!.key, 'ziggurat'));
    new Float64Array(buffer, normal.pool, POOL_SIZE).fill(0);
    new Int32Array(buffer, normal.counts, 2).fill(0);
  }
}

/**
 * The dated events' money that lands within the horizon, by day (a stable counting sort, in the
 * kernel; `drawInputs` counted the landings of each day): for each day, its landings in event
 * order, then path order.
 */
function writeLandings(plan: Plan, kernel: Kernel, n: number): void {
  if (plan.datedEvents.length === 0) return;
  const { layout, memory } = kernel;
  const at = layout.inputs;
  const days = plan.days;
  const dayStart = new Int32Array(memory.buffer, layout.landings.dayStart, days + 1);
  for (let t = 0; t < days; t++) dayStart[t + 1] = dayStart[t + 1]! + dayStart[t]!;
  const next = new Int32Array(memory.buffer, layout.landings.next, days + 1);
  next.set(dayStart.subarray(0, days));
  next[days] = layout.landings.capacity;
  plan.datedEvents.forEach((e, k) => kernel.placeLandings(at[e.happensInput]!, at[e.dateInput]!, at[e.amountInput]!, e.sign, k, n, days));
}

/**
 * At the end of month m: each flow series' money of the month for every path (a line's from the
 * kernel, a group's as the sum of its lines' in their order), summed in path order into
 * `sink.flowSum` (with its least and greatest value) and added to its sketch; then the kernel's monthly sums start again from 0.
 */
function collectMonth(plan: Plan, kernel: Kernel, n: number, m: number, sink: BlockSink, sketches: SketchCounts[] | undefined): void {
  const { memory, layout } = kernel;
  const months = plan.flows.monthEnds.length;
  const money = layout.monthMoney.map((at) => new Float64Array(memory.buffer, at, n));
  // a line whose money is the same on every path kept its month once: every path's is that sum
  const monthFixed = new Float64Array(memory.buffer, layout.monthFixed, plan.lines.length);
  const fixed = fixedLines(plan);
  const same = new Map<number, number>();
  fixed.forEach((tree, L) => {
    if (tree === undefined) return;
    same.set(L, monthFixed[L]!);
    money[L]!.fill(monthFixed[L]!);
    monthFixed[L] = 0;
  });
  const group = new Float64Array(memory.buffer, layout.scratch, n);
  plan.flows.series.forEach((series, k) => {
    const cell = k * months + m;
    const x = series.kind === 'line' ? same.get(series.slots[0]!) : undefined;
    if (x !== undefined) {
      // the same money on every path: the sum in path order, the value n times in the sketch
      let sum = 0;
      for (let i = 0; i < n; i++) sum += x;
      sink.flowSum[cell] = sink.flowSum[cell]! + sum;
      sink.flowMin[cell] = x;
      sink.flowMax[cell] = x;
      if (sketches !== undefined && sketches.length > 0) sketchAddRepeated(sketches[cell]!, x, n, FLOW_SKETCH);
      return;
    }
    let values: Float64Array;
    if (series.kind === 'line') values = money[series.slots[0]!]!;
    else {
      values = group.fill(0);
      for (const L of series.slots) for (let i = 0; i < n; i++) values[i] = values[i]! + money[L]![i]!;
    }
    let [sum, least, greatest] = [0, Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      sum += x;
      if (x < least) least = x;
      if (x > greatest) greatest = x;
    }
    sink.flowSum[cell] = sink.flowSum[cell]! + sum;
    sink.flowMin[cell] = least;
    sink.flowMax[cell] = greatest;
    if (sketches !== undefined && sketches.length > 0) sketchAdd(sketches[cell]!, values, n, FLOW_SKETCH);
  });
  for (const column of money) column.fill(0);
}

/** What the block leaves for the tally: checkpoint columns, ruin steps, events' counts, shortfalls. */
function collect(plan: Plan, kernel: Kernel, n: number, sink: BlockSink): void {
  const { memory, layout } = kernel;
  const buffer = memory.buffer;
  const checkpoints = plan.checkpoints.length;
  for (let k = 0; k < checkpoints; k++) sink.columns[k]!.set(new Float64Array(buffer, layout.columns + 8 * BLOCK_SIZE * k, n));
  sink.ruinStep.set(new Int32Array(buffer, layout.ruinStep, n));
  sink.eventLanded.set(new Float64Array(buffer, layout.landed, sink.eventLanded.length));
  layout.rules.forEach((r, k) => {
    sink.fired.set(new Float64Array(buffer, r.first, plan.days), k * plan.days);
    sink.firings[k] = new Float64Array(buffer, r.firings, 1)[0]!;
  });
  // the shortfall columns: the deficit on the ruin day and the deepest since; NaN for paths never ruined
  const alive = new Uint8Array(buffer, layout.alive, n);
  const atRuin = new Float64Array(buffer, layout.atRuin, n);
  const lowest = new Float64Array(buffer, layout.lowest, n);
  const deficit = sink.columns[checkpoints]!;
  const deepest = sink.columns[checkpoints + 1]!;
  for (let i = 0; i < n; i++) {
    deficit[i] = alive[i] === 1 ? NaN : -atRuin[i]!;
    deepest[i] = alive[i] === 1 ? NaN : -lowest[i]!;
  }
}
