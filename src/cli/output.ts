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

/** The columns a report fits: --width, else the terminal's (80 into a pipe or a file). */
export function widthFor(io: CliIo, out: string | undefined, width: number | undefined): number {
  return width ?? (out === undefined ? io.columns : 80);
}

/** Renders a Result in `format` (tables fitted to the width, with charts unless `chart` is false) and emits it. */
export function emitResult(io: CliIo, result: Result, format: FormatName, out: string | undefined, chart = true, width?: number): void {
  const columns = widthFor(io, out, width);
  const options = { color: useColor(io, format, out), width: columns, ...(chart ? { chartWidth: columns } : {}) };
  emit(io, RENDERERS[format](result, options), out);
}
