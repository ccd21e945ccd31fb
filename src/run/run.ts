import { analyse } from '../analysis/analyse.js';
import { assertFinite } from '../analysis/overflow.js';
import type { Result } from '../analysis/result.js';
import { wilsonInterval } from '../analysis/wilson.js';
import { BLOCK_SIZE } from '../engine/layout.js';
import { type BlockExtras, blockCount, blockPaths, simulate, usesSketch } from '../engine/simulate.js';
import { NORMAL_ALGORITHM, RNG_ALGORITHM } from '../engine/streams.js';
import { type BlockTally, type Tally, TallyFold, tallyShape } from '../engine/tally.js';
import type { BlockTrace } from '../engine/trace.js';
import { compile } from '../model/compile.js';
import type { Plan } from '../model/plan.js';
import { provenanceOf, scenarioHash } from '../scenario/canonical.js';
import type { Scenario } from '../scenario/schema.js';
import { type Ledger, ledgerOf, sampledPaths } from './ledger.js';
import { type BlockJob, BlockRunner, type WorkerPool } from './pool.js';

/** How a run is carried out; the Result never depends on any of it. */
export interface Execution {
  /** Threads; 1 runs in this thread. */
  readonly threads: number;
  /** Called after each finished block with (blocks done, blocks planned so far). */
  readonly onProgress?: (done: number, planned: number) => void;
  /** Abort: stops handing out blocks and terminates the workers. */
  readonly signal?: AbortSignal;
  /** Fewest blocks worth a worker thread (default 24): starting workers costs more than small runs gain. */
  readonly minBlocksPerThread?: number;
  /** Runs of more paths keep cash in sketches (default 1,000,000; tests lower it to reach the sketches). */
  readonly exactCashLimit?: number;
  /** Workers to borrow instead of starting new ones (several runs in a row). */
  readonly pool?: WorkerPool;
}

/** A Result with the tally and plan it came from (for comparisons, which pair paths across scenarios). */
export interface Run {
  readonly result: Result;
  readonly tally: Tally;
  readonly plan: Plan;
}

/**
 * When to stop adding paths: `done` sees the ruined paths by each report date (in the order of
 * the plan's report steps) and the paths run so far, after each round of whole blocks.
 */
export interface StoppingRule {
  readonly maxPaths: number;
  readonly done: (ruinedByReportDate: readonly number[], paths: number) => boolean;
}

/** Ledgers of chosen paths: `sample` of them (or all), rows ending at `rowEnds`; `write` takes each block's ledger in block order. */
export interface TraceRequest {
  readonly sample: number | 'all';
  readonly rowEnds: Int32Array;
  /** Keep each line's money per row too (`Ledger.lines`). */
  readonly perLine?: boolean;
  readonly write: (ledger: Ledger) => void;
}

/** What a run keeps besides the Result's tallies. */
interface Keep {
  readonly ruinSteps?: boolean;
  readonly inputs?: boolean;
  readonly trace?: TraceRequest;
}

/**
 * The whole pipeline below the CLI, in this thread: compile, simulate `scenario.paths` paths with
 * `scenario.seed`, analyse. A pure function of its arguments.
 */
export function runInThread(scenario: Scenario, toolVersion: string): Result {
  const plan = compile(scenario);
  return resultOf(scenario, plan, simulate(plan, scenario.paths), toolVersion, undefined).result;
}

/** The same Result as `runInThread`, on `execution.threads` threads. */
export async function runScenario(scenario: Scenario, toolVersion: string, execution: Execution): Promise<Result> {
  return (await execute(compile(scenario), scenario, toolVersion, execution, {})).result;
}

/** A run that also keeps each path's ruin step (and, for sensitivity, its inputs) in the tally; `plan` is the scenario's, if compiled already. */
export async function runKeeping(scenario: Scenario, toolVersion: string, execution: Execution, keep: { ruinSteps: boolean; inputs?: boolean }, plan = compile(scenario)): Promise<Run> {
  return execute(plan, scenario, toolVersion, execution, keep);
}

/** A run that writes the ledgers of chosen paths as their blocks finish (in block order); `plan` is the scenario's, if compiled already. */
export async function runTraced(scenario: Scenario, toolVersion: string, execution: Execution, trace: TraceRequest, plan = compile(scenario)): Promise<Result> {
  return (await execute(plan, scenario, toolVersion, execution, { trace })).result;
}

/**
 * Adaptive precision: whole blocks, from `scenario.paths` rounded up to whole blocks and
 * doubling, until the 95% Wilson half-width of P(ruin by every report date) is at most `target`,
 * or `maxPaths` is reached; the Result records what was reached.
 */
export async function runToPrecision(scenario: Scenario, toolVersion: string, execution: Execution, precision: { target: number; maxPaths: number }): Promise<Result> {
  const until: StoppingRule = { maxPaths: precision.maxPaths, done: (ruinedBy, paths) => widestHalfWidth(ruinedBy, paths) <= precision.target };
  const { result } = await runUntil(scenario, toolVersion, execution, until);
  const halfWidth = Math.max(...result.ruin.byDate.map((r) => (r.ci95.high - r.ci95.low) / 2));
  return { ...result, run: { ...result.run, precision: { target: precision.target, maxPaths: precision.maxPaths, met: halfWidth <= precision.target, halfWidth } } };
}

/**
 * Whole blocks, from the scenario's paths rounded up to whole blocks and doubling, until the rule
 * is satisfied or maxPaths reached. The rule only ever sees whole, ordered prefixes of blocks, so
 * the outcome is deterministic for a seed.
 */
export async function runUntil(scenario: Scenario, toolVersion: string, execution: Execution, until: StoppingRule): Promise<Run> {
  return execute(compile(scenario), scenario, toolVersion, execution, {}, until);
}

async function execute(plan: Plan, scenario: Scenario, toolVersion: string, execution: Execution, keep: Keep, until?: StoppingRule): Promise<Run> {
  const maxBlocks = until === undefined ? Infinity : Math.max(1, Math.floor(until.maxPaths / BLOCK_SIZE));
  let planned = Math.min(blockCount(scenario.paths), maxBlocks);
  // a run that may grow past the exact limit (its paths, or the cap) keeps sketches from the
  // start: blocks are summarised as they finish, so the decision cannot wait for the stopping rule
  const sketch = usesSketch(until === undefined ? scenario.paths : until.maxPaths, plan.checkpoints.length, execution.exactCashLimit);
  const threads = threadsFor(execution, until === undefined ? planned : maxBlocks);
  const trace = keep.trace;
  const chosen = trace === undefined ? undefined : sampledPaths(scenario.paths, trace.sample);
  const extras = (block: number): BlockExtras => {
    const paths = chosen?.(block);
    return { keepRuinSteps: keep.ruinSteps ?? false, keepInputs: keep.inputs ?? false, ...(paths === undefined || paths.length === 0 ? {} : { trace: { paths, rowEnds: trace!.rowEnds, perLine: trace!.perLine === true } }) };
  };
  const runner = new BlockRunner(plan, threads, sketch, extras, execution.pool);
  // blocks are folded into the tally as they finish, so memory does not grow with the blocks
  const fold = new TallyFold(tallyShape(plan), plan.inputs.length);
  const finish = async (paths: number) => resultOf({ ...scenario, paths }, plan, fold.finish(await runner.sketches()), toolVersion, undefined);
  let done = 0;
  const writer = trace === undefined ? undefined : orderedWriter(trace.write);
  const onBlock = (part: BlockTally) => {
    writer?.(part);
    fold.add(part);
    execution.onProgress?.(++done, planned);
  };
  try {
    if (until === undefined) {
      await runner.stream(jobs(0, planned, scenario.paths), onBlock, execution.signal);
      return await finish(scenario.paths);
    }
    for (let ran = 0; ; ) {
      await runner.stream(jobs(ran, planned, planned * BLOCK_SIZE), onBlock, execution.signal);
      ran = planned;
      if (ran >= maxBlocks || until.done(ruinedBy(plan, fold.ruinCount), ran * BLOCK_SIZE)) return await finish(ran * BLOCK_SIZE);
      planned = Math.min(maxBlocks, 2 * ran);
    }
  } finally {
    await runner.close();
  }
}

/** Threads for a run of `blocks` blocks: no more than it has blocks to keep busy. */
export function threadsFor(execution: Execution, blocks: number): number {
  return Math.max(1, Math.min(execution.threads, Math.floor(blocks / (execution.minBlocksPerThread ?? 24))));
}

/** Blocks first..last−1 of a run of `paths` paths. */
function jobs(first: number, last: number, paths: number): BlockJob[] {
  return Array.from({ length: last - first }, (_, k) => ({ index: first + k, paths: blockPaths(paths, first + k) }));
}

/**
 * Hands blocks' ledgers to `write` in block order (0, 1, 2, …) as they become available, holding
 * back those that finished early, and takes them off the tallies.
 */
function orderedWriter(write: (ledger: Ledger) => void): (part: BlockTally) => void {
  const waiting = new Map<number, BlockTrace | undefined>();
  let next = 0;
  return (part) => {
    waiting.set(part.block, part.trace);
    part.trace = undefined;
    while (waiting.has(next)) {
      const t = waiting.get(next);
      waiting.delete(next++);
      if (t !== undefined) write(ledgerOf(t));
    }
  };
}

/** Ruined paths by each report step, from ruin counts per step. */
function ruinedBy(plan: Plan, ruinCount: Float64Array): number[] {
  const out: number[] = [];
  let k = 0;
  let t = 0;
  for (const step of plan.reportSteps) {
    for (; t <= step; t++) k += ruinCount[t]!;
    out.push(k);
  }
  return out;
}

/** The largest 95% Wilson half-width of P(ruin by date) over the report dates. */
function widestHalfWidth(ruinedByDate: readonly number[], paths: number): number {
  return Math.max(
    ...ruinedByDate.map((k) => {
      const ci = wilsonInterval(k, paths);
      return (ci.high - ci.low) / 2;
    }),
  );
}

/** The Result of a tally, with the run's record. */
export function resultOf(scenario: Scenario, plan: Plan, tally: Tally, toolVersion: string, precision: Result['run']['precision']): Run {
  const result = analyse(plan, tally, {
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
  assertFinite(result);
  return { tally, result, plan };
}
