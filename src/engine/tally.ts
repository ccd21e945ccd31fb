import { SKETCH_LENGTH, type SketchCounts, sketchAdd, sketchMerge } from './sketch.js';

/**
 * Runs up to this many paths keep every path's cash at each checkpoint and report exact
 * quantiles, as long as that is at most EXACT_CASH_VALUES numbers (160 MB); larger runs keep a
 * fixed-size sketch per checkpoint instead (relative error 0.1%), so that memory is bounded by
 * the report, not by the paths.
 */
export const EXACT_CASH_LIMIT = 1_000_000;
export const EXACT_CASH_VALUES = 20_000_000;

/** What one block's simulation writes: counts, and the cash of its n paths at each checkpoint. */
export interface BlockSink {
  /** ruinCount[t]: paths whose first end-of-day cash below zero is step t. */
  readonly ruinCount: Float64Array;
  /** cashAt[k][i]: end-of-day cash of path i at checkpoint k (frozen at the ruin day once ruined). */
  readonly cashAt: Float64Array[];
  /** eventLanded[e]: paths in which event e's money moved (before ruin, within the horizon). */
  readonly eventLanded: Float64Array;
  /** ruinStep[i]: the step at which path i was ruined, or −1. */
  readonly ruinStep: Int32Array;
}

export function emptySink(paths: number, days: number, checkpoints: number, events: number): BlockSink {
  return {
    ruinStep: new Int32Array(paths).fill(-1),
    ruinCount: new Float64Array(days),
    cashAt: Array.from({ length: checkpoints }, () => new Float64Array(paths)),
    eventLanded: new Float64Array(events),
  };
}

/** The tally of one block, as a worker sends it back (its buffers are transferable). */
export interface BlockTally {
  readonly block: number;
  readonly paths: number;
  readonly ruinCount: Float64Array;
  readonly eventLanded: Float64Array;
  /** Per checkpoint: the sum of the block's cash (in path order) and how many paths are below zero. */
  readonly cashSum: Float64Array;
  readonly cashNegative: Float64Array;
  /** Checkpoint-major raw cash, cash[k·paths + i]; empty when the block went into a sketch. */
  readonly cash: Float64Array;
  /** Each path's ruin step (−1: not ruined); empty unless asked for (paired comparisons). */
  readonly ruinStep: Int32Array;
}

/** Packs a block's sink; with `sketches`, its cash goes into them instead of into the message. */
export function toBlockTally(block: number, paths: number, sink: BlockSink, sketches: SketchCounts[] | undefined, keepRuinSteps: boolean): BlockTally {
  const k = sink.cashAt.length;
  const cashSum = new Float64Array(k);
  const cashNegative = new Float64Array(k);
  sink.cashAt.forEach((column, c) => {
    let sum = 0;
    let negative = 0;
    for (let i = 0; i < paths; i++) {
      sum += column[i]!;
      if (column[i]! < 0) negative++;
    }
    cashSum[c] = sum;
    cashNegative[c] = negative;
  });
  let cash = new Float64Array(0);
  if (sketches === undefined) {
    cash = new Float64Array(k * paths);
    sink.cashAt.forEach((column, c) => cash.set(column, c * paths));
  } else {
    sink.cashAt.forEach((column, c) => sketchAdd(sketches[c]!, column, paths));
  }
  const ruinStep = keepRuinSteps ? sink.ruinStep : new Int32Array(0);
  return { block, paths, ruinCount: sink.ruinCount, eventLanded: sink.eventLanded, cashSum, cashNegative, cash, ruinStep };
}

export function emptySketches(checkpoints: number): SketchCounts[] {
  return Array.from({ length: checkpoints }, () => new Uint32Array(SKETCH_LENGTH));
}

export function mergeSketches(into: SketchCounts[], other: readonly SketchCounts[]): void {
  into.forEach((s, k) => sketchMerge(s, other[k]!));
}

/**
 * What the analysis reads of a whole run: counts, per-checkpoint sums (added in block order) and
 * negatives, and either every path's cash (exact) or a sketch per checkpoint.
 */
export interface Tally {
  readonly paths: number;
  readonly days: number;
  readonly ruinCount: Float64Array;
  readonly eventLanded: Float64Array;
  readonly cashSum: Float64Array;
  readonly cashNegative: Float64Array;
  readonly cash: { readonly mode: 'exact'; readonly samples: Float64Array[] } | { readonly mode: 'sketch'; readonly sketches: SketchCounts[] };
  /** Each path's ruin step (−1: not ruined), when the blocks kept them; else empty. */
  readonly ruinStep: Int32Array;
}

/**
 * The tally of a run from its blocks' tallies in block order, and the merged sketches when the
 * blocks went into sketches. Counts are whole numbers (exact in any order), sums are added in block
 * order and cash samples go to their own slots, so nothing depends on the order in which blocks
 * finished. Blocks are released as they are copied.
 */
export function assembleTally(days: number, checkpoints: number, events: number, parts: BlockTally[], sketches: SketchCounts[] | undefined): Tally {
  const paths = parts.reduce((sum, p) => sum + p.paths, 0);
  const ruinCount = new Float64Array(days);
  const eventLanded = new Float64Array(events);
  const cashSum = new Float64Array(checkpoints);
  const cashNegative = new Float64Array(checkpoints);
  const samples = sketches === undefined ? Array.from({ length: checkpoints }, () => new Float64Array(paths)) : [];
  const ruinStep = new Int32Array(parts.every((p) => p.ruinStep.length === p.paths) ? paths : 0);
  let offset = 0;
  for (let b = 0; b < parts.length; b++) {
    const part = parts[b]!;
    for (let t = 0; t < days; t++) ruinCount[t] = ruinCount[t]! + part.ruinCount[t]!;
    for (let e = 0; e < events; e++) eventLanded[e] = eventLanded[e]! + part.eventLanded[e]!;
    for (let k = 0; k < checkpoints; k++) {
      cashSum[k] = cashSum[k]! + part.cashSum[k]!;
      cashNegative[k] = cashNegative[k]! + part.cashNegative[k]!;
      if (sketches === undefined) samples[k]!.set(part.cash.subarray(k * part.paths, (k + 1) * part.paths), offset);
    }
    if (ruinStep.length > 0) ruinStep.set(part.ruinStep, offset);
    offset += part.paths;
    parts[b] = undefined as unknown as BlockTally;
  }
  return {
    paths,
    days,
    ruinCount,
    eventLanded,
    cashSum,
    cashNegative,
    cash: sketches === undefined ? { mode: 'exact', samples } : { mode: 'sketch', sketches },
    ruinStep,
  };
}
