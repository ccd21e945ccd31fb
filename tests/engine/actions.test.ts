import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInThread, runKeeping, runScenario } from '../../src/run/run.js';
import { renderJson } from '../../src/report/json.js';
import type { Result } from '../../src/analysis/result.js';
import { cashOn, problems, scenario, simulateText } from '../helpers.js';
import { mergedThroughFiles } from '../cli/parts.js';

const base = (cash: string, start = '2025-01-01', horizon = '2025-12-31', paths = 3) => `name: actions\nstart: ${start}\nhorizon: ${horizon}\npaths: ${paths}\ncash: { initial: ${cash} }\n`;
const action = (r: Result, name: string) => r.actions.find((a) => a.name === name)!;
const firstDate = (r: Result, name: string, q = 0.5) => action(r, name).firstDates.find((d) => d.q === q)?.date;
const ruinDate = (r: Result) => r.ruin.dateQuantiles.find((q) => q.q === 0.5)?.date;

describe('management actions: firing days derived by hand', () => {
  it('cash below 50k cuts a 1k/day cost by half 10 days later (the change from the day after the delay)', () => {
    // end-of-day cash 100k − 1k(t+1) < 50k first at t = 50 (2025-02-20); with delay_days 9 the cost
    // is 500 a day from t = 50 + 1 + 9 = 60 (2025-03-02), cash 40k at the end of t = 59; then
    // 40k − 500(t − 59) < 0 first at t = 140 (2025-05-21). Without the action: t = 100 (2025-04-11).
    const text = `${base('100k')}costs:\n  - { name: burn, amount: 1k, per: day }\nactions:\n  - { name: halve, when: { cash_below: 50k }, delay_days: 9, cut: 50%, lines: [burn] }\n`;
    const r = simulateText(text);
    expect(action(r, 'halve')).toMatchObject({ probability: 1, firedPaths: 3, meanFirings: 1 });
    expect(firstDate(r, 'halve')).toBe('2025-02-20');
    expect(cashOn(r, '2025-02-28').p50).toBe(100_000 - 59_000);
    expect(cashOn(r, '2025-03-31').p50).toBe(40_000 - 500 * 30);
    expect(ruinDate(r)).toBe('2025-05-21');
    expect(ruinDate(simulateText(text.replace(/actions:[\s\S]*$/, '')))).toBe('2025-04-11');
  });

  it('runway below 6 months, repeated: fires on the first month end, again when runway returns below 6, and the cuts compound', () => {
    // 100 a day from 2025-01-01 (a complete January). Jan 31: cash 16,900, burn 3,100 a month, 5.45
    // months: fires; 50 a day from Feb 1. Feb 28: burn (3,100 + 1,400)/2, 6.9 months: holds no more,
    // so the rule re-arms. After Jun 30 the burn of Apr–Jun is 1,516.67 (6 months: 9,100) and cash
    // 9,400 falls 50 a day: below 9,100 first on Jul 7; 25 a day from Jul 8. Jul 31: cash 8,450,
    // burn of May–Jul 4,000/3 (6 months: 8,000): re-armed; below 8,000 on Aug 19 (7,975): 12.5 a
    // day from Aug 20. Aug 31: 7,825 against 6 × 3,075/3 = 6,150; then runway stays above 6 months
    // (Dec 31: 6,300 against 2,300).
    const rule = (repeat: boolean) =>
      `${base('20k')}costs:\n  - { name: burn, amount: 100, per: day }\nactions:\n  - { name: trim, when: { runway_below: 6 }, cut: 50%, lines: [burn], repeat: ${repeat} }\n`;
    const repeated = simulateText(rule(true));
    expect(action(repeated, 'trim')).toMatchObject({ probability: 1, meanFirings: 3 });
    expect(firstDate(repeated, 'trim')).toBe('2025-01-31');
    expect(cashOn(repeated, '2025-06-30').p50).toBe(9_400);
    expect(cashOn(repeated, '2025-07-31').p50).toBe(9_400 - 7 * 50 - 24 * 25);
    expect(cashOn(repeated, '2025-08-31').p50).toBe(7_825);
    expect(cashOn(repeated, '2025-12-31').p50).toBe(6_300);
    const once = simulateText(rule(false));
    expect(action(once, 'trim')).toMatchObject({ probability: 1, meanFirings: 1 });
    expect(cashOn(once, '2025-12-31').p50).toBe(20_000 - 3_100 - 50 * 334);
  });

  it('runway counts complete calendar months only: a run from the 15th first checks it on the last day of its first whole month', () => {
    // 1k a day from 2025-01-15 with 40k: January is not complete; on Feb 28 cash is 40k − 45k < 0
    // (ruined on Feb 22), so start with more: 100k, Feb 28 cash 55k, burn 28k: 1.96 months.
    const text = `${base('100k', '2025-01-15', '2025-06-30')}costs:\n  - { name: burn, amount: 1k, per: day }\nactions:\n  - { name: cut, when: { runway_below: 3 }, cut: 10%, lines: [burn] }\n`;
    expect(firstDate(simulateText(text), 'cut')).toBe('2025-02-28');
  });

  it('stop, start and freeze growth', () => {
    // 200 a day out; below 5k first at the end of t = 25 (10k − 5,200 = 4,800, 2025-01-26): from
    // Jan 27 the ads stop and the bridge brings 300 a day, so Jan 31 ends at 4,800 + 5 × 300 = 6,300.
    const text = `${base('10k')}costs:\n  - { name: ads, amount: 200, per: day }\nrevenue:\n  - { name: bridge, amount: 300, per: day }\nactions:\n  - { name: rescue, when: { cash_below: 5k }, stop: [ads], start: [bridge] }\n`;
    const r = simulateText(text);
    expect(firstDate(r, 'rescue')).toBe('2025-01-26');
    expect(cashOn(r, '2025-01-31').p50).toBe(6_300);
    expect(cashOn(r, '2025-02-28').p50).toBe(6_300 + 28 * 300);

    // a cost growing 10% a month, compounded daily from its first day: frozen from the day after
    // the rule fires, it stays at its level of the firing day
    const g = 1.1 ** (1 / (365.25 / 12));
    let cash = 200_000;
    let fired = -1;
    for (let t = 0; fired < 0; t++) {
      cash -= 1000 * g ** t;
      if (cash < 150_000) fired = t;
    }
    const frozen = simulateText(`${base('200k', '2025-01-01', '2025-06-30')}costs:\n  - { name: cloud, amount: 1k, per: day, growth: { monthly: 10% } }\nactions:\n  - { name: hold, when: { cash_below: 150k }, freeze_growth: [cloud] }\n`);
    expect(firstDate(frozen, 'hold')).toBe(new Date(Date.UTC(2025, 0, 1 + fired)).toISOString().slice(0, 10));
    const [apr, may] = [cashOn(frozen, '2025-04-30').p50, cashOn(frozen, '2025-05-31').p50];
    expect(apr - may).toBeCloseTo(31 * 1000 * g ** fired, 6);
  });

  it('a firing on the day a path runs out of cash is not counted (the report counts firings while solvent)', () => {
    const r = simulateText(`${base('1k', '2025-01-01', '2025-01-31')}costs:\n  - { name: burn, amount: 100, per: day }\nactions:\n  - { name: late, when: { cash_below: 0 }, cut: 50%, lines: [burn] }\n`);
    expect(action(r, 'late')).toMatchObject({ probability: 0, firedPaths: 0, firstDates: [] });
  });
});

describe('management actions: the share of paths that fire', () => {
  it('matches the closed form: cash uniform(50k, 150k), 1k a day out, fires by day 60 when cash < 110k (60%)', () => {
    // fires by the end of t = 59 iff C − 60k < 50k
    const r = simulateText(`${base("'uniform(50k, 150k)'", '2025-01-01', '2025-03-01', 20_000)}costs:\n  - { name: burn, amount: 1k, per: day }\nactions:\n  - { name: cut, when: { cash_below: 50k }, cut: 20%, lines: [burn] }\n`);
    const a = action(r, 'cut');
    expect(Math.abs(a.probability - 0.6)).toBeLessThan(4 * Math.sqrt((0.6 * 0.4) / 20_000));
    // the first day is uniform over days 0–59 among the paths that fire: its median is day 29 or 30
    expect(['2025-01-30', '2025-01-31']).toContain(firstDate(r, 'cut'));
  });

  it('are the same on 1 and 2 threads and through shards and merge', async () => {
    const s = scenario(`${base("'uniform(50k, 150k)'", '2025-01-01', '2025-06-30', 5000)}costs:\n  - { name: burn, amount: 1k to 1.4k, per: day }\nactions:\n  - { name: cut, when: { runway_below: 3 }, cut: 10% to 40%, lines: [burn], repeat: true }\n`);
    const one = runInThread(s, 'test');
    expect(one.actions[0]!.firedPaths).toBeGreaterThan(1000);
    expect(renderJson(await runScenario(s, 'test', { threads: 2, minBlocksPerThread: 1 }))).toBe(renderJson(one));
    expect(renderJson(await mergedThroughFiles(s, 3))).toBe(renderJson(one));
  });
});

describe('management actions: the SaaS example', () => {
  it('its spending cut only ever helps: path by path (common random numbers), no date has more ruined paths with it', async () => {
    const s = { ...scenario(readFileSync('scenarios/saas-startup.yaml', 'utf8')), paths: 4000 };
    const withCut = await runKeeping(s, 'test', { threads: 1 }, { ruinSteps: true });
    const without = await runKeeping({ ...s, actions: undefined }, 'test', { threads: 1 }, { ruinSteps: true });
    const later = (a: number, b: number) => a === -1 || (b !== -1 && a >= b);
    const steps = [withCut.tally.ruinStep, without.tally.ruinStep];
    for (let i = 0; i < s.paths; i++) expect(later(steps[0]![i]!, steps[1]![i]!)).toBe(true);
    const last = (r: Result) => r.ruin.byDate[r.ruin.byDate.length - 1]!.ruinedPaths;
    expect(last(withCut.result)).toBeLessThan(last(without.result));
    expect(action(withCut.result, 'spending cut').probability).toBeGreaterThan(0.5);
  });
});

describe('management actions: validation', () => {
  const head = `${base('1M')}costs:\n  - { name: payroll, amount: 100k, per: month }\n  - { name: ads, amount: 10k, per: month, group: marketing }\nactions:\n`;
  it('names what is wrong, with a suggestion for a misspelt line', () => {
    expect(
      problems(
        `${head}  - { name: a, when: { cash_below: 1M, runway_below: 3 }, cut: 20% }\n  - { name: a, when: { cash_below: 1M } }\n  - { name: b, when: { runway_below: 6 }, cut: 150%, lines: [payrol] }\n  - { name: c, when: { cash_below: 1M }, freeze_growth: [ads], start: [marketing] }\n  - { name: d, when: { cash_below: 1M }, start: [ads] }\n`,
      ),
    ).toEqual([
      'x.yaml:10:22: actions[0].when: give exactly one of cash_below (an amount) or runway_below (months of runway)',
      'x.yaml:10:64: actions[0].cut: needs lines: the lines or groups to cut',
      'x.yaml:11:5: actions[1]: give at least one change: cut (with lines), stop, freeze_growth or start',
      'x.yaml:11:13: actions[1].name: duplicate name "a" in actions',
      'x.yaml:12:48: actions[2].cut: must be above 0% and at most 100% (got 150%)',
      'x.yaml:12:62: actions[2].lines[0]: no line or group named "payrol" (did you mean payroll?)',
      'x.yaml:13:57: actions[3].freeze_growth: "ads" has no growth to freeze',
      'x.yaml:14:49: actions[4].start: "ads" is already started by action "c"; a line is started by one action',
    ]);
  });
});
