import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { memoryIo, simulateText } from '../helpers.js';

const text = `name: csv\nstart: 2025-01-20\nhorizon: 2025-03-31\npaths: 500\ncash: { initial: 1M }\ncosts:\n  - { name: 'rent, "main" office', amount: 3k, per: month, group: office }\n  - { name: tools, amount: 'uniform(1k, 2k)', per: month, group: office }\nrevenue:\n  - { name: sales, amount: 10k to 20k, per: month }\n`;

describe('--format csv: where the money goes, one row per month and series', () => {
  it('reads back with a CSV parser into the JSON Result’s numbers, names quoted as RFC 4180 wants', async () => {
    const cli = memoryIo({ 'x.yaml': text });
    expect(await cli.run(['simulate', 'x.yaml', '--format', 'csv'])).toBe(0);
    const rows = parse(cli.stdout(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    const result = simulateText(text);
    const { months, series } = result.flows;
    expect(rows).toHaveLength(months.length * series.length);
    expect(series.map((s) => s.name)).toEqual(['rent, "main" office', 'tools', 'sales', 'office']);
    rows.forEach((row, k) => {
      const [m, s] = [months[Math.floor(k / series.length)]!, series[k % series.length]!];
      const v = s.monthly[Math.floor(k / series.length)]!;
      expect(row).toEqual({ month: m.month, from: m.from, to: m.to, series: s.name, kind: s.kind, section: s.section ?? '', mean: String(v.mean), p5: String(v.p5), p50: String(v.p50), p95: String(v.p95) });
      expect(Number(row.mean)).toBe(v.mean);
    });
    expect(rows[0]).toMatchObject({ month: '2025-01', from: '2025-01-20', to: '2025-01-31', series: 'rent, "main" office', section: 'costs' });
  });
});

describe('--format csv where it does not apply', () => {
  it('is refused with --replay (a ledger prints as a table or NDJSON)', async () => {
    const cli = memoryIo({ 'x.yaml': text });
    expect(await cli.run(['simulate', 'x.yaml', '--replay', '3', '--format', 'csv'])).toBe(2);
    expect(cli.stderr()).toMatch(/--replay prints a table or, with --format json, NDJSON \(not csv\)/);
  });
});
