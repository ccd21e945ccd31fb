import type { Result } from '../analysis/result.js';
import { type FormatName, RENDERERS } from '../report/index.js';
import type { CliIo } from './io.js';

/** Colour only for a table going to a terminal, and never with NO_COLOR. */
export function useColor(io: CliIo, format: string, out: string | undefined): boolean {
  return format === 'table' && out === undefined && io.stdoutIsTTY && !io.env['NO_COLOR'];
}

/** Writes a report to `--out` (atomically) or to standard output. */
export function emit(io: CliIo, text: string, out: string | undefined): void {
  if (out !== undefined) io.writeFileAtomic(out, text);
  else io.stdout(text);
}

/** Renders a Result in `format` (tables with charts unless `chart` is false) and emits it. */
export function emitResult(io: CliIo, result: Result, format: FormatName, out: string | undefined, chart = true): void {
  const options = { color: useColor(io, format, out), ...(chart ? { chartWidth: out === undefined ? io.columns : 80 } : {}) };
  emit(io, RENDERERS[format](result, options), out);
}
