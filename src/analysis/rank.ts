const Z95 = 1.959963984540054;

/** Ranks 1..n of `x`, ties sharing their average rank. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]!] === x[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation of two equally long samples (0 when either is constant). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation (Pearson correlation of average ranks, so ties are handled). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Standard error of Spearman's ρ on the Fisher z scale, 1.06/√(n − 3) (Fieller, Hartley &
 * Pearson 1957), and the 95% interval tanh(atanh ρ ± 1.96·SE).
 */
export function spearmanInterval(rho: number, n: number): { standardError: number; ci95: { low: number; high: number } } {
  if (n <= 3) return { standardError: Infinity, ci95: { low: -1, high: 1 } };
  const se = 1.06 / Math.sqrt(n - 3);
  const z = Math.atanh(Math.max(-0.999999999, Math.min(0.999999999, rho)));
  return { standardError: se, ci95: { low: Math.tanh(z - Z95 * se), high: Math.tanh(z + Z95 * se) } };
}
