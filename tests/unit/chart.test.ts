import { describe, expect, it } from 'vitest';
import { renderCharts } from '../../src/report/chart.js';
import { memoryIo, simulateText } from '../helpers.js';

const burn = simulateText("name: burn\nstart: 2024-01-01\nhorizon: 2024-06-30\npaths: 200\ncash: { initial: 'uniform(5k, 15k)' }\ncosts: [{ name: burn, amount: 100, per: day }]\n");

describe('terminal charts', () => {
  it.each([40, 80, 132])('fit in %i columns', (width) => {
    for (const line of renderCharts(burn, width).split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
  });

  it('draw the zero line, the fan and a survival curve that falls to its last value', () => {
    const chart = renderCharts(burn, 80);
    expect(chart).toContain('Cash at the end of the day\n█ median  ▒ p25–p75  ░ p5–p95  ─ zero\n');
    expect(chart).toMatch(/\$0 │[─░▒█ ]*─/); // the zero row is labelled $0 and drawn
    expect(chart).toContain('P(still solvent) by date\n0.00% still solvent at 2024-06-30\n');
    const survivalRows = chart.split('P(still solvent)')[1]!.split('\n').filter((l) => l.includes('│'));
    expect(survivalRows).toHaveLength(12);
    expect(survivalRows[0]!.startsWith('100% │█')).toBe(true); // solvent at first
    expect(survivalRows[11]!.trimEnd().endsWith('│')).toBe(false);
    expect(survivalRows[11]!).toMatch(/ +$/); // and nobody left at the end
    expect(chart).not.toMatch(/\x1b\[/); // no colour needed
  });

  it('come under the table, unless --no-chart', async () => {
    const withChart = memoryIo();
    await withChart.run(['simulate', 'scenarios/openai-2024.yaml', '--paths', '500']);
    expect(withChart.stdout()).toContain('P(still solvent) by date');
    const without = memoryIo();
    await without.run(['simulate', 'scenarios/openai-2024.yaml', '--paths', '500', '--no-chart']);
    expect(without.stdout()).not.toContain('P(still solvent) by date');
    expect(withChart.stdout().startsWith(without.stdout().trimEnd())).toBe(true);
  });
});
