import type { Plan } from '../model/plan.js';
import { ExactSums } from './exact-sum.js';
import type { BlockTrace } from './trace.js';
import { CASH_SKETCH, FLOW_SKETCH, MAX_FLOW_SKETCHES, type SketchCounts, emptySketch, sketchAdd, sketchMerge } from './sketch.js';

/**
 * Runs up to this many paths keep every path's cash at each checkpoint and report exact
 * quantiles, as long as that is at most EXACT_CASH_VALUES numbers (160 MB); larger runs keep a
 * fixed-size sketch per checkpoint instead (relative error 0.1%), so that memory is bounded by
 * the report, not by the paths.
 */
export const EXACT_CASH_LIMIT = 1_000_000;
export const EXACT_CASH_VALUES = 20_000_000;

/**
 * Per-path columns a block keeps besides the cash at each checkpoint: the deficit on the ruin day
 * (−cash at its end) and the deepest shortfall (−lowest cash from the ruin day to the horizon,
 * the ledger going on after ruin); NaN for paths never ruined. They are summarised exactly like
 * cash (raw values, or sketches above the exact limit) and skip the NaNs.
 */
export const SHORTFALL_COLUMNS = 2;

/** Columns of a plan's blocks: one per checkpoint, then the shortfall columns. */
export function columnCount(checkpoints: number): number {
  return checkpoints + SHORTFALL_COLUMNS;
}

/** The sizes of a plan's tallies: its days, cash dates, events and management actions' rules. */
export interface TallyShape {
  readonly days: number;
  readonly checkpoints: number;
  readonly events: number;
  readonly rules: number;
  /** Monthly flow cells: series × months (cell s·months + m). */
  readonly flowCells: number;
}

export function tallyShape(plan: Plan): TallyShape {
  return {
    days: plan.days,
    checkpoints: plan.checkpoints.length,
    events: plan.datedEvents.length + plan.triggeredEvents.length,
    rules: plan.rules.length,
    flowCells: plan.flows.series.length * plan.flows.monthEnds.length,
  };
}

/**
 * The sketches a thread fills as its blocks run: cash at each checkpoint (in sketch mode only) and
 * each monthly flow cell (`FLOW_SKETCH`; none above MAX_FLOW_SKETCHES cells), merged over
 * threads at the end of a run.
 */
export interface Sketches {
  readonly cash: SketchCounts[] | undefined;
  readonly flows: SketchCounts[];
}

export function emptySketchSet(shape: TallyShape, cash: boolean): Sketches {
  const flows = shape.flowCells <= MAX_FLOW_SKETCHES ? shape.flowCells : 0;
  return { cash: cash ? emptySketches(shape.checkpoints) : undefined, flows: Array.from({ length: flows }, emptySketch) };
}

export function mergeSketchSets(into: Sketches, other: Sketches): void {
  if (into.cash !== undefined && other.cash !== undefined) mergeSketches(into.cash, other.cash);
  into.flows.forEach((s, k) => sketchMerge(s, other.flows[k]!, FLOW_SKETCH));
}

/** The buffers of a set of sketches, to transfer between threads. */
export function sketchBuffers(s: Sketches): ArrayBuffer[] {
  return [...(s.cash ?? []), ...s.flows].flatMap((c) => [c.pos.counts.buffer as ArrayBuffer, c.neg.counts.buffer as ArrayBuffer]);
}

/** What one block's simulation writes: counts, and per-path columns (cash at each checkpoint, shortfalls). */
export interface BlockSink {
  /** ruinCount[t]: paths whose first end-of-day cash below zero is step t. */
  readonly ruinCount: Float64Array;
  /**
   * columns[k][i]: for k < checkpoints, end-of-day cash of path i at checkpoint k (frozen at the
   * ruin day once ruined); then the SHORTFALL_COLUMNS.
   */
  readonly columns: Float64Array[];
  /** The array the columns are consecutive parts of (column-major, as `BlockTally.cash`). */
  readonly values: Float64Array<ArrayBuffer>;
  /** eventLanded[e]: paths in which event e's money moved (before ruin, within the horizon). */
  readonly eventLanded: Float64Array;
  /** fired[r·days + t]: paths on which rule r first fired on step t, solvent at the end of that day. */
  readonly fired: Float64Array;
  /** firings[r]: rule r's firings on paths solvent at the end of the day. */
  readonly firings: Float64Array;
  /** flowSum[cell]: the sum over the block's paths (in path order) of each monthly flow cell; its least and greatest value. */
  readonly flowSum: Float64Array;
  readonly flowMin: Float64Array;
  readonly flowMax: Float64Array;
  /** ruinStep[i]: the step at which path i was ruined, or −1. */
  readonly ruinStep: Int32Array;
  /** inputs[j][i]: the value of per-path input j on path i, when asked for (sensitivity). */
  readonly inputs: Float64Array[] | undefined;
}

export function emptySink(paths: number, shape: TallyShape, inputs?: number): BlockSink {
  const values = new Float64Array(columnCount(shape.checkpoints) * paths);
  return {
    values,
    ruinStep: new Int32Array(paths).fill(-1),
    ruinCount: new Float64Array(shape.days),
    columns: Array.from({ length: columnCount(shape.checkpoints) }, (_, k) => values.subarray(k * paths, (k + 1) * paths)),
    eventLanded: new Float64Array(shape.events),
    fired: new Float64Array(shape.rules * shape.days),
    firings: new Float64Array(shape.rules),
    flowSum: new Float64Array(shape.flowCells),
    flowMin: new Float64Array(shape.flowCells).fill(Infinity),
    flowMax: new Float64Array(shape.flowCells).fill(-Infinity),
    inputs: inputs === undefined ? undefined : Array.from({ length: inputs }, () => new Float64Array(paths)),
  };
}

/** The tally of one block, as a worker sends it back (its buffers are transferable). */
export interface BlockTally extends ColumnSummary {
  readonly block: number;
  readonly paths: number;
  readonly ruinCount: Float64Array;
  readonly eventLanded: Float64Array;
  readonly fired: Float64Array;
  readonly firings: Float64Array;
  readonly flowSum: Float64Array;
  readonly flowMin: Float64Array;
  readonly flowMax: Float64Array;
  /** Column-major raw values, cash[k·paths + i]; empty when the block went into sketches. */
  readonly cash: Float64Array;
  /** Each path's ruin step (−1: not ruined); empty unless asked for (paired comparisons). */
  readonly ruinStep: Int32Array;
  /** Input-major values of the per-path inputs, inputs[j·paths + i]; empty unless asked for. */
  readonly inputs: Float64Array;
  /** The ledger of chosen paths, when asked for (taken off once written out). */
  trace?: BlockTrace | undefined;
}

/**
 * Per column of a block: the sum of its values (in path order, NaN skipped), how many are below
 * zero, and the least and greatest value (Infinity and −Infinity when every value is NaN).
 */
export interface ColumnSummary {
  readonly cashSum: Float64Array;
  readonly cashNegative: Float64Array;
  readonly cashMin: Float64Array;
  readonly cashMax: Float64Array;
}

/** The summary of `columns`, each of `paths` values (column k is values[k·paths … (k + 1)·paths)). */
export function summariseColumns(values: Float64Array, columns: number, paths: number): ColumnSummary {
  const summary = { cashSum: new Float64Array(columns), cashNegative: new Float64Array(columns), cashMin: new Float64Array(columns), cashMax: new Float64Array(columns) };
  for (let c = 0; c < columns; c++) {
    let sum = 0;
    let negative = 0;
    let least = Infinity;
    let greatest = -Infinity;
    for (let i = c * paths; i < (c + 1) * paths; i++) {
      const x = values[i]!;
      if (x !== x) continue; // NaN: not ruined (shortfall columns)
      sum += x;
      if (x < 0) negative++;
      if (x < least) least = x;
      if (x > greatest) greatest = x;
    }
    summary.cashSum[c] = sum;
    summary.cashNegative[c] = negative;
    summary.cashMin[c] = least;
    summary.cashMax[c] = greatest;
  }
  return summary;
}

/** Packs a block's sink; with `sketches`, its cash goes into them instead of into the message. */
export function toBlockTally(block: number, paths: number, sink: BlockSink, sketches: SketchCounts[] | undefined, keepRuinSteps: boolean): BlockTally {
  const summary = summariseColumns(sink.values, sink.columns.length, paths);
  if (sketches !== undefined) sink.columns.forEach((column, c) => sketchAdd(sketches[c]!, column, paths));
  const cash = sketches === undefined ? sink.values : new Float64Array(0);
  const ruinStep = keepRuinSteps ? sink.ruinStep : new Int32Array(0);
  const inputs = new Float64Array(sink.inputs === undefined ? 0 : sink.inputs.length * paths);
  sink.inputs?.forEach((values, j) => inputs.set(values, j * paths));
  return { block, paths, ruinCount: sink.ruinCount, eventLanded: sink.eventLanded, fired: sink.fired, firings: sink.firings, flowSum: sink.flowSum, flowMin: sink.flowMin, flowMax: sink.flowMax, ...summary, cash, ruinStep, inputs };
}

export function emptySketches(checkpoints: number): SketchCounts[] {
  return Array.from({ length: columnCount(checkpoints) }, emptySketch);
}

export function mergeSketches(into: SketchCounts[], other: readonly SketchCounts[]): void {
  into.forEach((s, k) => sketchMerge(s, other[k]!, CASH_SKETCH));
}

/**
 * What the analysis reads of a whole run: counts, exact per-checkpoint sums, negatives and
 * extremes, and either every path's cash (exact) or a sketch per checkpoint.
 */
export interface Tally {
  readonly paths: number;
  readonly days: number;
  readonly ruinCount: Float64Array;
  readonly eventLanded: Float64Array;
  /** Per rule and step, and per rule: as `BlockSink.fired` and `firings`, over all paths. */
  readonly fired: Float64Array;
  readonly firings: Float64Array;
  /** Per monthly flow cell: the sum over all paths (exact, rounded once), the least and greatest value, and its sketch over paths. */
  readonly flowSum: Float64Array;
  readonly flowMin: Float64Array;
  readonly flowMax: Float64Array;
  readonly flowSketches: SketchCounts[];
  /** Per column (checkpoints, then shortfalls): the sum (exact, rounded once), values below zero, least and greatest value. */
  readonly cashSum: Float64Array;
  readonly cashNegative: Float64Array;
  readonly cashMin: Float64Array;
  readonly cashMax: Float64Array;
  /**
   * Exact mode: `column(k)`, column k's value on every path in path order, gathered from the
   * blocks when asked into one buffer that the next call reuses (a run of 1,000,000 paths touches
   * 8 MB for it, not a fresh array for every column: first touches of fresh memory cost more than
   * the copies). Sketch mode: a sketch per column.
   */
  readonly cash: { readonly mode: 'exact'; readonly column: (k: number) => Float64Array } | { readonly mode: 'sketch'; readonly sketches: SketchCounts[] };
  /** Each path's ruin step (−1: not ruined), when the blocks kept them; else empty. */
  readonly ruinStep: Int32Array;
  /** inputs[j][i]: per-path input j on path i, when the blocks kept them; else empty. */
  readonly inputs: Float64Array[];
}

/** The tally of a run from its blocks' tallies, and the merged sketches when the blocks went into sketches (`TallyFold` over the parts). */
export function assembleTally(shape: TallyShape, parts: BlockTally[], sketchSet: Sketches | undefined, inputCount = 0): Tally {
  const fold = new TallyFold(shape, inputCount);
  for (let b = 0; b < parts.length; b++) {
    fold.add(parts[b]!);
    parts[b] = undefined as unknown as BlockTally; // released as it is folded
  }
  return fold.finish(sketchSet);
}

/** The per-path arrays a fold keeps of one block (cash in exact mode; ruin steps and inputs when asked for). */
export interface KeptBlock {
  readonly block: number;
  readonly paths: number;
  readonly cash: Float64Array;
  readonly ruinStep: Int32Array;
  readonly inputs: Float64Array;
}

/**
 * A run's tally folded from its blocks' tallies as they finish, in any order, or from other folds
 * (the shards of a run): counts are whole numbers and sums are kept exactly (`ExactSums`), so the
 * tally is the same whatever the order, the threads, the shards or the merges. A block's per-day
 * and per-cell arrays are dropped once added. What it keeps grows only with what the run asked to
 * keep per path (cash in exact mode, ruin steps, inputs), never with the days, cells or blocks.
 */
export class TallyFold {
  readonly ruinCount: Float64Array;
  readonly eventLanded: Float64Array;
  readonly fired: Float64Array;
  readonly firings: Float64Array;
  readonly flowSum: ExactSums;
  readonly flowMin: Float64Array;
  readonly flowMax: Float64Array;
  readonly cashSum: ExactSums;
  readonly cashNegative: Float64Array;
  readonly cashMin: Float64Array;
  readonly cashMax: Float64Array;
  /** The per-path arrays of the blocks folded so far (those that kept any), in the order they came. */
  readonly kept: KeptBlock[] = [];
  paths = 0;

  constructor(
    readonly shape: TallyShape,
    private readonly inputCount = 0,
  ) {
    const columns = columnCount(shape.checkpoints);
    this.ruinCount = new Float64Array(shape.days);
    this.eventLanded = new Float64Array(shape.events);
    this.fired = new Float64Array(shape.rules * shape.days);
    this.firings = new Float64Array(shape.rules);
    this.flowSum = new ExactSums(shape.flowCells);
    this.flowMin = new Float64Array(shape.flowCells).fill(Infinity);
    this.flowMax = new Float64Array(shape.flowCells).fill(-Infinity);
    this.cashSum = new ExactSums(columns);
    this.cashNegative = new Float64Array(columns);
    this.cashMin = new Float64Array(columns).fill(Infinity);
    this.cashMax = new Float64Array(columns).fill(-Infinity);
  }

  /** Adds a block's tally. */
  add(part: BlockTally): void {
    this.addCounts(part);
    this.flowSum.addEach(part.flowSum);
    this.addColumns(part);
    if (part.cash.length + part.ruinStep.length + part.inputs.length > 0) this.kept.push({ block: part.block, paths: part.paths, cash: part.cash, ruinStep: part.ruinStep, inputs: part.inputs });
    this.paths += part.paths;
  }

  /** Adds a block's column summary alone (a merge reading a part's exact cash block by block). */
  addColumns(summary: ColumnSummary): void {
    this.cashSum.addEach(summary.cashSum);
    this.addColumnCounts(summary);
  }

  /** Adds another fold of the same shape (another shard's blocks). */
  absorb(other: TallyFold): void {
    this.addCounts(other);
    this.flowSum.absorb(other.flowSum);
    this.cashSum.absorb(other.cashSum);
    this.addColumnCounts(other);
    this.kept.push(...other.kept);
    this.paths += other.paths;
  }

  /** The whole counts and extremes a block's tally and a fold both have. */
  private addCounts(from: Pick<BlockTally, 'ruinCount' | 'eventLanded' | 'fired' | 'firings' | 'flowMin' | 'flowMax'>): void {
    addInto(this.ruinCount, from.ruinCount);
    addInto(this.eventLanded, from.eventLanded);
    addInto(this.fired, from.fired);
    addInto(this.firings, from.firings);
    lowest(this.flowMin, from.flowMin);
    highest(this.flowMax, from.flowMax);
  }

  private addColumnCounts(from: Pick<ColumnSummary, 'cashNegative' | 'cashMin' | 'cashMax'>): void {
    addInto(this.cashNegative, from.cashNegative);
    lowest(this.cashMin, from.cashMin);
    highest(this.cashMax, from.cashMax);
  }

  /** The tally of the blocks folded, their per-path arrays in block order; the fold is done with then. */
  finish(sketchSet: Sketches | undefined): Tally {
    const sketches = sketchSet?.cash;
    const columns = columnCount(this.shape.checkpoints);
    const paths = this.paths;
    const kept = [...this.kept].sort((a, b) => a.block - b.block);
    const keepInputs = kept.length > 0 && kept.every((p) => p.inputs.length === this.inputCount * p.paths && p.inputs.length > 0);
    const inputs = keepInputs ? Array.from({ length: this.inputCount }, () => new Float64Array(paths)) : [];
    const ruinStep = new Int32Array(kept.length > 0 && kept.every((p) => p.ruinStep.length === p.paths) && kept.reduce((n, p) => n + p.paths, 0) === paths ? paths : 0);
    let offset = 0;
    for (const part of kept) {
      if (ruinStep.length > 0) ruinStep.set(part.ruinStep, offset);
      inputs.forEach((values, j) => values.set(part.inputs.subarray(j * part.paths, (j + 1) * part.paths), offset));
      offset += part.paths;
    }
    return {
      paths,
      days: this.shape.days,
      ruinCount: this.ruinCount,
      eventLanded: this.eventLanded,
      fired: this.fired,
      firings: this.firings,
      flowSum: this.flowSum.values(),
      flowMin: this.flowMin,
      flowMax: this.flowMax,
      flowSketches: sketchSet?.flows ?? [],
      cashSum: this.cashSum.values(),
      cashNegative: this.cashNegative,
      cashMin: this.cashMin,
      cashMax: this.cashMax,
      cash: sketches === undefined ? { mode: 'exact', column: exactColumns(kept, paths, columns) } : { mode: 'sketch', sketches },
      ruinStep,
      inputs,
    };
  }
}

/** Column k of the kept blocks' cash (in block order), into one buffer reused from call to call. */
function exactColumns(kept: readonly KeptBlock[], paths: number, columns: number): (k: number) => Float64Array {
  let buffer: Float64Array | undefined;
  return (k) => {
    if (!(k >= 0 && k < columns)) throw new Error(`bug: no cash column ${k}`);
    buffer ??= new Float64Array(paths);
    let offset = 0;
    for (const part of kept) {
      buffer.set(part.cash.subarray(k * part.paths, (k + 1) * part.paths), offset);
      offset += part.paths;
    }
    return buffer;
  };
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let k = 0; k < into.length; k++) into[k] = into[k]! + from[k]!;
}

function lowest(into: Float64Array, from: Float64Array): void {
  for (let k = 0; k < into.length; k++) into[k] = Math.min(into[k]!, from[k]!);
}

function highest(into: Float64Array, from: Float64Array): void {
  for (let k = 0; k < into.length; k++) into[k] = Math.max(into[k]!, from[k]!);
}
