import { parseScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { type Diagnostic, formatDiagnostic } from '../util/diagnostic.js';
import { type CliIo, EXIT, UserFacingError } from './io.js';

/** Prints diagnostics, one line each, errors and warnings alike, to stderr. */
export function printDiagnostics(io: CliIo, file: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d, file)}\n`);
}

/** Reads and validates a scenario file, printing every problem; exit code 2 when there are any. */
export function loadScenarioFile(io: CliIo, file: string): { ok: true; value: Scenario } | { ok: false; exitCode: number } {
  let text: string;
  try {
    text = io.readText(file);
  } catch (e) {
    if (!(e instanceof UserFacingError)) throw e;
    io.stderr(`${e.message}\n`);
    return { ok: false, exitCode: e.exitCode };
  }
  const name = file === '-' ? '<stdin>' : file;
  const outcome = parseScenario(text);
  if (!outcome.ok) {
    printDiagnostics(io, name, outcome.diagnostics);
    return { ok: false, exitCode: EXIT.usage };
  }
  printDiagnostics(io, name, outcome.warnings);
  return { ok: true, value: outcome.value };
}
