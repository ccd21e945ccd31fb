import { type FitColumn, fitTable, wrapProse } from './fit-table.js';
import { integer, usd } from './format.js';
import type { LedgerRow } from './paths.js';

/** `--replay K`: one path's ledger as a table, a row per day (or period). */
export function renderLedgerTable(rows: readonly LedgerRow[], info: { path: number; paths: number; name: string; seed: string }, width?: number): string {
  const out: string[] = [];
  const ruinRow = rows.find((r) => r['ruined'] === true);
  out.push(`${info.name} · path ${integer(info.path)} of ${integer(info.paths)} (0-based) · seed ${info.seed}`);
  out.push(ruinRow === undefined ? `solvent through ${String(rows[rows.length - 1]?.['date'])}` : `ruined on ${String(ruinRow['date'])} (the ledger goes on after ruin, as the shortfall figures count it)`);
  const hasUsers = rows.length > 0 && rows[0]!['users'] !== null && rows[0]!['users'] !== undefined;
  // to fit a narrow terminal: the served users first, then users, the GPU state, financing, events
  const columns: FitColumn[] = [
    { head: 'date', align: 'left' },
    ...(hasUsers ? [{ head: 'users', align: 'right' as const, dropRank: 2 }, { head: 'served', align: 'right' as const, dropRank: 1 }] : []),
    { head: 'gpu', align: 'left', dropRank: 3 },
    { head: 'costs', align: 'right' },
    { head: 'revenue', align: 'right' },
    { head: 'financing', align: 'right', dropRank: 4 },
    { head: 'events', align: 'right', dropRank: 5 },
    { head: 'cash', align: 'right' },
    { head: '', align: 'left' },
  ];
  const cells: string[][] = [];
  const num = (v: unknown) => (typeof v === 'number' ? usd(v) : '');
  const count = (v: unknown) => (typeof v === 'number' ? integer(v) : '');
  for (const r of rows) {
    cells.push([
      String(r['date']),
      ...(hasUsers ? [count(r['users']), count(r['served_users'])] : []),
      String(r['gpu'] ?? ''),
      num(r['costs']),
      num(r['revenue']),
      r['financing'] === 0 ? '' : num(r['financing']),
      r['events'] === 0 ? '' : num(r['events']),
      num(r['cash']),
      r['ruined'] === true ? (r === ruinRow ? 'RUIN' : 'ruined') : '',
    ]);
  }
  out.push(fitTable(columns, cells, width));
  return `${wrapProse(out.join('\n'), width)}\n`;
}
