import { type ParallelOptions, simulateInWorkers } from '../engine/parallel.js';
import { NORMAL_ALGORITHM, RNG_ALGORITHM } from '../engine/random.js';
import { simulate } from '../engine/simulate.js';
import { BLOCK_SIZE } from '../engine/simulate-block.js';
import type { Tally } from '../engine/tally.js';
import { compile } from '../model/compile.js';
import type { Plan } from '../model/plan.js';
import { provenanceOf, scenarioHash } from '../scenario/canonical.js';
import type { Scenario } from '../scenario/schema.js';
import { analyse } from './analyse.js';
import type { Result } from './result.js';

/**
 * The whole pipeline below the CLI, in this thread: compile a validated scenario, simulate
 * `scenario.paths` paths with `scenario.seed`, and analyse the tally. A pure function of its
 * arguments.
 */
export function runScenario(scenario: Scenario, toolVersion: string): Result {
  const plan = compile(scenario);
  return resultOf(scenario, plan, simulate(plan, scenario.paths), toolVersion);
}

/** The same Result as `runScenario`, computed on worker threads. */
export async function runScenarioInWorkers(scenario: Scenario, toolVersion: string, options: ParallelOptions): Promise<Result> {
  const tally = await simulateInWorkers(scenario, options);
  return resultOf(scenario, compile(scenario), tally, toolVersion);
}

function resultOf(scenario: Scenario, plan: Plan, tally: Tally, toolVersion: string): Result {
  return analyse(plan, tally, {
    toolVersion,
    scenarioName: scenario.name,
    scenarioSha256: scenarioHash(scenario),
    seed: scenario.seed,
    blockSize: BLOCK_SIZE,
    rng: RNG_ALGORITHM,
    normal: NORMAL_ALGORITHM,
    provenance: provenanceOf(scenario),
  });
}
