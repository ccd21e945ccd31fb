import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { memoryIo } from '../helpers.js';

const example = readFileSync('examples/actuals/acme-analytics.csv', 'utf8');

describe('runway fit', () => {
  it('writes a valid scenario that starts the day after the last row, with each line\'s source and note', async () => {
    const cli = memoryIo({ 'a.csv': example });
    expect(await cli.run(['fit', 'a.csv'])).toBe(0);
    const text = cli.stdout();
    expect(text).toMatch(/^# Fitted by runway fit from a\.csv \(lines 2–37, 36 months\)/);
    const parsed = parseScenario(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const s = parsed.value;
    expect([s.start, s.horizon]).toEqual(['2026-01-01', '2026-12-31']);
    expect(s.cash.initial).toEqual({ type: 'constant', value: Number(example.trim().split('\n').at(-1)!.split(',')[1]) });
    expect(s.customers?.initial).toBe(241);
    const names = [...s.revenue, ...s.costs].map((l) => l.name);
    expect(names).toEqual(['subscriptions', 'services', 'payroll', 'cloud', 'marketing', 'rent']);
    for (const line of [...s.revenue, ...s.costs]) {
      expect(line.source).toMatch(/^a\.csv lines 2–37, column \d+ \((revenue|costs):/);
      expect(line.note).toMatch(/AICc/);
    }
    // the level shift in rent is said
    expect(cli.stderr()).toMatch(/^a\.csv:37:11: warning: costs:rent: the fitted trend leaves long runs of errors/m);
  });

  it('gives the same bytes every time, and JSON with the estimates and the scenario', async () => {
    const a = memoryIo({ 'a.csv': example });
    const b = memoryIo({ 'a.csv': example });
    await a.run(['fit', 'a.csv']);
    await b.run(['fit', 'a.csv']);
    expect(a.stdout()).toBe(b.stdout());
    const json = memoryIo({ 'a.csv': example });
    expect(await json.run(['fit', 'a.csv', '--format', 'json'])).toBe(0);
    const out = JSON.parse(json.stdout());
    expect(Object.keys(out)).toEqual(['fit', 'scenario']);
    const payroll = out.fit.lines.find((l: { name: string }) => l.name === 'payroll');
    expect(payroll.fit.model).toBe('multiplicative');
    expect(payroll.fit.growth.se).toBeGreaterThan(0);
    expect(Object.keys(payroll.fit.aic)).toEqual(expect.arrayContaining(['multiplicative', 'additive']));
  });

  it('prints what it fitted as a table', async () => {
    const cli = memoryIo({ 'a.csv': example });
    expect(await cli.run(['fit', 'a.csv', '--format', 'table', '--width', '120'])).toBe(0);
    expect(cli.stdout()).toMatch(/│ costs:marketing +│ mult\., seasonal/);
    expect(cli.stdout()).toMatch(/│ customers +│ new, churn/);
  });

  it('needs the cash at the start without a cash column, and says how to give it', async () => {
    const text = 'month,revenue:a\n' + Array.from({ length: 12 }, (_, t) => `2024-${String(t + 1).padStart(2, '0')},${1000 + 10 * t}`).join('\n');
    const cli = memoryIo({ 'a.csv': text });
    expect(await cli.run(['fit', 'a.csv'])).toBe(2);
    expect(cli.stderr()).toBe('runway fit: a.csv: no cash column: give the cash at the start with --cash\n');
    const given = memoryIo({ 'a.csv': text });
    expect(await given.run(['fit', 'a.csv', '--cash', '250k', '--horizon', '3'])).toBe(0);
    const parsed = parseScenario(given.stdout());
    expect(parsed.ok && [parsed.value.cash.initial, parsed.value.horizon]).toEqual([{ type: 'constant', value: 250_000 }, '2025-03-31']);
  });

  it('refuses bad options and outputs that would overwrite the input, with one line and exit 2', async () => {
    for (const [argv, message] of [
      [['fit', 'a.csv', '--out', 'a.csv'], 'runway fit: a.csv: is an input; refusing to overwrite it with --out\n'],
      [['fit', 'a.csv', '--horizon', '0'], 'runway fit: --horizon: expected a whole number of periods from 1 to 1200 (got 0)\n'],
      [['fit', 'a.csv', '--period', 'fortnight'], 'runway fit: --period: expected one of day, week, month, quarter (got fortnight)\n'],
      [['fit', 'a.csv', '--cash', 'lots'], expect.stringMatching(/^runway fit: --cash: expected a number/)],
      [['fit', 'missing.csv'], 'missing.csv: cannot read: no such file\n'],
    ] as const) {
      const cli = memoryIo({ 'a.csv': example });
      expect(await cli.run([...argv])).toBe(2);
      expect(cli.stderr()).toEqual(message);
    }
  });

  it('fits 99 lines into a valid scenario, keeping the strongest correlations within runway\'s limit', async () => {
    const header = ['month', 'cash', ...Array.from({ length: 99 }, (_, k) => `costs:line ${k}`)].join(',');
    const rows = Array.from({ length: 24 }, (_, t) => [`${2023 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`, 1e7 - t * 1e5, ...Array.from({ length: 99 }, (_, k) => Math.round(1000 * (1 + k / 10) * 1.01 ** t * (1 + 0.05 * Math.sin(7 * t + k))))].join(','));
    const cli = memoryIo({ 'a.csv': [header, ...rows].join('\n') });
    expect(await cli.run(['fit', 'a.csv', '--format', 'json'])).toBe(0);
    const out = JSON.parse(cli.stdout());
    expect(out.scenario.costs).toHaveLength(99);
    const inputs = new Set(out.scenario.correlations.flatMap((c: { between: string[] }) => c.between));
    expect(inputs.size).toBeLessThanOrEqual(64);
    expect(inputs.size).toBeGreaterThan(60);
  });

  it('refuses a forecast longer than runway simulates, and line names it cannot use', async () => {
    const quarters = 'quarter,cash,revenue:a\n' + Array.from({ length: 8 }, (_, t) => `${2020 + Math.floor(t / 4)}-Q${(t % 4) + 1},${1000 - t},${100 + t}`).join('\n');
    const long = memoryIo({ 'q.csv': quarters });
    expect(await long.run(['fit', 'q.csv', '--horizon', '500'])).toBe(2);
    expect(long.stderr()).toBe("runway fit: --horizon: 500 quarters is more than runway's 36525 days\n");
    const bracket = memoryIo({ 'b.csv': 'month,revenue:a[1]\n2024-01,1\n2024-02,2\n' });
    expect(await bracket.run(['fit', 'b.csv'])).toBe(2);
    expect(bracket.stderr()).toBe('b.csv:1:2: "revenue:a[1]": a line\'s name cannot contain control characters or square brackets\n');
  });

  it('fits weeks and quarters: growth a year, seasons by quarter as a plan', async () => {
    const weeks = 'week,cash,revenue:a\n' + Array.from({ length: 30 }, (_, t) => `${new Date(Date.UTC(2025, 0, 5 + 7 * t)).toISOString().slice(0, 10)},${1e6 - 1000 * t},${Math.round(5000 * 1.01 ** t * (1 + 0.03 * Math.sin(5 * t)))}`).join('\n');
    const w = memoryIo({ 'w.csv': weeks });
    expect(await w.run(['fit', 'w.csv'])).toBe(0);
    const ws = parseScenario(w.stdout());
    expect(ws.ok && [ws.value.start, ws.value.horizon, ws.value.revenue[0]!.per, Object.keys(ws.value.revenue[0]!.growth ?? {})]).toEqual(['2025-07-28', '2026-07-26', 'week', ['annual']]);
    const season = [0.8, 1, 1.1, 1.3];
    const quarters = 'quarter,cash,costs:a\n' + Array.from({ length: 12 }, (_, t) => `${2022 + Math.floor(t / 4)}-Q${(t % 4) + 1},${1e6},${Math.round(40_000 * 1.02 ** t * season[t % 4]! * (1 + 0.01 * Math.sin(3 * t)))}`).join('\n');
    const q = memoryIo({ 'q.csv': quarters });
    expect(await q.run(['fit', 'q.csv'])).toBe(0);
    const qs = parseScenario(q.stdout());
    expect(qs.ok).toBe(true);
    if (!qs.ok) return;
    const plan = qs.value.costs[0]!.plan!;
    expect(plan.map((p) => p.date)).toEqual(['2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01']);
    // the fitted seasons, relative to each other, are the true ones within 3%
    const levels = plan.map((p) => p.level);
    levels.forEach((l, k) => expect(l / levels[0]! / (season[k]! / season[0]!)).toBeCloseTo(1, 1));
  });

  it('says when the cash it starts from is not the last row\'s', async () => {
    const text = 'month,cash,revenue:a\n' + Array.from({ length: 8 }, (_, t) => `2024-0${t + 1},${t === 7 ? '' : 1000 - t},${100 + t}`).join('\n');
    const cli = memoryIo({ 'a.csv': text });
    expect(await cli.run(['fit', 'a.csv', '--format', 'table'])).toBe(0);
    expect(cli.stderr()).toBe("a.csv:9:2: warning: cash: empty: left out, not filled\na.csv:9:2: warning: cash: the last row has no cash: the scenario starts from line 8's, 994, on the day after the last row\n");
  });

  it('--extends writes what the actuals say over a base that keeps its payment dates, plans, events and actions', async () => {
    const base = [
      'name: Acme plan',
      'start: 2026-01-01',
      'horizon: 2026-12-31',
      'cash: { initial: 1M }',
      'costs:',
      '  - { name: payroll, amount: 190k, per: month, paid: { day: 25 }, group: people }',
      '  - { name: payroll taxes, share: 10%, of: [people] }',
      'events:',
      '  - { name: seed extension, date: 2026-10-01, probability: 60%, amount: 1M }',
    ].join('\n');
    const cli = memoryIo({ 'a.csv': example, 'plans/base.yaml': base });
    expect(await cli.run(['fit', 'a.csv', '--extends', 'plans/base.yaml', '--out', 'plans/fitted.yaml'])).toBe(0);
    const fragment = cli.written['plans/fitted.yaml']!;
    expect(fragment).toMatch(/^extends: base\.yaml$/m);
    expect(fragment).not.toMatch(/^name:/m);
    // the fragment and its base, loaded as runway will load them
    const merged = memoryIo({ 'plans/base.yaml': base, 'plans/fitted.yaml': fragment });
    expect(await merged.run(['validate', 'plans/fitted.yaml', '--print'])).toBe(0);
    const s = JSON.parse(merged.stdout());
    expect(s.name).toBe('Acme plan');
    expect(s.cash.initial).toEqual({ type: 'constant', value: 1574995 });
    const payroll = s.costs.find((l: { name: string }) => l.name === 'payroll');
    expect([payroll.paid.day, payroll.group, payroll.amount.type]).toEqual([25, 'people', 'lognormal']);
    expect(s.costs.map((l: { name: string }) => l.name)).toEqual(['payroll', 'payroll taxes', 'cloud', 'marketing', 'rent']);
    expect(s.events.map((e: { name: string }) => e.name)).toEqual(['seed extension']);
  });

  it('--extends: a base with correlations keeps them (with a warning), and a merge that is not a scenario is refused', async () => {
    const base = 'name: b\nstart: 2026-01-01\nhorizon: 2026-12-31\ncash: { initial: 1M }\ncorrelations:\n  - { between: ["events[fine].amount", "costs[payroll].amount"], rho: 0.3 }\ncosts:\n  - { name: payroll, amount: 1 to 2, per: month }\nevents:\n  - { name: fine, date: 2026-05-01, amount: 10k to 50k, direction: out }\n';
    const cli = memoryIo({ 'a.csv': example, 'b.yaml': base });
    expect(await cli.run(['fit', 'a.csv', '--extends', 'b.yaml'])).toBe(0);
    expect(cli.stdout()).not.toMatch(/^correlations:/m);
    expect(cli.stderr()).toMatch(/^runway fit: warning: b\.yaml has correlations, which a list in the fragment would replace: the fitted lines' level–growth correlations are left out$/m);
    // a base whose cloud line is a share: the fitted amount cannot be merged into it
    const share = 'name: s\nstart: 2026-01-01\nhorizon: 2026-12-31\ncash: { initial: 1M }\ncosts:\n  - { name: cloud, share: 5%, of: [revenue] }\n';
    const bad = memoryIo({ 'a.csv': example, 's.yaml': share });
    expect(await bad.run(['fit', 'a.csv', '--extends', 's.yaml'])).toBe(2);
    expect(bad.stderr()).toMatch(/^<fitted fragment>:\d+:\d+: costs\[0\]/m);
    expect(bad.stdout()).toBe('');
    const table = memoryIo({ 'a.csv': example, 's.yaml': share });
    expect(await table.run(['fit', 'a.csv', '--extends', 's.yaml', '--format', 'table'])).toBe(2);
    expect(table.stderr()).toBe('runway fit: --extends writes a scenario: use it with --format yaml or json\n');
  });

  it('says which series cannot be fitted and why', async () => {
    const cli = memoryIo({ 'a.csv': 'month,cash,revenue:a\n2024-01,1,5\n2024-02,2,6\n2024-03,3,7\n' });
    expect(await cli.run(['fit', 'a.csv'])).toBe(2);
    expect(cli.stderr()).toBe('runway fit: a.csv: revenue:a: 3 values: at least 6 are needed to fit a line\n');
  });
});

describe('runway backtest', () => {
  it('scores each series of the example and writes the calibration chart', async () => {
    const cli = memoryIo({ 'a.csv': example });
    expect(await cli.run(['backtest', 'a.csv', '--threshold', '1.5M', '--html', 'bt.html', '--width', '140', '--paths', '500'])).toBe(0);
    const out = cli.stdout();
    expect(out).toMatch(/^Backtest of a\.csv: 24 forecasts, each fitted on the rows up to its cut-off \(2023-12-31 to 2025-11-30\), 6 months ahead, 500 paths each/);
    expect(out).toMatch(/│ cash +│ +\d+ │/);
    expect(out).toMatch(/Brier score of "cash below \$1\.50M within 6 months": 0\.\d{3} over 19 forecasts/);
    const html = cli.written['bt.html']!;
    expect(html).toMatch(/<svg role="img" aria-label="PIT histogram of cash"/);
    expect(html).toMatch(/aria-label="reliability diagram"/);
    expect(html).not.toMatch(/<script/);
  });

  it('gives JSON with every forecast and the same bytes for any thread count', async () => {
    const one = memoryIo({ 'a.csv': example });
    const two = memoryIo({ 'a.csv': example });
    expect(await one.run(['backtest', 'a.csv', '--format', 'json', '--paths', '300', '--horizon', '2', '--min-history', '30', '--threads', '1'])).toBe(0);
    expect(await two.run(['backtest', 'a.csv', '--format', 'json', '--paths', '300', '--horizon', '2', '--min-history', '30', '--threads', '2'])).toBe(0);
    expect(one.stdout()).toBe(two.stdout());
    const b = JSON.parse(one.stdout());
    expect(b.cutoffs).toHaveLength(6);
    expect(b.cutoffs[0].forecasts[0]).toEqual(expect.objectContaining({ target: 'cash', lead: 1, date: '2025-07-31' }));
    expect(b.targets.map((t: { target: string }) => t.target)).toEqual(['cash', 'revenue:subscriptions', 'revenue:services', 'costs:payroll', 'costs:cloud', 'costs:marketing', 'costs:rent']);
  });

  it('scores a given scenario from its start against the rows after it', async () => {
    const head = example.trim().split('\n').slice(0, 31).join('\n');
    const fitted = memoryIo({ 'h.csv': head });
    expect(await fitted.run(['fit', 'h.csv', '--horizon', '6', '--paths', '400'])).toBe(0);
    const cli = memoryIo({ 'a.csv': example, 's.yaml': fitted.stdout() });
    expect(await cli.run(['backtest', 'a.csv', '--scenario', 's.yaml', '--format', 'json'])).toBe(0);
    const b = JSON.parse(cli.stdout());
    expect(b.mode).toBe('scenario');
    expect(b.cutoffs).toHaveLength(1);
    expect(b.cutoffs[0].date).toBe('2025-06-30');
    expect(b.cutoffs[0].forecasts.filter((f: { target: string }) => f.target === 'cash').map((f: { date: string }) => f.date)).toEqual(['2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31']);
    const late = memoryIo({ 'a.csv': example, 's.yaml': 'name: x\nstart: 2030-01-01\nhorizon: 2030-12-31\ncash: {initial: 1}\n' });
    expect(await late.run(['backtest', 'a.csv', '--scenario', 's.yaml'])).toBe(2);
    expect(late.stderr()).toMatch(/^runway backtest: the scenario starts on 2030-01-01, which is not the day after a row of a\.csv/);
  });

  it('bounds what a forecast keeps in memory', async () => {
    const cli = memoryIo({ 'a.csv': example });
    expect(await cli.run(['backtest', 'a.csv', '--paths', '100000', '--horizon', '120'])).toBe(2);
    expect(cli.stderr()).toBe('runway backtest: 100000 paths × 120 months × 7 series (cash and lines) is more than the 50000000 values a forecast keeps: use fewer --paths or a shorter --horizon\n');
  });

  it('needs more rows than the history it fits first', async () => {
    const cli = memoryIo({ 'a.csv': example });
    expect(await cli.run(['backtest', 'a.csv', '--min-history', '36'])).toBe(2);
    expect(cli.stderr()).toBe('runway backtest: 36 rows: a backtest needs more than --min-history (36) rows, so that at least one forecast has an outcome\n');
  });
});
