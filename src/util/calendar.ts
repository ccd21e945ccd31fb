/**
 * Calendar dates without time zones. A date is an ISO `YYYY-MM-DD` string at the edges and a
 * day number (days since 1970-01-01, proleptic Gregorian) inside. Algorithms: H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms" (days_from_civil / civil_from_days).
 */

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in `month` (1..12) of `year`. @example daysInMonth(2024, 2) // 29 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Day number of a civil date. @example dayNumber({ year: 1970, month: 1, day: 1 }) // 0 */
export function dayNumber(date: CivilDate): number {
  const y = date.month <= 2 ? date.year - 1 : date.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (date.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + date.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number. @example civilDate(19585) // { year: 2023, month: 8, day: 16 } */
export function civilDate(dayNo: number): CivilDate {
  const z = dayNo + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Parses a strict ISO calendar date. Returns the day number, or an error message for text that is
 * not `YYYY-MM-DD` or names a day that does not exist (`2023-02-30`).
 */
export function parseIsoDate(text: string): { ok: true; day: number } | { ok: false; error: string } {
  const m = ISO_DATE.exec(text);
  if (!m) return { ok: false, error: `expected a date as YYYY-MM-DD (got ${JSON.stringify(text)})` };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, error: `${text} is not a calendar date` };
  }
  return { ok: true, day: dayNumber({ year, month, day }) };
}

/** A text already checked to be a calendar date as `YYYY-MM-DD` (the scenario schema makes them). */
export type IsoDate = string & { readonly __isoDate: true };

/** Checks a text as an `IsoDate`. */
export function asIsoDate(text: string): { ok: true; date: IsoDate; day: number } | { ok: false; error: string } {
  const parsed = parseIsoDate(text);
  return parsed.ok ? { ok: true, date: text as IsoDate, day: parsed.day } : parsed;
}

/** The day number of a checked date. @example dayOf('1970-01-02' as IsoDate) // 1 */
export function dayOf(date: IsoDate): number {
  const parsed = parseIsoDate(date);
  if (!parsed.ok) throw new Error(`bug: ${date} is typed as a checked date but is not one`);
  return parsed.day;
}

/** ISO `YYYY-MM-DD` of a day number. @example formatIsoDate(19585) // "2023-08-16" */
export function formatIsoDate(dayNo: number): string {
  const { year, month, day } = civilDate(dayNo);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const MONTH_KEYS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
export type MonthKey = (typeof MONTH_KEYS)[number];
