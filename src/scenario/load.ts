import { closest, distance } from 'fastest-levenshtein';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { z } from 'zod';
import type { Diagnostic, Outcome } from '../util/diagnostic.js';
import { MAX_EXTENDS_DEPTH, type Source, locateIn, mergeScenario, parseSource } from './compose.js';
import { positionOf } from './positions.js';
import { describe } from './quantity.js';
import { checkRules } from './rules.js';
import { type Scenario, scenarioSchema } from './schema.js';
import { applySet } from './set.js';

/** Reads a file for `loadScenario` (the only I/O of this layer, injected). */
export type ReadText = (path: string) => { ok: true; text: string } | { ok: false; error: string };

/** Where a diagnostic at a field path is: file, line and column (a key's position with `key`). */
type Locate = (path: readonly (string | number)[], key: boolean) => Pick<Diagnostic, 'file' | 'line' | 'col'>;

/**
 * Parses and validates scenario text (YAML, or JSON, which is read by the same parser so that both
 * carry line:column positions). Returns the normalised Scenario, or every problem at once.
 * Pure; `extends` needs files, so it is refused here (use `loadScenario`).
 */
export function parseScenario(text: string): Outcome<Scenario> {
  const parsed = parseSource(text, undefined);
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  const source = parsed.source;
  if (Object.hasOwn(source.raw, 'extends')) {
    const pos = positionOf(source.doc, source.lineCounter, ['extends'], { key: true });
    return { ok: false, diagnostics: [{ code: 'scenario.extends.text', severity: 'error', path: ['extends'], message: 'extends needs a scenario read from a file', ...pos }] };
  }
  return validate(source.raw, (path, key) => locateIn([source], source.raw, path, key));
}

/**
 * Reads a scenario file, follows its `extends` chain (paths relative to the file that names them
 * or absolute,
 * at most MAX_EXTENDS_DEPTH deep, no cycles), merges it, applies `--set` overrides, and validates.
 * Problems in a base file name that file.
 */
export function loadScenario(file: string, read: ReadText, options: { sets?: readonly string[] } = {}): Outcome<Scenario> {
  const chain: Source[] = [];
  const seen: string[] = [];
  let name = file;
  for (;;) {
    const text = read(name);
    if (!text.ok) {
      const child = chain[chain.length - 1];
      if (child === undefined) return { ok: false, diagnostics: [{ code: 'file.read', severity: 'error', path: [], message: text.error, file: name }] };
      return fail(child, `${name}: ${text.error}`, 'scenario.extends.missing');
    }
    const parsed = parseSource(text.text, name);
    if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
    chain.push(parsed.source);
    seen.push(normalize(name));
    const parent = parsed.source.raw['extends'];
    if (parent === undefined) break;
    if (typeof parent !== 'string' || parent.trim() === '') return fail(parsed.source, `expected the path of a base scenario (got ${describe(parent)})`, 'scenario.extends.type', false);
    // relative to the file that names it; an absolute path as it is
    const next = isAbsolute(parent) ? parent : join(dirname(name), parent);
    if (seen.includes(normalize(next))) return fail(parsed.source, `extends cycle: ${[...chain.map((c) => c.file), next].join(' -> ')}`, 'scenario.extends.cycle', false);
    if (chain.length > MAX_EXTENDS_DEPTH) return fail(parsed.source, `extends is nested more than ${MAX_EXTENDS_DEPTH} deep`, 'scenario.extends.depth', false);
    name = next;
  }
  let merged: unknown = {};
  for (const source of [...chain].reverse()) {
    const { extends: _parent, ...own } = source.raw;
    merged = mergeScenario(merged, Object.fromEntries(Object.entries(own)));
  }
  const raw = structuredClone(merged) as Record<string, unknown>;
  const setPaths: (string | number)[][] = [];
  const setProblems: Diagnostic[] = [];
  for (const assignment of options.sets ?? []) {
    const r = applySet(raw, assignment);
    if (r.ok) setPaths.push(r.path);
    else setProblems.push(r.diagnostic);
  }
  if (setProblems.length > 0) return { ok: false, diagnostics: setProblems };
  return validate(raw, (path, key) => {
    if (setPaths.some((p) => p.length <= path.length && p.every((part, k) => path[k] === part))) return { file: '--set' };
    return locateIn(chain, raw, path, key);
  });
}

function fail(source: Source, message: string, code: string, key = true): Outcome<Scenario> {
  const pos = positionOf(source.doc, source.lineCounter, ['extends'], { key });
  return { ok: false, diagnostics: [{ code, severity: 'error', path: ['extends'], message, ...(source.file === undefined ? {} : { file: source.file }), ...pos }] };
}

/** Schema, then cross-field rules; every problem located by `locate`. */
function validate(raw: Record<string, unknown>, locate: Locate): Outcome<Scenario> {
  const at = (d: Diagnostic, key = false): Diagnostic => ({ ...d, ...locate(d.path, key) });
  const parsed = scenarioSchema.safeParse(raw, { error: knownKeysMessage });
  if (!parsed.success) {
    return { ok: false, diagnostics: sortByPosition(parsed.error.issues.flatMap((issue) => toDiagnostics(issue, raw, at))) };
  }
  const ruled = sortByPosition(checkRules(parsed.data).map((d) => at(d)));
  const errors = ruled.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, diagnostics: ruled };
  return { ok: true, value: parsed.data, warnings: ruled };
}

/**
 * zod drops the schema from the issues it returns, so the error map (which still sees it) carries
 * the keys an object accepts in the message of an unrecognized_keys issue, for the "did you mean" hint.
 */
function knownKeysMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  return JSON.stringify(Object.keys(shape ?? {}));
}

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}


type Issue = z.core.$ZodIssue;

/** Turns one zod issue into diagnostics with positions, codes and hints. */
function toDiagnostics(issue: Issue, raw: unknown, at: (d: Diagnostic, key?: boolean) => Diagnostic): Diagnostic[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const here = valueAt(raw, path);
  if (issue.code === 'unrecognized_keys') {
    const known = parseKnownKeys(issue.message);
    return issue.keys.map((key) => {
      const suggestion = known.length > 0 ? closest(key, known) : undefined;
      const near = suggestion !== undefined && distance(key, suggestion) <= Math.max(2, Math.floor(key.length / 3));
      const hint = near ? `did you mean ${suggestion}?` : known.length > 0 ? `expected one of ${known.join(', ')}` : undefined;
      return at({ code: 'scenario.unknown-key', severity: 'error', path: [...path, key], message: `unknown key ${JSON.stringify(key)}`, ...(hint ? { hint } : {}) }, true);
    });
  }
  if (issue.code === 'invalid_union') {
    // Prefer the branch that got furthest: the one whose problems are not a type mismatch at this very path.
    const branches = (issue as { errors: Issue[][] }).errors;
    const mismatch = (i: Issue) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_union' || i.code === 'custom');
    const deeper = branches.find((b) => b.length > 0 && !b.some(mismatch));
    if (deeper) return deeper.flatMap((i) => toDiagnostics({ ...i, path: [...issue.path, ...i.path] } as Issue, raw, at));
  }
  const code = (issue.code === 'custom' && (issue.params as { code?: string } | undefined)?.code) || `scenario.${issue.code.replace(/_/g, '-')}`;
  let message = issue.message;
  if (here === undefined && issue.code === 'invalid_value') message = stripGot(message);
  else if (here === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) message = 'is required';
  else if (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value') message = `${stripGot(message)} (got ${describe(here)})`;
  else if (issue.code === 'too_small' || issue.code === 'too_big') message = `${message} (got ${describe(here)})`;
  if (issue.code === 'invalid_value' && typeof here === 'string') {
    const options = ((issue as { values?: unknown[] }).values ?? []).map(String);
    const suggestion = options.length > 0 ? closest(here, options) : undefined;
    if (suggestion !== undefined && distance(here, suggestion) <= 2) {
      return [at({ code, severity: 'error', path, message, hint: `did you mean ${suggestion}?` })];
    }
  }
  return [at({ code, severity: 'error', path, message })];
}

function parseKnownKeys(message: string): string[] {
  try {
    const keys: unknown = JSON.parse(message);
    return Array.isArray(keys) ? keys.map(String) : [];
  } catch {
    return [];
  }
}

function stripGot(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = raw;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.hasOwn(node, part) ? (node as Record<string | number, unknown>)[part] : undefined;
  }
  return node;
}
