import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, runScenarioInWorkers } from '../../src/analysis/run-scenario.js';
import { renderJson } from '../../src/report/json.js';
import { scenario } from '../helpers.js';

describe('worker threads', () => {
  // 5 blocks of 1024 paths and a partial one: more blocks than threads, uneven shares
  const openai = { ...scenario(readFileSync('scenarios/openai-2024.yaml', 'utf8')), paths: 5500 };

  it('give byte-identical JSON for 1, 2 and 4 threads, equal to the in-thread run', async () => {
    const reference = renderJson(runScenario(openai, 'test'));
    for (const threads of [1, 2, 4]) {
      const progress: number[] = [];
      const result = await runScenarioInWorkers(openai, 'test', { threads, onBlock: (done) => progress.push(done) });
      expect(renderJson(result)).toBe(reference);
      expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('stop when aborted', async () => {
    const controller = new AbortController();
    const run = runScenarioInWorkers({ ...openai, paths: 200_000 }, 'test', { threads: 2, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by test')), 200);
    await expect(run).rejects.toThrow('stopped by test');
  });
});
