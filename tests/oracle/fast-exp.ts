import { C2, C3, C4, C5, FAST_RANGE, FRACTION, INV_STEP, POWER, POWER_OFFSET, ROUND, STEP_HI, STEP_LO, TABLE_BITS } from '../../src/engine/tables.js';

/** The test oracle's e^x: the engine's polynomial and tables (src/engine/exp-code.ts), in JavaScript. */
export function fastExp(x: number): number {
  if (!(x > -FAST_RANGE && x < FAST_RANGE)) return Math.exp(x);
  const n = x * INV_STEP + ROUND - ROUND;
  const r = x - n * STEP_HI - n * STEP_LO;
  const m = n | 0;
  const p = 1 + r * (1 + r * (C2 + r * (C3 + r * (C4 + r * C5))));
  return POWER[(m >> TABLE_BITS) + POWER_OFFSET]! * FRACTION[m & ((1 << TABLE_BITS) - 1)]! * p;
}
