import { closest, distance } from 'fastest-levenshtein';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic, Outcome } from '../util/diagnostic.js';
import { positionOf } from './positions.js';
import { describe } from './quantity.js';
import { checkRules } from './rules.js';
import { type Scenario, scenarioSchema } from './schema.js';

/**
 * Parses and validates scenario text (YAML, or JSON, which is read by the same parser so that both
 * carry line:column positions). Returns the normalised Scenario, or every problem at once.
 * Pure: reading the file is the caller's business.
 */
export function parseScenario(text: string): Outcome<Scenario> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const syntax: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    syntax.push({ code: `yaml.${e.code.toLowerCase()}`, severity: 'error', path: [], message: firstLine(e.message), ...(pos ? { line: pos.line, col: pos.col } : {}) });
  }
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    const pos = lineCounter.linePos(w.pos[0]);
    syntax.push({ code: 'yaml.tag', severity: 'error', path: [], message: `${firstLine(w.message)}; custom tags are not allowed`, ...(pos ? { line: pos.line, col: pos.col } : {}) });
  }
  if (syntax.length > 0) return { ok: false, diagnostics: syntax };
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (raw === null || raw === undefined) {
    return { ok: false, diagnostics: [{ code: 'scenario.empty', severity: 'error', path: [], message: 'the scenario is empty' }] };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, diagnostics: [{ code: 'scenario.type', severity: 'error', path: [], message: `expected a mapping of scenario fields (got ${describe(raw)})`, line: 1, col: 1 }] };
  }
  const parsed = scenarioSchema.safeParse(raw, { error: knownKeysMessage });
  if (!parsed.success) {
    return { ok: false, diagnostics: sortByPosition(parsed.error.issues.flatMap((issue) => toDiagnostics(issue, raw, doc, lineCounter))) };
  }
  const ruled = sortByPosition(checkRules(parsed.data).map((d) => locate(d, doc, lineCounter)));
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

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function locate(d: Diagnostic, doc: Document, lineCounter: LineCounter, key = false): Diagnostic {
  const pos = positionOf(doc, lineCounter, d.path, { key });
  return pos ? { ...d, line: pos.line, col: pos.col } : d;
}

type Issue = z.core.$ZodIssue;

/** Turns one zod issue into diagnostics with positions, codes and hints. */
function toDiagnostics(issue: Issue, raw: unknown, doc: Document, lineCounter: LineCounter): Diagnostic[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const here = valueAt(raw, path);
  if (issue.code === 'unrecognized_keys') {
    const known = parseKnownKeys(issue.message);
    return issue.keys.map((key) => {
      const suggestion = known.length > 0 ? closest(key, known) : undefined;
      const near = suggestion !== undefined && distance(key, suggestion) <= Math.max(2, Math.floor(key.length / 3));
      const hint = near ? `did you mean ${suggestion}?` : known.length > 0 ? `expected one of ${known.join(', ')}` : undefined;
      return locate({ code: 'scenario.unknown-key', severity: 'error', path: [...path, key], message: `unknown key ${JSON.stringify(key)}`, ...(hint ? { hint } : {}) }, doc, lineCounter, true);
    });
  }
  if (issue.code === 'invalid_union') {
    // Prefer the branch that got furthest: the one whose problems are not a type mismatch at this very path.
    const branches = (issue as { errors: Issue[][] }).errors;
    const deeper = branches.find((b) => b.length > 0 && b.every((i) => !(i.code === 'invalid_type' && i.path.length === 0) && !(i.code === 'invalid_union' && i.path.length === 0)));
    if (deeper) return deeper.flatMap((i) => toDiagnostics({ ...i, path: [...issue.path, ...i.path] } as Issue, raw, doc, lineCounter));
  }
  const code = (issue.code === 'custom' && (issue.params as { code?: string } | undefined)?.code) || `scenario.${issue.code.replace(/_/g, '-')}`;
  let message = issue.message;
  if (here === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) message = 'is required';
  else if (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value') message = `${stripGot(message)} (got ${describe(here)})`;
  else if (issue.code === 'too_small' || issue.code === 'too_big') message = `${message} (got ${describe(here)})`;
  if (issue.code === 'invalid_value' && typeof here === 'string') {
    const options = ((issue as { values?: unknown[] }).values ?? []).map(String);
    const suggestion = options.length > 0 ? closest(here, options) : undefined;
    if (suggestion !== undefined && distance(here, suggestion) <= 2) {
      return [locate({ code, severity: 'error', path, message, hint: `did you mean ${suggestion}?` }, doc, lineCounter)];
    }
  }
  return [locate({ code, severity: 'error', path, message }, doc, lineCounter)];
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
