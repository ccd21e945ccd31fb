/** Flag parsing shared by the commands. */
import { BLOCK_SIZE } from '../engine/simulate-block.js';
import { parseQuantity } from '../scenario/quantity.js';
import { MAX_PATHS } from '../scenario/schema.js';

export const MAX_THREADS = 256;

/** --threads: a whole number from 1 to 256, by default the number of cores; or what is wrong with it. */
export function parseThreads(text: string | undefined, cpus: number): number | string {
  if (text === undefined) return Math.max(1, cpus);
  const n = Number(text);
  return /^\d+$/.test(text.trim()) && n >= 1 && n <= MAX_THREADS ? n : `--threads: expected a whole number from 1 to ${MAX_THREADS} (got ${text})`;
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
