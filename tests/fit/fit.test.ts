import { describe, expect, it } from 'vitest';
import { fitActuals, type Fit } from '../../src/analysis/fit.js';
import { parseActuals } from '../../src/scenario/actuals.js';
import { Draws, additive, csv, customers, gbmRevenue, meanSd, multiplicative } from './synthetic.js';

// Recovery against truth: R synthetic histories per model. Each estimate's z-score
// (estimate − truth) / standard error is N(0, 1) when the estimate and its standard error are right:
// its mean is within 4/√R of 0 and its sd near 1 (the t-widened errors make it a little below 1).
const R = 200;

function fitOf(text: string): Fit {
  const parsed = parseActuals('synthetic.csv', text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  const fit = fitActuals(parsed.value);
  if (typeof fit === 'string') throw new Error(fit);
  return fit;
}

function expectStandardNormal(zs: readonly number[]) {
  const { mean, sd } = meanSd(zs);
  expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(zs.length));
  expect(sd).toBeGreaterThan(0.8);
  expect(sd).toBeLessThan(1.2);
}

describe('runway fit recovers known models', () => {
  it('multiplicative revenue: growth, level and noise within their standard errors', () => {
    const d = new Draws('multiplicative');
    const [level, growth, sd, n] = [80_000, 0.03, 0.08, 36];
    const zGrowth: number[] = [];
    const zLevel: number[] = [];
    const sds: number[] = [];
    let chosen = 0;
    for (let r = 0; r < R; r++) {
      const fit = fitOf(csv({ 'revenue:sales': multiplicative(d, n, level, growth, sd) }));
      const line = fit.lines[0]!;
      if (line.fit.model !== 'multiplicative') continue;
      chosen++;
      zGrowth.push((line.fit.growth.value - growth) / line.fit.growth.se);
      // the level is the log median half a month before the first forecast month (t = n − 0.5)
      zLevel.push((line.fit.level.value - (Math.log(level) - sd * sd / 2 + growth * (n - 0.5))) / line.fit.level.se);
      sds.push(line.fit.sd);
    }
    // choosing the model is a decision under noise: with 8% noise and 3% growth a month over 36
    // months the right one wins about four times in five (the rest go to additive noise)
    expect(chosen).toBeGreaterThanOrEqual(0.75 * R);
    expectStandardNormal(zGrowth);
    expectStandardNormal(zLevel);
    // E[s] for a residual sd is close to σ (within 2% for 33 degrees of freedom); its spread over R fits is about σ/√(2·33)
    expect(Math.abs(meanSd(sds).mean - sd)).toBeLessThan(4 * (sd / Math.sqrt(2 * 33)) / Math.sqrt(sds.length) + 0.02 * sd);
  });

  it('additive-noise costs: chosen as additive; growth, level and noise within their standard errors', () => {
    const d = new Draws('additive');
    const [level, growth, sd, n] = [50_000, 0.03, 5_000, 36];
    const zGrowth: number[] = [];
    const zLevel: number[] = [];
    const sds: number[] = [];
    for (let r = 0; r < R; r++) {
      const fit = fitOf(csv({ 'costs:ops': additive(d, n, level, growth, sd) }));
      const line = fit.lines[0]!;
      if (line.fit.model !== 'additive') continue;
      zGrowth.push((line.fit.growth.value - Math.log1p(growth)) / line.fit.growth.se);
      // the level is the mean money half a month before the first forecast month
      zLevel.push((line.fit.level.value - level * (1 + growth) ** (n - 0.5)) / line.fit.level.se);
      sds.push(line.fit.sd);
    }
    // as for the multiplicative line, the right model wins about four times in five
    expect(sds.length).toBeGreaterThanOrEqual(0.75 * R);
    expectStandardNormal(zGrowth);
    expectStandardNormal(zLevel);
    expect(Math.abs(meanSd(sds).mean - sd) / sd).toBeLessThan(0.03);
  });

  it('additive-noise flat costs: level within its standard error, noise sd recovered', () => {
    const d = new Draws('additive-flat');
    const [level, sd, n] = [2_000, 4_000, 36];
    const zLevel: number[] = [];
    const sds: number[] = [];
    for (let r = 0; r < R; r++) {
      // a net flow near zero that changes sign: only the additive model can take it
      const fit = fitOf(csv({ 'costs:misc': additive(d, n, level, 0, sd) }));
      const line = fit.lines[0]!;
      expect(line.fit.model).toBe('additive');
      zLevel.push((line.fit.level.value - level) / line.fit.level.se);
      sds.push(line.fit.sd);
    }
    expectStandardNormal(zLevel);
    expect(Math.abs(meanSd(sds).mean - sd) / sd).toBeLessThan(0.03);
  });

  it('GBM revenue: a random walk that drives users, drift and volatility within their standard errors', () => {
    const d = new Draws('gbm');
    const [drift, volatility, n] = [0.02, 0.1, 36];
    const zDrift: number[] = [];
    const vols: number[] = [];
    let walks = 0;
    for (let r = 0; r < R; r++) {
      const fit = fitOf(csv({ 'revenue:usage': gbmRevenue(d, n, 100_000, drift, volatility) }));
      if (fit.users === undefined) continue;
      walks++;
      expect(fit.users.source).toEqual({ section: 'revenue', name: 'usage' });
      zDrift.push((fit.users.drift.value - drift) / fit.users.drift.se);
      vols.push(fit.users.volatility);
    }
    expect(walks).toBeGreaterThanOrEqual(0.9 * R);
    expectStandardNormal(zDrift);
    // the volatility of an average over each month, corrected by √(3/2): within 5% of the truth on average
    expect(Math.abs(meanSd(vols).mean / volatility - 1)).toBeLessThan(0.05);
  });

  it('customers with churn: new and churn within their standard errors, from the flows and from the counts', () => {
    const d = new Draws('customers');
    const [initial, arrivals, churn, n] = [60, 12, 0.04, 36];
    const z = { flowsNew: [] as number[], flowsChurn: [] as number[], countsChurn: [] as number[] };
    for (let r = 0; r < R; r++) {
      const c = customers(d, n, initial, arrivals, churn);
      const flows = fitOf(csv({ customers: c.count, 'customers:new': c.new, 'customers:churned': c.churned })).customers!;
      expect(flows.method).toBe('flows');
      z.flowsNew.push((flows.new.value - arrivals) / flows.new.se);
      z.flowsChurn.push((flows.churn.value - churn) / flows.churn.se);
      const counts = fitOf(csv({ customers: c.count })).customers!;
      expect(counts.method).toBe('counts');
      z.countsChurn.push((counts.churn.value - churn) / counts.churn.se);
    }
    expectStandardNormal(z.flowsNew);
    expectStandardNormal(z.flowsChurn);
    // from counts alone churn is a regression slope: unbiased within its (larger) standard error
    expect(Math.abs(meanSd(z.countsChurn).mean)).toBeLessThan(4 / Math.sqrt(R) + 0.15);
  });
});
