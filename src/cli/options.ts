/** Flag parsing shared by the commands. */
import { MAX_SHARDS } from '../run/part.js';
import { BLOCK_SIZE } from '../engine/layout.js';
import { parseQuantity } from '../scenario/quantity.js';
import { MAX_PATHS } from '../scenario/schema.js';

export const MAX_THREADS = 256;

/** An option's whole number from `low` to `high` (undefined when not given), or what is wrong with it. */
export function parseWholeNumber(text: string | undefined, option: string, low: number, high: number): number | undefined | string {
  if (text === undefined) return undefined;
  const n = Number(text);
  return /^\d+$/.test(text.trim()) && n >= low && n <= high ? n : `${option}: expected a whole number from ${low} to ${high} (got ${text})`;
}

/** --threads: a whole number from 1 to 256, by default the number of cores; or what is wrong with it. */
export function parseThreads(text: string | undefined, cpus: number): number | string {
  return parseWholeNumber(text, '--threads', 1, MAX_THREADS) ?? Math.max(1, cpus);
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** --precision and --max-paths, or the message of what is wrong with them. */
export function parsePrecision(text: string | undefined, maxPathsText: string): { target: number; maxPaths: number } | undefined | string {
  if (text === undefined) return undefined;
  const target = parseQuantity(text);
  if (!target.ok || target.value <= 0 || target.value >= 0.5) return `--precision: expected a half-width above 0% and below 50%, such as 0.5% (got ${text})`;
  const maxPaths = parseMaxPaths(maxPathsText);
  return typeof maxPaths === 'string' ? maxPaths : { target: target.value, maxPaths };
}

/** --max-paths: whole blocks' worth of paths, up to the maximum; or what is wrong with it. */
export function parseMaxPaths(text: string): number | string {
  const maxPaths = Number(text);
  if (!/^\d+$/.test(text.trim()) || maxPaths < BLOCK_SIZE || maxPaths > MAX_PATHS) return `--max-paths: expected a whole number from ${BLOCK_SIZE} to ${MAX_PATHS} (got ${text})`;
  return maxPaths;
}

/**
 * --shard i/n (0 ≤ i < n ≤ 100000), or auto/n with i from the batch engine's environment:
 * SLURM_ARRAY_TASK_ID (Slurm job arrays) or JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).
 */
export function parseShard(text: string, env: Readonly<Record<string, string | undefined>>): { index: number; count: number } | string {
  const m = /^(\d+|auto)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard: expected i/n such as 0/4, or auto/n (got ${text})`;
  const count = Number(m[2]);
  let indexText = m[1]!;
  if (indexText === 'auto') {
    const fromEnv = env['SLURM_ARRAY_TASK_ID'] ?? env['JOB_COMPLETION_INDEX'];
    if (fromEnv === undefined) return '--shard auto/n: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set';
    indexText = fromEnv.trim();
    if (!/^\d+$/.test(indexText)) return `--shard auto/n: the shard index from the environment is not a whole number (got ${fromEnv})`;
  }
  const index = Number(indexText);
  if (count < 1 || count > MAX_SHARDS || index >= count) return `--shard: expected 0 <= i < n <= ${MAX_SHARDS} (got ${index}/${count})`;
  return { index, count };
}

/** --width: the columns tables and charts fit, 40 to 1000; or what is wrong with it. */
export function parseWidth(text: string | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  const n = Number(text);
  return /^\d+$/.test(text.trim()) && n >= 40 && n <= 1000 ? n : `--width: expected a whole number of columns from 40 to 1000 (got ${text})`;
}
