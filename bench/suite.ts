/**
 * `npm run bench -- --suite`: every scenario shape side by side in one run, against the C kernel of
 * R1 (../shared/bench/r1_limit.c, built with OpenMP) on the same threads.
 *
 * Shapes: R1 (scenarios/bench/r1.yaml), the OpenAI scenario, an event-heavy one (R1 with 500 dated
 * events whose dates and amounts are drawn per path, and 3 triggered ones), a wide one (60 lines
 * with growth and noise), a 10-year horizon, and the SaaS example. The generated shapes are written
 * to a temporary folder. Each runs as a whole process (`simulate --format json`), in turns, median
 * of --repeat rounds, and the table gives wall time, path-days/s, time per path-day per line (the
 * scenario's cost and revenue lines, at least one) and peak RSS; then the --paths-out run (100
 * sampled paths, monthly rows) against the plain run; then R1 and the C kernel at --large paths
 * (1,000,000; 0 leaves them out). Options: --paths 100000 --large 1000000 --repeat 3 --threads N
 * --anchors DIR.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { buildC, median, option, runwayEnv, timed } from './common.js';

const paths = Number(option('paths', '100000'));
const large = Number(option('large', '1000000'));
const repeat = Number(option('repeat', '3'));
const threads = Number(option('threads', String(availableParallelism())));
const anchors = resolve(option('anchors', '../shared/bench'));
const scratch = mkdtempSync(join(tmpdir(), 'runway-suite-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** A shape: its scenario file, days and lines. */
interface Shape {
  readonly name: string;
  readonly file: string;
  readonly days: number;
  readonly lines: number;
  readonly extra?: readonly string[];
}

const r1 = readFileSync('scenarios/bench/r1.yaml', 'utf8');
const write = (name: string, text: string) => {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
};
/** R1 with 500 dated events (each on a ranged date, probability 60%, amount drawn per path) and 3 triggered ones. */
const events = write(
  'events.yaml',
  `${r1}\nevents:\n${Array.from({ length: 500 }, (_, k) => {
    const month = 1 + (k % 12);
    return `  - { name: e${k}, date: 2024-${String(month).padStart(2, '0')}-01 to 2024-${String(month).padStart(2, '0')}-28, probability: 60%, amount: 1M to 5M, direction: ${k % 3 === 0 ? 'out' : 'in'} }`;
  }).join('\n')}\n  - { name: bridge, when: { cash_below: 300M }, delay_days: 30, probability: 50%, amount: 500M to 1B }\n  - { name: loan, when: { cash_below: 100M }, probability: 30%, amount: 200M }\n  - { name: fine, when: { cash_below: 1B }, probability: 20%, amount: 10M to 50M, direction: out }\n`,
);
/** 60 lines with growth and noise (half costs, half revenue), scaled with users. */
const wide = write(
  'wide.yaml',
  [
    'name: sixty lines',
    'start: 2025-01-01',
    'horizon: 2026-05-19', // 504 days, as R1
    'seed: 1',
    'cash:',
    '  initial: 40M to 80M',
    'users:',
    '  initial: 1000',
    "  growth: { drift: 'normal(1%, 2%)', volatility: 10%, per: month }",
    'costs:',
    ...Array.from({ length: 30 }, (_, k) => `  - { name: c${k}, amount: 3k to 6k, per: day, scales_with: users, volatility: 10%, growth: { monthly: 'normal(1%, 1%)' } }`),
    'revenue:',
    ...Array.from({ length: 30 }, (_, k) => `  - { name: r${k}, amount: 2.5k to 6k, per: day, scales_with: users, volatility: 15%, growth: { monthly: 'normal(2%, 1%)' } }`),
  ].join('\n'),
);
/** R1 over ten years. */
const decade = write('decade.yaml', r1.replace('horizon: 2024-12-31           # T = 504 daily steps', 'horizon: 2033-08-15').replace(/report:\n {2}by: \[2024-06-30\]/, 'report:\n  by: [2028-08-15]'));

const shapes: Shape[] = [
  { name: 'R1', file: 'scenarios/bench/r1.yaml', days: 504, lines: 5 },
  { name: 'OpenAI', file: 'scenarios/openai-2024.yaml', days: 504, lines: 4 },
  { name: 'events (500 dated + 3 triggered)', file: events, days: 504, lines: 5 },
  { name: 'wide (60 lines)', file: wide, days: 504, lines: 60 },
  { name: 'ten years', file: decade, days: 3653, lines: 5 },
  { name: 'SaaS example', file: 'scenarios/saas-startup.yaml', ...shapeOf('scenarios/saas-startup.yaml') },
];

/** A scenario file's days (start to horizon, both included) and cost and revenue lines (its debt and events not counted). */
function shapeOf(file: string): { days: number; lines: number } {
  const { start, horizon, costs = [], revenue = [] } = parse(readFileSync(file, 'utf8')) as { start: string; horizon: string; costs?: unknown[]; revenue?: unknown[] };
  return { days: Math.round((Date.parse(`${horizon}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1, lines: costs.length + revenue.length };
}

interface Sample {
  readonly wall: number;
  readonly rssMiB: number;
}

function runway(file: string, extra: readonly string[] = [], n = paths): Sample {
  const r = timed(process.execPath, ['bench/measure.cjs', 'simulate', file, '--paths', String(n), '--threads', String(threads), '--format', 'json', ...extra], runwayEnv);
  return { wall: r.wall, rssMiB: JSON.parse(r.stderr.trim().split('\n').at(-1)!).maxRssKiB / 1024 };
}

const cKernel = buildC(anchors, ['-fopenmp']);
/** The C kernel of R1 on `n` paths, as a contender. */
const cRow = (kernel: string, n: number) => ({
  name: `C kernel of R1, ${threads} threads${n === paths ? '' : `, ${n.toLocaleString('en-US')} paths`}`,
  days: 504,
  lines: 5,
  paths: n,
  once: () => {
    const r = timed('/usr/bin/env', ['time', '-f', '%M', kernel, '--paths', String(n), '--seed', '1', '--threads', String(threads)]);
    return { wall: r.wall, rssMiB: Number(r.stderr.trim().split('\n').at(-1)) / 1024 };
  },
});
const contenders: { name: string; days: number; lines: number; paths: number; once: () => Sample }[] = [
  ...shapes.map((s) => ({ name: s.name, days: s.days, lines: s.lines, paths, once: () => runway(s.file) })),
  { name: 'R1 --paths-out (100 paths)', days: 504, lines: 5, paths, once: () => runway('scenarios/bench/r1.yaml', ['--paths-out', join(scratch, 'paths.ndjson')]) },
  ...(cKernel === undefined ? [] : [cRow(cKernel, paths)]),
  ...(large > 0 ? [{ name: `R1, ${large.toLocaleString('en-US')} paths`, days: 504, lines: 5, paths: large, once: () => runway('scenarios/bench/r1.yaml', [], large) }] : []),
  ...(cKernel === undefined || large <= 0 ? [] : [cRow(cKernel, large)]),
];
const samples = contenders.map(() => [] as Sample[]);
for (let round = 0; round < repeat; round++) contenders.forEach((c, k) => samples[k]!.push(c.once()));

console.log(`runway bench suite: ${paths.toLocaleString('en-US')} paths, ${threads} threads, whole process, median of ${repeat} (in turns)\n`);
console.log('| shape | days | lines | wall s | path-days/s | ns per path-day per line | vs R1 | peak RSS MiB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const rows = contenders.map((c, k) => {
  const wall = median(samples[k]!.map((s) => s.wall));
  const rate = (c.paths * c.days) / wall;
  return { ...c, wall, rate, perLine: (1e9 * wall) / (c.paths * c.days * Math.max(1, c.lines)), rss: Math.max(...samples[k]!.map((s) => s.rssMiB)) };
});
const base = rows[0]!;
for (const r of rows) {
  console.log(`| ${r.name} | ${r.days} | ${r.lines} | ${r.wall.toFixed(2)} | ${r.rate.toExponential(2)} | ${r.perLine.toFixed(2)} | ${(r.perLine / base.perLine).toFixed(2)} | ${r.rss.toFixed(0)} |`);
}
const c = rows.find((r) => r.name.startsWith('C kernel') && r.paths === paths);
const traced = rows.find((r) => r.name.includes('--paths-out'))!;
console.log('');
if (c !== undefined) console.log(`R1: ${(base.rate / c.rate).toFixed(2)} of the C kernel's path-days/s on ${threads} threads (target >= 0.5)`);
const [bigRunway, bigC] = [rows.find((r) => r.name.startsWith('R1,')), rows.find((r) => r.name.startsWith('C kernel') && r.paths === large)];
if (bigRunway !== undefined && bigC !== undefined) console.log(`R1 at ${large.toLocaleString('en-US')} paths: ${(bigRunway.rate / bigC.rate).toFixed(2)} of the C kernel's path-days/s (target >= 0.5)`);
for (const r of rows.slice(1, shapes.length)) console.log(`${r.name}: ${(r.perLine / base.perLine).toFixed(2)}x R1's time per path-day per line (target <= 2)`);
const eventsRow = rows.find((r) => r.name.startsWith('events'))!;
console.log(`events: peak RSS ${eventsRow.rss.toFixed(0)} MiB (target < 300 at 100k paths)`);
console.log(`--paths-out: ${(traced.wall / base.wall).toFixed(2)}x the plain run (target <= 1.2)`);
