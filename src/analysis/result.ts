import { z } from 'zod';
import { EXACT_CASH_LIMIT, EXACT_CASH_VALUES } from '../engine/tally.js';
import { lazy } from '../util/lazy.js';

/**
 * The Result of a run: a plain JSON-serialisable object, the `--format json` output and the only
 * input of every renderer. This zod schema is its single definition: the TypeScript type is
 * inferred from it, `schema/result.schema.json` is generated from it, and tests check real output
 * against it. Bump SCHEMA_VERSION on any incompatible change.
 */
export const SCHEMA_VERSION = 1;

/** The schema of a Result, built on first use (see `lazy`). */
export const resultSchema = lazy(() => {
  const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('calendar date YYYY-MM-DD');
  const fraction = z.number().min(0).max(1);
  const money = z.number().describe('US dollars');

  const estimate = {
    probability: fraction.describe('paths / total paths'),
    standardError: z.number().min(0).describe('Monte Carlo standard error sqrt(p(1 - p)/n)'),
    ci95: z.strictObject({ low: fraction, high: fraction }).describe('95% Wilson score interval'),
  };

  return z
    .strictObject({
      schemaVersion: z.literal(SCHEMA_VERSION),
      tool: z.strictObject({ name: z.literal('runway'), version: z.string() }),
      scenario: z.strictObject({
        name: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 of the normalised scenario (canonical JSON)'),
        start: date,
        horizon: date,
        step: z.literal('day'),
        days: z.int().min(1).describe('simulated days, start and horizon included'),
      }),
      run: z.strictObject({
        seed: z.string(),
        paths: z.int().min(1),
        blockSize: z.int().min(1).describe('paths per block; each block has its own random streams'),
        rng: z.string().describe('uniform generator'),
        normal: z.string().describe('normal sampler for day-to-day noise'),
        cashQuantiles: z
          .enum(['exact (type 7, all paths)', 'sketch (relative error 0.1%)'])
          .describe(`exact up to ${EXACT_CASH_LIMIT} paths (and ${EXACT_CASH_VALUES} paths × dates); above, a mergeable log-bucket sketch per date`),
        precision: z
          .strictObject({
            target: fraction.describe('asked 95% half-width of every P(ruin by date)'),
            maxPaths: z.int().min(1),
            met: z.boolean(),
            halfWidth: fraction.describe('widest 95% Wilson half-width reached'),
          })
          .optional()
          .describe('present with --precision: paths were added in whole blocks until the target was met or maxPaths reached'),
      }),
      ruin: z.strictObject({
        byDate: z
          .array(z.strictObject({ date, ruinedPaths: z.int().min(0), ...estimate }))
          .describe('P(ruin on or before date) for each report date and the horizon'),
        dateQuantiles: z
          .array(z.strictObject({ q: fraction, date }))
          .describe('ruin-date quantiles among ruined paths (type 1, inverted CDF); empty when no path was ruined'),
      }),
      runway: z
        .strictObject({
          expectedMonths: z.number().min(0).describe('mean over paths of the months ended solvent, a path solvent at the horizon counting the whole horizon (restricted mean survival time)'),
          standardError: z.number().min(0).describe('Monte Carlo standard error of expectedMonths'),
          horizonMonths: z.number().min(0).describe('the simulated span in months (days / (365.25 / 12)): the most expectedMonths can be'),
        })
        .describe('expected months of runway within the horizon'),
      shortfall: z
        .strictObject({
          ruinedPaths: z.int().min(1),
          atRuin: z.strictObject({ mean: money, p10: money, p50: money, p90: money }).describe('how far below zero cash ended on the ruin day'),
          deepest: z
            .strictObject({ mean: money, p10: money, p50: money, p90: money })
            .describe('the deepest cash went below zero by the horizon with the ledger going on after ruin: the bridge that, arriving by the ruin day, would have kept the path solvent through the horizon'),
          quantiles: z.enum(['exact (type 7, ruined paths)', 'sketch (relative error 0.1%)']),
        })
        .nullable()
        .describe('among paths ruined by the horizon; null when none was'),
      survival: z
        .array(z.strictObject({ date, probability: fraction }))
        .describe('P(cash >= 0 at the end of every day up to and including date), one entry per day'),
      cash: z
        .array(
          z.strictObject({
            date,
            monthEnd: z.boolean(),
            mean: money,
            p5: money,
            p25: money,
            p50: money,
            p75: money,
            p95: money,
            belowZero: fraction.describe('share of paths with cash below zero at the end of that day'),
          }),
        )
        .describe('end-of-day cash at each month end (year ends after the first 20 years), report date and the horizon (quantiles as run.cashQuantiles says; mean and belowZero exact; ruined paths keep their ruin-day cash)'),
      events: z
        .array(z.strictObject({ name: z.string(), ...estimate }))
        .describe("share of paths in which each event's money moved (before ruin and by the horizon)"),
      actions: z
        .array(
          z.strictObject({
            name: z.string(),
            ...estimate,
            firedPaths: z.int().min(0),
            firstDates: z.array(z.strictObject({ q: fraction, date })).describe('quantiles of the day a path first fired the action, among the paths that fired it (type 1); empty when none did'),
            meanFirings: z.number().min(0).describe('firings per path (more than one only with repeat)'),
          }),
        )
        .describe("management actions: the share of paths on which each action's rule fired while the path was solvent (at the end of that day), and when"),
      flows: z
        .strictObject({
          quantiles: z
            .enum(['sketch (relative error 1%)', 'none (more than 4096 series × months)'])
            .describe('p5, p50 and p95 from a mergeable sketch per series and month (the mean is exact); above 4096 series × months, means only'),
          months: z.array(z.strictObject({ month: z.string().regex(/^\d{4}-\d{2}$/), from: date, to: date })).describe('the calendar months of the run (the first and last may be partial)'),
          series: z.array(
            z.strictObject({
              name: z.string(),
              kind: z.enum(['line', 'group']),
              section: z.enum(['costs', 'revenue', 'financing']).optional().describe("a line's section; a group's when all its lines share one"),
              monthly: z.array(z.strictObject({ mean: money, p5: money.optional(), p50: money.optional(), p95: money.optional() })).describe('one entry per month, in the order of months'),
            }),
          ),
        })
        .describe("where the money goes: each line's and group's money in each month (signed: costs negative), mean and percentiles over all paths, the ledger going on after ruin"),
      provenance: z.array(
        z.strictObject({ path: z.string(), name: z.string(), source: z.string().optional(), note: z.string().optional(), value: z.string().optional().describe("the assumption in the scenario's compact text") }),
      ),
    })
    .describe('runway simulation result');
});

export type Result = z.infer<ReturnType<typeof resultSchema>>;
export type ProbabilityEstimate = Pick<Result['events'][number], 'probability' | 'standardError' | 'ci95'>;
export type Provenance = Result['provenance'][number];
export type CashQuantiles = Result['cash'][number];
