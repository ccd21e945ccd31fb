/** z for a two-sided 95% interval: Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion (E. B. Wilson, JASA 22, 1927): with p̂ = k/n,
 * centre (p̂ + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²). Unlike the
 * normal (Wald) interval it is never empty at k = 0 or k = n.
 * @example wilsonInterval(0, 100) // { low: 0, high: 0.03699... }
 */
export function wilsonInterval(k: number, n: number, z = Z95): { low: number; high: number } {
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // at k = 0 (k = n) the low (high) end is 0 (1) exactly; rounding would leave 1e-20 or so
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/** Standard error of a proportion k/n: √(p̂(1 − p̂)/n). */
export function proportionStandardError(k: number, n: number): number {
  const p = k / n;
  return Math.sqrt((p * (1 - p)) / n);
}
