import type { Result } from '../analysis/result.js';
import { blockCount, blockPaths } from '../engine/simulate.js';
import { type Sketches, type TallyFold, mergeSketchSets } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';
import type { Scenario } from '../scenario/schema.js';
import { resultOf } from './run.js';

/**
 * A share of a run: the folded tally and sketches of the blocks of some of its shards (shard i
 * of n holds the blocks b with b mod n = i). `simulate --shard i/n` writes the part of one shard;
 * `merge --partial` writes the part of several; `merge` turns the part of every shard into the
 * Result. Counts are whole numbers, sums are exact and sketches count whole paths, so parts
 * combine in any order and any grouping into the same Result, bit for bit.
 */
export interface Part {
  readonly scenario: Scenario;
  readonly toolVersion: string;
  /** n, the number of shards the run was split into. */
  readonly shardCount: number;
  /** The shard indices this part holds, ascending, each once. */
  readonly shards: readonly number[];
  readonly fold: TallyFold;
  readonly sketches: Sketches;
}

/** The most shards any run is split into (`--shard i/n`). */
export const MAX_SHARDS = 100_000;

/** The most shards a run may be split into: at most its blocks, and at most MAX_SHARDS. */
export function maxShards(paths: number): number {
  return Math.min(MAX_SHARDS, blockCount(paths));
}

/** The blocks of the given shards of an n-way split of `paths` paths, ascending. */
export function shardBlocks(paths: number, shardCount: number, shards: readonly number[]): number[] {
  const blocks: number[] = [];
  for (const i of shards) for (let b = i; b < blockCount(paths); b += shardCount) blocks.push(b);
  return blocks.sort((a, b) => a - b);
}

/** The paths in the given shards' blocks. */
export function shardPaths(paths: number, shardCount: number, shards: readonly number[]): number {
  return shardBlocks(paths, shardCount, shards).reduce((sum, b) => sum + blockPaths(paths, b), 0);
}

/** Adds `other` into `into` (same run, disjoint shards; checked by the caller). */
export function absorbPart(into: Part, other: Part): Part {
  into.fold.absorb(other.fold);
  mergeSketchSets(into.sketches, other.sketches);
  return { ...into, shards: [...into.shards, ...other.shards].sort((a, b) => a - b) };
}

/** The shards of an n-way split that `shards` lacks. */
export function missingShards(shardCount: number, shards: readonly number[]): number[] {
  const held = new Set(shards);
  return Array.from({ length: shardCount }, (_, i) => i).filter((i) => !held.has(i));
}

/** The Result of a run from the part that holds every one of its shards. */
export function partResult(part: Part, plan: Plan): Result {
  if (missingShards(part.shardCount, part.shards).length > 0) throw new Error('bug: a Result from a part that lacks shards');
  return resultOf(part.scenario, plan, part.fold.finish(part.sketches), part.toolVersion, undefined).result;
}

/** Shard indices as ranges, e.g. [0, 1, 2, 5] as "0–2, 5" (of n: "0–2/8, 5/8"). */
export function describeShards(shards: readonly number[], shardCount?: number): string {
  const of = shardCount === undefined ? '' : `/${shardCount}`;
  return shardRanges(shards)
    .map(([a, b]) => (a === b ? `${a}${of}` : `${a}–${b}${of}`))
    .join(', ');
}

/** Ascending indices as inclusive ranges [first, last]. */
export function shardRanges(shards: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const i of shards) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === i - 1) last[1] = i;
    else ranges.push([i, i]);
  }
  return ranges;
}
