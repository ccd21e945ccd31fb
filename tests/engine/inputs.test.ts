import { describe, expect, it } from 'vitest';
import { averageRanks, spearman } from '../../src/analysis/rank.js';
import { simulate } from '../../src/engine/simulate.js';
import { compile } from '../../src/model/compile.js';
import { problems, scenario } from '../helpers.js';

const base = (extra: string, paths = 20_000) => `
name: inputs
start: 2024-01-01
horizon: 2024-03-31
paths: ${paths}
seed: 7
cash: { initial: "uniform(0, 100M)" }
costs:
  - { name: burn, amount: "normal(500k, 100k)", per: day }
  - { name: rent, amount: "1M to 3M", per: month }
events:
  - { name: grant, date: 2024-02-01 to 2024-02-28, probability: 50%, amount: "uniform(1M, 2M)" }
${extra}`;

function inputsOf(text: string) {
  const s = scenario(text);
  const plan = compile(s);
  const tally = simulate(plan, s.paths, { keepInputs: true });
  const named = (name: string) => tally.inputs[plan.inputs.findIndex((x) => x.name === name)]!;
  return { plan, tally, named };
}

describe('per-path inputs', () => {
  it('are listed with their field paths', () => {
    const { plan } = inputsOf(base(''));
    expect(plan.inputs.map((x) => `${x.name}${x.varies ? '' : ' (fixed)'}`)).toEqual([
      'cash.initial',
      'costs[burn].amount',
      'costs[rent].amount',
      'events[grant].happens',
      'events[grant].date',
      'events[grant].amount',
    ]);
  });

  it('correlations: Spearman rank correlation of the draws is within 4 SE of the target (Gaussian copula)', () => {
    const n = 20_000;
    const { named } = inputsOf(base(`correlations:\n  - { between: [cash.initial, "costs[burn].amount"], rho: 0.6 }\n  - { between: [cash.initial, "costs[rent].amount"], rho: -0.3 }`, n));
    // SE of Spearman's rho on the Fisher z scale: 1.06/sqrt(n-3)
    const se = 1.06 / Math.sqrt(n - 3);
    const onZ = (r: number) => Math.atanh(r);
    const r1 = spearman(named('cash.initial'), named('costs[burn].amount'));
    const r2 = spearman(named('cash.initial'), named('costs[rent].amount'));
    const r3 = spearman(named('costs[burn].amount'), named('costs[rent].amount'));
    expect(Math.abs(onZ(r1) - onZ(0.6))).toBeLessThan(4 * se);
    expect(Math.abs(onZ(r2) - onZ(-0.3))).toBeLessThan(4 * se);
    // implied: the copula's normal correlations are 2sin(pi*rho/6) and the third pair is 0 in the copula
    expect(Math.abs(r3)).toBeLessThan(4 * se);
  });

  it('a positive correlation with an event makes it happen more often when the other input is high', () => {
    const { named } = inputsOf(base(`correlations:\n  - { between: [cash.initial, "events[grant].happens"], rho: 0.8 }`));
    const cash = named('cash.initial');
    const happens = named('events[grant].happens');
    let low = 0;
    let lowN = 0;
    let high = 0;
    let highN = 0;
    cash.forEach((c, i) => {
      if (c < 20e6) {
        low += happens[i]!;
        lowN++;
      }
      if (c > 80e6) {
        high += happens[i]!;
        highN++;
      }
    });
    expect(high / highN).toBeGreaterThan(0.8);
    expect(low / lowN).toBeLessThan(0.2);
  });

  it('correlating two inputs leaves every other input and the marginals exactly as they were', () => {
    const plain = inputsOf(base('', 2048));
    const tied = inputsOf(base(`correlations:\n  - { between: [cash.initial, "costs[burn].amount"], rho: 0.9 }`, 2048));
    expect(tied.named('costs[rent].amount')).toEqual(plain.named('costs[rent].amount'));
    expect(tied.named('events[grant].amount')).toEqual(plain.named('events[grant].amount'));
    // the correlated cash is a rearrangement-like transform: still uniform on (0, 100M)
    const cash = Array.from(tied.named('cash.initial')).sort((a, b) => a - b);
    const ks = Math.max(...cash.map((c, i) => Math.max(Math.abs((i + 1) / cash.length - c / 100e6), Math.abs(i / cash.length - c / 100e6))));
    expect(ks).toBeLessThan(1.63 / Math.sqrt(cash.length)); // KS critical value at 1%
  });

  it('the matrix form means the same as pairs', () => {
    const pairs = inputsOf(base(`correlations:\n  - { between: [cash.initial, "costs[burn].amount"], rho: 0.5 }`, 2048));
    const matrix = inputsOf(base(`correlations:\n  inputs: [cash.initial, "costs[burn].amount"]\n  matrix: [[1, 0.5], [0.5, 1]]`, 2048));
    expect(matrix.named('cash.initial')).toEqual(pairs.named('cash.initial'));
    expect(matrix.named('costs[burn].amount')).toEqual(pairs.named('costs[burn].amount'));
  });

  it('sampling: lhs puts exactly one path of each block in each 1/1024 stratum of every input', () => {
    const { named } = inputsOf(base('sampling: lhs', 2048));
    for (const block of [0, 1]) {
      const cash = named('cash.initial').subarray(block * 1024, (block + 1) * 1024);
      const strata = Array.from(cash, (c) => Math.floor((c / 100e6) * 1024)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: 1024 }, (_, i) => i));
      const date = named('events[grant].date').subarray(block * 1024, (block + 1) * 1024);
      // 28 possible days
      const perDay = new Map<number, number>();
      date.forEach((d) => perDay.set(d, (perDay.get(d) ?? 0) + 1));
      expect([...perDay.values()].every((c) => c >= 35 && c <= 38)).toBe(true); // 36.57 strata a day, two shared at its edges
    }
  });

  it('sampling: lhs makes P(ruin) of a cash-driven scenario exact to within one stratum per block', () => {
    // ruin by the horizon iff initial cash < 91 days x 1M = 91M: P = 0.91 exactly
    const text = `name: lhs\nstart: 2024-01-01\nhorizon: 2024-03-31\npaths: 1024\nseed: 3\nsampling: SAMPLING\ncash: { initial: "uniform(0, 100M)" }\ncosts:\n  - { name: burn, amount: 1M, per: day }\n`;
    const lhs = simulate(compile(scenario(text.replace('SAMPLING', 'lhs'))), 1024);
    const random = simulate(compile(scenario(text.replace('SAMPLING', 'random'))), 1024);
    const p = (t: typeof lhs) => t.ruinCount.reduce((a, b) => a + b, 0) / 1024;
    expect(Math.abs(p(lhs) - 0.91)).toBeLessThanOrEqual(1 / 1024);
    // plain sampling has SE sqrt(.91*.09/1024) = 0.0089: the seed was not chosen to make it look bad,
    // it is only checked to be a valid estimate
    expect(Math.abs(p(random) - 0.91)).toBeLessThan(4 * Math.sqrt((0.91 * 0.09) / 1024));
  });

  it('ranks share ties', () => {
    expect(Array.from(averageRanks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
  });
});

describe('correlations: validation', () => {
  const head = `name: c\nstart: 2024-01-01\nhorizon: 2024-03-31\ncash: { initial: 1B to 2B }\ncosts:\n  - { name: a, amount: 1M to 2M, per: day }\n  - { name: b, amount: 1M to 2M, per: day }\n  - { name: fixed, amount: 1M, per: day }\n`;
  it('names the pair of a matrix that is not positive semi-definite', () => {
    expect(problems(`${head}correlations:\n  - { between: [cash.initial, "costs[a].amount"], rho: 0.9 }\n  - { between: [cash.initial, "costs[b].amount"], rho: 0.9 }\n  - { between: ["costs[a].amount", "costs[b].amount"], rho: -0.9 }\n`)).toEqual([
      'x.yaml:11:56: correlations[1].rho: not a valid correlation matrix (not positive semi-definite): the correlation of cash.initial and costs[b].amount (0.9) is inconsistent with the others',
    ]);
  });
  it('caps the number of correlated inputs (the checks are cubic in it)', () => {
    const lines = Array.from({ length: 70 }, (_, i) => `  - { name: l${i}, amount: 1 to 2, per: day }`).join('\n');
    const pairs = Array.from({ length: 69 }, (_, i) => `  - { between: ["costs[l${i}].amount", "costs[l${i + 1}].amount"], rho: 0.1 }`).join('\n');
    expect(problems(`name: c\nstart: 2024-01-01\nhorizon: 2024-03-31\ncash: { initial: 1B }\ncosts:\n${lines}\ncorrelations:\n${pairs}\n`)).toEqual([
      'x.yaml:77:3: correlations: at most 64 inputs can be correlated (got 70)',
    ]);
  });

  it('accepts a perfect correlation (semi-definite)', () => {
    expect(problems(`${head}correlations:\n  - { between: [cash.initial, "costs[a].amount"], rho: 1 }\n`)).toEqual([]);
  });
  it('rejects unknown and fixed inputs, repeated pairs and a bad matrix', () => {
    expect(problems(`${head}correlations:\n  - { between: [cash.initial, "costs[c].amount"], rho: 0.5 }\n  - { between: [cash.initial, "costs[fixed].amount"], rho: 0.5 }\n`)).toEqual([
      'x.yaml:10:31: correlations[0].between[1]: "costs[c].amount" is not a per-path input of this scenario (inputs: cash.initial, costs[a].amount, costs[b].amount)',
      'x.yaml:11:31: correlations[1].between[1]: costs[fixed].amount does not vary between paths, so it cannot be correlated',
    ]);
    expect(problems(`${head}correlations:\n  inputs: [cash.initial, "costs[a].amount"]\n  matrix: [[1, 0.5], [0.4, 1]]\n`)).toEqual([
      'x.yaml:11:23: correlations.matrix[1][0]: the matrix must be symmetric: costs[a].amount, cash.initial is 0.4 here but 0.5 at [0][1]',
    ]);
  });
});
