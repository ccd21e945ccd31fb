import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../helpers.js';

const BASE = `name: base
start: 2024-01-01
horizon: 2024-12-31
paths: 500
cash: { initial: 1M }
costs:
  - { name: payroll, amount: 100k, per: month }
  - { name: hosting, amount: 1k, per: day, volatility: 10% }
events:
  - { name: grant, date: 2024-06-01, amount: 200k }
`;

async function validate(files: Record<string, string>, argv: string[]) {
  const cli = memoryIo(files);
  const code = await cli.run(['validate', ...argv]);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe('extends', () => {
  it('deep-overrides the base; costs, revenue and events merge by name', async () => {
    const child = `extends: base.yaml
name: child
cash: { source: bank }
costs:
  - { name: hosting, amount: 2k, per: day }
  - { name: office, amount: 5k, per: month }
events:
  - { name: grant, probability: 50% }
`;
    const r = await validate({ 'dir/base.yaml': BASE, 'dir/child.yaml': child }, ['dir/child.yaml', '--print']);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    expect(s.name).toBe('child');
    expect(s.cash).toEqual({ initial: { type: 'constant', value: 1e6 }, source: 'bank' });
    expect(s.costs.map((c: { name: string }) => c.name)).toEqual(['payroll', 'hosting', 'office']);
    expect(s.costs[1]).toMatchObject({ amount: { type: 'constant', value: 2000 }, volatility: 0.1 });
    expect(s.events[0]).toMatchObject({ name: 'grant', probability: 0.5, amount: { type: 'constant', value: 200000 } });
    expect(s).not.toHaveProperty('extends');
  });

  it('the OpenAI variant is the base with one line changed: equal to the same change by --set', async () => {
    const viaExtends = memoryIo();
    await viaExtends.run(['validate', 'scenarios/variants/openai-cheaper-inference.yaml', '--print']);
    const viaSet = memoryIo();
    await viaSet.run(['validate', 'scenarios/openai-2024.yaml', '--print', '--set', 'costs[ChatGPT inference].amount=400k to 720k', '--set', 'name=OpenAI runway, 20% cheaper inference']);
    expect(viaExtends.stdout()).toBe(viaSet.stdout());
    expect(viaExtends.stdout()).not.toBe('');
  });

  it('reports a problem in a base file with that file, line and column', async () => {
    const r = await validate({ 'b.yaml': BASE.replace('amount: 1k', 'amount: 0 to 1k'), 'c.yaml': 'extends: b.yaml\nname: c\n' }, ['c.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('b.yaml:8:30: costs[1].amount: low must be above 0 for a lognormal interval (got 0); write normal(mean, sd) for ranges that include 0 or negatives\n');
  });

  it('reports a problem in the child at its own position, even in a merged list item', async () => {
    const r = await validate({ 'b.yaml': BASE, 'c.yaml': 'extends: b.yaml\ncosts:\n  - { name: office, amount: 5k, per: weekly }\n' }, ['c.yaml']);
    expect(r.stderr).toBe('c.yaml:3:38: costs[2].per: expected one of day, week, month, quarter, year (got "weekly") (did you mean week?)\n');
  });

  it.each([
    ['a cycle', { 'a.yaml': 'extends: b.yaml\nname: a\n', 'b.yaml': 'extends: a.yaml\nname: b\n' }, 'b.yaml:1:10: extends: extends cycle: a.yaml -> b.yaml -> a.yaml\n'],
    ['a missing base', { 'a.yaml': 'extends: nowhere.yaml\nname: a\n' }, 'a.yaml:1:1: extends: nowhere.yaml: cannot read: no such file\n'],
    ['a base that is not a path', { 'a.yaml': 'extends: [x]\nname: a\n' }, 'a.yaml:1:10: extends: expected the path of a base scenario (got a list)\n'],
  ])('refuses %s, exit 2', async (_name, files, message) => {
    const r = await validate(files, ['a.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });

  it('refuses chains deeper than 8', async () => {
    const files: Record<string, string> = { 'f9.yaml': BASE };
    for (let k = 0; k < 9; k++) files[`f${k}.yaml`] = `extends: f${k + 1}.yaml\n`;
    const r = await validate(files, ['f0.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('f8.yaml:1:10: extends: extends is nested more than 8 deep\n');
  });

  it('never pollutes a prototype: __proto__ and constructor are unknown keys', async () => {
    const r = await validate({ 'b.yaml': BASE, 'c.yaml': 'extends: b.yaml\n__proto__: { polluted: yes }\ncash: { constructor: { polluted: yes } }\n' }, ['c.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('c.yaml:2:1: __proto__: unknown key "__proto__"');
    expect(r.stderr).toContain('c.yaml:3:9: cash.constructor: unknown key "constructor"');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('--set', () => {
  const openai = readFileSync('scenarios/openai-2024.yaml', 'utf8');

  it('overrides any field, with YAML values', async () => {
    const r = await validate({ 's.yaml': openai }, ['s.yaml', '--print', '--set', 'cash.initial=uniform(2B, 4B)', '--set', 'report.by=[2024-03-31]', '--set', 'costs[1].volatility=5%', '--set', 'gpu.availability.transitions={normal->shortage: 2%, shortage->normal: 10%}']);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    expect(s.cash.initial).toEqual({ type: 'uniform', low: 2e9, high: 4e9 });
    expect(s.report.by).toEqual(['2024-03-31']);
    expect(s.costs[1].volatility).toBe(0.05);
    expect(s.gpu.availability.transitions).toEqual({ 'normal->shortage': 0.02, 'shortage->normal': 0.1 });
  });

  it('validates what it sets with the same messages, naming --set', async () => {
    const r = await validate({ 's.yaml': openai }, ['s.yaml', '--set', 'costs[ChatGPT inference].amount=900k to 500k', '--set', 'paths=0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--set: paths: must be at least 1 (got 0)\n--set: costs[0].amount: low must be below high (got 900k to 500k)\n');
  });

  it.each([
    ['costs[nothing].amount=1', '--set: costs[nothing].amount=1: costs has no item named "nothing"'],
    ['costs[9].amount=1', '--set: costs[9].amount=1: costs has no item 9'],
    ['cash', '--set: cash: expected path=value, as in cash.initial=2B'],
    ['cash..initial=1', '--set: cash..initial=1: expected a path such as cash.initial, costs[0].amount or costs[name].amount'],
    ['__proto__.polluted=1', '--set: __proto__.polluted=1: __proto__ is not a field'],
    ['name.first=1', '--set: name.first=1: name is not a mapping'],
  ])('refuses %s', async (assignment, message) => {
    const r = await validate({ 's.yaml': openai }, ['s.yaml', '--set', assignment]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('unknown fields set from the command line are unknown keys', async () => {
    const r = await validate({ 's.yaml': openai }, ['s.yaml', '--set', 'cash.intial=2B']);
    expect(r.stderr).toBe('--set: cash.intial: unknown key "intial" (did you mean initial?)\n');
  });
});
