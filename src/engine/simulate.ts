import type { Plan } from '../model/plan.js';
import { BLOCK_SIZE, simulateBlock } from './simulate-block.js';
import { type BlockTally, type Tally, emptyTally, toBlockTally } from './tally.js';

/** Number of blocks for `paths` paths. */
export function blockCount(paths: number): number {
  return Math.ceil(paths / BLOCK_SIZE);
}

/** Paths in block b of a run of `paths` paths. */
export function blockPaths(paths: number, block: number): number {
  return Math.min(BLOCK_SIZE, paths - block * BLOCK_SIZE);
}

export function emptyTallyFor(plan: Plan, paths: number): Tally {
  return emptyTally(paths, plan.days, plan.checkpoints.length, plan.datedEvents.length + plan.triggeredEvents.length);
}

/** Simulates block `block` with `n` paths on its own. */
export function simulateOneBlock(plan: Plan, block: number, n: number): BlockTally {
  const tally = emptyTallyFor(plan, n);
  simulateBlock(plan, block, 0, n, tally);
  return toBlockTally(block, tally);
}

/**
 * Runs `paths` paths of a plan in this thread, block by block: block b holds paths
 * [b·BLOCK_SIZE, …) and draws from streams keyed by (seed, b, driver). The tally is a pure
 * function of (plan, paths); `simulateInWorkers` gives the same tally on several threads.
 */
export function simulate(plan: Plan, paths: number, onBlock?: (done: number, total: number) => void): Tally {
  const tally = emptyTallyFor(plan, paths);
  const total = blockCount(paths);
  for (let block = 0; block < total; block++) {
    simulateBlock(plan, block, block * BLOCK_SIZE, blockPaths(paths, block), tally);
    onBlock?.(block + 1, total);
  }
  return tally;
}
