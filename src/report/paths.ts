import { LEDGER_FIELDS, type Ledger } from '../run/ledger.js';
import { formatIsoDate } from '../util/calendar.js';

/** The series `--paths-out` can write, by their names in the NDJSON rows. */
export const PATH_SERIES = ['cash', 'users', 'served_users', 'costs', 'revenue', 'financing', 'events', 'gpu', 'ruined'] as const;
export type PathSeries = (typeof PATH_SERIES)[number];

/** What turns a ledger's numbers into rows: the calendar, the GPU state names, what to keep. */
export interface LedgerFormat {
  readonly startDay: number;
  readonly stateNames: readonly string[];
  readonly hasUsers: boolean;
  readonly series: readonly PathSeries[];
}

/** One row of a path's ledger: the period ending on `date`. */
export type LedgerRow = Record<string, string | number | boolean | null>;

/** The rows of a ledger, path by path, each period in date order. */
export function ledgerRows(ledger: Ledger, format: LedgerFormat): LedgerRow[] {
  const F = LEDGER_FIELDS.length;
  const rows = ledger.rowEnds.length;
  const out: LedgerRow[] = [];
  for (let p = 0; p < ledger.paths.length; p++) {
    const path = ledger.paths[p]!;
    for (let r = 0; r < rows; r++) {
      const at = (p * rows + r) * F;
      const d = ledger.data;
      const all: Record<PathSeries, string | number | boolean | null> = {
        cash: d[at]!,
        users: format.hasUsers ? d[at + 1]! : null,
        served_users: format.hasUsers ? d[at + 2]! : null,
        costs: d[at + 3]!,
        revenue: d[at + 4]!,
        financing: d[at + 8]!,
        events: d[at + 5]!,
        gpu: format.stateNames[d[at + 6]!] ?? null,
        ruined: d[at + 7] === 1,
      };
      const row: LedgerRow = { path, date: formatIsoDate(format.startDay + ledger.rowEnds[r]!) };
      for (const s of format.series) row[s] = all[s];
      out.push(row);
    }
  }
  return out;
}

/** A ledger as NDJSON: one JSON object per line, per path and period. */
export function ledgerNdjson(ledger: Ledger, format: LedgerFormat): string {
  return ledgerRows(ledger, format)
    .map((row) => `${JSON.stringify(row)}\n`)
    .join('');
}
