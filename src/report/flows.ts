import type { Result } from '../analysis/result.js';
import { type FitColumn, fitTable } from './fit-table.js';
import { usd } from './format.js';

/** Columns of the flows table besides the series' names and the total. */
const MAX_PERIODS = 6;

/**
 * The months of the run grouped into at most `most` columns (MAX_PERIODS by default): months, else
 * quarters, else years (the first `most` − 1 of them, then the rest as one column), each with its
 * label and the indices of its months.
 */
export function flowPeriods(months: Result['flows']['months'], most = MAX_PERIODS): { label: string; months: number[] }[] {
  const byKey = (key: (month: string) => string) => {
    const groups = new Map<string, number[]>();
    months.forEach((m, k) => groups.set(key(m.month), [...(groups.get(key(m.month)) ?? []), k]));
    return [...groups].map(([label, indices]) => ({ label, months: indices }));
  };
  const quarter = (month: string) => `${month.slice(0, 4)} Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
  for (const periods of [byKey((m) => m), byKey(quarter)]) if (periods.length <= most) return periods;
  const years = byKey((m) => m.slice(0, 4));
  if (years.length <= most) return years;
  const rest = years.slice(most - 1);
  return [...years.slice(0, most - 1), { label: `${rest[0]!.label}–${rest[rest.length - 1]!.label}`, months: rest.flatMap((p) => p.months) }];
}

/**
 * "Where the money goes" by period (the table and the HTML report): each line's and group's mean
 * money over paths in each period (the sum of its monthly means: the mean of the period's money),
 * and over the whole run.
 */
export function flowTotals(result: Result, most = MAX_PERIODS): { periods: string[]; rows: { name: string; totals: number[]; total: number }[] } {
  const periods = flowPeriods(result.flows.months, most);
  const sum = (s: Result['flows']['series'][number], indices: readonly number[]) => indices.reduce((acc, m) => acc + s.monthly[m]!.mean, 0);
  return {
    periods: periods.map((p) => p.label),
    rows: result.flows.series.map((s) => ({ name: s.kind === 'group' ? `${s.name} (group)` : s.name, totals: periods.map((p) => sum(s, p.months)), total: sum(s, s.monthly.map((_, m) => m)) })),
  };
}

/**
 * The flows table; to fit `width`, coarser periods (a column takes about 10 characters), then
 * shorter names, and only then the latest periods left out (the total stays).
 */
export function renderFlowsTable(result: Result, bold: (s: string) => string, width?: number): string {
  const { periods, rows } = flowTotals(result, width === undefined ? MAX_PERIODS : Math.max(2, Math.min(MAX_PERIODS, Math.floor((width - 30) / 10))));
  const columns: FitColumn[] = [{ head: '', align: 'left', shrinkTo: 12 }, ...periods.map((head, k) => ({ head, align: 'right' as const, dropRank: periods.length - k })), { head: 'total', align: 'right' }];
  return fitTable(columns, rows.map((r) => [r.name, ...r.totals.map(usd), usd(r.total)]), width, bold);
}
