import type { Plan } from '../model/plan.js';
import { simulateBlock } from './block.js';
import { BLOCK_SIZE } from './layout.js';
import { type BlockTally, EXACT_CASH_LIMIT, EXACT_CASH_VALUES, type Sketches, type Tally, assembleTally, columnCount, emptySketchSet, emptySink, tallyShape, toBlockTally } from './tally.js';
import { TraceSink } from './trace.js';

/** Number of blocks for `paths` paths. */
export function blockCount(paths: number): number {
  return Math.ceil(paths / BLOCK_SIZE);
}

/** Paths in block b of a run of `paths` paths. */
export function blockPaths(paths: number, block: number): number {
  return Math.min(BLOCK_SIZE, paths - block * BLOCK_SIZE);
}

/** Whether a run of `paths` paths with `checkpoints` cash dates keeps cash in sketches rather than exactly. */
export function usesSketch(paths: number, checkpoints: number, exactLimit = EXACT_CASH_LIMIT): boolean {
  return paths > exactLimit || paths * columnCount(checkpoints) > EXACT_CASH_VALUES;
}

/** What a block's tally carries besides the counts: each path's ruin step, input values, ledger. */
export interface BlockExtras {
  /** Each path's ruin step (paired comparisons, sensitivity). */
  readonly keepRuinSteps?: boolean;
  /** Each path's input values (sensitivity). */
  readonly keepInputs?: boolean;
  /** The ledger of these paths (block-local indices, ascending) with rows ending at these steps. */
  readonly trace?: { readonly paths: Int32Array; readonly rowEnds: Int32Array; readonly perLine?: boolean };
}

/**
 * Simulates block `block` with `n` paths; with `sketches`, its monthly flows go into them (and its
 * cash, when they have cash sketches); `extras`
 * says what else the tally carries.
 */
export function simulateOneBlock(plan: Plan, block: number, n: number, sketches?: Sketches, extras: BlockExtras = {}): BlockTally {
  const sink = emptySink(n, tallyShape(plan), extras.keepInputs === true ? plan.inputs.length : undefined);
  const trace = extras.trace === undefined ? undefined : new TraceSink(block, extras.trace.paths, extras.trace.rowEnds, plan, extras.trace.perLine === true);
  simulateBlock(plan, block, n, sink, trace, sketches?.flows);
  const tally = toBlockTally(block, n, sink, sketches?.cash, extras.keepRuinSteps === true);
  return trace === undefined ? tally : { ...tally, trace: trace.result() };
}

/** The run's tally from its blocks in block order. */
export function assemble(plan: Plan, parts: BlockTally[], sketches: Sketches | undefined): Tally {
  return assembleTally(tallyShape(plan), parts, sketches, plan.inputs.length);
}

/**
 * Runs `paths` paths of a plan in this thread, block by block: block b holds paths
 * [b·BLOCK_SIZE, …) and draws from streams keyed by (seed, b, driver). The tally is a pure
 * function of (plan, paths); a `BlockRunner` on worker threads gives the same tally.
 */
export function simulate(plan: Plan, paths: number, extras: BlockExtras = {}): Tally {
  const sketches = emptySketchSet(tallyShape(plan), usesSketch(paths, plan.checkpoints.length));
  const parts: BlockTally[] = [];
  for (let block = 0; block < blockCount(paths); block++) parts.push(simulateOneBlock(plan, block, blockPaths(paths, block), sketches, extras));
  return assemble(plan, parts, sketches);
}
