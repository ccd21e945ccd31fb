import { Z95, wilsonInterval } from './wilson.js';

/** Joint counts of two binary outcomes on the same n paths: a both, b first only, c second only. */
export interface PairedCounts {
  readonly both: number;
  readonly firstOnly: number;
  readonly secondOnly: number;
  readonly n: number;
}

/**
 * Difference of two proportions measured on the same paths (common random numbers):
 * θ = p₂ − p₁ = (c − b)/n. Its 95% interval is Newcombe's hybrid score interval for paired data
 * (R. G. Newcombe, "Improved confidence intervals for the difference between binomial
 * proportions based on paired data", Statistics in Medicine 17, 1998, method 10): Wilson
 * intervals for each proportion, combined with the correlation φ of the pairs, so that it stays
 * sensible with few discordant paths. The paired standard error √(((b + c)/n − θ²)/n) and the
 * unpaired one √(se₁² + se₂²) (what independent runs would give) are reported beside it. With
 * `z`, the interval is at that two-sided level instead (`ci95` then holds it).
 */
export function pairedDifference(
  counts: PairedCounts,
  z = Z95,
): {
  difference: number;
  standardError: number;
  ci95: { low: number; high: number };
  unpairedStandardError: number;
} {
  const { both: a, firstOnly: b, secondOnly: c, n } = counts;
  const d = n - a - b - c;
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const theta = p2 - p1;
  const w1 = wilsonInterval(a + b, n, z);
  const w2 = wilsonInterval(a + c, n, z);
  const denominator = Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
  const phi = denominator === 0 ? 0 : (a * d - b * c) / denominator;
  const lower = Math.sqrt(Math.max(0, (p2 - w2.low) ** 2 - 2 * phi * (p2 - w2.low) * (w1.high - p1) + (w1.high - p1) ** 2));
  const upper = Math.sqrt(Math.max(0, (w2.high - p2) ** 2 - 2 * phi * (w2.high - p2) * (p1 - w1.low) + (p1 - w1.low) ** 2));
  const se1 = Math.sqrt((p1 * (1 - p1)) / n);
  const se2 = Math.sqrt((p2 * (1 - p2)) / n);
  return {
    difference: theta,
    standardError: Math.sqrt(Math.max(0, (b + c) / n - theta * theta) / n),
    ci95: { low: Math.max(-1, theta - lower), high: Math.min(1, theta + upper) },
    unpairedStandardError: Math.sqrt(se1 * se1 + se2 * se2),
  };
}

/** Joint ruin counts by step `step` of two runs' per-path ruin steps (−1: never ruined). */
export function pairedRuinCounts(first: Int32Array, second: Int32Array, step: number): PairedCounts {
  let both = 0;
  let firstOnly = 0;
  let secondOnly = 0;
  for (let i = 0; i < first.length; i++) {
    const x = first[i]! >= 0 && first[i]! <= step;
    const y = second[i]! >= 0 && second[i]! <= step;
    if (x && y) both++;
    else if (x) firstOnly++;
    else if (y) secondOnly++;
  }
  return { both, firstOnly, secondOnly, n: first.length };
}

/**
 * Difference p₁ − p₂ of two proportions from independent samples (k₁ of n₁, k₂ of n₂), with
 * Newcombe's hybrid score interval (Statistics in Medicine 17, 1998, "… independent
 * proportions", method 10): L = θ − √((p₁ − l₁)² + (u₂ − p₂)²), U = θ + √((u₁ − p₁)² + (p₂ − l₂)²)
 * from the two Wilson intervals.
 */
export function independentDifference(k1: number, n1: number, k2: number, n2: number): { difference: number; standardError: number; ci95: { low: number; high: number } } {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const w1 = wilsonInterval(k1, n1, Z95);
  const w2 = wilsonInterval(k2, n2, Z95);
  const theta = p1 - p2;
  return {
    difference: theta,
    standardError: Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2),
    ci95: {
      low: Math.max(-1, theta - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)),
      high: Math.min(1, theta + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)),
    },
  };
}
