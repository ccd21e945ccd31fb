import { describe, expect, it } from 'vitest';
import { SolveError, monotonicity, parseTarget, solve, solveSchema } from '../../src/analysis/solve.js';
import type { Varied } from '../../src/scenario/vary.js';
import { memoryIo, scenario as scenarioOf } from '../helpers.js';

// ruin by the horizon (91 days of burn) iff cash·1 + x < 91M·s: closed forms for each kind of move
const text = `
name: solvable
start: 2024-01-01
horizon: 2024-03-31
paths: 4096
seed: 9
cash: { initial: "uniform(0, 100M)" }
costs:
  - { name: burn, amount: 1M, per: day }
events:
  - { name: grant, date: 2024-01-01, probability: 0%, amount: 100M }
`;

async function solveCli(argv: string[]) {
  const cli = memoryIo({ 's.yaml': text });
  const code = await cli.run(['solve', 's.yaml', '--format', 'json', ...argv]);
  return { code, stdout: cli.stdout(), stderr: cli.stderr(), json: code === 0 ? solveSchema().parse(JSON.parse(cli.stdout())) : undefined };
}

describe('runway solve: progress', () => {
  it('shows the trial out of the most there will be once the target is bracketed, and no more trials than that', async () => {
    const cli = memoryIo({ 's.yaml': text }, { stderrTty: true });
    expect(await cli.run(['solve', 's.yaml', '--format', 'json', '--target', 'ruin(2024-03-31) <= 5%', '--vary', 'cash.initial'])).toBe(0);
    const shown = [...cli.stderr().matchAll(/solving: trial (\d+)(?: of at most (\d+)|, finding where the target is crossed)/g)];
    expect(shown[0]![0]).toMatch(/finding where the target is crossed$/);
    const last = shown[shown.length - 1]!;
    expect(Number(last[1])).toBeLessThanOrEqual(Number(last[2]));
    expect(Number(last[1])).toBe(JSON.parse(cli.stdout()).evaluations.length);
  });
});

describe('runway solve: known answers', () => {
  const n = 4096;
  it('add to the initial cash: P = (91M − x)/100M, so 5% needs x = 86M', async () => {
    const r = await solveCli(['--target', 'ruin(2024-03-31) <= 5%', '--vary', 'cash.initial']);
    expect(r.stderr).toBe('');
    const s = r.json!;
    // SE of x: SE of P (sqrt(.05·.95/n)) over the slope dP/dx = 1/100M
    const seX = 100e6 * Math.sqrt((0.05 * 0.95) / n);
    expect(Math.abs(s.answer.value - 86e6)).toBeLessThan(4 * seX);
    expect(s.answer.ci95.low).toBeLessThan(86e6);
    expect(s.answer.ci95.high).toBeGreaterThan(86e6);
    expect(s.answer.probability).toBeLessThanOrEqual(0.05);
    expect(s.monotone).toEqual({ ok: true, pathsAgainst: 0 });
    expect(s.vary).toMatchObject({ path: 'cash.initial', how: 'add', kind: 'distribution', current: 50e6 });
    expect(s.vary.atAnswer).toBeCloseTo(50e6 + s.answer.value, 0);
  });

  it('scale a cost: P = 0.91·s, so 5% needs s = 0.05/0.91', async () => {
    const r = await solveCli(['--target', 'ruin(2024-03-31) <= 5%', '--vary', 'costs[burn].amount', '--how', 'scale']);
    const s = r.json!;
    const seS = Math.sqrt((0.05 * 0.95) / n) / 0.91;
    expect(Math.abs(s.answer.value - 0.05 / 0.91)).toBeLessThan(4 * seS);
  });

  it('set a probability (dotted name form): P = 0.91·(1 − p), so 5% needs p = 1 − 0.05/0.91', async () => {
    const r = await solveCli(['--target', 'ruin(2024-03-31) <= 5%', '--vary', 'events.grant.probability']);
    const s = r.json!;
    expect(s.vary.how).toBe('set');
    const seP = Math.sqrt((0.05 * 0.95) / n) / 0.91;
    expect(Math.abs(s.answer.value - (1 - 0.05 / 0.91))).toBeLessThan(4 * seP);
  });

  it('an earlier date: trials stop at it; by mid-February (46 days) P = (46M − x)/100M', async () => {
    const r = await solveCli(['--target', 'ruin(2024-02-15) <= 10%', '--vary', 'cash.initial']);
    const seX = 100e6 * Math.sqrt((0.1 * 0.9) / n);
    expect(Math.abs(r.json!.answer.value - 36e6)).toBeLessThan(4 * seX);
  });

  it('an unreachable target within a range, a field that does not matter, and bad flags', async () => {
    const range = await solveCli(['--target', 'ruin(2024-03-31) <= 5%', '--vary', 'cash.initial', '--range', '0..10M']);
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/^runway solve: the target is not crossed within --range 0\.\.10000000: P\(ruin by 2024-03-31\) is .* at 0 and .* at 10000000; widen the range\n$/);
    const idle = await solveCli(['--target', 'ruin(2024-03-31) <= 5%', '--vary', 'events[grant].amount']);
    expect(idle.code).toBe(1);
    expect(idle.stderr).toMatch(/events\[grant\]\.amount does not move P\(ruin by 2024-03-31\)/);
    expect((await solveCli(['--target', 'ruin(2025-01-01) <= 5%', '--vary', 'cash.initial'])).code).toBe(2);
    const bad = await solveCli(['--target', 'ruin <= 5', '--vary', 'cash.initial']);
    expect(bad.stderr).toMatch(/^runway solve: --target: expected a target such as/);
    const field = await solveCli(['--target', 'ruin(2024-03-31) <= 5%', '--vary', 'costs[rent].amount']);
    expect(field.stderr).toBe('runway solve: --vary: costs has no item "rent"\n');
  });
});

describe('solve: targets and monotonicity', () => {
  it('parses targets', () => {
    expect(parseTarget('ruin(2024-12-31) <= 5%')).toMatchObject({ date: '2024-12-31', op: '<=', probability: 0.05 });
    expect(parseTarget('P(ruin by 2024-06-30) < 0.1')).toMatchObject({ date: '2024-06-30', op: '<', probability: 0.1 });
    expect(parseTarget('ruin(2024-06-30) >= 50%')).toMatchObject({ op: '>=', probability: 0.5 });
    expect(parseTarget('ruin(2024-06-30) <= 150%')).toMatch(/between 0% and 100%/);
  });

  it('accepts a step against the overall direction within Monte Carlo noise, and refuses one beyond it (McNemar)', () => {
    const n = 100;
    const ruin = (...paths: number[][]) => paths.map((set) => Uint8Array.from({ length: n }, (_, i) => (set.includes(i) ? 1 : 0)));
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);
    // falling overall (60 → 0); 0 → 1: 2 paths flip against (ruined) and 1 with it: z = 1/√3
    const noisy = ruin(range(0, 60), [...range(1, 60), 60, 61], []);
    expect(monotonicity([0, 1, 2], new Map(noisy.map((r, k) => [k, r])), n)).toEqual({ ok: false, pathsAgainst: 2, reversal: -1 });
    // 0 → 1: 20 paths against, none with it: z = √20 > 3
    const turned = ruin(range(0, 60), range(0, 80), []);
    expect(monotonicity([0, 1, 2], new Map(turned.map((r, k) => [k, r])), n)).toEqual({ ok: false, pathsAgainst: 20, reversal: 1 });
    const clean = ruin(range(0, 60), range(0, 30), []);
    expect(monotonicity([0, 1, 2], new Map(clean.map((r, k) => [k, r])), n)).toEqual({ ok: true, pathsAgainst: 0, reversal: -1 });
  });

  it('refuses a response that is not monotone, naming where it turned', async () => {
    const base = scenarioOf(text);
    // a synthetic response in x: ruin falls with x except for a bump at 55M..75M, away from where
    // the bisection goes (it is caught by the grid of 6 values across the bracket 0..100M)
    const n = base.paths;
    let current = 0;
    const varied: Varied = { path: 'cash.initial', kind: 'distribution', current: 0, magnitude: 100e6, bounds: () => [-Infinity, Infinity], apply: (_how, x) => ((current = x), base) };
    const evaluate = async () => {
      const p = current >= 55e6 && current < 75e6 ? 0.5 : Math.max(0, 0.9 - current / 100e6);
      return Uint8Array.from({ length: n }, (_, i) => (i < p * n ? 1 : 0));
    };
    await expect(solve(base, varied, 'add', parseTarget('ruin(2024-03-31) <= 5%') as never, evaluate)).rejects.toThrow(SolveError);
    await expect(solve(base, varied, 'add', parseTarget('ruin(2024-03-31) <= 5%') as never, evaluate)).rejects.toThrow(/is not monotone in cash\.initial: .* against the overall direction/);
  });
});
