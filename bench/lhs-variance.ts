/**
 * How much `sampling: lhs` reduces the variance of the estimates, measured: the same scenario
 * run with R seeds each way, and the spread of the estimates across seeds compared
 * (`npm run bench:lhs`). Not a test: its output goes into notes.
 */
import { readFileSync } from 'node:fs';
import { runInThread } from '../src/run/run.js';
import { parseScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';

const R = Number(process.argv[2] ?? 100);
const PATHS = Number(process.argv[3] ?? 2048);

function load(text: string): Scenario {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return parsed.value;
}

const cases: [string, Scenario][] = [
  ['openai-2024', load(readFileSync('scenarios/openai-2024.yaml', 'utf8'))],
  ['seed-startup', load(readFileSync('scenarios/seed-startup.yaml', 'utf8'))],
  [
    'cash-driven (uniform cash, constant burn)',
    load('name: u\nstart: 2024-01-01\nhorizon: 2024-03-31\ncash: { initial: "uniform(0, 100M)" }\ncosts:\n  - { name: burn, amount: 1M, per: day }\n'),
  ],
];

const sd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

console.log(`sampling: lhs vs random, ${R} seeds × ${PATHS} paths each (sd of the estimate across seeds)`);
console.log('scenario | estimate | sd random | sd lhs | variance ratio random/lhs');
console.log('--- | --- | --- | --- | ---');
for (const [name, base] of cases) {
  const est: Record<'random' | 'lhs', { p: number[]; mean: number[] }> = { random: { p: [], mean: [] }, lhs: { p: [], mean: [] } };
  for (const sampling of ['random', 'lhs'] as const) {
    for (let r = 0; r < R; r++) {
      const result = runInThread({ ...base, paths: PATHS, seed: `lhs-bench-${r}`, sampling }, 'bench');
      est[sampling].p.push(result.ruin.byDate.at(-1)!.probability);
      est[sampling].mean.push(result.cash.at(-1)!.mean);
    }
  }
  for (const [label, key] of [['P(ruin by horizon)', 'p'], ['mean cash at horizon', 'mean']] as const) {
    const a = sd(est.random[key]);
    const b = sd(est.lhs[key]);
    const fmt = (x: number) => (key === 'p' ? `${(x * 100).toFixed(3)}%` : `$${(x / 1e6).toFixed(2)}M`);
    console.log(`${name} | ${label} | ${fmt(a)} | ${fmt(b)} | ${((a * a) / (b * b)).toFixed(2)}`);
  }
}
