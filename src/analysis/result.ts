/**
 * The Result of a run: a plain JSON-serialisable object, the `--format json` output and the only
 * input of every renderer. Bump SCHEMA_VERSION on any incompatible change.
 */
export const SCHEMA_VERSION = 1;

export interface ProbabilityEstimate {
  /** Paths / total. */
  readonly probability: number;
  /** Monte Carlo standard error √(p(1 − p)/n). */
  readonly standardError: number;
  /** 95% Wilson score interval. */
  readonly ci95: { readonly low: number; readonly high: number };
}

export interface RuinByDate extends ProbabilityEstimate {
  readonly date: string;
  readonly ruinedPaths: number;
}

export interface CashQuantiles {
  readonly date: string;
  readonly monthEnd: boolean;
  readonly mean: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
  /** Share of paths with cash below zero at the end of that day (ruined paths keep their frozen cash). */
  readonly belowZero: number;
}

export interface Provenance {
  readonly path: string;
  readonly name: string;
  readonly source?: string;
  readonly note?: string;
}

export interface Result {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly tool: { readonly name: 'runway'; readonly version: string };
  readonly scenario: {
    readonly name: string;
    readonly sha256: string;
    readonly start: string;
    readonly horizon: string;
    readonly step: 'day';
    readonly days: number;
  };
  readonly run: {
    readonly seed: string;
    readonly paths: number;
    readonly blockSize: number;
    readonly rng: string;
    readonly normal: string;
    readonly cashQuantiles: 'exact (type 7, all paths)';
  };
  readonly ruin: {
    readonly byDate: readonly RuinByDate[];
    /** Ruin-date quantiles among ruined paths (type 1, inverted CDF); empty when none was ruined. */
    readonly dateQuantiles: readonly { readonly q: number; readonly date: string }[];
  };
  /** P(cash ≥ 0 at the end of every day up to and including `date`), one entry per day. */
  readonly survival: readonly { readonly date: string; readonly probability: number }[];
  readonly cash: readonly CashQuantiles[];
  readonly events: readonly ({ readonly name: string } & ProbabilityEstimate)[];
  readonly provenance: readonly Provenance[];
}
