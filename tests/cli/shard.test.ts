import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makePartial } from '../../src/run/partial-file.js';
import { runInThread, runScenario } from '../../src/run/run.js';
import { mergeShards, runShard } from '../../src/run/shard.js';
import { renderJson } from '../../src/report/json.js';
import { memoryIo, scenario } from '../helpers.js';

const OPENAI = 'scenarios/openai-2024.yaml';
const base = { ...scenario(readFileSync(OPENAI, 'utf8')), paths: 7500 }; // 8 blocks, the last one partial

describe('shards and merge', () => {
  it.each([1, 2, 3, 7])('%i shards merge into the Result of one run, byte for byte', async (n) => {
    const parts = [];
    for (let i = 0; i < n; i++) parts.push(JSON.parse(JSON.stringify(makePartial(base, { index: i, count: n }, await runShard(base, { index: i, count: n }, { threads: 1 }), 'test'))));
    expect(renderJson(mergeShards(base, 'test', parts.reverse()))).toBe(renderJson(runInThread(base, 'test')));
  });

  it('also in sketch mode (cash sketches merged across shards)', async () => {
    const parts = [];
    for (let i = 0; i < 3; i++) parts.push(JSON.parse(JSON.stringify(makePartial(base, { index: i, count: 3 }, await runShard(base, { index: i, count: 3 }, { threads: 1, exactCashLimit: 1000 }), 'test'))));
    const merged = mergeShards(base, 'test', parts);
    expect(merged.run.cashQuantiles).toBe('sketch (relative error 0.1%)');
    expect(renderJson(merged)).toBe(renderJson(await runScenario(base, 'test', { threads: 1, exactCashLimit: 1000 })));
  });

  it('through the CLI: simulate --shard writes parts, merge prints the same table and JSON as simulate', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3; i++) {
      const cli = memoryIo();
      expect(await cli.run(['simulate', OPENAI, '--paths', '5000', '--shard', `${i}/3`, '--out', `part-${i}.json`])).toBe(0);
      files[`part-${i}.json`] = cli.written[`part-${i}.json`]!;
    }
    for (const format of ['json', 'table']) {
      const merged = memoryIo(files);
      expect(await merged.run(['merge', 'part-2.json', 'part-0.json', 'part-1.json', '--format', format])).toBe(0);
      const single = memoryIo();
      await single.run(['simulate', OPENAI, '--paths', '5000', '--format', format]);
      expect(merged.stdout()).toBe(single.stdout());
    }
  });

  it('--shard auto/n reads the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX', async () => {
    for (const env of [{ SLURM_ARRAY_TASK_ID: '1' }, { JOB_COMPLETION_INDEX: '1' }]) {
      const cli = memoryIo({}, { env });
      expect(await cli.run(['simulate', OPENAI, '--paths', '2048', '--shard', 'auto/2'])).toBe(0);
      expect(JSON.parse(cli.stdout()).shard).toEqual({ index: 1, count: 2 });
    }
    const none = memoryIo();
    expect(await none.run(['simulate', OPENAI, '--shard', 'auto/2'])).toBe(2);
    expect(none.stderr()).toBe('runway simulate: --shard auto/n: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set\n');
  });

  it('refuses parts that do not belong together, with clear messages', async () => {
    const part = async (i: number, n: number, extra: string[] = []) => {
      const cli = memoryIo();
      await cli.run(['simulate', OPENAI, '--paths', '3000', '--shard', `${i}/${n}`, ...extra]);
      return cli.stdout();
    };
    const files = { a0: await part(0, 2), a1: await part(1, 2), b1: await part(1, 2, ['--seed', '9']), c1: await part(1, 3), junk: 'not json', other: '{"kind":"something else"}' };
    const merge = async (...names: string[]) => {
      const cli = memoryIo(files);
      return { code: await cli.run(['merge', ...names]), stderr: cli.stderr() };
    };
    expect(await merge('a0')).toEqual({ code: 2, stderr: 'runway merge: missing shard 1/2\n' });
    expect(await merge('a0', 'a1', 'a1')).toEqual({ code: 2, stderr: 'runway merge: a1: shard 1/2 is also in a1\n' });
    expect((await merge('a0', 'b1')).stderr).toContain("runway merge: b1: seed 9 differs from a0's 2024\n");
    expect((await merge('a0', 'c1')).stderr).toBe("runway merge: c1: shard count 3 differs from a0's 2\n");
    expect((await merge('junk')).stderr).toMatch(/^junk: not a runway partial result \(not JSON: /);
    expect((await merge('other')).stderr).toMatch(/^other: not a runway partial result \(kind: /);
  });

  it('refuses --shard with --precision, and a malformed --shard', async () => {
    const a = memoryIo();
    expect(await a.run(['simulate', OPENAI, '--shard', '0/2', '--precision', '1%'])).toBe(2);
    expect(a.stderr()).toBe('runway simulate: --shard and --precision do not go together (a shard cannot see the whole run)\n');
    const b = memoryIo();
    expect(await b.run(['simulate', OPENAI, '--shard', '2/2'])).toBe(2);
    expect(b.stderr()).toBe('runway simulate: --shard: expected 0 <= i < n <= 100000 (got 2/2)\n');
  });
});
