import { ACTUALS_PERIODS, type Actuals, type ActualsPeriod, parseActuals } from '../scenario/actuals.js';
import { type CliIo, EXIT, UserFacingError } from './io.js';
import { printDiagnostics } from './load.js';

/**
 * Reads an actuals CSV (`-` for standard input) for `fit` and `backtest`, printing every problem
 * and every warning (gaps, empty cells) as `file:line:column: …`; exit code 2 on a problem.
 */
export function loadActualsFile(io: CliIo, command: string, file: string, periodText: string | undefined): { ok: true; value: Actuals } | { ok: false; exitCode: number } {
  const name = file === '-' ? '<stdin>' : file;
  if (periodText !== undefined && !(ACTUALS_PERIODS as readonly string[]).includes(periodText)) {
    io.stderr(`${command}: --period: expected one of ${ACTUALS_PERIODS.join(', ')} (got ${periodText})\n`);
    return { ok: false, exitCode: EXIT.usage };
  }
  let text: string;
  try {
    text = io.readText(file);
  } catch (e) {
    if (!(e instanceof UserFacingError)) throw e;
    io.stderr(`${e.message}\n`);
    return { ok: false, exitCode: e.exitCode };
  }
  const parsed = parseActuals(name, text, periodText as ActualsPeriod | undefined);
  if (!parsed.ok) {
    printDiagnostics(io, name, parsed.diagnostics);
    return { ok: false, exitCode: EXIT.usage };
  }
  printDiagnostics(io, name, parsed.value.warnings);
  return { ok: true, value: parsed.value };
}
