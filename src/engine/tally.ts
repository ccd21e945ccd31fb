/**
 * What the engine keeps of the paths it ran: running counts and the cash samples at checkpoints,
 * never whole paths. Tallies of disjoint sets of blocks merge (in block order) into the tally of
 * one run.
 */
export interface Tally {
  readonly paths: number;
  readonly days: number;
  /** ruinCount[t]: paths whose first end-of-day cash below zero is step t. */
  readonly ruinCount: Float64Array;
  /** cashAt[k][p]: end-of-day cash of path p at checkpoint k (frozen at the ruin day once ruined). */
  readonly cashAt: Float64Array[];
  /** eventLanded[e]: paths in which event e's money moved (before ruin, within the horizon). */
  readonly eventLanded: Float64Array;
}

export function emptyTally(paths: number, days: number, checkpoints: number, events: number): Tally {
  return {
    paths,
    days,
    ruinCount: new Float64Array(days),
    cashAt: Array.from({ length: checkpoints }, () => new Float64Array(paths)),
    eventLanded: new Float64Array(events),
  };
}

/** The tally of one block, as a worker sends it back (its buffers are transferable). */
export interface BlockTally {
  readonly block: number;
  readonly paths: number;
  readonly ruinCount: Float64Array;
  /** Checkpoint-major: cash[k·paths + i]. */
  readonly cash: Float64Array;
  readonly eventLanded: Float64Array;
}

/** Packs a tally made for one block (offset 0) into a BlockTally. */
export function toBlockTally(block: number, tally: Tally): BlockTally {
  const cash = new Float64Array(tally.cashAt.length * tally.paths);
  tally.cashAt.forEach((column, k) => cash.set(column, k * tally.paths));
  return { block, paths: tally.paths, ruinCount: tally.ruinCount, cash, eventLanded: tally.eventLanded };
}

/**
 * Adds a block's tally into the run's tally at path offset `offset`. Counts are whole numbers
 * (exact in any order) and cash samples go to their own slots, so the merged tally does not
 * depend on the order in which blocks finish.
 */
export function mergeBlock(into: Tally, part: BlockTally, offset: number): void {
  for (let t = 0; t < into.days; t++) into.ruinCount[t] = into.ruinCount[t]! + part.ruinCount[t]!;
  into.cashAt.forEach((column, k) => column.set(part.cash.subarray(k * part.paths, (k + 1) * part.paths), offset));
  for (let e = 0; e < into.eventLanded.length; e++) into.eventLanded[e] = into.eventLanded[e]! + part.eventLanded[e]!;
}

/** The tally of a run from its blocks' tallies, in block order (they are released as they are copied). */
export function tallyFromBlocks(days: number, checkpoints: number, events: number, parts: BlockTally[]): Tally {
  const paths = parts.reduce((sum, p) => sum + p.paths, 0);
  const tally = emptyTally(paths, days, checkpoints, events);
  let offset = 0;
  for (let k = 0; k < parts.length; k++) {
    mergeBlock(tally, parts[k]!, offset);
    offset += parts[k]!.paths;
    parts[k] = undefined as unknown as BlockTally; // let the block's buffers go
  }
  return tally;
}
