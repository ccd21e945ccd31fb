import type { Result } from './result.js';

/**
 * A run whose money left the numbers: a growth, a drift or a volatility so large over the horizon
 * that a line's money (and so cash) is infinite or not a number. The Result would carry NaN or
 * Infinity (null in JSON, "$NaN" in a table); the run fails instead, naming the line.
 */
export class Overflow extends Error {}

/** Throws `Overflow` when the Result holds a number that is not finite, naming the first line or group whose money overflowed (or the field). */
export function assertFinite(result: Result): void {
  const { months, series } = result.flows;
  for (const s of series) {
    const m = s.monthly.findIndex((v) => !Number.isFinite(v.mean));
    if (m >= 0) {
      throw new Overflow(
        `the money of ${s.kind === 'group' ? 'group' : `${s.section ?? ''} line`.trim()} ${JSON.stringify(s.name)} is not a finite number in ${months[m]!.month}: a growth, drift or volatility too large for the horizon (every figure must stay below about 1e308)`,
      );
    }
  }
  const where = firstNonFinite(result, []);
  if (where !== undefined) throw new Overflow(`${where} is not a finite number: a growth, drift or volatility too large for the horizon (every figure must stay below about 1e308)`);
}

function firstNonFinite(value: unknown, path: (string | number)[]): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path.join('.');
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const found = firstNonFinite(value[k], [...path, k]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      const found = firstNonFinite(v, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
