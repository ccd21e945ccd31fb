import type { Result } from '../analysis/result.js';
import { compile } from '../model/compile.js';
import type { Plan } from '../model/plan.js';
import type { Scenario } from '../scenario/schema.js';
import { type ByteSource, type PartHeader, PartProblem, PartReader } from './part-format.js';
import { type Part, absorbPart, describeShards, missingShards, partResult } from './part.js';

/**
 * Merges part files one at a time (each read, checked and added before the next is opened, so
 * memory holds one part and the running total): they must come from the same tool version,
 * scenario, seed, paths and shard split, and hold each shard at most once. `problems` collects one
 * line per problem, each naming its file; a merge with problems has no result.
 */
export class PartMerge {
  readonly problems: string[] = [];
  private first: { readonly file: string; readonly header: PartHeader; readonly scenario: Scenario; readonly plan: Plan } | undefined;
  private total: Part | undefined;
  private readonly holder = new Map<number, string>();

  /** Reads the part in `file` from `source` and adds it (or records why not). */
  add(file: string, source: ByteSource): void {
    try {
      const reader = new PartReader(source);
      const header = reader.header();
      if (this.first === undefined) {
        const scenario = reader.scenario();
        this.first = { file, header, scenario, plan: compile(scenario) };
      } else {
        const clash = this.clash(file, header);
        if (clash !== undefined) return void this.problems.push(clash);
      }
      const part = reader.body(this.first.scenario, this.first.plan);
      const again = part.shards.filter((i) => this.holder.has(i));
      if (again.length > 0) {
        const where = [...new Set(again.map((i) => this.holder.get(i)))].join(', ');
        return void this.problems.push(`${file}: shard ${describeShards(again, part.shardCount)} is also in ${where}`);
      }
      for (const i of part.shards) this.holder.set(i, file);
      if (this.problems.length === 0) this.total = this.total === undefined ? part : absorbPart(this.total, part);
    } catch (e) {
      if (!(e instanceof PartProblem)) throw e;
      this.problems.push(`${file}: ${e.message}`);
    }
  }

  /** What differs between this part's header and the first part's, if anything. */
  private clash(file: string, header: PartHeader): string | undefined {
    const first = this.first!;
    for (const key of ['toolVersion', 'scenarioSha256', 'seed', 'paths'] as const) {
      if (header[key] !== first.header[key]) return `${file}: ${key} ${header[key]} differs from ${first.file}'s ${first.header[key]}`;
    }
    if (header.shards.count !== first.header.shards.count) return `${file}: shard count ${header.shards.count} differs from ${first.file}'s ${first.header.shards.count}`;
    if (header.cash !== first.header.cash) return `${file}: cash kept ${header.cash}ly, ${first.file}'s ${first.header.cash}ly`;
    return undefined;
  }

  /** The shards no part held (after every part was added). */
  missing(): number[] {
    return this.first === undefined ? [] : missingShards(this.first.header.shards.count, [...this.holder.keys()]);
  }

  /** n, the shard count of the parts (0 before the first). */
  shardCount(): number {
    return this.first?.header.shards.count ?? 0;
  }

  /** The merged part (`merge --partial`); only when there were no problems. */
  part(): Part {
    if (this.total === undefined || this.problems.length > 0) throw new Error('bug: no merged part');
    return this.total;
  }

  /** The Result of the whole run; only when there were no problems and no shard is missing. */
  result(): Result {
    return partResult(this.part(), this.first!.plan);
  }
}
