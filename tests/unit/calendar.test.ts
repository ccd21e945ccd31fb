import { describe, expect, it } from 'vitest';
import { civilDate, dayNumber, formatIsoDate, parseIsoDate } from '../../src/util/calendar.js';

describe('calendar', () => {
  it('numbers days from 1970-01-01 (Hinnant)', () => {
    expect(dayNumber({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(dayNumber({ year: 2000, month: 3, day: 1 })).toBe(11017); // date -d 2000-03-01 +%s / 86400
    expect(civilDate(19585)).toEqual({ year: 2023, month: 8, day: 16 });
  });

  it('round-trips every day of four centuries', () => {
    for (let d = -146097; d < 2 * 146097; d += 29) expect(dayNumber(civilDate(d))).toBe(d);
  });

  it('counts 504 days from 2023-08-16 to 2024-12-31 inclusive (2024-02-29 included)', () => {
    const a = parseIsoDate('2023-08-16');
    const b = parseIsoDate('2024-12-31');
    expect(a.ok && b.ok && b.day - a.day + 1).toBe(504);
    expect(parseIsoDate('2024-02-29').ok).toBe(true);
  });

  it('refuses impossible dates and other shapes', () => {
    expect(parseIsoDate('2023-02-29')).toEqual({ ok: false, error: '2023-02-29 is not a calendar date' });
    expect(parseIsoDate('2023-13-01').ok).toBe(false);
    expect(parseIsoDate('2023-8-1').ok).toBe(false);
    expect(parseIsoDate('2023-08-16T00:00:00Z').ok).toBe(false);
  });

  it('formats with zero padding', () => {
    expect(formatIsoDate(dayNumber({ year: 987, month: 2, day: 3 }))).toBe('0987-02-03');
  });
});
