import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BlockExtras, simulateOneBlock } from '../engine/simulate.js';
import { type BlockTally, type Sketches, emptySketchSet, mergeSketchSets, tallyShape } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';

/** A block to simulate: its index (which keys its random streams) and its number of paths. */
export interface BlockJob {
  readonly index: number;
  readonly paths: number;
}

/**
 * Messages to a worker: take this plan (drop any sketches), simulate a block
 * (into the worker's sketches or not), or send the sketches. Messages are handled in order.
 */
export type WorkerRequest =
  | { readonly kind: 'plan'; readonly plan: Plan }
  | ({ readonly kind: 'block'; readonly sketch: boolean; readonly extras: BlockExtras } & BlockJob)
  | { readonly kind: 'sketches'; readonly cash: boolean };

/**
 * A simulation worker thread running `worker-main.ts`. From the built program that is
 * dist/worker.cjs beside the program (only the engine: ready in a fraction of the command line's
 * start-up); from source (vitest, tsx), Node.js cannot start a TypeScript worker by itself, so the
 * worker registers tsx first.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./worker-main.ts', here).href;
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`, { eval: true });
  }
  return new Worker(fileURLToPath(new URL('./worker.cjs', here)));
}

/**
 * Worker threads kept across runs (the trials of `solve`, the scenarios of `check` and
 * `compare`): a worker costs ~0.3 s to start and to warm up, which a run of a few seconds feels.
 * Started as runs ask for them; `close` ends them.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];

  /** n workers (started if need be), each to be told its scenario by the run that takes them. */
  take(n: number): Worker[] {
    while (this.workers.length < n) this.workers.push(startWorker());
    return this.workers.slice(0, n);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/**
 * Runs blocks of one scenario: with `threads` > 1, on threads − 1 workers and this thread;
 * otherwise in this thread alone. Blocks are handed out one at a time to whichever thread is
 * free (two in flight for each worker, one near the end) and come back in any order; `run` returns them in the order asked, so nothing downstream depends on the
 * thread count or on timing. The monthly flows (and with `sketch`, cash) go into per-thread
 * sketches that `sketches()` merges (whole-number counts: exact in any order).
 */
export class BlockRunner {
  private readonly workers: Worker[];
  private readonly local: Sketches;

  /** With a `pool`, its workers are borrowed (and left running by `close`); else the runner starts its own. */
  constructor(
    private readonly plan: Plan,
    threads: number,
    private readonly sketch: boolean,
    private readonly extras: (block: number) => BlockExtras = () => ({}),
    private readonly pool?: WorkerPool,
  ) {
    // with N threads: N − 1 workers, and this thread simulates blocks too between messages
    const helpers = Math.max(0, threads - 1);
    this.workers = pool?.take(helpers) ?? Array.from({ length: helpers }, startWorker);
    for (const worker of this.workers) worker.postMessage({ kind: 'plan', plan } satisfies WorkerRequest);
    this.local = emptySketchSet(tallyShape(plan), sketch);
  }

  /** Runs the blocks and returns their tallies in the order of `jobs` (a shard's parts). */
  async run(jobs: readonly BlockJob[], onBlock?: (part: BlockTally) => void, signal?: AbortSignal): Promise<BlockTally[]> {
    const results: BlockTally[] = new Array(jobs.length);
    const positions = new Map(jobs.map((job, k) => [job.index, k]));
    await this.stream(
      jobs,
      (part) => {
        results[positions.get(part.block)!] = part;
        onBlock?.(part);
      },
      signal,
    );
    return results;
  }

  /**
   * Runs the blocks and hands each tally to `onBlock` as it finishes, in any order, keeping none
   * (a run folds them as they come: `TallyFold`).
   */
  async stream(jobs: readonly BlockJob[], onBlock: (part: BlockTally) => void, signal?: AbortSignal): Promise<void> {
    if (this.workers.length === 0) {
      for (const job of jobs) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        onBlock(simulateOneBlock(this.plan, job.index, job.paths, this.local, this.extras(job.index)));
        await new Promise<void>((resolve) => setImmediate(resolve)); // let an abort or a signal in
      }
      return;
    }
    const request = (job: BlockJob): WorkerRequest => ({ kind: 'block', sketch: this.sketch, extras: this.extras(job.index), ...job });
    let next = 0;
    let done = 0;
    let settled = false;
    let localError: unknown;
    const finished = (part: BlockTally, resolve: () => void) => {
      done++;
      onBlock(part);
      if (done === jobs.length) resolve();
    };
    // this thread takes the next block whenever it is free, yielding between blocks so that
    // workers' answers (and an abort) are handled
    const local = async (resolve: () => void) => {
      try {
        await new Promise<void>((go) => setImmediate(go));
        while (!settled && next < jobs.length && !signal?.aborted) {
          const job = jobs[next++]!;
          const part = simulateOneBlock(this.plan, job.index, job.paths, this.local, this.extras(job.index));
          if (settled) return;
          finished(part, resolve);
          await new Promise<void>((go) => setImmediate(go));
        }
      } catch (e) {
        localError = e;
        resolve();
      }
    };
    try {
      await this.exchange(signal, (resolve) => {
        if (jobs.length === 0) return resolve();
        const handlers = this.workers.map((worker) => {
          let inFlight = 0;
          const post = () => {
            worker.postMessage(request(jobs[next++]!));
            inFlight++;
          };
          for (let k = 0; k < 2 && next < jobs.length; k++) post();
          return (part: BlockTally) => {
            inFlight--;
            // a second block in flight hides the message's round trip; near the end it would
            // leave the other threads idle while this one works through its queue
            if (next < jobs.length && (inFlight === 0 || jobs.length - next > 2 * (this.workers.length + 1))) post();
            finished(part, resolve);
          };
        });
        void local(resolve);
        return handlers;
      });
    } catch (e) {
      // blocks may still be in flight: a pool's workers cannot serve another run
      await this.pool?.close();
      throw e;
    } finally {
      settled = true;
    }
    if (localError !== undefined) {
      await this.pool?.close();
      throw localError;
    }
  }

  /** The merged sketches of every block run so far: the monthly flows', and cash's in sketch mode. */
  async sketches(): Promise<Sketches> {
    const merged = emptySketchSet(tallyShape(this.plan), this.sketch);
    mergeSketchSets(merged, this.local);
    if (this.workers.length === 0) return merged;
    let answered = 0;
    await this.exchange(undefined, (resolve) =>
      this.workers.map((worker) => {
        worker.postMessage({ kind: 'sketches', cash: this.sketch } satisfies WorkerRequest);
        return (sketches: Sketches) => {
          mergeSketchSets(merged, sketches);
          if (++answered === this.workers.length) resolve();
        };
      }),
    );
    return merged;
  }

  async close(): Promise<void> {
    if (this.pool === undefined) await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /**
   * Sends requests and waits for answers: `start` posts the first requests and returns one
   * message handler per worker. Worker errors, unexpected exits and the abort signal reject.
   */
  private async exchange<M>(signal: AbortSignal | undefined, start: (resolve: () => void) => void | ((message: M) => void)[]): Promise<void> {
    const cleanup: (() => void)[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const abort = () => reject(signal?.reason ?? new Error('aborted'));
        if (signal?.aborted) return abort();
        signal?.addEventListener('abort', abort, { once: true });
        cleanup.push(() => signal?.removeEventListener('abort', abort));
        const handlers = start(resolve);
        if (handlers === undefined) return;
        this.workers.forEach((worker, k) => {
          const handle = handlers[k]! as (message: unknown) => void;
          // what a message's handler throws (a full disk under --paths-out) fails the run, not the process
          const onMessage = (message: unknown) => {
            try {
              handle(message);
            } catch (e) {
              reject(e);
            }
          };
          const onError = (e: Error) => reject(e);
          const onExit = (code: number) => reject(new Error(`a simulation worker stopped with exit code ${code}`));
          worker.on('message', onMessage).on('error', onError).on('exit', onExit);
          cleanup.push(() => worker.off('message', onMessage).off('error', onError).off('exit', onExit));
        });
      });
    } finally {
      for (const undo of cleanup) undo();
    }
  }
}
