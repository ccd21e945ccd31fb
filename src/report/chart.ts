import type { Result } from '../analysis/result.js';
import { percent, usd } from './format.js';

/**
 * Terminal charts drawn with Unicode block characters, readable without colour and fitted to a
 * width: the cash fan (p5–p95 ░, p25–p75 ▒, median █, zero ─) at each cash date, and the
 * survival curve P(still solvent) by date as an area with eighth-block tops.
 */
export function renderCharts(result: Result, width: number): string {
  const w = Math.max(40, Math.min(width, 200));
  return `${cashFan(result, w)}\n${survivalCurve(result, w)}`;
}

const HEIGHT = 12;
const EIGHTHS = ' ▁▂▃▄▅▆▇█';

/** The left margin (axis labels) and the plotting columns that remain. */
function layout(labels: string[], width: number): { margin: number; columns: number } {
  const margin = Math.max(...labels.map((l) => l.length)) + 2;
  return { margin, columns: Math.max(10, width - margin) };
}

function cashFan(result: Result, width: number): string {
  const rows = result.cash;
  const low = Math.min(0, ...rows.map((r) => r.p5));
  const high = Math.max(0, ...rows.map((r) => r.p95));
  const span = high - low || 1;
  const labels = [usd(high), usd(low), usd(0)];
  const { margin, columns } = layout(labels, width);
  const rowOf = (v: number) => Math.min(HEIGHT - 1, Math.max(0, Math.round(((high - v) / span) * (HEIGHT - 1))));
  const grid = Array.from({ length: HEIGHT }, () => Array<string>(columns).fill(' '));
  const zero = rowOf(0);
  for (let c = 0; c < columns; c++) grid[zero]![c] = '─';
  for (let c = 0; c < columns; c++) {
    const r = rows[Math.min(rows.length - 1, Math.floor((c * rows.length) / columns))]!;
    for (let y = rowOf(r.p95); y <= rowOf(r.p5); y++) grid[y]![c] = '░';
    for (let y = rowOf(r.p75); y <= rowOf(r.p25); y++) grid[y]![c] = '▒';
    grid[rowOf(r.p50)]![c] = '█';
  }
  const lines = grid.map((cells, y) => {
    const label = y === zero ? usd(0) : y === 0 ? usd(high) : y === HEIGHT - 1 ? usd(low) : '';
    return `${label.padStart(margin - 2)} │${cells.join('')}`;
  });
  const first = rows[0]!.date;
  const last = rows[rows.length - 1]!.date;
  lines.push(`${' '.repeat(margin - 1)}└${'─'.repeat(columns)}`);
  lines.push(`${' '.repeat(margin)}${first}${last.padStart(columns - first.length)}`);
  return `Cash at the end of the day\n█ median  ▒ p25–p75  ░ p5–p95  ─ zero\n${lines.join('\n')}\n`;
}

function survivalCurve(result: Result, width: number): string {
  const s = result.survival;
  const lowest = s[s.length - 1]!.probability;
  // the vertical axis starts at a round share below the lowest value, so that small risks show
  const floor = Math.max(0, Math.floor((lowest - 0.02) * 20) / 20);
  const top = 1;
  const labels = [percent(top, 0), percent(floor, 0)];
  const { margin, columns } = layout(labels, width);
  const heights = Array.from({ length: columns }, (_, c) => {
    const p = s[Math.min(s.length - 1, Math.floor(((c + 1) * s.length) / columns) - 1)]!.probability;
    return Math.round(((p - floor) / (top - floor)) * HEIGHT * 8);
  });
  const lines: string[] = [];
  for (let y = HEIGHT - 1; y >= 0; y--) {
    const cells = heights.map((h) => EIGHTHS[Math.max(0, Math.min(8, h - y * 8))]!);
    const label = y === HEIGHT - 1 ? percent(top, 0) : y === 0 ? percent(floor, 0) : '';
    lines.push(`${label.padStart(margin - 2)} │${cells.join('')}`);
  }
  lines.push(`${' '.repeat(margin - 1)}└${'─'.repeat(columns)}`);
  const first = s[0]!.date;
  const last = s[s.length - 1]!.date;
  lines.push(`${' '.repeat(margin)}${first}${last.padStart(columns - first.length)}`);
  return `P(still solvent) by date\n${percent(lowest)} still solvent at ${last}\n${lines.join('\n')}\n`;
}
