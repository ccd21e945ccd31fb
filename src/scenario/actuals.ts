import { CsvError, parse } from 'csv-parse/sync';
import { type CivilDate, civilDate, dayNumber, daysInMonth, formatIsoDate, parseIsoDate } from '../util/calendar.js';
import type { Diagnostic } from '../util/diagnostic.js';
import { firstControlCharacter } from './schema.js';

/**
 * A company's history as `runway fit` and `runway backtest` read it: one row per period (a date
 * column, then one column per line, cash, customers or users), every cell placed by its line and
 * column in the file.
 */

/** The length of one row of actuals. */
export type ActualsPeriod = 'day' | 'week' | 'month' | 'quarter';
export const ACTUALS_PERIODS = ['day', 'week', 'month', 'quarter'] as const;

/** What a column holds, from its header. */
export type ColumnKind = 'cash' | 'users' | 'customers' | 'customers:new' | 'customers:churned' | 'line';

export interface ActualsColumn {
  readonly header: string;
  /** 1-based field number in the file. */
  readonly column: number;
  readonly kind: ColumnKind;
  /** A line's section and name (`revenue:subscriptions`). */
  readonly section?: 'costs' | 'revenue';
  readonly name: string;
  /** One value per row; undefined for an empty cell. Flows are per period; balances and counts are at the period's end. */
  readonly values: readonly (number | undefined)[];
}

export interface ActualsRow {
  /** 1-based line in the file. */
  readonly line: number;
  /** Periods since the first row's period (0 for the first row). */
  readonly t: number;
  /** First and last day (day numbers) of the row's period. */
  readonly first: number;
  readonly last: number;
}

export interface Actuals {
  readonly file: string;
  readonly period: ActualsPeriod;
  readonly rows: readonly ActualsRow[];
  readonly columns: readonly ActualsColumn[];
  /** Missing periods and empty cells: reported, never filled. */
  readonly warnings: readonly Diagnostic[];
}

export type ActualsOutcome = { ok: true; value: Actuals } | { ok: false; diagnostics: Diagnostic[] };

/** Most rows and columns a history may have (a daily history of 25 years; 100 series). */
export const MAX_ACTUALS_ROWS = 10_000;
export const MAX_ACTUALS_COLUMNS = 101;

const DATE_HEADERS = new Set(['date', 'month', 'period', 'week', 'quarter', 'day']);
const KINDS: Record<string, ColumnKind> = {
  cash: 'cash',
  users: 'users',
  customers: 'customers',
  'customers:new': 'customers:new',
  'new customers': 'customers:new',
  'customers:churned': 'customers:churned',
  'churned customers': 'customers:churned',
};
const EXPECTED_HEADER = 'cash, users, customers, customers:new, customers:churned, revenue:NAME or costs:NAME';

/**
 * Reads actuals from CSV text. `period` overrides the period inferred from the dates. Errors name
 * `file:line:column` (the column is the field's number) and the header.
 */
export function parseActuals(file: string, text: string, period?: ActualsPeriod): ActualsOutcome {
  const errors: Diagnostic[] = [];
  const at = (line: number, column: number, message: string, code = 'actuals.cell'): Diagnostic => ({ code, severity: 'error', path: [], message, line, col: column });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, skip_empty_lines: true, trim: true, comment: '#', comment_no_infix: true }) as unknown as typeof records;
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines ?? 1;
    // the parser's message may quote the file: its control characters are shown, not sent to the terminal
    const message = e.message.replace(/ on line \d+$/, '').replace(/ at line \d+$/, '');
    const shown = [...message].map((c) => (firstControlCharacter(c) === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
    return { ok: false, diagnostics: [at(line, 1, `not valid CSV: ${shown}`, 'actuals.csv')] };
  }
  if (records.length === 0) return { ok: false, diagnostics: [{ code: 'actuals.empty', severity: 'error', path: [], message: 'no header row: expected a date column and at least one series' }] };
  const [head, ...body] = records;
  const headers = head!.record;
  if (headers.length > MAX_ACTUALS_COLUMNS) return { ok: false, diagnostics: [at(head!.info.lines, MAX_ACTUALS_COLUMNS + 1, `at most ${MAX_ACTUALS_COLUMNS} columns, the date and ${MAX_ACTUALS_COLUMNS - 1} series (got ${headers.length})`, 'actuals.limit')] };
  if (body.length > MAX_ACTUALS_ROWS) return { ok: false, diagnostics: [at(body[MAX_ACTUALS_ROWS]!.info.lines, 1, `at most ${MAX_ACTUALS_ROWS} rows (got ${body.length})`, 'actuals.limit')] };
  const dateColumn = headers.findIndex((h) => DATE_HEADERS.has(h.toLowerCase()));
  if (dateColumn < 0) return { ok: false, diagnostics: [at(head!.info.lines, 1, `no date column: name one of the columns date, month, week, quarter or day (got ${headers.map((h) => JSON.stringify(h)).join(', ')})`, 'actuals.header')] };
  const specs: { header: string; column: number; kind: ColumnKind; section?: 'costs' | 'revenue'; name: string }[] = [];
  const seen = new Map<string, number>();
  headers.forEach((header, i) => {
    if (i === dateColumn) return;
    const spec = columnSpec(header);
    if (typeof spec === 'string') return errors.push(at(head!.info.lines, i + 1, spec, 'actuals.header'));
    const key = spec.kind === 'line' ? `${spec.section}:${spec.name}` : spec.kind;
    const previous = seen.get(key);
    if (previous !== undefined) return errors.push(at(head!.info.lines, i + 1, `${JSON.stringify(header)} repeats column ${previous}`, 'actuals.header'));
    seen.set(key, i + 1);
    specs.push({ ...spec, header, column: i + 1 });
  });
  if (specs.length === 0 && errors.length === 0) errors.push(at(head!.info.lines, 1, `no series: expected columns such as ${EXPECTED_HEADER}`, 'actuals.header'));
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  // dates
  const dates: { text: string; line: number }[] = body.map((r) => ({ text: r.record[dateColumn] ?? '', line: r.info.lines }));
  const chosen = period ?? inferPeriod(dates);
  if (typeof chosen === 'object') return { ok: false, diagnostics: [at(chosen.line, dateColumn + 1, chosen.message, 'actuals.date')] };
  const rows: ActualsRow[] = [];
  let firstIndex = 0;
  for (const [k, d] of dates.entries()) {
    const span = periodOf(d.text, chosen);
    if (typeof span === 'string') {
      errors.push(at(d.line, dateColumn + 1, span, 'actuals.date'));
      continue;
    }
    if (k === 0) firstIndex = span.index;
    const t = span.index - firstIndex;
    const previous = rows.at(-1);
    if (previous !== undefined && t <= previous.t) {
      errors.push(at(d.line, dateColumn + 1, `${d.text} is not after the previous row's ${chosen} (line ${previous.line}): rows must be in date order, one per ${chosen}`, 'actuals.date'));
      continue;
    }
    rows.push({ line: d.line, t, first: span.first, last: span.last });
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors.slice(0, 20) };
  if (rows.length < 2) return { ok: false, diagnostics: [at(body[0]?.info.lines ?? head!.info.lines, dateColumn + 1, `at least 2 rows are needed (got ${rows.length})`, 'actuals.rows')] };

  const warnings: Diagnostic[] = [];
  for (let k = 1; k < rows.length; k++) {
    const missing = rows[k]!.t - rows[k - 1]!.t - 1;
    if (missing > 0) {
      warnings.push({ code: 'actuals.gap', severity: 'warning', path: [], line: rows[k]!.line, col: dateColumn + 1, message: `${missing === 1 ? `no row for the ${chosen} of ${formatIsoDate(rows[k - 1]!.last + 1)}` : `no rows for ${missing} ${chosen}s from ${formatIsoDate(rows[k - 1]!.last + 1)}`} (between lines ${rows[k - 1]!.line} and ${rows[k]!.line}): left out, not filled` });
    }
  }
  const columns: ActualsColumn[] = specs.map((spec) => {
    const values = body.map((r, k) => {
      const cell = r.record[spec.column - 1] ?? '';
      if (cell === '') {
        warnings.push({ code: 'actuals.empty-cell', severity: 'warning', path: [], line: rows[k]!.line, col: spec.column, message: `${spec.header}: empty: left out, not filled` });
        return undefined;
      }
      const value = parseAmount(cell);
      if (value === undefined) {
        errors.push(at(r.info.lines, spec.column, `${spec.header}: expected a number (got ${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)})`));
        return undefined;
      }
      if (spec.kind !== 'line' && spec.kind !== 'cash' && value < 0) errors.push(at(r.info.lines, spec.column, `${spec.header}: a count cannot be negative (got ${cell})`));
      return value;
    });
    return { ...spec, values };
  });
  if (errors.length > 0) return { ok: false, diagnostics: errors.slice(0, 20) };
  return { ok: true, value: { file, period: chosen, rows, columns, warnings } };
}

function columnSpec(header: string): { kind: ColumnKind; section?: 'costs' | 'revenue'; name: string } | string {
  const lower = header.toLowerCase();
  const kind = KINDS[lower];
  if (kind !== undefined) return { kind, name: kind };
  const m = /^(revenue|costs?)\s*:\s*(.+)$/i.exec(header);
  if (m !== null) {
    const name = m[2]!.trim();
    // the name becomes a line's name, and inputs are named costs[NAME].amount
    if (firstControlCharacter(name) >= 0 || /[[\]]/.test(name)) return `${JSON.stringify(header)}: a line's name cannot contain control characters or square brackets`;
    return { kind: 'line', section: m[1]!.toLowerCase() === 'revenue' ? 'revenue' : 'costs', name };
  }
  return `${JSON.stringify(header)} is not a column runway knows: expected ${EXPECTED_HEADER}`;
}

/** A number as spreadsheets export it: `1234.5`, `-12`, `$1,234`, `(1,234)` (negative), `1e6`. */
export function parseAmount(cell: string): number | undefined {
  let text = cell.trim();
  let sign = 1;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren !== null) {
    text = paren[1]!.trim();
    sign = -1;
  }
  if (text.startsWith('-')) {
    sign = -sign;
    text = text.slice(1).trim();
  }
  text = text.replace(/^\$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replaceAll(',', '');
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = sign * Number(text);
  return Number.isFinite(value) && Math.abs(value) <= 1e15 ? value : undefined;
}

/** The period the dates are spaced by: month or quarter from their form, else from the closest two rows. */
function inferPeriod(dates: readonly { text: string; line: number }[]): ActualsPeriod | { line: number; message: string } {
  if (dates.length === 0) return 'month';
  if (dates.every((d) => /^\d{4}-\d{2}$/.test(d.text))) return 'month';
  if (dates.every((d) => /^\d{4}-?Q[1-4]$/i.test(d.text))) return 'quarter';
  const days: number[] = [];
  for (const d of dates) {
    const parsed = parseIsoDate(d.text);
    if (!parsed.ok) return { line: d.line, message: `${parsed.error}; or YYYY-MM for months, YYYY-Qn for quarters` };
    days.push(parsed.day);
  }
  // the closest rows are one period apart (missing rows only widen the others' spacing)
  const spacing = Math.min(...days.slice(1).map((d, k) => d - days[k]!).filter((g) => g > 0));
  if (spacing === 1) return 'day';
  if (spacing === 7) return 'week';
  if (spacing >= 28 && spacing <= 31) return 'month';
  if (spacing >= 89 && spacing <= 92) return 'quarter';
  return { line: dates[1]?.line ?? dates[0]!.line, message: `cannot tell the period from dates ${Number.isFinite(spacing) ? `${spacing} days apart` : 'that do not move'}: give --period day, week, month or quarter` };
}

/** The period a date names: its index (months and quarters since year 0, days since 1970; weeks by their last day) and its days. */
function periodOf(text: string, period: ActualsPeriod): { index: number; first: number; last: number } | string {
  const monthly = /^(\d{4})-(\d{2})$/.exec(text);
  const quarterly = /^(\d{4})-?Q([1-4])$/i.exec(text);
  let date: CivilDate;
  if (monthly !== null && period === 'month') {
    const month = Number(monthly[2]);
    if (month < 1 || month > 12) return `${text} is not a month`;
    date = { year: Number(monthly[1]), month, day: 1 };
  } else if (quarterly !== null && period === 'quarter') {
    date = { year: Number(quarterly[1]), month: 3 * Number(quarterly[2]) - 2, day: 1 };
  } else {
    const parsed = parseIsoDate(text);
    if (!parsed.ok) return `${parsed.error}${period === 'month' ? ' or YYYY-MM' : period === 'quarter' ? ' or YYYY-Qn' : ''}`;
    date = civilDate(parsed.day);
  }
  const day = dayNumber(date);
  switch (period) {
    case 'day':
      return { index: day, first: day, last: day };
    case 'week':
      // a week is named by its last day (week ending), and weeks are counted from 1970-01-01's
      return { index: Math.floor((day + 1) / 7), first: day - 6, last: day };
    case 'month':
      return { index: date.year * 12 + date.month - 1, first: dayNumber({ ...date, day: 1 }), last: dayNumber({ ...date, day: daysInMonth(date.year, date.month) }) };
    case 'quarter': {
      const q = Math.floor((date.month - 1) / 3);
      return { index: date.year * 4 + q, first: dayNumber({ year: date.year, month: 3 * q + 1, day: 1 }), last: dayNumber({ year: date.year, month: 3 * q + 3, day: daysInMonth(date.year, 3 * q + 3) }) };
    }
  }
}
