import type { Plan } from '../model/plan.js';
import { BLOCK_SIZE, simulateBlock } from './simulate-block.js';
import { type Tally, emptyTally } from './tally.js';

/**
 * Runs `paths` paths of a plan, block by block: block b holds paths [b·BLOCK_SIZE, …) and draws
 * from streams keyed by (seed, b, driver). The tally is a pure function of (plan, paths).
 */
export function simulate(plan: Plan, paths: number): Tally {
  const tally = emptyTally(paths, plan.days, plan.checkpoints.length, plan.datedEvents.length + plan.triggeredEvents.length);
  for (let block = 0, offset = 0; offset < paths; block++, offset += BLOCK_SIZE) {
    simulateBlock(plan, block, offset, Math.min(BLOCK_SIZE, paths - offset), tally);
  }
  return tally;
}
