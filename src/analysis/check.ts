import type { IsoDate } from '../util/calendar.js';
import { normalQuantile } from '../distributions/index.js';
import { wilsonInterval } from './wilson.js';

/** A limit on P(ruin by `by`): at most `max`, at least `min`, or both. */
export interface Assertion {
  readonly by: IsoDate;
  readonly max?: number;
  readonly min?: number;
  /** Where it came from, for messages: `expect[0]` or `--max-ruin`. */
  readonly origin: string;
}

export type Decision = 'pass' | 'breach' | 'undecided';

/** z of a two-sided interval at `confidence` (0.99 -> 2.5758). */
export function zFor(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

/**
 * Decides an assertion from k ruined paths of n, with a Wilson interval at confidence z: a limit
 * is breached only when the interval lies wholly on the wrong side of it, passed when it lies
 * wholly on the right side, and undecided when the interval straddles it (more paths may settle
 * it). With both bounds, a breach of either is a breach, and a pass needs both.
 */
export function decide(assertion: Pick<Assertion, 'max' | 'min'>, k: number, n: number, z: number): { decision: Decision; low: number; high: number } {
  const { low, high } = wilsonInterval(k, n, z);
  const verdicts: Decision[] = [];
  if (assertion.max !== undefined) verdicts.push(low > assertion.max ? 'breach' : high <= assertion.max ? 'pass' : 'undecided');
  if (assertion.min !== undefined) verdicts.push(high < assertion.min ? 'breach' : low >= assertion.min ? 'pass' : 'undecided');
  const decision: Decision = verdicts.includes('breach') ? 'breach' : verdicts.every((v) => v === 'pass') ? 'pass' : 'undecided';
  return { decision, low, high };
}
