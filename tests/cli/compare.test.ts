import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../helpers.js';

const OPENAI = 'scenarios/openai-2024.yaml';
const openai = readFileSync(OPENAI, 'utf8');
const cheaper = openai.replace('amount: 500k to 900k     # per day', 'amount: 400k to 720k     # per day').replace(/^name: .*$/m, 'name: cheaper');

async function compare(argv: string[], files: Record<string, string> = {}) {
  const cli = memoryIo(files);
  const code = await cli.run(['compare', ...argv, '--width', '1000']);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe('runway compare', () => {
  it('pairs paths: one cheaper cost line gives a ΔP interval at least 3 times narrower than unpaired', async () => {
    expect(cheaper).not.toBe(openai);
    const r = await compare([OPENAI, 'cheaper.yaml', '--paths', '6000', '--format', 'json'], { 'cheaper.yaml': cheaper });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({ kind: 'comparison', schemaVersion: 1, dates: ['2023-12-31', '2024-06-30', '2024-12-31'] });
    const delta = c.scenarios[1].ruin.at(-1).delta;
    expect(delta.difference).toBeLessThan(0); // cheaper inference never raises the ruin probability path by path
    const pairedWidth = delta.ci95.high - delta.ci95.low;
    const unpairedWidth = 2 * 1.959963984540054 * delta.unpairedStandardError;
    expect(unpairedWidth / pairedWidth).toBeGreaterThanOrEqual(3);
    expect(delta.ci95.high).toBeLessThan(0); // and the difference is resolved
  });

  it('the baseline row is the plain simulate result; a scenario against itself differs by exactly 0', async () => {
    const r = await compare([OPENAI, 'same.yaml', '--paths', '2000', '--format', 'json'], { 'same.yaml': openai });
    const c = JSON.parse(r.stdout);
    const plain = memoryIo();
    await plain.run(['simulate', OPENAI, '--paths', '2000', '--format', 'json']);
    const result = JSON.parse(plain.stdout());
    expect(c.scenarios[0].ruin).toEqual(result.ruin.byDate);
    for (const row of c.scenarios[1].ruin) expect(row.delta).toMatchObject({ difference: 0, standardError: 0 });
  });

  it('uses the baseline paths, seed and dates for every scenario', async () => {
    const other = openai.replace('seed: 2024', 'seed: 99').replace('paths: 20000', 'paths: 50');
    const c = JSON.parse((await compare([OPENAI, 'other.yaml', '--paths', '1500', '--by', '2024-09-30', '--format', 'json'], { 'other.yaml': other })).stdout);
    expect(c.run).toMatchObject({ paths: 1500, seed: '2024' });
    expect(c.dates).toEqual(['2024-09-30', '2024-12-31']);
    expect(c.scenarios[1].ruin.map((r: { date: string }) => r.date)).toEqual(['2024-09-30', '2024-12-31']);
  });

  it('refuses scenarios on another calendar, exit 2', async () => {
    const shifted = openai.replace('horizon: 2024-12-31', 'horizon: 2025-06-30');
    const r = await compare([OPENAI, 'later.yaml'], { 'later.yaml': shifted });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("later.yaml: calendar 2023-08-16 to 2025-06-30 (day) differs from the baseline's 2023-08-16 to 2024-12-31 (day); compare needs one calendar\n");
  });

  it('one invalid file fails the whole batch with its own error lines', async () => {
    const r = await compare([OPENAI, 'tests/fixtures/broken.yaml', 'cheaper.yaml'], { 'cheaper.yaml': cheaper });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(5);
    expect(r.stderr).toMatch(/^tests\/fixtures\/broken\.yaml:2:8: start: /);
  });

  it('needs at least two files', async () => {
    expect((await compare([OPENAI])).code).toBe(2);
  });

  it('writes CSV with one row per scenario and date', async () => {
    const r = await compare([OPENAI, 'cheaper.yaml', '--paths', '1000', '--format', 'csv'], { 'cheaper.yaml': cheaper });
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('file,name,baseline,date,probability,standard_error,ci95_low,ci95_high,delta,delta_standard_error,delta_ci95_low,delta_ci95_high,unpaired_standard_error,median_ruin_date,horizon_cash_p5,horizon_cash_p50');
    expect(lines).toHaveLength(1 + 2 * 3);
    expect(lines[1]).toMatch(/^scenarios\/openai-2024\.yaml,OpenAI runway to the end of 2024,true,2023-12-31,/);
  });

  it('prints tables labelled by scenario name, the baseline marked, each date block with its own figures only', async () => {
    const r = await compare([OPENAI, 'cheaper.yaml', '--paths', '1000', '--by', '2024-06-30', '--by', '2024-12-31'], { 'cheaper.yaml': cheaper });
    expect(r.stdout).toContain('│ OpenAI runway to the end of 2024 (baseline) │');
    expect(r.stdout).toMatch(/│ cheaper +│ +\d+\.\d\d% │ +\d+\.\d\d% │ +[−+±]\d+\.\d\d% │ +[−+±]\d+\.\d\d% to [−+±]\d+\.\d\d% │\n/);
    const blocks = r.stdout.split(/\n\n/);
    expect(blocks.map((b) => b.split('\n')[0])).toEqual([expect.stringMatching(/^Comparison on common random numbers/), 'By 2024-06-30', 'By 2024-12-31', 'At the horizon, 2024-12-31']);
    for (const block of blocks.slice(1, 3)) expect(block).not.toMatch(/median ruin|cash|\d{4}-\d\d-\d\d +│/);
    // two scenarios with one name are told apart by their files
    const twin = await compare([OPENAI, 'twin.yaml', '--paths', '1000'], { 'twin.yaml': readFileSync(OPENAI, 'utf8') });
    expect(twin.stdout).toContain('│ OpenAI runway to the end of 2024 (scenarios/openai-2024.yaml) (baseline) │');
    expect(twin.stdout).toMatch(/│ OpenAI runway to the end of 2024 \(twin\.yaml\) +│/);
  });
});

// ruin by the horizon (100 days of burn) iff initial cash < 100 × burn: with cash uniform(0, 1M), P = 10% at 1k a day,
// 10.5% at 1.05k (ΔP = +0.5pp, the paths with cash in [100k, 105k)), 13% at 1.3k (ΔP = +3pp)
const gated = `name: gated
start: 2025-01-01
horizon: 2025-04-10
paths: 20000
cash: { initial: "uniform(0, 1M)" }
costs:
  - { name: burn, amount: 1k, per: day }
`;

describe('runway compare as a gate on a change (--set, --max-increase)', () => {
  const gate = async (argv: string[]) => {
    const cli = memoryIo({ 's.yaml': gated });
    const code = await cli.run(['compare', 's.yaml', ...argv, '--width', '1000']);
    return { code, stdout: cli.stdout(), stderr: cli.stderr(), written: cli.written };
  };

  it('is stable: +0.5pp passes a 1pp limit under 20 seeds, +3pp fails it under all 20', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const small = await gate(['--set', 'costs[burn].amount=1.05k', '--max-increase', '1pp', '--seed', String(seed), '--format', 'json']);
      expect(small.code, `seed ${seed}`).toBe(0);
      const smallGate = JSON.parse(small.stdout).gate;
      expect(smallGate.cases.map((c: { decision: string }) => c.decision)).toEqual(['pass']);
      expect(Math.abs(smallGate.cases[0].difference - 0.005)).toBeLessThan(4 * Math.sqrt(0.005 / 20000)); // the discordant share's SE
      const large = await gate(['--set', 'costs[burn].amount=1.3k', '--max-increase', '1pp', '--seed', String(seed), '--format', 'json']);
      expect(large.code, `seed ${seed}`).toBe(1);
      expect(JSON.parse(large.stdout).gate.cases[0].decision).toBe('breach');
    }
  });

  it('prints the verdicts under the table, labels the changed baseline by its change, writes JUnit', async () => {
    const r = await gate(['--set', 'costs[burn].amount=1.3k', '--max-increase', '1pp', '--junit', 'gate.xml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('│ gated with costs[burn].amount=1.3k │');
    expect(r.stdout).toMatch(/Gate: ΔP ≤ \+1\.00% by each date, decided on 99% paired intervals \(20,000 paths\)\n {2}BREACH {8}gated with costs\[burn\]\.amount=1\.3k by 2025-04-10: ΔP \+\d\.\d\d%, 99% interval \+\d\.\d\d% to \+\d\.\d\d%: wholly above the limit\n0 passed, 1 breached, 0 inconclusive\n$/);
    expect(r.written['gate.xml']).toContain('<testsuites name="runway compare" tests="1" failures="1" skipped="0">');
  });

  it('doubles the paths while an interval straddles the limit, then says inconclusive (exit 1 only with --fail-inconclusive)', async () => {
    const r = await gate(['--set', 'costs[burn].amount=1.05k', '--max-increase', '0.5pp', '--paths', '2000', '--max-paths', '8000', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.run.paths).toBe(8000);
    expect(out.gate.cases[0].decision).toBe('undecided');
    const strict = await gate(['--set', 'costs[burn].amount=1.05k', '--max-increase', '0.5pp', '--paths', '2000', '--max-paths', '8000', '--fail-inconclusive']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('INCONCLUSIVE');
  });

  it('--set-for changes one candidate; bad gate options are one line, exit 2', async () => {
    const cli = memoryIo({ 's.yaml': gated, 't.yaml': gated.replace('name: gated', 'name: other') });
    expect(await cli.run(['compare', 's.yaml', 's.yaml', 't.yaml', '--set-for', 't.yaml:costs[burn].amount=2k', '--paths', '2000'])).toBe(0);
    expect(cli.stdout()).toMatch(/│ other with costs\[burn\]\.amount=2k +│ +\d/);
    const cases: [string[], string][] = [
      [[], 'give a baseline and at least one other scenario, or --set to compare the baseline with a change'],
      [['--set', 'costs[burn].amount=2k', '--max-increase', 'lots'], '--max-increase: expected percentage points from 0 to below 100, such as 1pp or 0.5% (got lots)'],
      [['--set', 'costs[burn].amount=2k', '--junit', 'x.xml'], '--junit needs --max-increase (it reports the gate)'],
      [['--set-for', 'u.yaml:cash.initial=1'], '--set-for: expected FILE:PATH=VALUE with FILE one of the candidates (s.yaml) (got u.yaml:cash.initial=1)'],
    ];
    for (const [argv, message] of cases) {
      const r = await gate(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toBe(`runway compare: ${message}\n`);
    }
  });
});

describe('runway compare --base-ref: a scenario against itself at a git revision', () => {
  it('takes the baseline from the revision (the file and what it extends) and the candidate from the working tree', async () => {
    const base = 'name: s\nstart: 2025-01-01\nhorizon: 2025-04-10\npaths: 4000\ncash: { initial: "uniform(0, 1M)" }\ncosts:\n  - { name: burn, amount: 1k, per: day }\n';
    const cli = memoryIo({ 's.yaml': base.replace('amount: 1k', 'amount: 1.3k'), 's.yaml@main': base });
    expect(await cli.run(['compare', 's.yaml', '--base-ref', 'main', '--max-increase', '1pp', '--format', 'json'])).toBe(1);
    const out = JSON.parse(cli.stdout());
    expect(out.scenarios.map((s: { file: string }) => s.file)).toEqual(['s.yaml@main', 's.yaml']);
    expect(out.gate.cases[0].decision).toBe('breach');
    const missing = memoryIo({ 'n.yaml': base });
    expect(await missing.run(['compare', 'n.yaml', '--base-ref', 'main'])).toBe(2);
    expect(missing.stderr()).toBe("n.yaml@main: cannot read: path 'n.yaml' does not exist in 'main'\n");
    const two = memoryIo();
    expect(await two.run(['compare', 'a.yaml', 'b.yaml', '--base-ref', 'main'])).toBe(2);
    expect(two.stderr()).toBe('runway compare: --base-ref compares one file with itself at a revision: give one file\n');
  });
});
