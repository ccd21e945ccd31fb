import { parseDocument } from 'yaml';
import type { Diagnostic } from '../util/diagnostic.js';

/**
 * `--set path=value`: one field of the scenario overridden from the command line, before
 * validation, so it gets the same checks and messages as the file. The path is dotted, with
 * `[i]` for a list index and `[name]` for the item of costs, revenue or events with that name:
 * `cash.initial`, `costs[0].amount`, `costs[training compute].volatility`. The value is read as
 * YAML (`2B to 4B`, `12%`, `[2024-06-30, 2024-12-31]`, `{ annual: 20% }`).
 */
export type SetResult = { ok: true; path: (string | number)[] } | { ok: false; diagnostic: Diagnostic };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function applySet(raw: Record<string, unknown>, assignment: string): SetResult {
  const fail = (message: string): SetResult => ({ ok: false, diagnostic: { code: 'usage.set', severity: 'error', path: [], message: `${assignment}: ${message}`, file: '--set' } });
  const eq = assignment.indexOf('=');
  if (eq <= 0) return fail('expected path=value, as in cash.initial=2B');
  const pathText = assignment.slice(0, eq).trim();
  const segments = parsePath(pathText);
  if (segments === undefined) return fail('expected a path such as cash.initial, costs[0].amount or costs[name].amount');
  let value: unknown;
  const doc = parseDocument(assignment.slice(eq + 1), { strict: true, uniqueKeys: true });
  // a custom tag (`!!js/function`, `!include`) is refused here as in a file, not dropped with a warning
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem !== undefined) return fail(problem.code === 'TAG_RESOLVE_FAILED' ? `${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}; custom tags are not allowed` : `the value is not valid YAML (${problem.message.split('\n')[0]})`);
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return fail(`the value is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  let node: unknown = raw;
  const path: (string | number)[] = [];
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k]!;
    const last = k === segments.length - 1;
    if (typeof segment === 'string') {
      if (FORBIDDEN.has(segment)) return fail(`${segment} is not a field`);
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return fail(`${path.join('.') || 'the scenario'} is not a mapping`);
      const object = node as Record<string, unknown>;
      if (last) define(object, segment, value);
      else if (!Object.hasOwn(object, segment)) define(object, segment, {});
      path.push(segment);
      node = object[segment];
      continue;
    }
    if (!Array.isArray(node)) return fail(`${formatPath(path)} is not a list`);
    const index = 'index' in segment ? segment.index : node.findIndex((item) => typeof item === 'object' && item !== null && (item as Record<string, unknown>)['name'] === segment.name);
    if (index < 0 || index >= node.length) return fail('index' in segment ? `${formatPath(path)} has no item ${segment.index}` : `${formatPath(path)} has no item named ${JSON.stringify(segment.name)}`);
    path.push(index);
    if (last) node[index] = value;
    node = node[index];
  }
  return { ok: true, path };
}

function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

export type Segment = string | { index: number } | { name: string };

export function parsePath(text: string): Segment[] | undefined {
  const out: Segment[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]+)\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text)) !== null) {
    consumed = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectKey) return undefined;
      out.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (out.length === 0) return undefined;
      out.push(/^\d+$/.test(m[2].trim()) ? { index: Number(m[2].trim()) } : { name: m[2].trim() });
      expectKey = false;
    } else {
      if (expectKey) return undefined;
      expectKey = true;
    }
  }
  return consumed === text.length && out.length > 0 && !expectKey ? out : undefined;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || 'the scenario';
}
