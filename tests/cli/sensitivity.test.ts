import { describe, expect, it } from 'vitest';
import { sensitivitySchema } from '../../src/analysis/sensitivity.js';
import { runSensitivity } from '../../src/run/sensitivity.js';
import { memoryIo, scenario as scenarioOf } from '../helpers.js';

// ruin by the horizon (91 days of 1M) iff initial cash < 91M; the grant (50%, 20M on day 1)
// adds 20M, so ruin iff cash + grant < 91M; the tip line is irrelevant (at most $1 a day)
const scenario = `
name: driven by cash
start: 2024-01-01
horizon: 2024-03-31
paths: 20000
seed: 5
cash: { initial: "uniform(0, 100M)" }
costs:
  - { name: burn, amount: 1M, per: day }
revenue:
  - { name: tips, amount: "uniform(0, 1)", per: day }
events:
  - { name: grant, date: 2024-01-01, probability: 50%, amount: 20M }
`;

async function sensitivity(argv: string[]) {
  const cli = memoryIo({ 's.yaml': scenario });
  const code = await cli.run(['sensitivity', 's.yaml', ...argv, '--width', '1000']);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe('runway sensitivity', () => {
  it('ranks inputs by the swing between deciles; known answers within 4 SE', async () => {
    const r = await sensitivity(['--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = sensitivitySchema().parse(JSON.parse(r.stdout));
    expect(s.inputs.map((x) => x.name)).toEqual(['cash.initial', 'events[grant].happens', 'revenue[tips].amount']);
    const [cash, grant, tips] = s.inputs as [(typeof s.inputs)[0], (typeof s.inputs)[0], (typeof s.inputs)[0]];
    // low cash decile (< 10M): ruined even with the grant (< 30M + ... < 91M): P = 1
    expect(cash.low.probability).toBe(1);
    // high decile (cash in 90M..100M): ruined iff no grant and cash < 91M: P = 0.5 · 0.1 = 0.05
    expect(Math.abs(cash.high.probability - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / cash.high.paths));
    expect(cash.swing.difference).toBeLessThan(-0.9);
    expect(cash.rankCorrelation.rho).toBeGreaterThan(0.5); // more cash, later ruin
    // grant: no (low decile) P = P(c < 91M) = 0.91; yes (high decile) P = P(c < 71M) = 0.71
    expect(grant.low.valueHigh).toBe(0);
    expect(grant.high.valueLow).toBe(1);
    const seGrant = Math.sqrt((0.91 * 0.09 + 0.71 * 0.29) / grant.low.paths);
    expect(Math.abs(grant.swing.difference - (0.71 - 0.91))).toBeLessThan(4 * seGrant);
    // an irrelevant input: swing within 4 SE of 0, and its interval says so
    expect(Math.abs(tips.swing.difference)).toBeLessThan(4 * tips.swing.standardError);
    expect(tips.swing.ci95.low).toBeLessThan(0);
    expect(tips.swing.ci95.high).toBeGreaterThan(0);
    expect(s.by).toBe('2024-03-31');
  });

  it('--by picks the date; the table and tornado name every input; same bytes for 1 and 2 threads', async () => {
    const one = await sensitivity(['--by', '2024-02-15', '--threads', '1', '--format', 'json']);
    const two = await sensitivity(['--by', '2024-02-15', '--threads', '2', '--format', 'json']);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).by).toBe('2024-02-15');
    const table = await sensitivity(['--top', '2']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Sensitivity of P(ruin by 2024-03-31)');
    expect(table.stdout).toMatch(/cash\.initial .*█+│/u);
    expect(table.stdout).toContain('(1 more inputs with smaller swings; --top to show more)');
  });

  it('with no path ruined by the date, says so in words instead of a table of +0.00% swings', async () => {
    const none = await sensitivity(['--set', 'cash.initial=uniform(200M, 300M)', '--paths', '2000']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No path was ruined by 2024-03-31, so no input moves P(ruin): nothing to rank. Try another --by date (or more paths).\n');
    expect(none.stdout).not.toContain('swing');
  });

  it('inputs kept on worker threads give the same sensitivity as one thread', async () => {
    const s = scenarioOf(scenario.replace('paths: 20000', 'paths: 5000'));
    const one = await runSensitivity(s, 'test', undefined, { threads: 1 });
    const two = await runSensitivity(s, 'test', undefined, { threads: 2, minBlocksPerThread: 1 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('refuses a date outside the run and too few paths, with exit 2', async () => {
    const early = await sensitivity(['--by', '2023-12-31']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/--by: .*2023-12-31/);
    const lines = Array.from({ length: 60 }, (_, i) => `  - { name: l${i}, amount: 1 to 2, per: day }`).join('\n');
    const wide = memoryIo({ 'w.yaml': `name: w\nstart: 2024-01-01\nhorizon: 2024-01-31\ncash: { initial: 1B }\ncosts:\n${lines}\n` });
    expect(await wide.run(['sensitivity', 'w.yaml', '--paths', '1000000'])).toBe(2);
    expect(wide.stderr()).toBe('runway sensitivity: 61 inputs × 1000000 paths is more than the 50000000 values sensitivity keeps in memory; use fewer --paths\n');
    const few = await sensitivity(['--paths', '50']);
    expect(few.code).toBe(2);
    expect(few.stderr).toBe('runway sensitivity: --paths: at least 100 paths are needed for deciles (got 50)\n');
  });
});
