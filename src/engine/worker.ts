import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../model/compile.js';
import type { Scenario } from '../scenario/schema.js';
import type { BlockJob } from './pool.js';
import { simulateOneBlock } from './simulate.js';

/**
 * A simulation worker: compiles the scenario once, then simulates the blocks it is sent, one
 * message per block, and posts each block's tally back (buffers transferred, not copied).
 */
const { scenario } = workerData as { scenario: Scenario };
const plan = compile(scenario);
parentPort!.on('message', (job: BlockJob) => {
  const part = simulateOneBlock(plan, job.index, job.paths);
  parentPort!.postMessage(part, [part.ruinCount.buffer, part.cash.buffer, part.eventLanded.buffer] as ArrayBuffer[]);
});
