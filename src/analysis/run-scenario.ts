import { type BlockJob, BlockRunner, WorkerPool } from '../engine/pool.js';
import { NORMAL_ALGORITHM, RNG_ALGORITHM } from '../engine/streams.js';
import { type BlockExtras, assemble, blockCount, blockPaths, simulate, simulateOneBlock, usesSketch } from '../engine/simulate.js';
import type { BlockTrace } from '../engine/trace.js';
import { BLOCK_SIZE } from '../engine/layout.js';
import { type PartialBlocks, deserializeBlock, deserializeSketch, serializeBlocks } from '../engine/partial.js';
import type { SketchCounts } from '../engine/sketch.js';
import { type BlockTally, type Tally, emptySketches, mergeSketches } from '../engine/tally.js';
import { compile } from '../model/compile.js';
import type { Plan } from '../model/plan.js';
import { provenanceOf, scenarioHash } from '../scenario/canonical.js';
import type { Scenario } from '../scenario/schema.js';
import { analyse } from './analyse.js';
import { type Sensitivity, analyseSensitivity } from './sensitivity.js';
import { type Solution, type Target, solve } from './solve.js';
import { type How, type Varied, resolveVary } from '../scenario/vary.js';
import { civilDate, parseIsoDate } from '../util/calendar.js';
import type { Result } from './result.js';
import { wilsonInterval } from './wilson.js';

export interface RunOptions {
  /** Worker threads; 1 runs in this thread. The result does not depend on it. */
  readonly threads: number;
  /** Workers to borrow instead of starting new ones (for several runs in a row). */
  readonly pool?: WorkerPool;
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
  /** Keep each path's input values in the tally (8 bytes a path and input), for sensitivity. */
  readonly keepInputs?: boolean;
  /**
   * Ledgers of chosen paths: `paths(block)` names them (block-local, ascending; empty for none),
   * `rowEnds` the steps at which rows end, and `write` receives each block's ledger in block
   * order as soon as it and every block before it have finished (then it is dropped).
   */
  readonly trace?: { readonly paths: (block: number) => Int32Array; readonly rowEnds: Int32Array; readonly write: (trace: BlockTrace) => void };
  /** A general stopping rule (as `precision`, but decided by the caller; used by `check`). */
  readonly until?: StoppingRule;
  /**
   * Fewest blocks worth a worker thread (default 24): starting workers costs more than small runs
   * gain from them. The result is the same either way.
   */
  readonly minBlocksPerThread?: number;
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
  const precision = options.precision;
  if (precision === undefined && options.until === undefined) return runAdaptive(scenario, toolVersion, options, undefined);
  const until =
    options.until ??
    ({ maxPaths: precision!.maxPaths, done: (ruinBy: readonly number[], paths: number) => widestHalfWidth(ruinBy, paths) <= precision!.target } satisfies StoppingRule);
  const run = await runAdaptive(scenario, toolVersion, options, until);
  if (precision === undefined) return run;
  // recompute the record of the precision reached from the final result
  const halfWidth = Math.max(...run.result.ruin.byDate.map((r) => (r.ci95.high - r.ci95.low) / 2));
  const record = { target: precision.target, maxPaths: precision.maxPaths, met: halfWidth <= precision.target, halfWidth };
  return { tally: run.tally, result: { ...run.result, run: { ...run.result.run, precision: record } } };
}

/**
 * When to stop adding paths: `done` sees the ruined paths by each report date (in the order of
 * the plan's report steps) and the paths run so far, after each round of whole blocks.
 */
export interface StoppingRule {
  readonly maxPaths: number;
  readonly done: (ruinedByReportDate: readonly number[], paths: number) => boolean;
}

/**
 * Runs the scenario's paths, or with a stopping rule, whole blocks starting from its paths
 * rounded up to whole blocks and doubling until the rule is satisfied or maxPaths reached. The
 * rule only ever sees whole, ordered prefixes of blocks, so the outcome is deterministic.
 */
async function runAdaptive(scenario: Scenario, toolVersion: string, options: RunOptions, until: StoppingRule | undefined): Promise<Run> {
  const plan = compile(scenario);
  const maxBlocks = until === undefined ? Infinity : Math.max(1, Math.floor(until.maxPaths / BLOCK_SIZE));
  let planned = Math.min(blockCount(scenario.paths), maxBlocks);
  // a run that may grow past the exact limit (its paths, or the cap) keeps sketches from the
  // start: blocks are summarised as they finish, so the decision cannot wait for the stopping rule
  const sketch = usesSketch(until === undefined ? scenario.paths : until.maxPaths, plan.checkpoints.length, options.exactCashLimit);
  const potentialBlocks = until === undefined ? planned : maxBlocks;
  const threads = Math.max(1, Math.min(options.threads, Math.floor(potentialBlocks / (options.minBlocksPerThread ?? 24))));
  const trace = options.trace;
  const extras = (block: number): BlockExtras => {
    const paths = trace?.paths(block);
    return {
      keepRuinSteps: options.keepRuinSteps ?? false,
      keepInputs: options.keepInputs ?? false,
      ...(paths === undefined || paths.length === 0 ? {} : { trace: { paths, rowEnds: trace!.rowEnds } }),
    };
  };
  const runner = new BlockRunner(plan, threads, sketch, extras, options.pool);
  const finish = async (parts: BlockTally[]) => assemble(plan, parts, sketch ? await runner.sketches() : undefined);
  let done = 0;
  const writer = trace === undefined ? undefined : orderedWriter(trace.write);
  const onBlock = (part: BlockTally) => {
    if (writer !== undefined) writer(part);
    options.onProgress?.(++done, planned);
  };
  const jobs = (first: number, last: number, paths: number): BlockJob[] =>
    Array.from({ length: last - first }, (_, k) => ({ index: first + k, paths: blockPaths(paths, first + k) }));
  try {
    if (until === undefined) {
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
      if (ran >= maxBlocks || until.done(ruinedBy(plan, ruinCount), ran * BLOCK_SIZE)) {
        return resultOf({ ...scenario, paths: ran * BLOCK_SIZE }, plan, await finish(parts), toolVersion, undefined);
      }
      planned = Math.min(maxBlocks, 2 * ran);
    }
  } finally {
    await runner.close();
  }
}

/**
 * Hands blocks' ledgers to `write` in block order (0, 1, 2, …) as they become available, holding
 * back those that finished early, and takes them off the tallies.
 */
function orderedWriter(write: (trace: BlockTrace) => void): (part: BlockTally) => void {
  const waiting = new Map<number, BlockTrace | undefined>();
  let next = 0;
  return (part) => {
    waiting.set(part.block, part.trace);
    part.trace = undefined;
    while (waiting.has(next)) {
      const t = waiting.get(next);
      waiting.delete(next++);
      if (t !== undefined) write(t);
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
  return Math.max(...ruinedByDate.map((k) => {
    const ci = wilsonInterval(k, paths);
    return (ci.high - ci.low) / 2;
  }));
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
 * Runs one shard's blocks of `scenario.paths` paths and returns them serialised, with the cash
 * sketches of the shard when the whole run keeps sketches (decided by the whole run's size, so
 * that every shard makes the same choice as one process would).
 */
export async function runShard(scenario: Scenario, shard: Shard, options: Pick<RunOptions, 'threads' | 'onProgress' | 'signal' | 'exactCashLimit'>): Promise<PartialBlocks> {
  const plan = compile(scenario);
  const jobs = shardJobs(scenario.paths, shard);
  const sketch = usesSketch(scenario.paths, plan.checkpoints.length, options.exactCashLimit);
  const threads = Math.max(1, Math.min(options.threads, Math.floor(jobs.length / 24)));
  const runner = new BlockRunner(plan, threads, sketch);
  let done = 0;
  try {
    const parts = await runner.run(jobs, () => options.onProgress?.(++done, jobs.length), options.signal);
    return serializeBlocks(parts, sketch ? await runner.sketches() : undefined);
  } finally {
    await runner.close();
  }
}

/** The Result of a whole run from the partial tallies of all its shards (checked to fit by the caller). */
export function mergeShards(scenario: Scenario, toolVersion: string, parts: readonly PartialBlocks[]): Result {
  const plan = compile(scenario);
  const blocks = parts.flatMap((p) => p.blocks).sort((a, b) => a.block - b.block).map((b) => deserializeBlock(b, plan.days));
  let sketches: SketchCounts[] | undefined;
  if (parts.some((p) => p.sketches !== undefined)) {
    sketches = emptySketches(plan.checkpoints.length);
    for (const p of parts) mergeSketches(sketches, (p.sketches ?? []).map(deserializeSketch));
  }
  return resultOf(scenario, plan, assemble(plan, blocks, sketches), toolVersion, undefined).result;
}

/** Most paths `runway sensitivity` keeps (each input's value for every path is held in memory). */
export const MAX_SENSITIVITY_PATHS = 2_000_000;
/** Most input values (inputs × paths, 8 bytes each) `runway sensitivity` keeps. */
export const MAX_SENSITIVITY_VALUES = 50_000_000;

/**
 * The sensitivity of P(ruin by `by`) (default: the horizon) to each per-path input, from one run
 * of the scenario's paths that keeps every path's inputs and ruin day.
 */
export async function runSensitivity(scenario: Scenario, toolVersion: string, by: string | undefined, options: Pick<RunOptions, 'threads' | 'onProgress' | 'signal' | 'minBlocksPerThread'>): Promise<Sensitivity> {
  const plan = compile(scenario);
  const { result, tally } = await runWithTally(scenario, toolVersion, { ...options, keepInputs: true, keepRuinSteps: true, exactCashLimit: 0 });
  const step = by === undefined ? plan.days - 1 : (parseIsoDate(by) as { day: number }).day - plan.startDay;
  return analyseSensitivity(plan, tally, step, { name: scenario.name, sha256: result.scenario.sha256, seed: scenario.seed });
}

/**
 * `runway solve`: the move of one field that makes P(ruin by the target date) meet the target,
 * each trial a run of the scenario's paths with its seed (common random numbers). Trials stop
 * at the target date (later days cannot change P(ruin by it)).
 */
export async function runSolve(
  scenario: Scenario,
  toolVersion: string,
  vary: { varied: Varied; how: How; range?: readonly [number, number] },
  target: Target,
  options: Pick<RunOptions, 'threads' | 'signal' | 'minBlocksPerThread'> & { onTrial?: (trials: number) => void },
): Promise<Solution> {
  let trials = 0;
  const pool = new WorkerPool(); // the trials share their workers (started once, kept warm)
  const evaluate = async (s: Scenario): Promise<Uint8Array> => {
    const truncated: Scenario = { ...s, horizon: target.date, report: { by: s.report.by.filter((d) => d <= target.date) }, expect: [] };
    const plan = compile(truncated);
    const { tally } = await runWithTally(truncated, toolVersion, { ...options, pool, keepRuinSteps: true, exactCashLimit: 0 });
    options.onTrial?.(++trials);
    return Uint8Array.from(tally.ruinStep, (t) => (t >= 0 && t < plan.days ? 1 : 0));
  };
  let solution: Awaited<ReturnType<typeof solve>>;
  try {
    solution = await solve(scenario, vary.varied, vary.how, target, evaluate, vary.range);
  } finally {
    await pool.close();
  }
  const { scenarioAtAnswer, kind, schemaVersion, ...rest } = solution;
  const moved = resolveVary(scenarioAtAnswer, vary.varied.path);
  const atAnswer = moved.ok ? moved.varied.current : NaN;
  return { kind, schemaVersion, scenario: { name: scenario.name, sha256: scenarioHash(scenario) }, ...rest, vary: { ...rest.vary, atAnswer } };
}

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
 * day-by-day ledger returned, so it is identical to that path inside the full run.
 */
export function replayPath(scenario: Scenario, path: number, every: 'day' | 'month' = 'day'): { plan: Plan; trace: BlockTrace } {
  const plan = compile(scenario);
  const block = Math.floor(path / BLOCK_SIZE);
  const part = simulateOneBlock(plan, block, blockPaths(scenario.paths, block), emptySketches(plan.checkpoints.length), {
    trace: { paths: Int32Array.of(path - block * BLOCK_SIZE), rowEnds: ledgerRowEnds(plan, every) },
  });
  return { plan, trace: part.trace! };
}
