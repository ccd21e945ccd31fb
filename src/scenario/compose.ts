import { type Document, LineCounter, isMap, parseDocument } from 'yaml';
import type { Diagnostic } from '../util/diagnostic.js';
import { positionOf } from './positions.js';
import { describe } from './quantity.js';

/** A parsed scenario file: its document (for positions) and its plain value. */
export interface Source {
  /** The file name as the user knows it (undefined: the caller names it). */
  readonly file: string | undefined;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly raw: Record<string, unknown>;
}

/** Lists whose items are merged by `name` under `extends`. */
const NAMED_LISTS = new Set(['costs', 'revenue', 'events']);
export const MAX_EXTENDS_DEPTH = 8;

/** Deepest nesting of mappings and lists a scenario may have (real ones need about 6). */
export const MAX_NESTING = 64;

/**
 * The offset where flow collections (`[`, `{`) nest deeper than MAX_NESTING, outside quotes and
 * comments, or -1. Checked before parsing: the parser recurses and would exhaust the stack.
 */
function tooDeepAt(text: string): number {
  let depth = 0;
  let quote = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (quote !== '') {
      if (ch === '\\' && quote === '"') k++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (k === 0 || /\s/.test(text[k - 1]!))) while (k < text.length && text[k] !== '\n') k++;
    else if (ch === '[' || ch === '{') {
      if (++depth > MAX_NESTING) return k;
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return -1;
}

function depthOf(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return 1 + deepest;
}

/** Parses YAML or JSON text into a Source, or the syntax problems (duplicate keys, custom tags, ...). */
export function parseSource(text: string, file: string | undefined): { ok: true; source: Source } | { ok: false; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    let line = 1;
    let col = 1;
    for (let k = 0; k < deep; k++) [line, col] = text[k] === '\n' ? [line + 1, 1] : [line, col + 1];
    return { ok: false, diagnostics: [{ code: 'scenario.nesting', severity: 'error', path: [], message: `nested more than ${MAX_NESTING} levels deep`, line, col, ...(file === undefined ? {} : { file }) }] };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const where = (offset: number) => ({ ...lineCounter.linePos(offset), ...(file === undefined ? {} : { file }) });
  const problems: Diagnostic[] = [];
  for (const e of doc.errors) problems.push({ code: `yaml.${e.code.toLowerCase()}`, severity: 'error', path: [], message: firstLine(e.message), ...where(e.pos[0]) });
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') problems.push({ code: 'yaml.tag', severity: 'error', path: [], message: `${firstLine(w.message)}; custom tags are not allowed`, ...where(w.pos[0]) });
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  const at = file === undefined ? {} : { file };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // yaml throws on alias expansion beyond maxAliasCount ("billion laughs")
    return { ok: false, diagnostics: [{ code: 'yaml.aliases', severity: 'error', path: [], message: `too many YAML alias expansions (${(e as Error).message})`, line: 1, col: 1, ...at }] };
  }
  if (raw === null || raw === undefined) return { ok: false, diagnostics: [{ code: 'scenario.empty', severity: 'error', path: [], message: 'the scenario is empty', ...at }] };
  if (depthOf(raw, MAX_NESTING + 1) > MAX_NESTING) return { ok: false, diagnostics: [{ code: 'scenario.nesting', severity: 'error', path: [], message: `nested more than ${MAX_NESTING} levels deep`, line: 1, col: 1, ...at }] };
  if (typeof raw !== 'object' || Array.isArray(raw) || !isMap(doc.contents)) {
    return { ok: false, diagnostics: [{ code: 'scenario.type', severity: 'error', path: [], message: `expected a mapping of scenario fields (got ${describe(raw)})`, line: 1, col: 1, ...at }] };
  }
  return { ok: true, source: { file, doc, lineCounter, raw: raw as Record<string, unknown> } };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * `extends`: the child's fields override the base's, recursively for mappings; the lists costs,
 * revenue and events merge by `name` (an item whose name the base has is merged into it, a new
 * name is appended); other lists and values replace. The result is built with Object.fromEntries
 * (own data properties only), so a key such as `__proto__` stays a key that validation refuses
 * and never reaches a prototype.
 */
export function mergeScenario(base: unknown, child: unknown, path: readonly string[] = []): unknown {
  if (isPlainObject(base) && isPlainObject(child)) {
    const keys = [...Object.keys(base), ...Object.keys(child).filter((k) => !Object.hasOwn(base, k))];
    return Object.fromEntries(
      keys.map((k) => {
        const inChild = Object.hasOwn(child, k);
        const inBase = Object.hasOwn(base, k);
        const value = inChild && inBase ? mergeField(base[k], child[k], [...path, k]) : inChild ? child[k] : base[k];
        return [k, value];
      }),
    );
  }
  return child;
}

function mergeField(base: unknown, child: unknown, path: readonly string[]): unknown {
  if (path.length === 1 && NAMED_LISTS.has(path[0]!) && Array.isArray(base) && Array.isArray(child)) {
    const merged = [...base];
    for (const item of child) {
      const name = isPlainObject(item) ? item['name'] : undefined;
      const at = typeof name === 'string' ? merged.findIndex((m) => isPlainObject(m) && m['name'] === name) : -1;
      if (at >= 0) merged[at] = mergeScenario(merged[at], item, [...path, String(at)]);
      else merged.push(item);
    }
    return merged;
  }
  return mergeScenario(base, child, path);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds where a field of the merged scenario was written: the first source (child first, then its
 * bases) that has it. Items of named lists are matched by name, since their index in a source can
 * differ from their index in the merged list.
 */
export function locateIn(sources: readonly Source[], merged: unknown, path: readonly (string | number)[], key: boolean): Pick<Diagnostic, 'file' | 'line' | 'col'> {
  for (const source of sources) {
    const local = translatePath(source.raw, merged, path);
    if (local === undefined) continue;
    if (!hasPath(source.raw, local.slice(0, key ? -1 : undefined))) continue;
    const pos = positionOf(source.doc, source.lineCounter, local, { key });
    if (pos) return { ...(source.file === undefined ? {} : { file: source.file }), line: pos.line, col: pos.col };
  }
  const first = sources[0]!;
  const pos = positionOf(first.doc, first.lineCounter, path, { key });
  return { ...(first.file === undefined ? {} : { file: first.file }), ...(pos ? { line: pos.line, col: pos.col } : {}) };
}

function translatePath(raw: unknown, merged: unknown, path: readonly (string | number)[]): (string | number)[] | undefined {
  if (path.length >= 2 && typeof path[0] === 'string' && NAMED_LISTS.has(path[0]) && typeof path[1] === 'number') {
    const item = (merged as Record<string, unknown[]>)[path[0]]?.[path[1]];
    const name = isPlainObject(item) ? item['name'] : undefined;
    const list = (raw as Record<string, unknown>)[path[0]];
    if (!Array.isArray(list)) return undefined;
    if (typeof name !== 'string') return list.length > path[1] ? [...path] : undefined;
    const same = list[path[1]];
    if (isPlainObject(same) && same['name'] === name) return [...path];
    const index = list.findIndex((m) => isPlainObject(m) && m['name'] === name);
    return index < 0 ? undefined : [path[0], index, ...path.slice(2)];
  }
  return [...path];
}

function hasPath(raw: unknown, path: readonly (string | number)[]): boolean {
  let node: unknown = raw;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string | number, unknown>)[part];
  }
  return true;
}
