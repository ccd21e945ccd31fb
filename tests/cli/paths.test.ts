import { describe, expect, it } from 'vitest';
import { ledgerRowEnds, replayPath } from '../../src/run/replay.js';
import { runTraced } from '../../src/run/run.js';
import type { Ledger } from '../../src/run/ledger.js';
import { compile } from '../../src/model/compile.js';
import { ledgerNdjson } from '../../src/report/paths.js';
import { memoryIo, scenario as scenarioOf } from '../helpers.js';

const text = `
name: ledgers
start: 2024-01-01
horizon: 2024-02-29
paths: 3000
seed: 4
cash: { initial: 20M to 60M }
users: { initial: 1000, growth: { drift: "normal(0, 0.05)", volatility: 0.02 } }
gpu:
  availability:
    initial: ok
    states: { ok: { capacity: 1 }, tight: { capacity: 0.5, price: 30% } }
    transitions: { ok->tight: 5%, tight->ok: 20% }
costs:
  - { name: compute, amount: 500 to 900, per: day, scales_with: served_users, gpu_priced: true, volatility: 0.1 }
  - { name: rent, amount: 3M, per: month }
revenue:
  - { name: subs, amount: 200 to 400, per: day, scales_with: users }
events:
  - { name: round, date: 2024-01-10 to 2024-02-20, probability: 50%, amount: 10M to 30M }
  - { name: bridge, when: { cash_below: 5M }, delay_days: 3, probability: 50%, amount: 5M }
`;

describe('--paths-out and --replay', () => {
  it('a replayed path is identical to that path inside the full run (any thread count)', async () => {
    const s = scenarioOf(text);
    const plan = compile(s);
    const format = { startDay: plan.startDay, stateNames: plan.observed.gpu.stateNames, hasUsers: true, series: ['cash', 'users', 'served_users', 'costs', 'revenue', 'events', 'gpu', 'ruined'] as const };
    const collected = async (threads: number) => {
      const lines: string[] = [];
      await runTraced(
        s,
        'test',
        { threads, minBlocksPerThread: 1 },
        { sample: 'all', rowEnds: ledgerRowEnds(plan, 'day'), write: (t: Ledger) => lines.push(ledgerNdjson(t, { ...format, series: [...format.series] })) },
      );
      return lines.join('');
    };
    const one = await collected(1);
    const two = await collected(2);
    expect(two).toBe(one);
    const rows = one.trimEnd().split('\n');
    expect(rows).toHaveLength(s.paths * plan.days);
    for (const k of [0, 1023, 1024, 2999]) {
      const replay = replayPath(s, k);
      expect(ledgerNdjson(replay.ledger, { ...format, series: [...format.series] })).toBe(`${rows.slice(k * plan.days, (k + 1) * plan.days).join('\n')}\n`);
    }
  });

  it('every ledger adds up: cash moves by revenue − costs + events each day; ruin matches the Result', async () => {
    const cli = memoryIo({ 's.yaml': text });
    expect(await cli.run(['simulate', 's.yaml', '--paths-out', 'p.ndjson', '--paths-sample', 'all', '--paths-every', 'day', '--format', 'json'])).toBe(0);
    const result = JSON.parse(cli.stdout());
    const rows = cli.written['p.ndjson']!.trimEnd().split('\n').map((l) => JSON.parse(l));
    let ruined = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r.date === '2024-01-01') continue;
      const prev = rows[i - 1];
      expect(r.path).toBe(prev.path);
      expect(r.cash).toBeCloseTo(prev.cash - r.costs + r.revenue + r.events, 0);
      if (r.ruined && !prev.ruined) ruined++;
      if (r.ruined && !prev.ruined) expect(r.cash).toBeLessThan(0);
    }
    expect(ruined).toBe(result.ruin.byDate.at(-1).ruinedPaths);
  });

  it('monthly rows sum the flows of the month; a sample is evenly spaced; series can be chosen', async () => {
    const cli = memoryIo({ 's.yaml': text });
    const code = await cli.run(['simulate', 's.yaml', '--paths-out', 'p.ndjson', '--paths-sample', '4', '--paths-series', 'cash,costs,gpu', '--no-chart']);
    expect(code).toBe(0);
    const rows = cli.written['p.ndjson']!.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => `${r.path} ${r.date}`)).toEqual(['0 2024-01-31', '0 2024-02-29', '750 2024-01-31', '750 2024-02-29', '1500 2024-01-31', '1500 2024-02-29', '2250 2024-01-31', '2250 2024-02-29']);
    expect(Object.keys(rows[0])).toEqual(['path', 'date', 'cash', 'costs', 'gpu']);
    const daily = memoryIo({ 's.yaml': text });
    await daily.run(['simulate', 's.yaml', '--paths-out', 'd.ndjson', '--paths-sample', '4', '--paths-every', 'day', '--no-chart']);
    const days = daily.written['d.ndjson']!.trimEnd().split('\n').map((l) => JSON.parse(l)).filter((r) => r.path === 750 && r.date <= '2024-01-31');
    expect(rows[2].costs).toBeCloseTo(days.reduce((s: number, r: { costs: number }) => s + r.costs, 0), 3);
    expect(rows[2].cash).toBe(days.at(-1).cash);
  });

  it('--replay prints the ledger; bad values and clashes are refused', async () => {
    const cli = memoryIo({ 's.yaml': text });
    expect(await cli.run(['simulate', 's.yaml', '--replay', '1500'])).toBe(0);
    const out = cli.stdout();
    expect(out.split('\n')[0]).toBe('ledgers · path 1,500 of 3,000 (0-based) · seed 4');
    expect(out).toContain('│ 2024-02-29 │');
    const bad = memoryIo({ 's.yaml': text });
    expect(await bad.run(['simulate', 's.yaml', '--replay', '3000'])).toBe(2);
    expect(bad.stderr()).toBe('runway simulate: --replay: expected a path from 0 to 2999 (got 3000)\n');
    const clash = memoryIo({ 's.yaml': text });
    expect(await clash.run(['simulate', 's.yaml', '--paths-out', 'p.ndjson', '--precision', '1%'])).toBe(2);
    expect(clash.written['p.ndjson']).toBeUndefined();
    const dash = memoryIo({ 's.yaml': text });
    expect(await dash.run(['simulate', 's.yaml', '--paths-out', '-'])).toBe(2);
    expect(dash.stderr()).toBe('runway simulate: --paths-out needs a file of its own (standard output carries the report)\n');
    const series = memoryIo({ 's.yaml': text });
    expect(await series.run(['simulate', 's.yaml', '--paths-out', 'p.ndjson', '--paths-series', 'cash,profit'])).toBe(2);
    expect(series.stderr()).toMatch(/unknown series "profit"/);
  });
});
