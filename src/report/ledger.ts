import Table from 'cli-table3';
import { integer, usd } from './format.js';
import type { LedgerRow } from './paths.js';

/** `--replay K`: one path's ledger as a table, a row per day (or period). */
export function renderLedgerTable(rows: readonly LedgerRow[], info: { path: number; paths: number; name: string; seed: string }): string {
  const out: string[] = [];
  const ruinRow = rows.find((r) => r['ruined'] === true);
  out.push(`${info.name} · path ${integer(info.path)} of ${integer(info.paths)} (0-based) · seed ${info.seed}`);
  out.push(ruinRow === undefined ? `solvent through ${String(rows[rows.length - 1]?.['date'])}` : `ruined on ${String(ruinRow['date'])} (the ledger goes on after ruin, as the shortfall figures count it)`);
  const hasUsers = rows.length > 0 && rows[0]!['users'] !== null && rows[0]!['users'] !== undefined;
  const head = ['date', ...(hasUsers ? ['users', 'served'] : []), 'gpu', 'costs', 'revenue', 'financing', 'events', 'cash', ''];
  const table = new Table({ head, style: { head: [], border: [], compact: true }, colAligns: head.map((h, i) => (i === 0 || h === 'gpu' || h === '' ? 'left' : 'right')) });
  const num = (v: unknown) => (typeof v === 'number' ? usd(v) : '');
  const count = (v: unknown) => (typeof v === 'number' ? integer(v) : '');
  for (const r of rows) {
    table.push([
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
  out.push(table.toString());
  return `${out.join('\n')}\n`;
}
