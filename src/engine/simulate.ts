import type { SketchCounts } from './sketch.js';
import type { Plan } from '../model/plan.js';
import { BLOCK_SIZE, simulateBlock } from './simulate-block.js';
import { type BlockTally, EXACT_CASH_LIMIT, EXACT_CASH_VALUES, type Tally, assembleTally, emptySketches, emptySink, toBlockTally } from './tally.js';

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
  return paths > exactLimit || paths * checkpoints > EXACT_CASH_VALUES;
}

/**
 * Simulates block `block` with `n` paths; with `sketches`, its cash goes into them; with
 * `keepRuinSteps`, the tally carries each path's ruin step (for paired comparisons).
 */
export function simulateOneBlock(plan: Plan, block: number, n: number, sketches?: SketchCounts[], keepRuinSteps = false): BlockTally {
  const sink = emptySink(n, plan.days, plan.checkpoints.length, plan.datedEvents.length + plan.triggeredEvents.length);
  simulateBlock(plan, block, n, sink);
  return toBlockTally(block, n, sink, sketches, keepRuinSteps);
}

/** The run's tally from its blocks in block order. */
export function assemble(plan: Plan, parts: BlockTally[], sketches: SketchCounts[] | undefined): Tally {
  return assembleTally(plan.days, plan.checkpoints.length, plan.datedEvents.length + plan.triggeredEvents.length, parts, sketches);
}

/**
 * Runs `paths` paths of a plan in this thread, block by block: block b holds paths
 * [b·BLOCK_SIZE, …) and draws from streams keyed by (seed, b, driver). The tally is a pure
 * function of (plan, paths); a `BlockRunner` on worker threads gives the same tally.
 */
export function simulate(plan: Plan, paths: number, keepRuinSteps = false): Tally {
  const sketches = usesSketch(paths, plan.checkpoints.length) ? emptySketches(plan.checkpoints.length) : undefined;
  const parts: BlockTally[] = [];
  for (let block = 0; block < blockCount(paths); block++) parts.push(simulateOneBlock(plan, block, blockPaths(paths, block), sketches, keepRuinSteps));
  return assemble(plan, parts, sketches);
}
