import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedLines } from '../../src/engine/fixed-lines.js';
import { simulate } from '../../src/engine/simulate.js';
import { compile } from '../../src/model/compile.js';
import { scenario } from '../helpers.js';

describe('lines whose money is the same on every path', () => {
  it('are the ones that read only constants and day tables (R1: opex and training burn)', () => {
    const plan = compile(scenario(readFileSync('scenarios/bench/r1.yaml', 'utf8')));
    expect(plan.lines.filter((_, L) => fixedLines(plan)[L] !== undefined).map((l) => l.name)).toEqual(['opex', 'training burn']);
  });

  it('give each month the money of every day it pays, on every path: mean, least and greatest alike', () => {
    // rent paid on the 1st and a wage of 1k a day: the same money on every path, each month
    const plan = compile(
      scenario(`
name: fixed
start: 2025-01-01
horizon: 2025-02-28
paths: 3000
seed: 3
cash: { initial: 10M to 20M }
costs:
  - { name: rent, amount: 31k, per: month, paid: { day: 1 } }
  - { name: wage, amount: 1k, per: day }
  - { name: cloud, amount: 1k to 2k, per: day }
`),
    );
    expect(fixedLines(plan).map((t) => t !== undefined)).toEqual([true, true, false]);
    const tally = simulate(plan, 3000);
    const months = plan.flows.monthEnds.length;
    const cell = (name: string, m: number) => plan.flows.series.findIndex((s) => s.name === name) * months + m;
    for (const name of ['rent', 'wage']) {
      for (const m of [0, 1]) {
        const [least, greatest, mean] = [tally.flowMin[cell(name, m)]!, tally.flowMax[cell(name, m)]!, tally.flowSum[cell(name, m)]! / 3000];
        expect(least).toBe(greatest);
        expect(least).toBeLessThan(-20_000);
        expect(mean).toBeCloseTo(least, 6);
      }
    }
    // 1k a day: 31 days in January, 28 in February
    expect(tally.flowMin[cell('wage', 0)]).toBeCloseTo(-31_000, 6);
    expect(tally.flowMin[cell('wage', 1)]).toBeCloseTo(-28_000, 6);
  });
});
