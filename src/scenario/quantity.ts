/**
 * Numbers as people write them in scenario files: `700k`, `1.5B`, `$2M`, `-12%`, `+30%`, `1e6`.
 * Suffixes: k = 1e3, M = 1e6, B = 1e9, T = 1e12, % = 1e-2. A lone `m` is refused (milli or
 * million?). Values are bounded by ±1e15 so that no sum of a few thousand of them loses integer
 * dollars or overflows.
 */

export const MAX_MAGNITUDE = 1e15;

const QUANTITY = /^([+-])?\s*\$?\s*((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([kKMBT%]?)$/;
/** Decimal exponent of each suffix. */
const EXPONENT: Record<string, number> = { '': 0, k: 3, K: 3, M: 6, B: 9, T: 12, '%': -2 };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Parses a number or a number with a suffix.
 * @example parseQuantity('1.5B') // { ok: true, value: 1500000000 }
 * @example parseQuantity('-12%') // { ok: true, value: -0.12 }
 */
export function parseQuantity(input: unknown): Parsed<number> {
  if (typeof input === 'number') return checkMagnitude(input, String(input));
  if (typeof input !== 'string') return { ok: false, error: `expected a number such as 700k, 1.5B or 12% (got ${describe(input)})` };
  const text = input.trim();
  const m = QUANTITY.exec(text);
  if (!m) {
    if (/^[+-]?\$?[\d.]+\s*m$/.test(text)) {
      return { ok: false, error: `ambiguous suffix m in ${JSON.stringify(input)}: write M for millions` };
    }
    return { ok: false, error: `expected a number such as 700k, 1.5B or 12% (got ${JSON.stringify(input)})` };
  }
  const sign = m[1] === '-' ? -1 : 1;
  // Shift the decimal exponent rather than multiply, so that 0.7% is exactly 0.007 and 1.1B is
  // exactly 1100000000 (0.7 * 0.01 is 0.006999999999999999 in binary floating point).
  const [mantissa = '', exponent = '0'] = m[2]!.toLowerCase().split('e');
  const value = sign * Number(`${mantissa}e${Number(exponent) + EXPONENT[m[3]!]!}`);
  return checkMagnitude(value, input);
}

function checkMagnitude(value: number, text: string): Parsed<number> {
  if (!Number.isFinite(value)) return { ok: false, error: `expected a finite number (got ${text})` };
  if (Math.abs(value) > MAX_MAGNITUDE) return { ok: false, error: `magnitude above 1e15 is not supported (got ${text})` };
  return { ok: true, value };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > QUOTED_CHARACTERS ? `${value.slice(0, QUOTED_CHARACTERS)}…` : value);
  return String(value);
}

/** At most this many characters of a text are quoted in a message (a file that is not a scenario is never printed whole). */
const QUOTED_CHARACTERS = 60;
