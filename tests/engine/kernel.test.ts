import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fastExp } from '../../src/engine/fast-exp.js';
import { simulate } from '../../src/engine/simulate.js';
import { compile } from '../../src/model/compile.js';
import { scenario } from '../helpers.js';

describe('the fused day kernel', () => {
  it.each(['scenarios/openai-2024.yaml', 'scenarios/seed-startup.yaml', 'scenarios/api-business.yaml', 'scenarios/bench/r1.yaml'])(
    'gives the same numbers bit for bit as the pass-by-pass day: %s',
    (file) => {
      const plan = compile(scenario(readFileSync(file, 'utf8')));
      const fused = simulate(plan, 2100, { keepRuinSteps: true });
      const stepwise = simulate(plan, 2100, { keepRuinSteps: true, stepwise: true });
      expect(fused.ruinStep).toEqual(stepwise.ruinStep);
      expect(fused.cashSum).toEqual(stepwise.cashSum);
      expect(fused.eventLanded).toEqual(stepwise.eventLanded);
      const [a, b] = [fused.cash, stepwise.cash];
      if (a.mode !== 'exact' || b.mode !== 'exact') throw new Error('expected exact cash');
      a.samples.forEach((column, k) => expect(Array.from(column)).toEqual(Array.from(b.samples[k]!)));
    },
  );
});

describe('the fused day kernel, more shapes', () => {
  // no users and one GPU state (no regime stream): six noisy fixed lines, so the kernel's streams
  // fill one group of four lanes and half of another; lines with days off, growth, a triggered event
  const text = `
name: six noisy lines
start: 2025-01-01
horizon: 2025-12-31
paths: 3000
seed: 7
cash:
  initial: uniform(300k, 1.5M)
costs:
  - { name: a, amount: 3k to 5k, per: day, volatility: 30% }
  - { name: b, amount: 20k to 40k, per: month, volatility: 10%, growth: { monthly: 'normal(2%, 1%)' } }
  - { name: c, amount: 2k, per: day, volatility: 50%, until: 2025-06-30 }
  - { name: d, amount: 1k, per: day }
revenue:
  - { name: e, amount: 4k to 6k, per: day, volatility: 20% }
  - { name: f, amount: 10k, per: month, volatility: 5% }
  - { name: g, amount: 120k, per: year, volatility: 40% }
events:
  - { name: bridge, when: { cash_below: 200k }, probability: 50%, amount: 100k, delay_days: 10 }
`;
  it('gives the same numbers bit for bit as the pass-by-pass day with two groups of streams', () => {
    const plan = compile(scenario(text));
    expect(plan.users).toBeUndefined();
    const fused = simulate(plan, 2100, { keepRuinSteps: true });
    const stepwise = simulate(plan, 2100, { keepRuinSteps: true, stepwise: true });
    expect(fused.ruinStep).toEqual(stepwise.ruinStep);
    expect(fused.cashSum).toEqual(stepwise.cashSum);
    expect(fused.eventLanded).toEqual(stepwise.eventLanded);
    expect(fused.ruinStep.some((s) => s >= 0)).toBe(true);
    expect(fused.ruinStep.some((s) => s < 0)).toBe(true);
  });
});

describe('the kernel arena', () => {
  it('holds a block of a scenario with many growing, noisy, user-scaled lines', () => {
    const lines = Array.from({ length: 60 }, (_, k) => `  - { name: l${k}, amount: 1k to 2k, per: day, scales_with: users, volatility: 10%, growth: { monthly: 'normal(1%, 1%)' } }`);
    const text = ['name: many lines', 'start: 2025-01-01', 'horizon: 2025-03-31', 'paths: 1100', 'cash:', '  initial: 50M', 'users:', '  initial: 10', '  growth: { drift: 1%, volatility: 5%, per: month }', 'costs:', ...lines].join('\n');
    const plan = compile(scenario(text));
    const fused = simulate(plan, 1100, { keepRuinSteps: true });
    const stepwise = simulate(plan, 1100, { keepRuinSteps: true, stepwise: true });
    expect(fused.cashSum).toEqual(stepwise.cashSum);
  });
});

describe('fastExp', () => {
  it('is within 2 ulp of Math.exp over the range the engine uses, and exact where e^x is', () => {
    let worst = 0;
    for (let k = 0; k <= 200_000; k++) {
      const x = -60 + (120 * k) / 200_000 + 1e-7 * Math.sin(k);
      const e = Math.exp(x);
      worst = Math.max(worst, Math.abs(fastExp(x) - e) / e);
    }
    expect(worst).toBeLessThanOrEqual(2 * 2 ** -52);
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(800)).toBe(Infinity);
    expect(Number.isNaN(fastExp(NaN))).toBe(true);
    expect(fastExp(-745.5)).toBe(Math.exp(-745.5));
  });
});
