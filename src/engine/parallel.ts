import { Worker } from 'node:worker_threads';
import { compile } from '../model/compile.js';
import type { Scenario } from '../scenario/schema.js';
import { BLOCK_SIZE } from './simulate-block.js';
import { blockCount, emptyTallyFor, simulate } from './simulate.js';
import { type BlockTally, type Tally, mergeBlock } from './tally.js';

/**
 * The worker script. From the built package it sits beside this file; when this file runs from
 * source (tsx, vitest), Node cannot start a TypeScript worker, so the built one in dist/ is used
 * (`npm run build`; the test setup builds it).
 */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('../../dist/engine/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url);

export interface ParallelOptions {
  /** Worker threads; 1 runs in this thread. */
  readonly threads: number;
  /** Called after each finished block with (blocks done, blocks in all). */
  readonly onBlock?: (done: number, total: number) => void;
  /** Abort: stops handing out blocks and terminates the workers. */
  readonly signal?: AbortSignal;
}

/**
 * Simulates `scenario.paths` paths on `threads` worker threads. Blocks are handed out one at a
 * time to whichever worker is free; each block's tally is merged by its block index, so the
 * result is identical to `simulate` in one thread, whatever the thread count or timing.
 */
export async function simulateInWorkers(scenario: Scenario, options: ParallelOptions): Promise<Tally> {
  const plan = compile(scenario);
  const paths = scenario.paths;
  const total = blockCount(paths);
  const threads = Math.max(1, Math.min(options.threads, total));
  if (threads === 1) return simulate(plan, paths, options.onBlock);

  const tally = emptyTallyFor(plan, paths);
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_URL, { workerData: { scenario, paths } }));
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const abort = () => reject(options.signal?.reason ?? new Error('aborted'));
      if (options.signal?.aborted) return abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      for (const worker of workers) {
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0 && done < total) reject(new Error(`a simulation worker stopped with exit code ${code}`));
        });
        worker.on('message', (part: BlockTally) => {
          mergeBlock(tally, part, part.block * BLOCK_SIZE);
          done++;
          options.onBlock?.(done, total);
          if (next < total) worker.postMessage(next++);
          if (done === total) resolve();
        });
        // two blocks in flight per worker, so that it never waits for the next one
        for (let k = 0; k < 2 && next < total; k++) worker.postMessage(next++);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return tally;
}
