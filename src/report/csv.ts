import { stringify } from 'csv-stringify/sync';
import type { Result } from '../analysis/result.js';

export const CSV_COLUMNS = ['month', 'from', 'to', 'series', 'kind', 'section', 'mean', 'p5', 'p50', 'p95'] as const;

/**
 * `--format csv`: where the money goes, one row per month and series (line or group), with its
 * mean money over paths and percentiles (signed: costs negative; empty when the run kept means
 * only). Numbers are written in full (the shortest text that reads back to the same double), for
 * spreadsheets, DuckDB or pandas.
 */
export function renderCsv(result: Result): string {
  const { months, series } = result.flows;
  const rows = months.flatMap((m, k) =>
    series.map((s) => {
      const v = s.monthly[k]!;
      return [m.month, m.from, m.to, s.name, s.kind, s.section ?? '', v.mean, v.p5 ?? '', v.p50 ?? '', v.p95 ?? ''];
    }),
  );
  return toCsv([[...CSV_COLUMNS], ...rows]);
}

/**
 * Rows as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line
 * break), numbers in full and booleans as true/false. A text that a spreadsheet would run as a
 * formula (starting with =, +, -, @, a tab or a carriage return: a scenario's name, say) gets a
 * leading ' as OWASP recommends against CSV injection; numbers are never changed.
 */
export function toCsv(rows: readonly (readonly (string | number | boolean)[])[]): string {
  return stringify(rows as (string | number | boolean)[][], { record_delimiter: 'windows', cast: { number: (x) => String(x), boolean: (x) => String(x), string: (x) => (/^[=+\-@\t\r]/.test(x) ? `'${x}` : x) } });
}
