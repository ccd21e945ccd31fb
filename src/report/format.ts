/** Number formats shared by the text renderers. */

/**
 * A probability in percent, with `digits` decimals, or as many more as it takes for a value that
 * is not 0 or 1 never to show as 0.00% or 100.00% (two significant digits after the zeros): a
 * handful of ruined paths in millions stays visible. Beyond six decimals, `<0.000001%`.
 *
 * @example
 * percent(0.422) // "42.20%"
 * percent(2.8e-5) // "0.0028%"
 * percent(0.999991) // "99.99910%"
 */
export function percent(p: number, digits = 2): string {
  const plain = (p * 100).toFixed(digits);
  if (p <= 0 || p >= 1 || (Number(plain) !== 0 && Number(plain) !== 100)) return `${plain}%`;
  const distance = Math.min(p, 1 - p) * 100; // from 0% or 100%
  const lead = -Math.floor(Math.log10(distance)); // decimals to its first significant digit
  if (lead > 6) return p < 0.5 ? '<0.000001%' : '>99.999999%';
  return `${(p * 100).toFixed(Math.max(digits, lead + 1))}%`;
}

/** A difference of probabilities with its sign: +1.20%, −0.35%, ±0.00%. */
export function signedPercent(p: number): string {
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${percent(Math.abs(p))}`;
}

/** Dollars with a k/M/B/T suffix and 3 significant digits: 1234567 -> "$1.23M", -5e8 -> "-$500M". */
export function usd(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, suffix] of units) {
    if (abs >= scale * 0.9995) return `${sign}$${(abs / scale).toPrecision(3)}${suffix}`;
  }
  return `${sign}$${abs.toFixed(0)}`;
}

/** 20000 -> "20,000". */
export function integer(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share as a whole percentage, for figures read to the percent (a band's coverage): 0.846 -> "85%". */
export function wholePercent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
