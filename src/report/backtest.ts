import type { Backtest, TargetScore } from '../run/backtest.js';
import { fitTable } from './fit-table.js';
import { integer, usd, wholePercent } from './format.js';

/** A backtest as JSON: the settings, each series' scores and every forecast with its outcome. */
export function renderBacktestJson(b: Backtest): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

/**
 * What a series' scores say, in words: `too narrow` (outcomes fall outside the 90% band more than
 * 10% of the time, beyond the interval) or `too wide`, `biased low` or `biased high` (the mean PIT
 * more than three standard errors above or below 1/2, counting each cut-off once: outcomes mostly
 * above or below the forecast median), `not uniform` (Kolmogorov–Smirnov at the 1% level), or `calibrated`.
 */
export function verdict(s: TargetScore, b: Backtest): string {
  const pits = pitsOf(b, s.target);
  const problems: string[] = [];
  if (s.coverage90.n > 0 && s.coverage90.ci95.high < 0.9) problems.push('too narrow');
  else if (s.coverage90.n > 0 && (s.coverage90.ci95.low > 0.9 || s.coverage50.ci95.low > 0.5)) problems.push('too wide');
  if (pits.length > 0) {
    // a uniform's variance is 1/12; the PITs of one cut-off share their errors, so the mean's
    // standard error counts each cut-off once, as the coverage intervals do
    const mean = pits.reduce((a, b) => a + b, 0) / pits.length;
    const se = Math.sqrt(1 / 12 / Math.max(1, Math.min(pits.length, s.coverage90.independent)));
    if (mean > 0.5 + 3 * se) problems.push('biased low');
    else if (mean < 0.5 - 3 * se) problems.push('biased high');
  }
  if (problems.length === 0 && s.uniformity.n >= 5 && s.uniformity.p < 0.01) problems.push('not uniform');
  return problems.length === 0 ? 'calibrated' : problems.join(', ');
}

/** The PITs of every forecast of a series, at every lead time. */
export function pitsOf(b: Backtest, target: string): number[] {
  return b.cutoffs.flatMap((c) => c.forecasts.filter((f) => f.target === target).map((f) => f.pit));
}

/** A band's coverage with its interval: `84% (65%–94%)`, or `-` without forecasts. */
export function coverageText(c: TargetScore['coverage50']): string {
  return c.n === 0 ? '-' : `${wholePercent(c.rate)} (${wholePercent(c.ci95.low)}–${wholePercent(c.ci95.high)})`;
}

const BARS = ' ▁▂▃▄▅▆▇█';


/** A PIT histogram as a row of bar characters (flat is calibrated; a U is too narrow, a hump too wide). */
export function sparkline(counts: readonly number[]): string {
  const top = Math.max(...counts, 1);
  return counts.map((c) => BARS[Math.round((c / top) * (BARS.length - 1))]).join('');
}

/** The backtest as a table: per series, the coverage of the 50% and 90% bands, the PIT histogram and test, and a verdict. */
export function renderBacktestTable(b: Backtest, width?: number): string {
  const per = b.period;
  const first = b.cutoffs[0];
  const heading =
    b.mode === 'fit'
      ? `Backtest of ${b.file}: ${integer(b.cutoffs.length)} forecasts, each fitted on the rows up to its cut-off (${first?.date ?? '-'} to ${b.cutoffs.at(-1)?.date ?? '-'}), ${b.horizon} ${per}s ahead, ${integer(b.paths)} paths each`
      : `Backtest of the scenario from ${first?.date ?? '-'} against ${b.file}, ${b.horizon} ${per}s ahead, ${integer(b.paths)} paths`;
  const rows = b.targets.map((s) => [s.target, integer(s.n), coverageText(s.coverage50), coverageText(s.coverage90), sparkline(s.pitHistogram), s.uniformity.n < 5 ? '-' : s.uniformity.p.toFixed(2), verdict(s, b)]);
  const table = fitTable(
    [
      { head: 'series', align: 'left', shrinkTo: 12 },
      { head: 'n', align: 'right', dropRank: 2 },
      { head: 'in 50% band', align: 'right' },
      { head: 'in 90% band', align: 'right' },
      { head: 'PIT 0→1', align: 'left', dropRank: 1 },
      { head: 'KS p', align: 'right', dropRank: 0 },
      { head: 'verdict', align: 'left', shrinkTo: 10 },
    ],
    rows,
    width,
  );
  const lines = [heading, table];
  lines.push(
    `A calibrated forecast holds the outcome in its 50% band half the time and in its 90% band 90% of the time (95% intervals in brackets, counting each cut-off once); its PITs (the share of paths below the outcome) are flat from 0 to 1. KS p: Kolmogorov–Smirnov test of the one-${per}-ahead PITs against uniform. Biased low: outcomes mostly above the forecasts; biased high: below.`,
  );
  if (b.brier !== undefined && b.threshold !== undefined) {
    lines.push(
      b.brier.n === 0
        ? `Brier score of "cash below ${usd(b.threshold)} within ${b.horizon} ${per}s": no cut-off has its whole horizon in the actuals.`
        : `Brier score of "cash below ${usd(b.threshold)} within ${b.horizon} ${per}s": ${b.brier.score.toFixed(3)} over ${integer(b.brier.n)} forecasts (always forecasting the rate it happened at: ${b.brier.reference.toFixed(3)}; lower is better).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
