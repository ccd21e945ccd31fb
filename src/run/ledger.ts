import { BLOCK_SIZE } from '../engine/layout.js';
import { TRACE_FIELDS, type BlockTrace } from '../engine/trace.js';

/** What each row of a ledger holds, in order (`Ledger.data`). */
export const LEDGER_FIELDS = TRACE_FIELDS;

/**
 * Chosen paths' ledgers: for each path (its number in the run) one row per period ending at
 * `rowEnds` (steps), with the fields of `LEDGER_FIELDS`: data[(p·rows + r)·fields + f].
 */
export interface Ledger {
  readonly paths: Int32Array;
  readonly rowEnds: Int32Array;
  readonly data: Float64Array;
  /** With per-line money (a traced run that asked for it): lines[(p·rows + r)·L + l], costs as positive outflows. */
  readonly lines?: Float64Array;
}

/** A block's trace as a ledger with the paths' numbers in the run. */
export function ledgerOf(trace: BlockTrace): Ledger {
  return { paths: Int32Array.from(trace.paths, (i) => trace.block * BLOCK_SIZE + i), rowEnds: trace.rowEnds, data: trace.data, ...(trace.lines === undefined ? {} : { lines: trace.lines }) };
}

/**
 * The paths a ledger of a run of `total` paths keeps, as block-local indices per block: all, or
 * n spread evenly over the run (path ⌊j·P/n⌋ for j = 0 … n−1; paths are exchangeable, so this is
 * as good as a random sample and depends on nothing but P and n).
 */
export function sampledPaths(total: number, sample: number | 'all'): (block: number) => Int32Array {
  const chosen = sample === 'all' || sample >= total ? undefined : Array.from({ length: sample }, (_, j) => Math.floor((j * total) / sample));
  return (block) => {
    const first = block * BLOCK_SIZE;
    const last = Math.min(total, first + BLOCK_SIZE);
    if (chosen === undefined) return Int32Array.from({ length: last - first }, (_, i) => i);
    return Int32Array.from(chosen.filter((p) => p >= first && p < last), (p) => p - first);
  };
}
