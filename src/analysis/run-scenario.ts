import { type BlockJob, BlockRunner } from '../engine/pool.js';
import { NORMAL_ALGORITHM, RNG_ALGORITHM } from '../engine/random.js';
import { assemble, blockCount, blockPaths, simulate, usesSketch } from '../engine/simulate.js';
import { BLOCK_SIZE } from '../engine/simulate-block.js';
import type { BlockTally, Tally } from '../engine/tally.js';
import { compile } from '../model/compile.js';
import type { Plan } from '../model/plan.js';
import { provenanceOf, scenarioHash } from '../scenario/canonical.js';
import type { Scenario } from '../scenario/schema.js';
import { analyse } from './analyse.js';
import type { Result } from './result.js';
import { wilsonInterval } from './wilson.js';

export interface RunOptions {
  /** Worker threads; 1 runs in this thread. The result does not depend on it. */
  readonly threads: number;
  /** Called after each finished block with (blocks done, blocks planned so far). */
  readonly onProgress?: (done: number, planned: number) => void;
  /** Abort: stops handing out blocks and terminates the workers. */
  readonly signal?: AbortSignal;
  /**
   * Adaptive precision: run whole blocks, starting from `scenario.paths` rounded up to whole
   * blocks and doubling, until the 95% Wilson half-width of P(ruin by every report date) is at
   * most `target`, or `maxPaths` is reached.
   */
  readonly precision?: { readonly target: number; readonly maxPaths: number };
  /** Runs of more paths keep cash in sketches (default 1,000,000; lower it to test the sketch path). */
  readonly exactCashLimit?: number;
  /** Keep each path's ruin step in the tally (4 bytes a path), for paired comparisons. */
  readonly keepRuinSteps?: boolean;
}

/** A Result with the tally it came from (for comparisons, which pair paths across scenarios). */
export interface Run {
  readonly result: Result;
  readonly tally: Tally;
}

/**
 * The whole pipeline below the CLI, in this thread: compile a validated scenario, simulate
 * `scenario.paths` paths with `scenario.seed`, and analyse the tally. A pure function of its
 * arguments.
 */
export function runScenario(scenario: Scenario, toolVersion: string): Result {
  const plan = compile(scenario);
  return resultOf(scenario, plan, simulate(plan, scenario.paths), toolVersion, undefined).result;
}

/**
 * The same Result as `runScenario`, on worker threads, optionally to a target precision. Blocks
 * are merged by index, so the Result never depends on the thread count; with `precision`, the
 * number of paths is decided only from whole, ordered prefixes of blocks, so it is deterministic
 * for a seed too.
 */
export async function runScenarioInWorkers(scenario: Scenario, toolVersion: string, options: RunOptions): Promise<Result> {
  return (await runWithTally(scenario, toolVersion, options)).result;
}

/** `runScenarioInWorkers`, also returning the tally. */
export async function runWithTally(scenario: Scenario, toolVersion: string, options: RunOptions): Promise<Run> {
  const plan = compile(scenario);
  const precision = options.precision;
  const maxBlocks = precision === undefined ? Infinity : Math.max(1, Math.floor(precision.maxPaths / BLOCK_SIZE));
  let planned = Math.min(blockCount(scenario.paths), maxBlocks);
  const maxPaths = precision === undefined ? scenario.paths : precision.maxPaths;
  // a run that may grow past the exact limit (its paths, or --max-paths) keeps sketches from the
  // start: blocks are summarised as they finish, so the decision cannot wait for the stopping rule
  const sketch = usesSketch(maxPaths, options.exactCashLimit);
  const runner = new BlockRunner(plan, scenario, Math.max(1, Math.min(options.threads, planned)), sketch, options.keepRuinSteps ?? false);
  const finish = async (parts: BlockTally[]) => assemble(plan, parts, sketch ? await runner.sketches() : undefined);
  let done = 0;
  const onBlock = () => options.onProgress?.(++done, planned);
  const jobs = (first: number, last: number, paths: number): BlockJob[] =>
    Array.from({ length: last - first }, (_, k) => ({ index: first + k, paths: blockPaths(paths, first + k) }));
  try {
    if (precision === undefined) {
      const parts = await runner.run(jobs(0, planned, scenario.paths), onBlock, options.signal);
      return resultOf(scenario, plan, await finish(parts), toolVersion, undefined);
    }
    const parts: BlockTally[] = [];
    const ruinCount = new Float64Array(plan.days);
    for (let ran = 0; ; ) {
      const round = await runner.run(jobs(ran, planned, planned * BLOCK_SIZE), onBlock, options.signal);
      for (const part of round) for (let t = 0; t < plan.days; t++) ruinCount[t] = ruinCount[t]! + part.ruinCount[t]!;
      parts.push(...round);
      ran = planned;
      const halfWidth = widestHalfWidth(plan, ruinCount, ran * BLOCK_SIZE);
      if (halfWidth <= precision.target || ran >= maxBlocks) {
        const used = { ...scenario, paths: ran * BLOCK_SIZE };
        return resultOf(used, plan, await finish(parts), toolVersion, { target: precision.target, maxPaths: precision.maxPaths, met: halfWidth <= precision.target, halfWidth });
      }
      planned = Math.min(maxBlocks, 2 * ran);
    }
  } finally {
    await runner.close();
  }
}

/** The largest 95% Wilson half-width of P(ruin by date) over the report dates. */
function widestHalfWidth(plan: Plan, ruinCount: Float64Array, paths: number): number {
  let widest = 0;
  let k = 0;
  let t = 0;
  for (const step of plan.reportSteps) {
    for (; t <= step; t++) k += ruinCount[t]!;
    const ci = wilsonInterval(k, paths);
    widest = Math.max(widest, (ci.high - ci.low) / 2);
  }
  return widest;
}

function resultOf(scenario: Scenario, plan: Plan, tally: Tally, toolVersion: string, precision: Result['run']['precision']): Run {
  return { tally, result: analysis(scenario, plan, tally, toolVersion, precision) };
}

function analysis(scenario: Scenario, plan: Plan, tally: Tally, toolVersion: string, precision: Result['run']['precision']): Result {
  return analyse(plan, tally, {
    toolVersion,
    scenarioName: scenario.name,
    scenarioSha256: scenarioHash(scenario),
    seed: scenario.seed,
    blockSize: BLOCK_SIZE,
    rng: RNG_ALGORITHM,
    normal: NORMAL_ALGORITHM,
    provenance: provenanceOf(scenario),
    precision,
  });
}
