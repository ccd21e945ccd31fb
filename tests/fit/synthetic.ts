import seedrandom from 'seedrandom';

/**
 * Histories drawn from known models, as actuals CSV text, for checking that `fit` recovers the
 * parameters and that `backtest` finds forecasts from the right model calibrated.
 */
export class Draws {
  private readonly rng: () => number;
  constructor(seed: string) {
    this.rng = seedrandom(seed);
  }
  uniform(): number {
    return this.rng();
  }
  normal(): number {
    const u = 1 - this.rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.rng());
  }
  poisson(mean: number): number {
    // by normal approximation above 50 (no test uses one that large)
    let k = 0;
    for (let product = this.rng(); product > Math.exp(-mean); product *= this.rng()) k++;
    return k;
  }
  binomial(n: number, p: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) if (this.rng() < p) k++;
    return k;
  }
}

/** Months from 2020-01 on, as YYYY-MM. */
export function month(t: number): string {
  return `${2020 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** CSV text of columns (header → values per month). */
export function csv(columns: Record<string, readonly number[]>): string {
  const headers = Object.keys(columns);
  const n = columns[headers[0]!]!.length;
  const rows = [['month', ...headers].join(',')];
  for (let t = 0; t < n; t++) rows.push([month(t), ...headers.map((h) => String(columns[h]![t]))].join(','));
  return `${rows.join('\n')}\n`;
}

/** Multiplicative: L·e^(b·t)·e^(sZ − s²/2), t = 0 … n−1 (the month's money). */
export function multiplicative(d: Draws, n: number, level: number, growth: number, sd: number): number[] {
  return Array.from({ length: n }, (_, t) => level * Math.exp(growth * t) * Math.exp(sd * d.normal() - (sd * sd) / 2));
}

/** Additive: level·(1 + g)^t + N(0, sd²). */
export function additive(d: Draws, n: number, level: number, growth: number, sd: number): number[] {
  return Array.from({ length: n }, (_, t) => level * (1 + growth) ** t + sd * d.normal());
}

/**
 * Revenue that follows a daily geometric Brownian motion (drift μ and volatility σ a month, 30
 * days a month): each month's money is the sum of its days' (start·e^(W(day))/30).
 */
export function gbmRevenue(d: Draws, n: number, start: number, drift: number, volatility: number): number[] {
  const days = 30;
  const mu = drift / days;
  const sigma = volatility / Math.sqrt(days);
  let log = 0;
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    let sum = 0;
    for (let day = 0; day < days; day++) {
      log += mu - (sigma * sigma) / 2 + sigma * d.normal();
      sum += (start * Math.exp(log)) / days;
    }
    out.push(sum);
  }
  return out;
}

/**
 * Customers with binomial churn and Poisson arrivals: each month keeps each customer with
 * probability 1 − churn; arrivals come evenly over the month (so on average half a month's churn
 * applies to them). Returns counts at each month's end and the new and churned of each month.
 */
export function customers(d: Draws, n: number, initial: number, arrivals: number, churn: number): { count: number[]; new: number[]; churned: number[] } {
  let c = initial;
  const count: number[] = [];
  const news: number[] = [];
  const churned: number[] = [];
  const half = 1 - Math.sqrt(1 - churn);
  for (let t = 0; t < n; t++) {
    const arriving = d.poisson(arrivals);
    const gone = d.binomial(c, churn) + d.binomial(arriving, half);
    c = c + arriving - gone;
    count.push(c);
    news.push(arriving);
    churned.push(gone);
  }
  return { count, new: news, churned };
}

/** Cash: the initial balance plus each month's revenue less costs. */
export function cashFrom(initial: number, revenue: readonly (readonly number[])[], costs: readonly (readonly number[])[]): number[] {
  let cash = initial;
  return revenue[0]!.map((_, t) => {
    cash += revenue.reduce((s, r) => s + r[t]!, 0) - costs.reduce((s, c) => s + c[t]!, 0);
    return cash;
  });
}

/** Mean and standard deviation. */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) };
}
