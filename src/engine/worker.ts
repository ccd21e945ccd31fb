import type { SketchCounts } from './sketch.js';
import { parentPort } from 'node:worker_threads';
import type { Plan } from '../model/plan.js';
import { compile } from '../model/compile.js';
import { kernelArena } from './day-kernel.js';
import type { WorkerRequest } from './pool.js';
import { simulateOneBlock } from './simulate.js';
import { emptySketches } from './tally.js';

/**
 * A simulation worker: compiles the scenario it is sent, then simulates the blocks it is sent,
 * one message per block, and posts each block's tally back (buffers transferred, not copied). In
 * sketch mode it keeps its own cash sketches and sends them when asked ("sketches"). A new
 * scenario starts afresh (a worker may serve several runs; its compiled kernels stay warm).
 */
let plan: Plan | undefined;
let sketches: SketchCounts[] | undefined;
// The thread's kernel arena, its tables and the normals' refill module are the same for every
// scenario: made now, while a worker started early waits for its scenario, not in its first block.
setImmediate(kernelArena);
parentPort!.on('message', (request: WorkerRequest) => {
  if (request.kind === 'scenario') {
    plan = compile(request.scenario);
    sketches = undefined;
    return;
  }
  if (plan === undefined) throw new Error('bug: a block before its scenario');
  if (request.kind === 'sketches') {
    const out = sketches ?? emptySketches(plan.checkpoints.length);
    sketches = undefined;
    parentPort!.postMessage(out, out.map((s) => s.buffer as ArrayBuffer));
    return;
  }
  if (request.sketch && sketches === undefined) sketches = emptySketches(plan.checkpoints.length);
  const part = simulateOneBlock(plan, request.index, request.paths, request.sketch ? sketches : undefined, request.extras);
  const arrays = [part.ruinCount, part.eventLanded, part.cashSum, part.cashNegative, part.cash, part.ruinStep, part.inputs, ...(part.trace === undefined ? [] : [part.trace.data])];
  const buffers = arrays.map((a) => a.buffer as ArrayBuffer);
  parentPort!.postMessage(part, buffers);
});
