import { z } from 'zod';
import type { PartialBlocks } from '../engine/partial.js';
import { scenarioHash } from '../scenario/canonical.js';
import type { Scenario } from '../scenario/schema.js';
import { lazy } from '../util/lazy.js';
import type { Shard } from './shard.js';

/**
 * The file `runway simulate --shard i/n` writes and `runway merge` reads: the shard's block
 * tallies with everything needed to check that parts belong together and to finish the run
 * (the normalised scenario itself, so merging needs no scenario file). Built on first use (see
 * `lazy`).
 */
export const partialSchema = lazy(() => {
  const pairs = z.array(z.tuple([z.int().min(0), z.number().min(0)]));
  return z.strictObject({
    kind: z.literal('runway-partial'),
    formatVersion: z.literal(1),
    toolVersion: z.string(),
    scenarioSha256: z.string(),
    seed: z.string(),
    paths: z.int().min(1),
    shard: z.strictObject({ index: z.int().min(0), count: z.int().min(1) }),
    scenario: z.record(z.string(), z.unknown()),
    blocks: z.array(
      z.strictObject({
        block: z.int().min(0),
        paths: z.int().min(1),
        ruinCount: pairs,
        eventLanded: z.array(z.number()),
        fired: pairs,
        firings: z.array(z.number()),
        flowSum: z.array(z.number()),
        flowMin: z.array(z.number()),
        flowMax: z.array(z.number()),
        cashSum: z.array(z.number()),
        cashNegative: z.array(z.number()),
        cash: z.array(z.number().nullable()),
      }),
    ),
    sketches: z.array(pairs).optional(),
    flowSketches: z.array(pairs),
  });
});
export type Partial = z.infer<ReturnType<typeof partialSchema>>;

export function makePartial(scenario: Scenario, shard: Shard, blocks: PartialBlocks, toolVersion: string): Partial {
  return {
    kind: 'runway-partial',
    formatVersion: 1,
    toolVersion,
    scenarioSha256: scenarioHash(scenario),
    seed: scenario.seed,
    paths: scenario.paths,
    shard: { index: shard.index, count: shard.count },
    scenario: scenario as unknown as Record<string, unknown>,
    blocks: blocks.blocks.map((b) => ({ ...b, ruinCount: b.ruinCount.map(([t, c]) => [t, c] as [number, number]), eventLanded: [...b.eventLanded], fired: b.fired.map(([k, c]) => [k, c] as [number, number]), firings: [...b.firings], flowSum: [...b.flowSum], flowMin: [...b.flowMin], flowMax: [...b.flowMax], cashSum: [...b.cashSum], cashNegative: [...b.cashNegative], cash: [...b.cash] })),
    ...(blocks.sketches === undefined ? {} : { sketches: blocks.sketches.map((s) => s.map(([k, c]) => [k, c] as [number, number])) }),
    flowSketches: blocks.flowSketches.map((s) => s.map(([k, c]) => [k, c] as [number, number])),
  };
}

/**
 * Checks that parts belong to one run: the same tool version, scenario hash, seed, paths and shard
 * count, each shard exactly once. Returns one message per problem (empty when they fit).
 */
export function checkPartials(parts: readonly { file: string; partial: Partial }[]): string[] {
  const problems: string[] = [];
  const first = parts[0]!.partial;
  for (const { file, partial } of parts.slice(1)) {
    for (const key of ['toolVersion', 'scenarioSha256', 'seed', 'paths'] as const) {
      if (partial[key] !== first[key]) problems.push(`${file}: ${key} ${partial[key]} differs from ${parts[0]!.file}'s ${first[key]}`);
    }
    if (partial.shard.count !== first.shard.count) problems.push(`${file}: shard count ${partial.shard.count} differs from ${parts[0]!.file}'s ${first.shard.count}`);
  }
  if (problems.length > 0) return problems;
  const n = first.shard.count;
  const seen = new Map<number, string>();
  for (const { file, partial } of parts) {
    const i = partial.shard.index;
    if (i >= n) problems.push(`${file}: shard ${i}/${n} is out of range`);
    else if (seen.has(i)) problems.push(`${file}: shard ${i}/${n} is also in ${seen.get(i)}`);
    else seen.set(i, file);
  }
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) problems.push(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')}`);
  return problems;
}
