import type { Result } from '../analysis/result.js';
import { type PartialBlocks, deserializeBlock, deserializeSketch, serializeBlocks } from '../engine/partial.js';
import { assemble, blockCount, blockPaths, usesSketch } from '../engine/simulate.js';
import { CASH_SKETCH, FLOW_SKETCH } from '../engine/sketch.js';
import { emptySketchSet, mergeSketchSets, tallyShape } from '../engine/tally.js';
import { compile } from '../model/compile.js';
import type { Scenario } from '../scenario/schema.js';
import { type BlockJob, BlockRunner } from './pool.js';
import { type Execution, resultOf, threadsFor } from './run.js';

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
 * Runs one shard's blocks of `scenario.paths` paths and returns them serialised, with the shard's
 * sketches of the monthly flows, and of cash when the whole run keeps sketches (decided by the whole run's size, so
 * that every shard makes the same choice as one process would).
 */
export async function runShard(scenario: Scenario, shard: Shard, execution: Execution): Promise<PartialBlocks> {
  const plan = compile(scenario);
  const jobs = shardJobs(scenario.paths, shard);
  const sketch = usesSketch(scenario.paths, plan.checkpoints.length, execution.exactCashLimit);
  const runner = new BlockRunner(plan, threadsFor(execution, jobs.length), sketch);
  let done = 0;
  try {
    const parts = await runner.run(jobs, () => execution.onProgress?.(++done, jobs.length), execution.signal);
    return serializeBlocks(parts, await runner.sketches());
  } finally {
    await runner.close();
  }
}

/** The Result of a whole run from the partial tallies of all its shards (checked to fit by the caller). */
export function mergeShards(scenario: Scenario, toolVersion: string, parts: readonly PartialBlocks[]): Result {
  const plan = compile(scenario);
  const blocks = parts
    .flatMap((p) => p.blocks)
    .sort((a, b) => a.block - b.block)
    .map((b) => deserializeBlock(b, plan.days, plan.rules.length));
  const sketches = emptySketchSet(tallyShape(plan), parts.some((p) => p.sketches !== undefined));
  for (const p of parts) {
    mergeSketchSets(sketches, { cash: p.sketches?.map((pairs) => deserializeSketch(pairs, CASH_SKETCH)), flows: p.flowSketches.map((pairs) => deserializeSketch(pairs, FLOW_SKETCH)) });
  }
  return resultOf(scenario, plan, assemble(plan, blocks, sketches), toolVersion, undefined).result;
}
