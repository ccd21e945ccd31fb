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
