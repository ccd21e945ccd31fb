import { parentPort } from 'node:worker_threads';
import { simulateOneBlock } from '../engine/simulate.js';
import { type Sketches, emptySketchSet, sketchBuffers, tallyShape } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';
import type { WorkerRequest } from './pool.js';

/**
 * Serves a simulation worker thread (started by `pool.ts`): takes the plan it is sent, then
 * simulates the blocks it is sent, one message per block, and posts each block's tally back
 * (buffers transferred, not copied). It keeps its own sketches (the monthly flows', and cash's in
 * sketch mode) and sends them when asked ("sketches"). A new plan starts afresh (a worker may serve several runs).
 */
export function serveBlocks(): void {
  let plan: Plan | undefined;
  let sketches: Sketches | undefined;
  parentPort!.on('message', (request: WorkerRequest) => {
    if (request.kind === 'plan') {
      plan = request.plan;
      sketches = undefined;
      return;
    }
    if (plan === undefined) throw new Error('bug: a block before its plan');
    if (request.kind === 'sketches') {
      const out = sketches ?? emptySketchSet(tallyShape(plan), request.cash);
      sketches = undefined;
      parentPort!.postMessage(out, sketchBuffers(out));
      return;
    }
    sketches ??= emptySketchSet(tallyShape(plan), request.sketch);
    const part = simulateOneBlock(plan, request.index, request.paths, sketches, request.extras);
    const arrays = [part.ruinCount, part.eventLanded, part.fired, part.firings, part.flowSum, part.flowMin, part.flowMax, part.cashSum, part.cashNegative, part.cashMin, part.cashMax, part.cash, part.ruinStep, part.inputs, ...(part.trace === undefined ? [] : [part.trace.data, ...(part.trace.lines === undefined ? [] : [part.trace.lines])])];
    parentPort!.postMessage(part, arrays.map((a) => a.buffer as ArrayBuffer));
  });
}
