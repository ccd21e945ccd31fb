import { blockCount, blockPaths, usesSketch } from '../engine/simulate.js';
import { TallyFold, tallyShape } from '../engine/tally.js';
import { compile } from '../model/compile.js';
import type { Scenario } from '../scenario/schema.js';
import type { Part } from './part.js';
import { type BlockJob, BlockRunner } from './pool.js';
import { type Execution, threadsFor } from './run.js';

/** Shard i of n: the blocks b with b mod n = i. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The blocks a shard runs, in block order. */
export function shardJobs(paths: number, shard: Shard): BlockJob[] {
  const jobs: BlockJob[] = [];
  for (let b = shard.index; b < blockCount(paths); b += shard.count) jobs.push({ index: b, paths: blockPaths(paths, b) });
  return jobs;
}

/**
 * Runs one shard's blocks of `scenario.paths` paths and returns its part: the blocks folded as
 * they finish, with the shard's sketches of the monthly flows, and of cash when the whole run keeps
 * sketches (decided by the whole run's size, so that every shard makes the choice one process would).
 */
export async function runShard(scenario: Scenario, shard: Shard, execution: Execution, toolVersion: string): Promise<Part> {
  const plan = compile(scenario);
  const jobs = shardJobs(scenario.paths, shard);
  const sketch = usesSketch(scenario.paths, plan.checkpoints.length, execution.exactCashLimit);
  const runner = new BlockRunner(plan, threadsFor(execution, jobs.length), sketch);
  const fold = new TallyFold(tallyShape(plan));
  let done = 0;
  try {
    await runner.stream(
      jobs,
      (block) => {
        fold.add(block);
        execution.onProgress?.(++done, jobs.length);
      },
      execution.signal,
    );
    return { scenario, toolVersion, shardCount: shard.count, shards: [shard.index], fold, sketches: await runner.sketches() };
  } finally {
    await runner.close();
  }
}
