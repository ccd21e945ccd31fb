import { BLOCK_SIZE } from '../engine/layout.js';
import { blockPaths, simulateOneBlock } from '../engine/simulate.js';
import { compile } from '../model/compile.js';
import type { Plan } from '../model/plan.js';
import type { Scenario } from '../scenario/schema.js';
import { civilDate } from '../util/calendar.js';
import { type Ledger, ledgerOf } from './ledger.js';

/** Steps at which ledger rows end: every day, or each month end and the horizon. */
export function ledgerRowEnds(plan: Plan, every: 'day' | 'month'): Int32Array {
  if (every === 'day') return Int32Array.from({ length: plan.days }, (_, t) => t);
  const ends: number[] = [];
  for (let t = 0; t < plan.days; t++) if (t === plan.days - 1 || civilDate(plan.startDay + t + 1).day === 1) ends.push(t);
  return Int32Array.from(ends);
}

/**
 * Path `path` of a run of the scenario, alone: its block is simulated exactly as in the full run
 * (same streams, same draws; the block's other paths are computed and dropped) and the path's
 * ledger returned, so it is identical to that path inside the full run.
 */
export function replayPath(scenario: Scenario, path: number, every: 'day' | 'month' = 'day'): { plan: Plan; ledger: Ledger } {
  const plan = compile(scenario);
  const block = Math.floor(path / BLOCK_SIZE);
  const part = simulateOneBlock(plan, block, blockPaths(scenario.paths, block), undefined, {
    trace: { paths: Int32Array.of(path - block * BLOCK_SIZE), rowEnds: ledgerRowEnds(plan, every) },
  });
  return { plan, ledger: ledgerOf(part.trace!) };
}
