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
