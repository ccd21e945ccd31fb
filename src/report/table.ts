import { Chalk } from 'chalk';
import type { Result } from '../analysis/result.js';
import { renderCharts } from './chart.js';
import { type FitColumn, fitTable, wrapProse } from './fit-table.js';
import { renderFlowsTable } from './flows.js';
import { integer, percent, usd } from './format.js';

export interface TextOptions {
  /** Use ANSI colours (the CLI decides: a TTY without NO_COLOR). */
  readonly color: boolean;
  /** Draw the cash fan and survival charts under the tables, this many columns wide. */
  readonly chartWidth?: number;
  /** Fit the tables to this many columns (`fitTable`): labels shortened, then the least useful columns left out. */
  readonly width?: number;
}

/** The default human-readable report: ruin probabilities, ruin dates, cash fan, events. */
export function renderTable(result: Result, options: TextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const s = result.scenario;
  out.push(c.bold(s.name));
  out.push(
    `${s.start} to ${s.horizon} (${integer(s.days)} days) · ${integer(result.run.paths)} paths · seed ${result.run.seed} · scenario sha256 ${s.sha256.slice(0, 12)}`,
  );
  const precision = result.run.precision;
  if (precision !== undefined) {
    out.push(
      precision.met
        ? `Precision: every 95% half-width within ±${percent(precision.target)} (widest ±${percent(precision.halfWidth, 3)}) with ${integer(result.run.paths)} paths`
        : c.yellow(`Precision NOT met: widest 95% half-width ±${percent(precision.halfWidth, 3)} at the cap of ${integer(result.run.paths)} paths (target ±${percent(precision.target)}; raise --max-paths)`),
    );
  }
  out.push('');

  out.push(c.bold('Probability of running out of cash (cash < 0 at the end of a day, on or before the date)'));
  const bold = (s: string) => c.bold(s);
  out.push(
    fitTable(
      [{ head: 'by', align: 'left' }, { head: 'P(ruin)', align: 'right' }, { head: 'std error', align: 'right', dropRank: 2 }, { head: '95% interval', align: 'right' }, { head: 'ruined paths', align: 'right', dropRank: 1 }],
      result.ruin.byDate.map((r) => [r.date, c.bold(percent(r.probability)), `± ${percent(r.standardError)}`, `${percent(r.ci95.low)} – ${percent(r.ci95.high)}`, integer(r.ruinedPaths)]),
      options.width,
      bold,
    ),
  );

  const last = result.ruin.byDate[result.ruin.byDate.length - 1]!;
  if (result.ruin.dateQuantiles.length === 0) {
    out.push(`No path ran out of cash by ${s.horizon}.`);
  } else {
    const q = result.ruin.dateQuantiles.map((d) => `p${Math.round(d.q * 100)} ${d.date}`).join(' · ');
    out.push(`Ruin dates among the ${percent(last.probability)} of paths that ran out of cash: ${q}`);
  }
  const r = result.runway;
  out.push(`Expected runway: ${r.expectedMonths.toFixed(2)} months ± ${r.standardError.toFixed(2)} of the ${r.horizonMonths.toFixed(2)} simulated (a path solvent at the horizon counts them all)`);
  const sf = result.shortfall;
  if (sf !== null) {
    out.push('');
    out.push(c.bold(`Shortfall of the ${integer(sf.ruinedPaths)} ruined paths (USD; the ledger goes on after ruin)`));
    const columns = [{ head: '', align: 'left' as const, shrinkTo: 14 }, ...['p10', 'p50', 'p90', 'mean'].map((head) => ({ head, align: 'right' as const }))];
    const rows = [
      ['below zero on the ruin day', usd(sf.atRuin.p10), usd(sf.atRuin.p50), usd(sf.atRuin.p90), usd(sf.atRuin.mean)],
      ['deepest by the horizon = bridge needed', usd(sf.deepest.p10), usd(sf.deepest.p50), usd(sf.deepest.p90), usd(sf.deepest.mean)],
    ];
    out.push(fitTable(columns, rows, options.width, bold));
  }
  out.push('');

  out.push(c.bold('Cash at the end of the day (USD; a ruined path keeps the cash of its ruin day)'));
  const money = (v: number) => (v < 0 ? c.red(usd(v)) : usd(v));
  const cashColumns: FitColumn[] = [
    { head: 'date', align: 'left' },
    { head: 'p5', align: 'right' },
    { head: 'p25', align: 'right', dropRank: 1 },
    { head: 'p50', align: 'right' },
    { head: 'p75', align: 'right', dropRank: 2 },
    { head: 'p95', align: 'right' },
    { head: 'below 0', align: 'right', dropRank: 3 },
  ];
  out.push(fitTable(cashColumns, result.cash.map((row) => [row.monthEnd ? row.date : `${row.date}*`, money(row.p5), money(row.p25), money(row.p50), money(row.p75), money(row.p95), percent(row.belowZero, 1)]), options.width, bold));
  if (result.cash.some((r) => !r.monthEnd)) out.push('* a report date or the horizon, not a month end');

  out.push('');
  out.push(c.bold('Where the money goes (USD, mean over paths; costs negative; each month in --format csv and json)'));
  out.push(renderFlowsTable(result, bold, options.width));

  if (result.events.length > 0) {
    out.push('');
    out.push(c.bold('Events (share of paths in which the money moved before ruin and by the horizon)'));
    for (const e of result.events) out.push(`  ${e.name}: ${percent(e.probability)} ± ${percent(e.standardError)}`);
  }
  if (result.actions.length > 0) {
    out.push('');
    out.push(c.bold('Management actions (share of paths on which the rule fired while solvent; first day p10 / p50 / p90)'));
    for (const a of result.actions) {
      const when = a.firstDates.length === 0 ? 'never fired' : a.firstDates.map((d) => d.date).join(' / ');
      const repeats = a.meanFirings > a.probability ? `, ${a.meanFirings.toFixed(2)} firings a path` : '';
      out.push(`  ${a.name}: ${percent(a.probability)} ± ${percent(a.standardError)} (${when}${repeats})`);
    }
  }
  if (options.chartWidth !== undefined) {
    out.push('');
    out.push(renderCharts(result, options.chartWidth).trimEnd());
  }
  return `${wrapProse(out.join('\n'), options.width)}\n`;
}
