import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/run/pool.js';
import { runInThread, runScenario, runToPrecision } from '../../src/run/run.js';
import { renderJson } from '../../src/report/json.js';
import { scenario } from '../helpers.js';

describe('worker threads', () => {
  // 5 blocks of 1024 paths and a partial one: more blocks than threads, uneven shares
  const openai = { ...scenario(readFileSync('scenarios/openai-2024.yaml', 'utf8')), paths: 5500 };

  it('give byte-identical JSON for 1, 2 and 4 threads, equal to the in-thread run', async () => {
    const reference = renderJson(runInThread(openai, 'test'));
    for (const threads of [1, 2, 4]) {
      const progress: number[] = [];
      const result = await runScenario(openai, 'test', { threads, minBlocksPerThread: 1, onProgress: (done) => progress.push(done) });
      expect(renderJson(result)).toBe(reference);
      expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('kept in a pool serve run after run, of different scenarios and sketch modes, with the same results as fresh ones', async () => {
    const startup = { ...scenario(readFileSync('scenarios/seed-startup.yaml', 'utf8')), paths: 3000 };
    const pool = new WorkerPool();
    try {
      for (const [s, exactCashLimit] of [[openai, undefined], [startup, 1000], [openai, 1000], [startup, undefined]] as const) {
        const options = { threads: 3, minBlocksPerThread: 1, ...(exactCashLimit === undefined ? {} : { exactCashLimit }) };
        const pooled = await runScenario(s, 'test', { ...options, pool });
        expect(renderJson(pooled)).toBe(renderJson(await runScenario(s, 'test', options)));
      }
    } finally {
      await pool.close();
    }
  });

  it('kept in a pool are not reused after an aborted run (blocks may be in flight)', async () => {
    const pool = new WorkerPool();
    try {
      const controller = new AbortController();
      const run = runScenario({ ...openai, paths: 200_000 }, 'test', { threads: 2, minBlocksPerThread: 1, pool, signal: controller.signal });
      setTimeout(() => controller.abort(new Error('stopped by test')), 200);
      await expect(run).rejects.toThrow('stopped by test');
      const next = await runScenario(openai, 'test', { threads: 2, minBlocksPerThread: 1, pool });
      expect(renderJson(next)).toBe(renderJson(runInThread(openai, 'test')));
    } finally {
      await pool.close();
    }
  });

  it('stop when aborted', async () => {
    const controller = new AbortController();
    const run = runScenario({ ...openai, paths: 200_000 }, 'test', { threads: 2, minBlocksPerThread: 1, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by test')), 200);
    await expect(run).rejects.toThrow('stopped by test');
  });
});

describe('--precision', () => {
  const base = { ...scenario(readFileSync('scenarios/openai-2024.yaml', 'utf8')), paths: 2048 };

  it('adds whole blocks, doubling, until every half-width meets the target; the same for 1 and 2 threads', async () => {
    const one = await runToPrecision(base, 'test', { threads: 1 }, { target: 0.004, maxPaths: 100_000 });
    const two = await runToPrecision(base, 'test', { threads: 2, minBlocksPerThread: 1 }, { target: 0.004, maxPaths: 100_000 });
    expect(renderJson(two)).toBe(renderJson(one));
    expect(one.run.precision!.met).toBe(true);
    expect([2048, 4096, 8192, 16384, 32768]).toContain(one.run.paths);
    for (const r of one.ruin.byDate) expect((r.ci95.high - r.ci95.low) / 2).toBeLessThanOrEqual(0.004);
    // the run before the last did not meet it (otherwise it would have stopped there)
    const before = runInThread({ ...base, paths: one.run.paths / 2 }, 'test');
    expect(Math.max(...before.ruin.byDate.map((r) => (r.ci95.high - r.ci95.low) / 2))).toBeGreaterThan(0.004);
    // and the result is the plain run with that many paths, plus the precision record
    const plain = runInThread({ ...base, paths: one.run.paths }, 'test');
    expect({ ...one, run: { ...one.run, precision: undefined } }).toEqual({ ...plain, run: { ...plain.run, precision: undefined } });
  });

  it('stops at the cap and says the target was not met', async () => {
    const r = await runToPrecision(base, 'test', { threads: 1 }, { target: 0.0001, maxPaths: 4096 });
    expect(r.run.paths).toBe(4096);
    expect(r.run.precision).toMatchObject({ target: 0.0001, maxPaths: 4096, met: false });
  });
});

describe('cash sketches (runs above the exact limit)', () => {
  const base = { ...scenario(readFileSync('scenarios/openai-2024.yaml', 'utf8')), paths: 6000 };

  it('give the same Result on 1 and 2 threads, with quantiles within 0.1% of the exact ones', async () => {
    const one = await runScenario(base, 'test', { threads: 1, exactCashLimit: 1000 });
    const two = await runScenario(base, 'test', { threads: 2, minBlocksPerThread: 1, exactCashLimit: 1000 });
    expect(renderJson(two)).toBe(renderJson(one));
    expect(one.run.cashQuantiles).toBe('sketch (relative error 0.1%)');
    const exact = runInThread(base, 'test');
    expect(exact.run.cashQuantiles).toBe('exact (type 7, all paths)');
    expect(one.ruin).toEqual(exact.ruin);
    expect(one.survival).toEqual(exact.survival);
    one.cash.forEach((row, k) => {
      const e = exact.cash[k]!;
      expect(row.mean).toBe(e.mean);
      expect(row.belowZero).toBe(e.belowZero);
      for (const q of ['p5', 'p25', 'p50', 'p75', 'p95'] as const) expect(Math.abs(row[q] - e[q])).toBeLessThanOrEqual(0.001 * Math.abs(e[q]) + 1);
    });
  });
});
