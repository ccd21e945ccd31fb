import { createHash } from 'node:crypto';
import type { Result } from '../../src/analysis/result.js';
import { PartMerge } from '../../src/run/merge.js';
import { encodePart } from '../../src/run/part-format.js';
import type { Part } from '../../src/run/part.js';
import type { Execution } from '../../src/run/run.js';
import { runShard } from '../../src/run/shard.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { bytesInput } from '../helpers.js';

/** A part's file bytes. */
export function partBytes(part: Part): Buffer {
  return Buffer.concat(encodePart(part));
}

/** The part files of an n-way split of the scenario's run. */
export async function shardFiles(s: Scenario, n: number, execution: Execution = { threads: 1 }): Promise<Buffer[]> {
  const files: Buffer[] = [];
  for (let i = 0; i < n; i++) files.push(partBytes(await runShard(s, { index: i, count: n }, execution, 'test')));
  return files;
}

/** Merges part files as `runway merge` does (all problems thrown as one error). */
export function mergeFiles(files: readonly Buffer[], partial = false): { result?: Result; part: Part } {
  const merge = new PartMerge();
  files.forEach((bytes, k) => merge.add(`part-${k}`, bytesInput(bytes, 7_777)));
  if (merge.problems.length > 0) throw new Error(merge.problems.join('\n'));
  return partial ? { part: merge.part() } : { result: merge.result(), part: merge.part() };
}

/** The Result of the scenario's run through n part files and one merge. */
export async function mergedThroughFiles(s: Scenario, n: number, execution: Execution = { threads: 1 }): Promise<Result> {
  return mergeFiles(await shardFiles(s, n, execution)).result!;
}

/** A part file's header and the bytes of its sections (between the header's padding and the checksum). */
export function splitPart(bytes: Buffer): { header: Record<string, unknown> & { sections: { name: string; type: string; length: number }[] }; sections: Buffer } {
  const length = bytes.readUInt32LE(8);
  const start = Math.ceil((12 + length) / 8) * 8;
  return { header: JSON.parse(bytes.subarray(12, 12 + length).toString('utf8')), sections: bytes.subarray(start, bytes.length - 32) };
}

/** A part file from a header and section bytes, with a correct checksum (a forgery that integrity alone would not catch). */
export function joinPart(header: unknown, sections: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const head = Buffer.concat([Buffer.from([0x89, 0x52, 0x55, 0x4e, 0x57, 0x41, 0x59, 0x0a]), length, json]);
  const body = Buffer.concat([head, Buffer.alloc(Math.ceil(head.length / 8) * 8 - head.length), sections]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

/** The byte offset of a section within the section bytes of `splitPart`. */
export function sectionOffset(header: { sections: { name: string; type: string; length: number }[] }, name: string): number {
  let at = 0;
  for (const s of header.sections) {
    if (s.name === name) return at;
    at += Math.ceil((s.length * (s.type === 'u32' ? 4 : 8)) / 8) * 8;
  }
  throw new Error(`no section ${name}`);
}
