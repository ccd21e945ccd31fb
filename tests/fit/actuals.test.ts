import { describe, expect, it } from 'vitest';
import { parseActuals, parseAmount } from '../../src/scenario/actuals.js';
import { formatDiagnostic } from '../../src/util/diagnostic.js';

function problems(text: string, period?: 'day' | 'week' | 'month' | 'quarter'): string[] {
  const parsed = parseActuals('a.csv', text, period);
  return parsed.ok ? parsed.value.warnings.map((d) => formatDiagnostic(d, 'a.csv')) : parsed.diagnostics.map((d) => formatDiagnostic(d, 'a.csv'));
}

describe('actuals CSV', () => {
  it('reads months, lines by section, counts, and numbers as spreadsheets export them', () => {
    const parsed = parseActuals('a.csv', '\uFEFFmonth,cash,revenue:Sales,costs: Payroll,customers\n2024-01,"$1,200,000",50000,(1.5),10\n2024-02,1.1e6,"52,000.50",-3,12\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const a = parsed.value;
    expect(a.period).toBe('month');
    expect(a.rows.map((r) => r.t)).toEqual([0, 1]);
    expect(a.columns.map((c) => [c.kind, c.section, c.name, c.column])).toEqual([
      ['cash', undefined, 'cash', 2],
      ['line', 'revenue', 'Sales', 3],
      ['line', 'costs', 'Payroll', 4],
      ['customers', undefined, 'customers', 5],
    ]);
    expect(a.columns[0]!.values).toEqual([1_200_000, 1_100_000]);
    expect(a.columns[1]!.values).toEqual([50_000, 52_000.5]);
    expect(a.columns[2]!.values).toEqual([-1.5, -3]);
    expect(a.warnings).toEqual([]);
  });

  it('tells the period from the dates: months, quarters, weeks (named by their last day), days', () => {
    const period = (text: string) => {
      const p = parseActuals('a.csv', text);
      return p.ok ? p.value.period : p.diagnostics[0]!.message;
    };
    expect(period('date,cash\n2024-01-31,1\n2024-02-29,2\n2024-03-31,3\n')).toBe('month');
    expect(period('date,cash\n2024-01-01,1\n2024-02-01,2\n')).toBe('month');
    expect(period('quarter,cash\n2024-Q1,1\n2024Q2,2\n')).toBe('quarter');
    expect(period('date,cash\n2024-03-31,1\n2024-06-30,2\n')).toBe('quarter');
    expect(period('week,cash\n2024-01-07,1\n2024-01-14,2\n')).toBe('week');
    expect(period('day,cash\n2024-01-01,1\n2024-01-02,2\n')).toBe('day');
    expect(period('date,cash\n2024-01-01,1\n2024-01-15,2\n')).toMatch(/cannot tell the period from dates 14 days apart: give --period/);
    const weeks = parseActuals('a.csv', 'week,cash\n2024-01-07,1\n2024-01-14,2\n2024-01-28,3\n');
    expect(weeks.ok && weeks.value.rows.map((r) => r.t)).toEqual([0, 1, 3]);
  });

  it('places every problem at file:line:column with the header and what was expected', () => {
    expect(problems('month,cash,revenue:a\n2024-01,1,2\n2024-02,x1,3\n')).toEqual(['a.csv:3:2: cash: expected a number (got "x1")']);
    expect(problems('month,cash,sales\n2024-01,1,2\n')).toEqual(['a.csv:1:3: "sales" is not a column runway knows: expected cash, users, customers, customers:new, customers:churned, revenue:NAME or costs:NAME']);
    expect(problems('when,cash\n2024-01,1\n')).toEqual(['a.csv:1:1: no date column: name one of the columns date, month, week, quarter or day (got "when", "cash")']);
    expect(problems('month,cash,cash\n2024-01,1,2\n')).toEqual(['a.csv:1:3: "cash" repeats column 2']);
    expect(problems('month,cash\n2024-02,1\n2024-01,2\n')).toEqual(["a.csv:3:1: 2024-01 is not after the previous row's month (line 2): rows must be in date order, one per month"]);
    expect(problems('month,cash\n2024-13,1\n2024-01,2\n')).toEqual(['a.csv:2:1: 2024-13 is not a month']);
    expect(problems('month,cash\n2024-01,1\n2024-02,2,3\n')).toEqual(['a.csv:3:1: not valid CSV: Invalid Record Length: expect 2, got 3']);
    expect(problems('month,customers\n2024-01,5\n2024-02,-1\n')).toEqual(['a.csv:3:2: customers: a count cannot be negative (got -1)']);
    expect(problems('month,cash\n2024-01,1\n')).toEqual(['a.csv:2:1: at least 2 rows are needed (got 1)']);
    expect(problems('')).toEqual(['a.csv: no header row: expected a date column and at least one series']);
    // what the CSV parser quotes of the file reaches the terminal escaped
    expect(problems('month,cash\n2024-01,"1"\u001b[2J\n')).toEqual(['a.csv:2:1: not valid CSV: Invalid Closing Quote: got "\\u001b" at line 2 instead of delimiter, record delimiter, trimable character (if activated) or comment']);
    expect(problems('month,revenue:a\u001b]0;x\n2024-01,1\n')).toEqual(['a.csv:1:2: "revenue:a\\u001b]0;x": a line\'s name cannot contain control characters or square brackets']);
  });

  it('reports gaps and empty cells as warnings and never fills them', () => {
    const text = 'month,cash,revenue:a\n2024-01,1,2\n2024-02,,3\n2024-05,4,5\n';
    expect(problems(text)).toEqual(['a.csv:4:1: warning: no rows for 2 months from 2024-03-01 (between lines 3 and 4): left out, not filled', 'a.csv:3:2: warning: cash: empty: left out, not filled']);
    const parsed = parseActuals('a.csv', text);
    expect(parsed.ok && parsed.value.rows.map((r) => r.t)).toEqual([0, 1, 4]);
    expect(parsed.ok && parsed.value.columns[0]!.values).toEqual([1, undefined, 4]);
  });

  it('parses amounts strictly', () => {
    expect(parseAmount('1,234')).toBe(1234);
    expect(parseAmount('$-5')).toBeUndefined();
    expect(parseAmount('-$5')).toBe(-5);
    expect(parseAmount('(1,000)')).toBe(-1000);
    expect(parseAmount('12,34')).toBeUndefined();
    expect(parseAmount('1.5M')).toBeUndefined();
    expect(parseAmount('1e16')).toBeUndefined();
    expect(parseAmount('.5')).toBe(0.5);
  });
});
