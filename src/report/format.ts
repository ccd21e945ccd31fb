/** Number formats shared by the text renderers. */

/** 0.4220 -> "42.20%". */
export function percent(p: number, digits = 2): string {
  return `${(p * 100).toFixed(digits)}%`;
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
