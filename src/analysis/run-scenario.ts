import { simulate } from '../engine/simulate.js';
import { BLOCK_SIZE } from '../engine/simulate-block.js';
import { NORMAL_ALGORITHM, RNG_ALGORITHM } from '../engine/random.js';
import { compile } from '../model/compile.js';
import { provenanceOf, scenarioHash } from '../scenario/canonical.js';
import type { Scenario } from '../scenario/schema.js';
import { analyse } from './analyse.js';
import type { Result } from './result.js';

/**
 * The whole pipeline below the CLI: compile a validated scenario, simulate `scenario.paths` paths
 * with `scenario.seed`, and analyse the tally. A pure function of its arguments.
 */
export function runScenario(scenario: Scenario, toolVersion: string): Result {
  const plan = compile(scenario);
  const tally = simulate(plan, scenario.paths);
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
