import { ols } from './regression.js';
import { type Estimate, tWidening } from './fit-series.js';

/**
 * Paying customers fitted to runway's customer model: each period the base keeps (1 − churn) of
 * itself, spread over the period's days, and `new` customers arrive evenly over it.
 * - With the new and churned customers of each period (`customers:new`, `customers:churned`):
 *   churn = Σ churned / Σ (customers at the start of the period + half the period's new ones), a
 *   binomial rate with its standard error; new = the mean of the new customers per period, with the
 *   standard error of a mean.
 * - With the counts only: c_t = r·c_{t−1} + ν + e by least squares over consecutive periods, so
 *   churn = 1 − r, and new = ν/κ where κ = churn / (D·(1 − (1 − churn)^(1/D))) is the share of a
 *   period's arrivals still there at its end under daily churn (D days a period).
 */
export interface CustomersFit {
  readonly method: 'flows' | 'counts';
  /** Customers at the end of the last row. */
  readonly initial: number;
  readonly new: Estimate;
  readonly churn: Estimate;
  /** Correlation of the churn and new estimates (counts only). */
  readonly correlation: number;
  /** Periods the fit used. */
  readonly n: number;
}

export interface CustomerRow {
  readonly t: number;
  readonly count: number | undefined;
  readonly new?: number | undefined;
  readonly churned?: number | undefined;
}

/** Fewest consecutive pairs of periods the fit needs. */
export const MIN_CUSTOMER_PERIODS = 5;

export function fitCustomers(rows: readonly CustomerRow[], daysPerPeriod: number, flows: boolean): CustomersFit | string {
  const last = [...rows].reverse().find((r) => r.count !== undefined);
  if (last === undefined) return 'no customer counts';
  const pairs: { opening: number; closing: number; new?: number; churned?: number }[] = [];
  for (let k = 1; k < rows.length; k++) {
    const a = rows[k - 1]!;
    const b = rows[k]!;
    if (b.t !== a.t + 1 || a.count === undefined || b.count === undefined) continue;
    pairs.push({ opening: a.count, closing: b.count, ...(b.new === undefined ? {} : { new: b.new }), ...(b.churned === undefined ? {} : { churned: b.churned }) });
  }
  if (flows) {
    const usable = pairs.filter((p) => p.new !== undefined && p.churned !== undefined);
    if (usable.length < MIN_CUSTOMER_PERIODS) return `${usable.length} periods with counts, new and churned customers: at least ${MIN_CUSTOMER_PERIODS} are needed`;
    const exposure = usable.reduce((s, p) => s + p.opening + p.new! / 2, 0);
    const churned = usable.reduce((s, p) => s + p.churned!, 0);
    if (!(exposure > 0)) return 'no customers to churn';
    const churn = Math.min(churned / exposure, 1);
    const news = usable.map((p) => p.new!);
    const m = news.length;
    const mean = news.reduce((a, b) => a + b, 0) / m;
    const variance = news.reduce((s, x) => s + (x - mean) ** 2, 0) / (m - 1);
    return {
      method: 'flows',
      initial: last.count!,
      new: { value: mean, se: Math.sqrt(variance / m) * tWidening(m - 1) },
      churn: { value: churn, se: Math.sqrt((churn * (1 - churn)) / exposure) },
      correlation: 0,
      n: m,
    };
  }
  if (pairs.length < MIN_CUSTOMER_PERIODS) return `${pairs.length} consecutive periods with customer counts: at least ${MIN_CUSTOMER_PERIODS} are needed`;
  const regression = ols(
    pairs.map((p) => [p.opening, 1]),
    pairs.map((p) => p.closing),
  );
  if (regression === undefined || regression.df < 2) return 'the customer counts do not determine churn and new customers (they barely change): give customers:new and customers:churned columns';
  const widen = tWidening(regression.df);
  const r = regression.beta[0]!;
  const churn = 1 - r;
  if (!(churn > 0 && churn < 1)) return `the customer counts imply a churn of ${(churn * 100).toFixed(1)}% a period, outside (0%, 100%): give customers:new and customers:churned columns`;
  const kappa = arrivalsKept(churn, daysPerPeriod);
  const c = regression.covariance;
  return {
    method: 'counts',
    initial: last.count!,
    new: { value: regression.beta[1]! / kappa, se: (Math.sqrt(c[3]!) / kappa) * widen },
    churn: { value: churn, se: Math.sqrt(c[0]!) * widen },
    // churn = 1 − r: its correlation with ν is minus r's
    correlation: c[0]! > 0 && c[3]! > 0 ? -c[1]! / Math.sqrt(c[0]! * c[3]!) : 0,
    n: pairs.length,
  };
}

/** The share of a period's arrivals (spread evenly over its D days) still there at its end, under daily churn. */
export function arrivalsKept(churn: number, days: number): number {
  const q = (1 - churn) ** (1 / days);
  return q === 1 ? 1 : churn / (days * (1 - q));
}
