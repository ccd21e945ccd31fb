import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInThread, runScenario } from '../../src/run/run.js';
import { renderJson } from '../../src/report/json.js';
import { memoryIo, scenario } from '../helpers.js';
import { joinPart, mergeFiles, mergedThroughFiles, partBytes, sectionOffset, shardFiles, splitPart } from './parts.js';

const OPENAI = 'scenarios/openai-2024.yaml';
const base = { ...scenario(readFileSync(OPENAI, 'utf8')), paths: 7500 }; // 8 blocks, the last one partial

/** A quick scenario of 65 blocks (the last one partial), with noise, an event and a cut, for many shards. */
const small = scenario(`name: small
start: 2025-01-01
horizon: 2025-03-31
paths: ${64 * 1024 + 100}
seed: 7
cash: { initial: 400k to 900k }
revenue:
  - { name: sales, amount: 3k to 5k, per: day, volatility: 20% }
costs:
  - { name: payroll, amount: 240k, per: month }
events:
  - { name: grant, amount: 150k, date: 2025-02-01 to 2025-03-15, probability: 40% }
actions:
  - { name: cut, when: { cash_below: 100k }, cut: 25%, lines: [payroll] }
`);

describe('shards and merge', () => {
  it.each([1, 2, 3, 7])('%i shards merge into the Result of one run, byte for byte, in any order', async (n) => {
    const files = await shardFiles(base, n);
    expect(renderJson(mergeFiles(files.reverse()).result!)).toBe(renderJson(runInThread(base, 'test')));
  });

  it('also in sketch mode (cash sketches merged across shards), with shortfall quantiles from the ruined paths only', async () => {
    const execution = { threads: 1, exactCashLimit: 1000 };
    const merged = await mergedThroughFiles(base, 3, execution);
    expect(merged.run.cashQuantiles).toBe('sketch (relative error 0.1%)');
    expect(renderJson(merged)).toBe(renderJson(await runScenario(base, 'test', execution)));
    // the sketch's shortfall quantiles are those of the exact run within the sketch's 0.1% (unruined paths are not zeros)
    const exact = runInThread(base, 'test').shortfall!;
    for (const key of ['atRuin', 'deepest'] as const) {
      for (const q of ['p10', 'p50', 'p90'] as const) expect(Math.abs(merged.shortfall![key][q] / exact[key][q] - 1)).toBeLessThan(0.002);
    }
  });

  it('1, 2, 7 and 64 shards, merged flat or as trees of partial merges of two shapes, give the same bytes', async () => {
    const one = renderJson(runInThread(small, 'test'));
    for (const n of [1, 2, 7]) expect(renderJson(await mergedThroughFiles(small, n))).toBe(one);
    const files = await shardFiles(small, 64);
    expect(renderJson(mergeFiles(files).result!)).toBe(one);
    // a chain: ((p0 + p1) + p2) + …, each step a part file
    let chain = files[0]!;
    for (const file of files.slice(1)) chain = partBytes(mergeFiles([chain, file], true).part);
    expect(renderJson(mergeFiles([chain]).result!)).toBe(one);
    // a balanced tree: pairs, then pairs of pairs, … (the order within each pair reversed)
    let level = files;
    while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, k) => partBytes(mergeFiles([level[2 * k + 1]!, level[2 * k]!], true).part));
    expect(renderJson(mergeFiles(level).result!)).toBe(one);
  });

  it('through the CLI: parts above the old 1 MiB limit, merged into the same table and JSON as simulate', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 2; i++) {
      const cli = memoryIo();
      expect(await cli.run(['simulate', OPENAI, '--shard', `${i}/2`, '--out', `part-${i}.runway-part`])).toBe(0);
      files[`part-${i}.runway-part`] = cli.bytes[`part-${i}.runway-part`]!;
      expect(files[`part-${i}.runway-part`]!.length).toBeGreaterThan(1_048_576);
    }
    for (const format of ['json', 'table']) {
      const merged = memoryIo(files);
      expect(await merged.run(['merge', 'part-1.runway-part', 'part-0.runway-part', '--format', format])).toBe(0);
      const single = memoryIo();
      await single.run(['simulate', OPENAI, '--format', format]);
      expect(merged.stdout()).toBe(single.stdout());
    }
    // merge --partial, then the final merge
    const partial = memoryIo(files);
    expect(await partial.run(['merge', '--partial', 'part-1.runway-part', '--out', 'half.runway-part'])).toBe(0);
    const final = memoryIo({ ...files, 'half.runway-part': partial.bytes['half.runway-part']! });
    expect(await final.run(['merge', 'half.runway-part', 'part-0.runway-part', '--format', 'json'])).toBe(0);
    const single = memoryIo();
    await single.run(['simulate', OPENAI, '--format', 'json']);
    expect(final.stdout()).toBe(single.stdout());
  });

  it('--shard auto/n reads the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX', async () => {
    for (const env of [{ SLURM_ARRAY_TASK_ID: '1' }, { JOB_COMPLETION_INDEX: '1' }]) {
      const cli = memoryIo({}, { env });
      expect(await cli.run(['simulate', OPENAI, '--paths', '2048', '--shard', 'auto/2', '--out', 'p'])).toBe(0);
      expect(splitPart(Buffer.from(cli.bytes['p']!)).header['shards']).toEqual({ count: 2, held: [[1, 1]] });
    }
    const none = memoryIo();
    expect(await none.run(['simulate', OPENAI, '--shard', 'auto/2', '--out', 'p'])).toBe(2);
    expect(none.stderr()).toBe('runway simulate: --shard auto/n: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set\n');
  });

  it('refuses --shard with --precision, without --out, with more shards than blocks, and a malformed --shard', async () => {
    const cases: [string[], string][] = [
      [['--shard', '0/2', '--precision', '1%', '--out', 'p'], '--shard and --precision do not go together (a shard cannot see the whole run)'],
      [['--shard', '2/2', '--out', 'p'], '--shard: expected 0 <= i < n <= 100000 (got 2/2)'],
      [['--shard', '0/2'], '--shard writes a binary part: give it a file with --out, e.g. --out part-0.runway-part'],
      [['--shard', '0/3', '--paths', '2048', '--out', 'p'], '--shard 0/3: a run of 2048 paths has 2 blocks of 1024 paths; split it into at most that many shards'],
    ];
    for (const [argv, message] of cases) {
      const cli = memoryIo();
      expect(await cli.run(['simulate', OPENAI, ...argv])).toBe(2);
      expect(cli.stderr()).toBe(`runway simulate: ${message}\n`);
    }
    const partial = memoryIo();
    expect(await partial.run(['merge', '--partial', 'a', 'b'])).toBe(2);
    expect(partial.stderr()).toBe('runway merge: --partial writes a binary part: give it a file with --out\n');
    const html = memoryIo();
    expect(await html.run(['merge', '--partial', 'a', '--out', 'c', '--html', 'r.html'])).toBe(2);
    expect(html.stderr()).toBe('runway merge: --partial and --html do not go together (a part has no report; the final merge makes it)\n');
  });
});

describe('merge refuses parts that do not belong together or do not hold together (one line each, exit 2)', () => {
  const parts = async () => {
    const [a0, a1] = await shardFiles({ ...base, paths: 3000 }, 2);
    const [, b1] = await shardFiles({ ...base, paths: 3000, seed: '9' }, 2);
    const [, c1] = await shardFiles({ ...base, paths: 3000 }, 3);
    return { a0: a0!, a1: a1!, b1: b1!, c1: c1! };
  };
  const merge = async (files: Record<string, Uint8Array | string>, ...names: string[]) => {
    const cli = memoryIo(files);
    return { code: await cli.run(['merge', ...names]), stderr: cli.stderr() };
  };

  it('other runs, missing and repeated shards, files that are not parts', async () => {
    const files = { ...(await parts()), junk: 'not a part', empty: '', old: '{"kind":"runway-partial","formatVersion":1}' };
    expect(await merge(files, 'a0')).toEqual({ code: 2, stderr: 'runway merge: missing shard 1/2\n' });
    expect(await merge(files, 'a0', 'a1', 'a1')).toEqual({ code: 2, stderr: 'runway merge: a1: shard 1/2 is also in a1\n' });
    expect((await merge(files, 'a0', 'b1')).stderr).toContain("runway merge: b1: scenarioSha256 ");
    expect((await merge(files, 'a0', 'c1')).stderr).toBe("runway merge: c1: shard count 3 differs from a0's 2\nrunway merge: missing shard 1/2\n");
    expect((await merge(files, 'junk')).stderr).toBe('runway merge: junk: not a runway part (it does not start with the part signature; parts are written by simulate --shard)\n');
    expect((await merge(files, 'empty')).stderr).toBe('runway merge: empty: empty; not a runway part\n');
    expect((await merge(files, 'old')).stderr).toBe('runway merge: old: a part in the JSON format of an earlier runway; run its shard again with this version\n');
  });

  it('a truncated part, a changed byte, trailing bytes', async () => {
    const { a0, a1 } = await parts();
    const flipped = Buffer.from(a0);
    flipped[flipped.length - 100]! ^= 1;
    const files = { a1, cut: a0.subarray(0, a0.length - 1000), flipped, long: Buffer.concat([a0, Buffer.from('x')]) };
    expect((await merge(files, 'cut', 'a1')).stderr).toBe(`runway merge: cut: truncated: ${a0.length - 1000} bytes of ${a0.length}\nrunway merge: missing shard 0/2\n`);
    expect((await merge(files, 'flipped', 'a1')).stderr).toBe('runway merge: flipped: checksum mismatch: the part was changed or damaged after it was written\nrunway merge: missing shard 0/2\n');
    expect((await merge(files, 'long', 'a1')).stderr).toBe(`runway merge: long: damaged: ${a0.length + 1} bytes, expected ${a0.length}\nrunway merge: missing shard 0/2\n`);
  });

  it('forged parts with a correct checksum are checked for consistency', async () => {
    const exact = (await parts()).a0;
    const [sketched] = await shardFiles({ ...base, paths: 3000 }, 2, { threads: 1, exactCashLimit: 1000 });
    const forge = (bytes: Buffer, edit: (header: ReturnType<typeof splitPart>['header'], sections: Buffer) => Buffer | void) => {
      const { header, sections } = splitPart(bytes);
      const copy = Buffer.from(sections);
      return joinPart(header, edit(header, copy) ?? copy);
    };
    const f64 = (name: string, value: number, k = 0) => (h: ReturnType<typeof splitPart>['header'], s: Buffer) => void s.writeDoubleLE(value, sectionOffset(h, name) + 8 * k);
    const u32 = (name: string, value: number, k = 0) => (h: ReturnType<typeof splitPart>['header'], s: Buffer) => void s.writeUInt32LE(value, sectionOffset(h, name) + 4 * k);
    const cases: [string, Buffer, RegExp][] = [
      ['a block claiming 1e12 ruined paths', forge(exact, f64('ruinCount.paths', 1e12)), /^inconsistent: a day’s ruined paths is 1000000000000 \(expected a whole number from 0 to 1976\)$/],
      ['more ruined paths than the part has', forge(exact, (h, s) => { for (let k = 0; k < h.sections.find((x) => x.name === 'ruinCount.paths')!.length; k++) s.writeDoubleLE(100, sectionOffset(h, 'ruinCount.paths') + 8 * k); }), /^inconsistent: \d+ ruined paths in a part of 1976 paths$/],
      ['a shard count of 1e9', forge(exact, (h) => void (h['shards'] = { count: 1e9, held: [[0, 0]] })), /^damaged: 1000000000 shards of a run of 3000 paths \(at most 3, one block of paths each\)$/],
      ['a cut cash array', forge(exact, (h, s) => { h.sections.find((x) => x.name === 'cash')!.length -= 17; return s.subarray(0, s.length - 17 * 8); }), /^damaged: section cash has \d+ values \(\d+ for this scenario\)$/],
      ['cash that is not a number', forge(exact, f64('cash', NaN, 5)), /^inconsistent: cash of path 5 of block 0 at cash date 0 is not a number$/],
      ['a cash sum of 1.7e308', forge(sketched!, (h, s) => { s.writeDoubleLE(1.7e308, sectionOffset(h, 'cashSum.term')); }), /^inconsistent: cash column 0: mean .* outside its least and greatest value/],
      ['a sketch that counts other paths', forge(sketched!, u32('cashSketch.paths', 7)), /^inconsistent: cashSketch 0 counts \d+ paths, expected 1976$/],
      ['shards beyond the count', forge(exact, (h) => void (h['shards'] = { count: 2, held: [[0, 2]] })), /^damaged: the shards held \(\[\[0,2\]\]\) are not ascending ranges below 2$/],
    ];
    for (const [what, bytes, pattern] of cases) {
      const cli = memoryIo({ p: bytes });
      expect(await cli.run(['merge', 'p']), what).toBe(2);
      const [first] = cli.stderr().split('\n');
      expect(first!.replace(/^runway merge: p: /, ''), what).toMatch(pattern);
    }
  });
});
