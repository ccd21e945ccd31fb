import { parentPort } from 'node:worker_threads';
import type { SketchCounts } from '../engine/sketch.js';
import { simulateOneBlock } from '../engine/simulate.js';
import { emptySketches } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';
import type { WorkerRequest } from './pool.js';

/**
 * Serves a simulation worker thread (started by `pool.ts`): takes the plan it is sent, then
 * simulates the blocks it is sent, one message per block, and posts each block's tally back
 * (buffers transferred, not copied). In sketch mode it keeps its own cash sketches and sends them
 * when asked ("sketches"). A new plan starts afresh (a worker may serve several runs).
 */
export function serveBlocks(): void {
  let plan: Plan | undefined;
  let sketches: SketchCounts[] | undefined;
  parentPort!.on('message', (request: WorkerRequest) => {
    if (request.kind === 'plan') {
      plan = request.plan;
      sketches = undefined;
      return;
    }
    if (plan === undefined) throw new Error('bug: a block before its plan');
    if (request.kind === 'sketches') {
      const out = sketches ?? emptySketches(plan.checkpoints.length);
      sketches = undefined;
      parentPort!.postMessage(out, out.map((s) => s.buffer as ArrayBuffer));
      return;
    }
    if (request.sketch && sketches === undefined) sketches = emptySketches(plan.checkpoints.length);
    const part = simulateOneBlock(plan, request.index, request.paths, request.sketch ? sketches : undefined, request.extras);
    const arrays = [part.ruinCount, part.eventLanded, part.fired, part.firings, part.cashSum, part.cashNegative, part.cash, part.ruinStep, part.inputs, ...(part.trace === undefined ? [] : [part.trace.data])];
    parentPort!.postMessage(part, arrays.map((a) => a.buffer as ArrayBuffer));
  });
}
