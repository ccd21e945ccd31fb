import { Worker } from 'node:worker_threads';
import type { Plan } from '../model/plan.js';
import type { Scenario } from '../scenario/schema.js';
import { simulateOneBlock } from './simulate.js';
import type { BlockTally } from './tally.js';

/** A block to simulate: its index (which keys its random streams) and its number of paths. */
export interface BlockJob {
  readonly index: number;
  readonly paths: number;
}

/**
 * The worker script. From the built package it sits beside this file; when this file runs from
 * source (tsx, vitest), Node cannot start a TypeScript worker, so the built one in dist/ is used
 * (`npm run build`; the test setup builds it).
 */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('../../dist/engine/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url);

/**
 * Runs blocks of one scenario, on worker threads when `threads` > 1 or in this thread otherwise.
 * Blocks are handed out one at a time to whichever worker is free (two in flight each) and come
 * back in any order; `run` returns them in the order asked, so nothing downstream depends on the
 * thread count or on timing.
 */
export class BlockRunner {
  private readonly workers: Worker[];

  constructor(
    private readonly plan: Plan,
    scenario: Scenario,
    threads: number,
  ) {
    this.workers = threads > 1 ? Array.from({ length: threads }, () => new Worker(WORKER_URL, { workerData: { scenario } })) : [];
  }

  async run(jobs: readonly BlockJob[], onBlock?: () => void, signal?: AbortSignal): Promise<BlockTally[]> {
    if (this.workers.length === 0 || jobs.length === 1) {
      const out: BlockTally[] = [];
      for (const job of jobs) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        out.push(simulateOneBlock(this.plan, job.index, job.paths));
        onBlock?.();
        await Promise.resolve(); // let an abort or a progress bar in
      }
      return out;
    }
    const results: (BlockTally | undefined)[] = new Array(jobs.length);
    const positions = new Map(jobs.map((job, k) => [job.index, k]));
    let next = 0;
    let done = 0;
    const listeners: (() => void)[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        if (jobs.length === 0) return resolve();
        const abort = () => reject(signal?.reason ?? new Error('aborted'));
        if (signal?.aborted) return abort();
        signal?.addEventListener('abort', abort, { once: true });
        listeners.push(() => signal?.removeEventListener('abort', abort));
        for (const worker of this.workers) {
          const onMessage = (part: BlockTally) => {
            results[positions.get(part.block)!] = part;
            done++;
            onBlock?.();
            if (next < jobs.length) worker.postMessage(jobs[next++]);
            if (done === jobs.length) resolve();
          };
          const onError = (e: Error) => reject(e);
          const onExit = (code: number) => reject(new Error(`a simulation worker stopped with exit code ${code}`));
          worker.on('message', onMessage).on('error', onError).on('exit', onExit);
          listeners.push(() => worker.off('message', onMessage).off('error', onError).off('exit', onExit));
          for (let k = 0; k < 2 && next < jobs.length; k++) worker.postMessage(jobs[next++]);
        }
      });
    } finally {
      for (const remove of listeners) remove();
    }
    return results as BlockTally[];
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
