import { z } from 'zod';
import type { Tally } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';
import { formatIsoDate } from '../util/calendar.js';
import { lazy } from '../util/lazy.js';
import { estimate } from './analyse.js';
import { independentDifference } from './paired.js';
import { spearman, spearmanInterval } from './rank.js';

/** Version of the `runway sensitivity --format json` object; bumped on incompatible change. */
export const SENSITIVITY_SCHEMA_VERSION = 1;

/** The schema of `runway sensitivity --format json`, built on first use (see `lazy`). */
export const sensitivitySchema = lazy(() => {
  const fraction = z.number().min(0).max(1);
  const interval = z.strictObject({ low: z.number(), high: z.number() });
  const group = z.strictObject({
    paths: z.int().min(0),
    valueLow: z.number().describe('smallest input value in the group'),
    valueHigh: z.number().describe('largest input value in the group'),
    probability: fraction,
    standardError: z.number().min(0),
    ci95: interval,
  });

  return z
    .strictObject({
      schemaVersion: z.literal(SENSITIVITY_SCHEMA_VERSION),
      scenario: z.strictObject({ name: z.string(), sha256: z.string(), start: z.string().describe('a date input\'s values are days after this date') }),
      run: z.strictObject({ seed: z.string(), paths: z.int().min(1) }),
      by: z.string().describe('P(ruin on or before this date)'),
      ruin: z.strictObject({ probability: fraction, standardError: z.number().min(0), ci95: interval }),
      inputs: z.array(
        z.strictObject({
          name: z.string().describe('the input, by its field path (events: .happens, .date, .amount)'),
          kind: z.enum(['value', 'happens', 'date']),
          low: group.describe('the paths whose input is in its lowest decile'),
          high: group.describe('the paths whose input is in its highest decile'),
          swing: z.strictObject({ difference: z.number(), standardError: z.number().min(0), ci95: interval }).describe('P(ruin | high decile) − P(ruin | low decile), Newcombe hybrid score interval'),
          rankCorrelation: z
            .strictObject({ rho: z.number(), standardError: z.number().min(0), ci95: interval })
            .describe('Spearman correlation of the input with the ruin day (not ruined: after the horizon); Fisher z interval, SE 1.06/sqrt(n-3)'),
        }),
      ),
    })
    .describe('runway sensitivity result');
});

export type Sensitivity = z.infer<ReturnType<typeof sensitivitySchema>>;

/**
 * Which per-path inputs move P(ruin by D), read from the paths of one run (no extra design): for
 * each input that varies, the paths in its lowest and highest deciles (by value, ties in path
 * order) and P(ruin by D) within each, their difference (the swing) with Newcombe's interval for
 * independent proportions, and Spearman's rank correlation of the input with the ruin day (paths
 * not ruined by the horizon tied after the last day). Inputs are ranked by |swing|.
 */
export function analyseSensitivity(plan: Plan, tally: Tally, byStep: number, scenario: { name: string; sha256: string; seed: string }): Sensitivity {
  const n = tally.paths;
  const ruined = new Uint8Array(n);
  const ruinDay = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = tally.ruinStep[i]!;
    ruined[i] = s >= 0 && s <= byStep ? 1 : 0;
    total += ruined[i]!;
    ruinDay[i] = s >= 0 ? s : plan.days;
  }
  const decile = Math.floor(n / 10);
  const inputs = plan.inputs.flatMap((input, j) => {
    if (!input.varies) return [];
    const values = tally.inputs[j]!;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
    const summary = (paths: number[]) => {
      const k = paths.reduce((sum, i) => sum + ruined[i]!, 0);
      return { k, group: { paths: paths.length, valueLow: values[paths[0]!]!, valueHigh: values[paths[paths.length - 1]!]!, ...estimate(k, paths.length) } };
    };
    const low = summary(order.slice(0, decile));
    const high = summary(order.slice(n - decile));
    const rho = spearman(values, ruinDay);
    return [
      {
        name: input.name,
        kind: input.kind,
        low: low.group,
        high: high.group,
        swing: independentDifference(high.k, decile, low.k, decile),
        rankCorrelation: { rho, ...spearmanInterval(rho, n) },
      },
    ];
  });
  inputs.sort((a, b) => Math.abs(b.swing.difference) - Math.abs(a.swing.difference) || a.name.localeCompare(b.name));
  const overall = estimate(total, n);
  return {
    schemaVersion: SENSITIVITY_SCHEMA_VERSION,
    scenario: { name: scenario.name, sha256: scenario.sha256, start: formatIsoDate(plan.startDay) },
    run: { seed: scenario.seed, paths: n },
    by: formatIsoDate(plan.startDay + byStep),
    ruin: { probability: overall.probability, standardError: overall.standardError, ci95: overall.ci95 },
    inputs,
  };
}
