/**
 * A problem found in user input. Validation returns every Diagnostic at once; the CLI prints one
 * line each: `file:line:col: field.path: message`.
 */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `scenario.interval.order`. */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** Field path inside the document, e.g. `["costs", 0, "amount"]`. Empty for the whole file. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** The file the problem is in, when it is not the one named by the caller (a base of `extends`, or `--set`). */
  readonly file?: string;
  /** 1-based line and column in the source, when the input has them. */
  readonly line?: number;
  readonly col?: number;
  readonly hint?: string;
}

/** `costs[0].amount` for `["costs", 0, "amount"]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part) || part.startsWith('--')) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** One line: `file:line:col: path: message (hint)`. */
export function formatDiagnostic(d: Diagnostic, file: string): string {
  const source = d.file ?? file;
  const where = d.line === undefined ? source : `${source}:${d.line}:${d.col ?? 1}`;
  const path = d.path.length > 0 ? `${formatPath(d.path)}: ` : '';
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  const hint = d.hint === undefined ? '' : ` (${d.hint})`;
  return `${where}: ${prefix}${path}${d.message}${hint}`;
}

export type Outcome<T> = { ok: true; value: T; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };
