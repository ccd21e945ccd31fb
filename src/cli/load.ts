import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { type Diagnostic, formatDiagnostic } from '../util/diagnostic.js';
import { type CliIo, EXIT, UserFacingError } from './io.js';

/** Prints diagnostics, one line each, errors and warnings alike, to stderr. */
export function printDiagnostics(io: CliIo, file: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d, file)}\n`);
}

/**
 * Reads and validates a scenario file (following `extends`, applying `--set` overrides), printing
 * every problem; exit code 2 when there are any. With a git `revision`, the file and the files it
 * extends are read as they are at that revision (and named FILE@REVISION).
 */
export function loadScenarioFile(io: CliIo, file: string, sets: readonly string[] = [], revision?: string): { ok: true; value: Scenario } | { ok: false; exitCode: number } {
  const name = file === '-' ? '<stdin>' : file;
  const read = (path: string) => {
    const source = path === '<stdin>' ? '-' : path;
    const prefix = revision === undefined ? `${source}: ` : `${source}@${revision}: `;
    try {
      return { ok: true as const, text: revision === undefined ? io.readText(source) : io.readAtRevision(revision, source) };
    } catch (e) {
      if (!(e instanceof UserFacingError)) throw e;
      return { ok: false as const, error: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message };
    }
  };
  const outcome = loadScenario(name, read, { sets });
  const shown = revision === undefined ? name : `${name}@${revision}`;
  const named = (ds: readonly Diagnostic[]) => (revision === undefined ? ds : ds.map((d) => ({ ...d, file: d.file === undefined || d.file === name ? shown : `${d.file}@${revision}` })));
  if (!outcome.ok) {
    printDiagnostics(io, shown, named(outcome.diagnostics));
    return { ok: false, exitCode: EXIT.usage };
  }
  printDiagnostics(io, shown, named(outcome.warnings));
  return { ok: true, value: outcome.value };
}

/**
 * Checks scenario text that is not on disk yet (`runway fit --extends`): as if it were the file
 * `name`, whose `extends` chain is read from disk. Prints every problem; exit code 2 when there are any.
 */
export function checkScenarioText(io: CliIo, name: string, text: string): { ok: true; value: Scenario } | { ok: false; exitCode: number } {
  const outcome = loadScenario(name, (path) => {
    if (path === name) return { ok: true, text };
    try {
      return { ok: true, text: io.readText(path) };
    } catch (e) {
      if (!(e instanceof UserFacingError)) throw e;
      return { ok: false, error: e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message };
    }
  });
  if (!outcome.ok) {
    printDiagnostics(io, name, outcome.diagnostics);
    return { ok: false, exitCode: EXIT.usage };
  }
  printDiagnostics(io, name, outcome.warnings);
  return { ok: true, value: outcome.value };
}
