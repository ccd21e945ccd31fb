import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import { CASH_SKETCH, FLOW_SKETCH, type SketchCounts, type SketchScale, sketchEntries, sketchFromEntries } from '../engine/sketch.js';
import { blockPaths } from '../engine/simulate.js';
import { SHORTFALL_COLUMNS, TallyFold, columnCount, emptySketchSet, summariseColumns, tallyShape } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';
import { scenarioHash } from '../scenario/canonical.js';
import { MAX_PATHS, type Scenario, scenarioSchema } from '../scenario/schema.js';
import { lazy } from '../util/lazy.js';
import { type Part, maxShards, shardBlocks, shardPaths, shardRanges } from './part.js';

/**
 * The part file (`simulate --shard`, `merge --partial`), format 2: a small JSON header, the
 * part's tallies as little-endian arrays, and a SHA-256 of everything before it. Laid out so that
 * a reader needs no library (numpy: `np.frombuffer(data, '<f8', count, offset)` with the header's
 * lengths), and read as a stream: memory grows with the report (days, cash dates, cells), never
 * with the file. The layout, byte by byte, is in docs/parts.md.
 *
 *   8 bytes   magic: 0x89 "RUNWAY" 0x0A
 *   4 bytes   header length H (uint32, little-endian)
 *   H bytes   header (UTF-8 JSON: `PartHeader`), then zeros to a multiple of 8 bytes
 *   sections  in the header's order, each `length` values of its type (u32 or f64, little-endian),
 *             then zeros to a multiple of 8 bytes
 *   32 bytes  SHA-256 of every byte before it
 */
export const PART_FORMAT_VERSION = 2;
const MAGIC = Uint8Array.of(0x89, 0x52, 0x55, 0x4e, 0x57, 0x41, 0x59, 0x0a);
const MAX_HEADER_BYTES = 8 * 1_048_576;
/** More terms than this in an exact sum cannot come from doubles (their exponents span ~2,100 bits). */
const MAX_SUM_TERMS = 64;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Where a part is read from: `read` fills the front of `into` and says how many bytes (0 at the end). */
export interface ByteSource {
  read(into: Uint8Array): number;
  /** The size in bytes, when known in advance (a regular file). */
  readonly size?: number;
}

/** A part that cannot be used, and why (one line, without the file name). */
export class PartProblem extends Error {}

type SectionType = 'u32' | 'f64';
interface Section {
  readonly name: string;
  readonly type: SectionType;
  readonly values: Uint32Array | Float64Array | readonly (Uint32Array | Float64Array)[];
}

export const partHeaderSchema = lazy(() =>
  z.strictObject({
    kind: z.literal('runway-part'),
    formatVersion: z.literal(PART_FORMAT_VERSION),
    toolVersion: z.string(),
    scenarioSha256: z.string().regex(/^[0-9a-f]{64}$/),
    seed: z.string(),
    paths: z.int().min(1).max(MAX_PATHS),
    shards: z.strictObject({ count: z.int().min(1), held: z.array(z.tuple([z.int().min(0), z.int().min(0)])).min(1) }),
    cash: z.enum(['exact', 'sketch']),
    scenario: z.record(z.string(), z.unknown()),
    sections: z.array(z.strictObject({ name: z.string(), type: z.enum(['u32', 'f64']), length: z.int().min(0) })),
  }),
);
export type PartHeader = z.infer<ReturnType<typeof partHeaderSchema>>;

/** The bytes of a part file, in pieces to write one after the other. */
export function encodePart(part: Part): Uint8Array[] {
  const sections = partSections(part);
  const header: PartHeader = {
    kind: 'runway-part',
    formatVersion: PART_FORMAT_VERSION,
    toolVersion: part.toolVersion,
    scenarioSha256: scenarioHash(part.scenario),
    seed: part.scenario.seed,
    paths: part.scenario.paths,
    shards: { count: part.shardCount, held: shardRanges(part.shards) },
    cash: part.sketches.cash === undefined ? 'exact' : 'sketch',
    scenario: part.scenario as unknown as Record<string, unknown>,
    sections: sections.map((s) => ({ name: s.name, type: s.type, length: pieces(s.values).reduce((n, a) => n + a.length, 0) })),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, headerBytes.length, true);
  const out: Uint8Array[] = [MAGIC, length, headerBytes, padding(MAGIC.length + 4 + headerBytes.length)];
  for (const s of sections) {
    let bytes = 0;
    for (const values of pieces(s.values)) {
      out.push(littleEndian(values));
      bytes += values.byteLength;
    }
    out.push(padding(bytes));
  }
  const hash = createHash('sha256');
  for (const piece of out) hash.update(piece);
  out.push(new Uint8Array(hash.digest()));
  return out;
}

/** A part's sections, in the order of the format (`expectedSections` names them for a reader). */
function partSections(part: Part): Section[] {
  const { fold, sketches } = part;
  const ruin = sparse(fold.ruinCount);
  const fired = sparse(fold.fired);
  const flowSum = sumSections('flowSum', fold.flowSum);
  const flowSketch = sketchSections('flowSketch', sketches.flows, FLOW_SKETCH);
  const common: Section[] = [
    { name: 'ruinCount.step', type: 'u32', values: ruin.index },
    { name: 'ruinCount.paths', type: 'f64', values: ruin.value },
    { name: 'eventLanded', type: 'f64', values: fold.eventLanded },
    { name: 'fired.index', type: 'u32', values: fired.index },
    { name: 'fired.paths', type: 'f64', values: fired.value },
    { name: 'firings', type: 'f64', values: fold.firings },
    ...flowSum,
    { name: 'flowMin', type: 'f64', values: fold.flowMin },
    { name: 'flowMax', type: 'f64', values: fold.flowMax },
    ...flowSketch,
  ];
  if (sketches.cash === undefined) {
    const kept = [...fold.kept].sort((a, b) => a.block - b.block);
    return [...common, { name: 'cash', type: 'f64', values: kept.map((b) => b.cash) }];
  }
  return [
    ...common,
    ...sumSections('cashSum', fold.cashSum),
    { name: 'cashNegative', type: 'f64', values: fold.cashNegative },
    { name: 'cashMin', type: 'f64', values: fold.cashMin },
    { name: 'cashMax', type: 'f64', values: fold.cashMax },
    ...sketchSections('cashSketch', sketches.cash, CASH_SKETCH),
  ];
}

/** The sections a part of this plan and cash mode has, in order, with the most values each may hold (`exact`: exactly that many). */
function expectedSections(plan: Plan, sketchCash: boolean, covered: number): { name: string; type: SectionType; most: number; exact?: boolean }[] {
  const shape = tallyShape(plan);
  const columns = columnCount(shape.checkpoints);
  const flowSketches = emptySketchSet(shape, false).flows.length;
  const sums = (name: string, n: number) => [
    { name: `${name}.terms`, type: 'u32' as const, most: n, exact: true },
    { name: `${name}.term`, type: 'f64' as const, most: n * MAX_SUM_TERMS },
  ];
  const sketched = (name: string, n: number, scale: SketchScale) => [
    { name: `${name}.buckets`, type: 'u32' as const, most: n, exact: true },
    { name: `${name}.bucket`, type: 'u32' as const, most: n * scale.length },
    { name: `${name}.paths`, type: 'u32' as const, most: n * scale.length },
  ];
  const common = [
    { name: 'ruinCount.step', type: 'u32' as const, most: shape.days },
    { name: 'ruinCount.paths', type: 'f64' as const, most: shape.days },
    { name: 'eventLanded', type: 'f64' as const, most: shape.events, exact: true },
    { name: 'fired.index', type: 'u32' as const, most: shape.rules * shape.days },
    { name: 'fired.paths', type: 'f64' as const, most: shape.rules * shape.days },
    { name: 'firings', type: 'f64' as const, most: shape.rules, exact: true },
    ...sums('flowSum', shape.flowCells),
    { name: 'flowMin', type: 'f64' as const, most: shape.flowCells, exact: true },
    { name: 'flowMax', type: 'f64' as const, most: shape.flowCells, exact: true },
    ...sketched('flowSketch', flowSketches, FLOW_SKETCH),
  ];
  if (!sketchCash) return [...common, { name: 'cash', type: 'f64', most: columns * covered, exact: true }];
  return [
    ...common,
    ...sums('cashSum', columns),
    { name: 'cashNegative', type: 'f64', most: columns, exact: true },
    { name: 'cashMin', type: 'f64', most: columns, exact: true },
    { name: 'cashMax', type: 'f64', most: columns, exact: true },
    ...sketched('cashSketch', columns, CASH_SKETCH),
  ];
}

/**
 * Reads a part file from `source`, in two steps: `header()` (checked on its own, so that a
 * merge can see which run a part belongs to before it reads the rest), then `body(plan)`, which
 * reads the tallies, checks the SHA-256 and then that every number is consistent with the others
 * and with the scenario (a part is checked for consistency, not only integrity). Problems are
 * thrown as `PartProblem`s.
 */
export class PartReader {
  private readonly hash: Hash = createHash('sha256');
  private offset = 0;
  private parsed: PartHeader | undefined;

  constructor(private readonly source: ByteSource) {}

  header(): PartHeader {
    const magic = this.take(MAGIC.length, 'the signature');
    if (magic[0] === 0x7b) throw new PartProblem('a part in the JSON format of an earlier runway; run its shard again with this version');
    if (!MAGIC.every((b, k) => magic[k] === b)) throw new PartProblem('not a runway part (it does not start with the part signature; parts are written by simulate --shard)');
    const length = new DataView(this.take(4, 'the header').buffer).getUint32(0, true);
    if (length > MAX_HEADER_BYTES) throw new PartProblem(`damaged: a header of ${length} bytes (at most ${MAX_HEADER_BYTES})`);
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(this.take(length, 'the header')));
    } catch (e) {
      throw e instanceof PartProblem ? e : new PartProblem('damaged: the header is not JSON');
    }
    if (typeof value === 'object' && value !== null && (value as { formatVersion?: unknown }).formatVersion !== PART_FORMAT_VERSION && (value as { kind?: unknown }).kind === 'runway-part') {
      throw new PartProblem(`part format ${String((value as { formatVersion?: unknown }).formatVersion)}; this runway reads format ${PART_FORMAT_VERSION}`);
    }
    const parsed = partHeaderSchema().safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new PartProblem(`damaged: header ${issue.path.join('.') || 'top level'}: ${issue.message}`);
    }
    const header = parsed.data;
    const n = header.shards.count;
    if (n > maxShards(header.paths)) throw new PartProblem(`damaged: ${n} shards of a run of ${header.paths} paths (at most ${maxShards(header.paths)}, one block of paths each)`);
    let previous = -1;
    for (const [a, b] of header.shards.held) {
      if (a <= previous || b < a || b >= n) throw new PartProblem(`damaged: the shards held (${JSON.stringify(header.shards.held)}) are not ascending ranges below ${n}`);
      previous = b;
    }
    this.skipPadding();
    this.parsed = header;
    return header;
  }

  /** The header's scenario, checked against its hash (the merge reads it from its first part; the others must have the same hash). */
  scenario(): Scenario {
    const header = this.parsed!;
    const parsed = scenarioSchema.safeParse(header.scenario);
    if (!parsed.success || scenarioHash(parsed.data) !== header.scenarioSha256) throw new PartProblem(`damaged: the scenario inside does not match its hash ${header.scenarioSha256.slice(0, 12)}`);
    return parsed.data;
  }

  /** The part's tallies, for the plan of its scenario (compiled by the caller from `scenario()` or an equal one). */
  body(scenario: Scenario, plan: Plan): Part {
    const header = this.parsed!;
    const shards = header.shards.held.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));
    const covered = shardPaths(header.paths, header.shards.count, shards);
    const expected = expectedSections(plan, header.cash === 'sketch', covered);
    const names = header.sections.map((s) => `${s.name}:${s.type}`).join(' ');
    if (names !== expected.map((s) => `${s.name}:${s.type}`).join(' ')) throw new PartProblem(`damaged: unexpected sections (${names.slice(0, 200)})`);
    header.sections.forEach((s, k) => {
      const e = expected[k]!;
      if (e.exact === true ? s.length !== e.most : s.length > e.most) throw new PartProblem(`damaged: section ${s.name} has ${s.length} values (${e.exact === true ? '' : 'at most '}${e.most} for this scenario)`);
    });
    const total = this.offset + header.sections.reduce((n, s) => n + align8(s.length * (s.type === 'u32' ? 4 : 8)), 0) + 32;
    if (this.source.size !== undefined && this.source.size !== total) throw new PartProblem(this.source.size < total ? `truncated: ${this.source.size} bytes of ${total}` : `damaged: ${this.source.size} bytes, expected ${total}`);
    const values = new Map<string, Uint32Array | Float64Array>();
    for (const s of header.sections) values.set(s.name, this.section(s.name, s.type, s.length));
    const digest = this.hash.digest();
    const stored = this.takeUnhashed(32);
    if (!digest.equals(stored)) throw new PartProblem('checksum mismatch: the part was changed or damaged after it was written');
    if (this.source.read(new Uint8Array(1)) !== 0) throw new PartProblem('damaged: bytes after the checksum');
    return checkedPart(scenario, plan, header, shards, covered, values);
  }

  private section(name: string, type: SectionType, length: number): Uint32Array | Float64Array {
    const size = type === 'u32' ? 4 : 8;
    const bytes = this.take(length * size, `section ${name}`);
    this.skipPadding();
    return fromLittleEndian(bytes, type, length);
  }

  private skipPadding(): void {
    const pad = align8(this.offset) - this.offset;
    if (pad > 0 && this.take(pad, 'padding').some((b) => b !== 0)) throw new PartProblem(`damaged: padding at byte ${this.offset - pad} is not zero`);
  }

  private take(n: number, what: string): Uint8Array {
    const bytes = this.takeUnhashed(n, what);
    this.hash.update(bytes);
    return bytes;
  }

  private takeUnhashed(n: number, what = 'the checksum'): Uint8Array {
    const bytes = new Uint8Array(n);
    for (let at = 0; at < n; ) {
      const got = this.source.read(bytes.subarray(at));
      if (got === 0 && this.offset + at === 0) throw new PartProblem('empty; not a runway part');
      if (got === 0) throw new PartProblem(`truncated: the file ends in ${what} (after ${this.offset + at} bytes)`);
      at += got;
    }
    this.offset += n;
    return bytes;
  }
}

/** Builds the part from its sections after checking that they agree with each other and with the run. */
function checkedPart(scenario: Scenario, plan: Plan, header: PartHeader, shards: number[], covered: number, v: Map<string, Uint32Array | Float64Array>): Part {
  const shape = tallyShape(plan);
  const columns = columnCount(shape.checkpoints);
  const checkpoints = shape.checkpoints;
  const sketchCash = header.cash === 'sketch';
  const fold = new TallyFold(shape);
  const sketches = emptySketchSet(shape, sketchCash);
  const get = (name: string) => v.get(name)!;
  const problem = (what: string) => new PartProblem(`inconsistent: ${what}`);
  const count = (x: number, most: number, what: string) => {
    if (!Number.isInteger(x) || x < 0 || x > most) throw problem(`${what} is ${x} (expected a whole number from 0 to ${most})`);
    return x;
  };

  // ruin counts: a sparse histogram over days; no more ruined paths than the part has
  unsparse(get('ruinCount.step'), get('ruinCount.paths'), fold.ruinCount, 'ruinCount', (x) => count(x, covered, 'a day’s ruined paths'));
  const ruined = fold.ruinCount.reduce((s, c) => s + c, 0);
  if (ruined > covered) throw problem(`${ruined} ruined paths in a part of ${covered} paths`);
  get('eventLanded').forEach((x, k) => (fold.eventLanded[k] = count(x, covered, `event ${k}’s paths`)));
  unsparse(get('fired.index'), get('fired.paths'), fold.fired, 'fired', (x) => count(x, covered, 'a rule’s first firings on a day'));
  get('firings').forEach((x, r) => {
    const first = fold.fired.subarray(r * shape.days, (r + 1) * shape.days).reduce((s, c) => s + c, 0);
    if (first > covered) throw problem(`rule ${r} first fired on ${first} paths of ${covered}`);
    fold.firings[r] = count(x, covered * shape.days, `rule ${r}’s firings`);
    if (x < first) throw problem(`rule ${r} fired ${x} times on ${first} paths`);
  });

  // monthly flows: exact sums, extremes, sketches of every path
  sumsFrom(get('flowSum.terms'), get('flowSum.term'), fold.flowSum, 'flowSum');
  fold.flowMin.set(get('flowMin'));
  fold.flowMax.set(get('flowMax'));
  sketchesFrom(get('flowSketch.buckets'), get('flowSketch.bucket'), get('flowSketch.paths'), sketches.flows, FLOW_SKETCH, () => covered, 'flowSketch');
  for (let cell = 0; cell < shape.flowCells; cell++) meanWithin(fold.flowSum.value(cell), covered, fold.flowMin[cell]!, fold.flowMax[cell]!, `flow cell ${cell}`, problem);

  const rows = (c: number) => (c < checkpoints ? covered : ruined);
  if (!sketchCash) {
    // every path's cash, block by block: the sums, negatives and extremes are recomputed, as a run computes them
    const cash = get('cash') as Float64Array;
    let at = 0;
    const nonNaN = new Float64Array(SHORTFALL_COLUMNS);
    for (const block of shardBlocks(header.paths, header.shards.count, shards)) {
      const paths = blockPaths(header.paths, block);
      const values = cash.subarray(at, at + columns * paths);
      at += columns * paths;
      for (let c = 0; c < columns; c++) {
        for (let i = c * paths; i < (c + 1) * paths; i++) {
          if (values[i] !== values[i]) {
            if (c < checkpoints) throw problem(`cash of path ${i - c * paths} of block ${block} at cash date ${c} is not a number`);
          } else if (c >= checkpoints) nonNaN[c - checkpoints]!++;
        }
      }
      fold.addColumns(summariseColumns(values, columns, paths));
      fold.kept.push({ block, paths, cash: values, ruinStep: new Int32Array(0), inputs: new Float64Array(0) });
    }
    nonNaN.forEach((n, k) => {
      if (n !== ruined) throw problem(`${n} shortfalls in column ${k} for ${ruined} ruined paths`);
    });
  } else {
    sumsFrom(get('cashSum.terms'), get('cashSum.term'), fold.cashSum, 'cashSum');
    get('cashNegative').forEach((x, c) => (fold.cashNegative[c] = count(x, rows(c), `cash column ${c}’s paths below zero`)));
    fold.cashMin.set(get('cashMin'));
    fold.cashMax.set(get('cashMax'));
    sketchesFrom(get('cashSketch.buckets'), get('cashSketch.bucket'), get('cashSketch.paths'), sketches.cash!, CASH_SKETCH, rows, 'cashSketch');
    for (let c = 0; c < columns; c++) {
      if (rows(c) === 0) {
        if (fold.cashMin[c] !== Infinity || fold.cashMax[c] !== -Infinity || fold.cashSum.value(c) !== 0) throw problem(`column ${c} has values but no paths`);
      } else meanWithin(fold.cashSum.value(c), rows(c), fold.cashMin[c]!, fold.cashMax[c]!, `cash column ${c}`, problem);
    }
  }
  fold.paths = covered;
  return { scenario, toolVersion: header.toolVersion, shardCount: header.shards.count, shards, fold, sketches };
}

/** The mean sum/n lies within [least, greatest] (up to rounding); non-finite sums are left to the analysis, which refuses them. */
function meanWithin(sum: number, n: number, least: number, greatest: number, what: string, problem: (what: string) => PartProblem): void {
  if (!(least <= greatest)) throw problem(`${what}: least value ${least} above greatest ${greatest}`);
  if (!Number.isFinite(sum) || !Number.isFinite(least) || !Number.isFinite(greatest)) return;
  const mean = sum / n;
  const slack = 1e-9 * Math.max(Math.abs(least), Math.abs(greatest), 1);
  if (mean < least - slack || mean > greatest + slack) throw problem(`${what}: mean ${mean} outside its least and greatest value [${least}, ${greatest}]`);
}

function unsparse(index: Uint32Array | Float64Array, value: Uint32Array | Float64Array, into: Float64Array, name: string, check: (x: number) => number): void {
  if (index.length !== value.length) throw new PartProblem(`damaged: ${name} has ${index.length} indices and ${value.length} values`);
  let previous = -1;
  index.forEach((k, j) => {
    if (k <= previous || k >= into.length) throw new PartProblem(`inconsistent: ${name} indices are not ascending below ${into.length}`);
    previous = k;
    into[k] = check(value[j]!);
  });
}

function sumsFrom(terms: Uint32Array | Float64Array, term: Uint32Array | Float64Array, into: TallyFold['flowSum'], name: string): void {
  let at = 0;
  terms.forEach((n, k) => {
    if (n > MAX_SUM_TERMS || at + n > term.length) throw new PartProblem(`damaged: ${name} term counts do not match its terms`);
    for (let j = 0; j < n; j++) into.add(k, term[at + j]!);
    at += n;
  });
  if (at !== term.length) throw new PartProblem(`damaged: ${name} term counts do not match its terms`);
}

function sketchesFrom(buckets: Uint32Array | Float64Array, bucket: Uint32Array | Float64Array, paths: Uint32Array | Float64Array, into: SketchCounts[], scale: SketchScale, rows: (k: number) => number, name: string): void {
  if (bucket.length !== paths.length) throw new PartProblem(`damaged: ${name} has ${bucket.length} buckets and ${paths.length} counts`);
  let at = 0;
  buckets.forEach((n, k) => {
    if (at + n > bucket.length) throw new PartProblem(`damaged: ${name} bucket counts do not match its buckets`);
    let previous = -1;
    let total = 0;
    for (let j = at; j < at + n; j++) {
      const b = bucket[j]!;
      if (b <= previous || b >= scale.length || paths[j]! === 0) throw new PartProblem(`inconsistent: ${name} ${k} has buckets out of order or empty`);
      previous = b;
      total += paths[j]!;
    }
    if (total !== rows(k)) throw new PartProblem(`inconsistent: ${name} ${k} counts ${total} paths, expected ${rows(k)}`);
    into[k] = sketchFromEntries(bucket, paths, at, at + n, scale);
    at += n;
  });
  if (at !== bucket.length) throw new PartProblem(`damaged: ${name} bucket counts do not match its buckets`);
}

/** The non-zero entries of `values`: their indices and values. */
function sparse(values: Float64Array): { index: Uint32Array; value: Float64Array } {
  const index: number[] = [];
  values.forEach((x, k) => x !== 0 && index.push(k));
  return { index: Uint32Array.from(index), value: Float64Array.from(index, (k) => values[k]!) };
}

/** A set of exact sums as two sections: each sum's number of terms, then all the terms. */
function sumSections(name: string, sums: TallyFold['flowSum']): Section[] {
  const counts = new Uint32Array(sums.length);
  const terms: number[] = [];
  for (let k = 0; k < sums.length; k++) {
    const t = sums.termsOf(k);
    counts[k] = t.length;
    terms.push(...t);
  }
  return [
    { name: `${name}.terms`, type: 'u32', values: counts },
    { name: `${name}.term`, type: 'f64', values: Float64Array.from(terms) },
  ];
}

/** Sketches as three sections: each sketch's number of non-empty buckets, then their buckets and counts. */
function sketchSections(name: string, sketches: readonly SketchCounts[], scale: SketchScale): Section[] {
  const counts = new Uint32Array(sketches.length);
  const bucket: number[] = [];
  const paths: number[] = [];
  sketches.forEach((s, k) => {
    for (const [b, c] of sketchEntries(s, scale)) {
      counts[k]!++;
      bucket.push(b);
      paths.push(c);
    }
  });
  return [
    { name: `${name}.buckets`, type: 'u32', values: counts },
    { name: `${name}.bucket`, type: 'u32', values: Uint32Array.from(bucket) },
    { name: `${name}.paths`, type: 'u32', values: Uint32Array.from(paths) },
  ];
}

function pieces(values: Section['values']): readonly (Uint32Array | Float64Array)[] {
  return Array.isArray(values) ? values : [values as Uint32Array | Float64Array];
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function padding(written: number): Uint8Array {
  return new Uint8Array(align8(written) - written);
}

function littleEndian(values: Uint32Array | Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  values.forEach((x, k) => (values instanceof Float64Array ? view.setFloat64(8 * k, x, true) : view.setUint32(4 * k, x, true)));
  return out;
}

function fromLittleEndian(bytes: Uint8Array, type: SectionType, length: number): Uint32Array | Float64Array {
  if (LITTLE_ENDIAN) return type === 'u32' ? new Uint32Array(bytes.buffer, bytes.byteOffset, length) : new Float64Array(bytes.buffer, bytes.byteOffset, length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return type === 'u32' ? Uint32Array.from({ length }, (_, k) => view.getUint32(4 * k, true)) : Float64Array.from({ length }, (_, k) => view.getFloat64(8 * k, true));
}
