import { describe, expect, it } from 'vitest';
import { memoryIo } from '../helpers.js';

const OPENAI = 'scenarios/openai-2024.yaml';

async function check(argv: string[], files: Record<string, string> = {}) {
  const cli = memoryIo(files);
  const code = await cli.run(['check', ...argv, '--width', '1000']); // one line per limit, as the assertions read them
  return { code, stdout: cli.stdout(), stderr: cli.stderr(), written: cli.written };
}

describe('runway check', () => {
  it('passes the expect: limits of the OpenAI scenario, exit 0', async () => {
    const r = await check([OPENAI, '--paths', '2048']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scenarios\/openai-2024\.yaml \(2,048 paths, seed 2024\)\n {2}pass {10}P\(ruin by 2024-12-31\) ≤ 40\.00% \(expect\[0\]\): \d+\.\d\d%, 99% interval \d+\.\d\d% – \d+\.\d\d%\n/);
    expect(r.stdout.endsWith('2 passed, 0 breached, 0 inconclusive\n')).toBe(true);
  });

  it('is stable: the passing scenario passes under 20 different seeds', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = await check([OPENAI, '--paths', '1024', '--seed', String(seed)]);
      expect(r.code, `seed ${seed}: ${r.stdout}`).toBe(0);
    }
  });

  it('declares a breach only when the interval is wholly outside the limit, exit 1', async () => {
    const r = await check([OPENAI, '--paths', '2048', '--max-ruin', '3%']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BREACH {8}P\(ruin by 2024-12-31\) ≤ 3\.00% \(--max-ruin\): .*: wholly outside the limit/);
  });

  it('runs more paths while an interval straddles the limit', async () => {
    // at 2,048 paths the 99% interval straddles 9%; doubling settles it
    const r = await check([OPENAI, '--paths', '2048', '--max-ruin', '9%']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scenarios\/openai-2024\.yaml \((4,096|8,192|16,384) paths/);
    expect(r.stdout).toContain('3 passed, 0 breached, 0 inconclusive');
  });

  it('reports inconclusive distinctly at the cap; --fail-inconclusive makes it fail', async () => {
    const args = [OPENAI, '--paths', '1024', '--max-paths', '2048', '--max-ruin', '7.5%'];
    const r = await check(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/INCONCLUSIVE {2}P\(ruin by 2024-12-31\) ≤ 7\.50% \(--max-ruin\): .*straddles the limit at the cap of 2,048 paths \(raise --max-paths\)/);
    expect(r.stdout).toContain('2 passed, 0 breached, 1 inconclusive');
    expect((await check([...args, '--fail-inconclusive'])).code).toBe(1);
  });

  it('writes JUnit XML: a failure per breach, skipped per inconclusive', async () => {
    const r = await check([OPENAI, '--paths', '1024', '--max-paths', '2048', '--max-ruin', '3%', '--junit', 'junit.xml']);
    const xml = r.written['junit.xml']!;
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="runway check" tests="3" failures="1" skipped="0">\n {2}<testsuite name="scenarios\/openai-2024\.yaml" tests="3" failures="1" skipped="0">\n/);
    expect(xml).toContain('<testcase classname="scenarios/openai-2024.yaml" name="P(ruin by 2024-12-31) ≤ 40.00% (expect[0])"/>');
    expect(xml).toMatch(/<failure message="[^"]*wholly outside the limit" type="breach"\/>/);
  });

  it('needs something to check, exit 2', async () => {
    const r = await check(['plain.yaml'], { 'plain.yaml': 'name: x\nstart: 2024-01-01\nhorizon: 2024-12-31\ncash: { initial: 1M }\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('runway check: plain.yaml: nothing to check: add expect: to the scenario or pass --max-ruin\n');
  });

  it.each([
    [['--max-ruin', '120%'], 'runway check: --max-ruin: expected a probability from 0% to 100% (got 120%)\n'],
    [['--confidence', '100%'], 'runway check: --confidence: expected a level from 50% to below 100%, such as 99% (got 100%)\n'],
    [['--max-paths', '5'], 'runway check: --max-paths: expected a whole number from 1024 to 1000000000 (got 5)\n'],
  ])('bad flags %j: exit 2', async (flags, message) => {
    const r = await check([OPENAI, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });
});
