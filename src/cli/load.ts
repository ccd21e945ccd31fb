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
 * every problem; exit code 2 when there are any.
 */
export function loadScenarioFile(io: CliIo, file: string, sets: readonly string[] = []): { ok: true; value: Scenario } | { ok: false; exitCode: number } {
  const name = file === '-' ? '<stdin>' : file;
  const read = (path: string) => {
    const source = path === '<stdin>' ? '-' : path;
    try {
      return { ok: true as const, text: io.readText(source) };
    } catch (e) {
      if (!(e instanceof UserFacingError)) throw e;
      return { ok: false as const, error: e.message.startsWith(`${source}: `) ? e.message.slice(source.length + 2) : e.message };
    }
  };
  const outcome = loadScenario(name, read, { sets });
  if (!outcome.ok) {
    printDiagnostics(io, name, outcome.diagnostics);
    return { ok: false, exitCode: EXIT.usage };
  }
  printDiagnostics(io, name, outcome.warnings);
  return { ok: true, value: outcome.value };
}
