import { wilsonInterval } from './wilson.js';

/**
 * Scores of forecasts against what happened: the probability integral transform (PIT), coverage
 * of central bands, the Kolmogorov–Smirnov test of uniform PITs, and the Brier score of a yes/no
 * event. A calibrated forecaster's PITs are uniform on [0, 1], and its p% band holds the outcome p%
 * of the time.
 */

/**
 * The PIT of `value` under the sample `draws`: the share of draws below it plus half the share
 * equal to it (the mid-distribution value, so that ties between a discrete forecast and the
 * outcome do not bias it). `draws` must be sorted ascending.
 */
export function pit(sortedDraws: Float64Array, value: number): number {
  const below = lowerBound(sortedDraws, value);
  let equal = 0;
  while (below + equal < sortedDraws.length && sortedDraws[below + equal] === value) equal++;
  return (below + equal / 2) / sortedDraws.length;
}

/** The q-quantile of sorted draws (type 7: linear between order statistics). */
export function sampleQuantile(sortedDraws: Float64Array, q: number): number {
  const h = (sortedDraws.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sortedDraws.length - 1);
  return sortedDraws[lo]! + (h - lo) * (sortedDraws[hi]! - sortedDraws[lo]!);
}

export interface Coverage {
  /** The band's nominal probability (0.5 or 0.9). */
  readonly nominal: number;
  readonly hits: number;
  readonly n: number;
  /**
   * hits / n, with a 95% Wilson interval that counts `independent` outcomes (a backtest's cut-offs:
   * the forecasts one cut-off makes at different lead times share their errors, so counting each
   * separately would make the interval too narrow); a calibrated band's nominal value is inside it.
   */
  readonly rate: number;
  readonly independent: number;
  readonly ci95: { readonly low: number; readonly high: number };
}

/**
 * Coverage of the central band of probability `nominal` from PITs (the outcome is inside when its
 * PIT is within (1 ∓ nominal)/2), its interval counting `independent` outcomes (default: each).
 */
export function coverage(pits: readonly number[], nominal: number, independent = pits.length): Coverage {
  const lo = (1 - nominal) / 2;
  const hi = 1 - lo;
  const hits = pits.filter((u) => u >= lo && u <= hi).length;
  const n = pits.length;
  const rate = n === 0 ? 0 : hits / n;
  const m = Math.min(independent, n);
  return { nominal, hits, n, rate, independent: m, ci95: m === 0 ? { low: 0, high: 1 } : wilsonInterval(rate * m, m) };
}

export interface UniformityTest {
  readonly test: 'kolmogorov-smirnov';
  readonly n: number;
  /** The largest distance between the PITs' empirical distribution and the uniform's. */
  readonly d: number;
  /** Asymptotic p-value with Stephens' small-sample correction. */
  readonly p: number;
}

/** Kolmogorov–Smirnov test of PITs against the uniform distribution. */
export function ksUniform(pits: readonly number[]): UniformityTest {
  const sorted = [...pits].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  sorted.forEach((u, i) => {
    d = Math.max(d, (i + 1) / n - u, u - i / n);
  });
  const root = Math.sqrt(n);
  return { test: 'kolmogorov-smirnov', n, d, p: n === 0 ? 1 : kolmogorovSurvival((root + 0.12 + 0.11 / root) * d) };
}

/** P(K > λ) for the Kolmogorov distribution: 2 Σ (−1)^(j−1) e^(−2j²λ²). */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += (j % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Counts of PITs in `bins` equal bins of [0, 1]. */
export function pitHistogram(pits: readonly number[], bins = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const u of pits) counts[Math.min(bins - 1, Math.floor(u * bins))]!++;
  return counts;
}

export interface Brier {
  readonly n: number;
  /** Mean of (forecast − outcome)²: 0 is perfect, 0.25 is always saying 50%. */
  readonly score: number;
  /** The score of always forecasting the rate the event happened at (climatology), for reference. */
  readonly reference: number;
  /** Forecasts in ten bins of probability: the mean forecast and how often the event happened (a reliability diagram). */
  readonly reliability: readonly { readonly bin: number; readonly n: number; readonly forecast: number; readonly observed: number }[];
}

/** Brier score of probability forecasts of yes/no outcomes, with its reliability bins. */
export function brier(forecasts: readonly { p: number; outcome: boolean }[]): Brier {
  const n = forecasts.length;
  const base = n === 0 ? 0 : forecasts.filter((f) => f.outcome).length / n;
  const score = n === 0 ? NaN : forecasts.reduce((s, f) => s + (f.p - (f.outcome ? 1 : 0)) ** 2, 0) / n;
  const reference = n === 0 ? NaN : forecasts.reduce((s, f) => s + (base - (f.outcome ? 1 : 0)) ** 2, 0) / n;
  const reliability = Array.from({ length: 10 }, (_, bin) => {
    const inBin = forecasts.filter((f) => Math.min(9, Math.floor(f.p * 10)) === bin);
    return {
      bin,
      n: inBin.length,
      forecast: inBin.length === 0 ? NaN : inBin.reduce((s, f) => s + f.p, 0) / inBin.length,
      observed: inBin.length === 0 ? NaN : inBin.filter((f) => f.outcome).length / inBin.length,
    };
  }).filter((b) => b.n > 0);
  return { n, score, reference, reliability };
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
