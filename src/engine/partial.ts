import type { BlockTally, Sketches } from './tally.js';
import { type SketchCounts, type SketchScale } from './sketch.js';

/**
 * A shard's share of a run, as plain JSON: the tallies of its blocks (exactly as the engine keeps
 * them), its merged sketches of the monthly flows and, in sketch mode, of cash. Doubles survive JSON exactly (JavaScript
 * prints the shortest text that reads back to the same double), so merged shards give the Result
 * of one run bit for bit.
 */
export interface PartialBlocks {
  readonly blocks: readonly SerializedBlock[];
  /** Per cash date, [bucket, count] pairs of the non-empty buckets; absent in exact mode. */
  readonly sketches?: readonly (readonly [number, number])[][] | undefined;
  /** Per monthly flow cell, [bucket, count] pairs of the non-empty buckets. */
  readonly flowSketches: readonly (readonly [number, number])[][];
}

export interface SerializedBlock {
  readonly block: number;
  readonly paths: number;
  /** [step, count] for the steps on which paths were ruined. */
  readonly ruinCount: readonly (readonly [number, number])[];
  readonly eventLanded: readonly number[];
  /** [rule · days + step, count] for the steps on which paths first fired a rule; each rule's firings. */
  readonly fired: readonly (readonly [number, number])[];
  readonly firings: readonly number[];
  readonly flowSum: readonly number[];
  readonly flowMin: readonly number[];
  readonly flowMax: readonly number[];
  readonly cashSum: readonly number[];
  readonly cashNegative: readonly number[];
  /** Column-major raw values (cash at each checkpoint, then shortfalls; null for NaN); empty in sketch mode. */
  readonly cash: readonly (number | null)[];
}

export function serializeBlocks(parts: readonly BlockTally[], sketches: Sketches): PartialBlocks {
  return {
    blocks: parts.map((p) => ({
      block: p.block,
      paths: p.paths,
      ruinCount: sparse(p.ruinCount),
      eventLanded: Array.from(p.eventLanded),
      fired: sparse(p.fired),
      firings: Array.from(p.firings),
      flowSum: Array.from(p.flowSum),
      flowMin: Array.from(p.flowMin),
      flowMax: Array.from(p.flowMax),
      cashSum: Array.from(p.cashSum),
      cashNegative: Array.from(p.cashNegative),
      cash: Array.from(p.cash, (x) => (Number.isNaN(x) ? null : x)),
    })),
    ...(sketches.cash === undefined ? {} : { sketches: sketches.cash.map(sparse) }),
    flowSketches: sketches.flows.map(sparse),
  };
}

/** [index, value] of the values that are not 0. */
function sparse(values: Float64Array | SketchCounts): [number, number][] {
  return Array.from(values).flatMap((c, k) => (c === 0 ? [] : [[k, c] as [number, number]]));
}

function dense(pairs: readonly (readonly [number, number])[], length: number): Float64Array {
  const values = new Float64Array(length);
  for (const [k, c] of pairs) values[k] = c;
  return values;
}

export function deserializeBlock(b: SerializedBlock, days: number, rules: number): BlockTally {
  return {
    block: b.block,
    paths: b.paths,
    ruinCount: dense(b.ruinCount, days),
    eventLanded: Float64Array.from(b.eventLanded),
    fired: dense(b.fired, rules * days),
    firings: Float64Array.from(b.firings),
    flowSum: Float64Array.from(b.flowSum),
    flowMin: Float64Array.from(b.flowMin),
    flowMax: Float64Array.from(b.flowMax),
    cashSum: Float64Array.from(b.cashSum),
    cashNegative: Float64Array.from(b.cashNegative),
    cash: Float64Array.from(b.cash, (x) => x ?? NaN),
    ruinStep: new Int32Array(0),
    inputs: new Float64Array(0),
  };
}

export function deserializeSketch(pairs: readonly (readonly [number, number])[], scale: SketchScale): SketchCounts {
  const counts = new Uint32Array(scale.length);
  for (const [k, c] of pairs) counts[k] = c;
  return counts;
}
