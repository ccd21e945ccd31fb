import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STARTER_SCENARIO } from '../../src/cli/templates/starter.js';
import { memoryIo, scenario } from '../helpers.js';

describe('runway validate', () => {
  it('says each valid file is valid, exit 0', async () => {
    const cli = memoryIo();
    expect(await cli.run(['validate', 'scenarios/openai-2024.yaml', 'scenarios/seed-startup.yaml'])).toBe(0);
    expect(cli.stdout()).toBe('scenarios/openai-2024.yaml: valid\nscenarios/seed-startup.yaml: valid\n');
  });

  it('prints every problem of every file, and exits 2 if any file is invalid', async () => {
    const cli = memoryIo({ 'bad.yaml': 'name: x\nstart: 2024-01-01\nhorizon: 2023-01-01\ncash: { initial: 1 }\n' });
    expect(await cli.run(['validate', 'scenarios/openai-2024.yaml', 'bad.yaml', 'tests/fixtures/broken.yaml'])).toBe(2);
    expect(cli.stdout()).toBe('scenarios/openai-2024.yaml: valid\n');
    expect(cli.stderr().split('\n')).toEqual([
      'bad.yaml:3:10: horizon: must not be before start 2024-01-01 (got 2023-01-01)',
      'tests/fixtures/broken.yaml:2:8: start: 2024-02-30 is not a calendar date',
      'tests/fixtures/broken.yaml:5:12: cash.initial: low must be below high (got 900k to 500k)',
      'tests/fixtures/broken.yaml:7:5: costs[0].per: required: the period of the amount, one of day, week, month, quarter, year',
      'tests/fixtures/broken.yaml:9:18: costs[0].scales_with: expected one of fixed, users, served_users, customers (got "user") (did you mean users?)',
      'tests/fixtures/broken.yaml:10:5: costs[0].volatilty: unknown key "volatilty" (did you mean volatility?)',
      '',
    ]);
  });

  it('--print gives the normalised scenario, every default filled in', async () => {
    const cli = memoryIo({ 'min.yaml': 'name: x\nstart: 2024-01-01\nhorizon: 2024-01-31\ncash: { initial: 1M to 2M }\n' });
    expect(await cli.run(['validate', 'min.yaml', '--print'])).toBe(0);
    const printed = JSON.parse(cli.stdout());
    expect(printed).toMatchObject({ name: 'x', paths: 10000, seed: '1', step: 'day', costs: [], report: { by: [] } });
    expect(printed.cash.initial.type).toBe('lognormal');
  });
});

describe('runway schema', () => {
  it('prints the committed scenario and result schemas', async () => {
    const a = memoryIo();
    expect(await a.run(['schema'])).toBe(0);
    expect(a.stdout()).toBe(readFileSync('schema/scenario.schema.json', 'utf8'));
    const b = memoryIo();
    expect(await b.run(['schema', 'result'])).toBe(0);
    expect(b.stdout()).toBe(readFileSync('schema/result.schema.json', 'utf8'));
    const c = memoryIo();
    expect(await c.run(['schema', 'other'])).toBe(2);
  });
});

describe('runway init', () => {
  it('writes a commented starter that validates, and never overwrites', async () => {
    expect(scenario(STARTER_SCENARIO).name).toBe('My company');
    expect(STARTER_SCENARIO).toMatch(/^# /);
    const cli = memoryIo();
    expect(await cli.run(['init', 'mine.yaml'])).toBe(0);
    expect(cli.written['mine.yaml']).toBe(STARTER_SCENARIO);
    const again = memoryIo({ 'mine.yaml': 'name: keep me' });
    expect(await again.run(['init', 'mine.yaml'])).toBe(2);
    expect(again.stderr()).toBe('mine.yaml: exists already; not overwritten\n');
    const stdout = memoryIo();
    expect(await stdout.run(['init', '-'])).toBe(0);
    expect(stdout.stdout()).toBe(STARTER_SCENARIO);
  });
});
