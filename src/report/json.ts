import type { Result } from '../analysis/result.js';

/** The Result as JSON, two-space indented, with a final newline. Byte-identical for equal Results. */
export function renderJson(result: Result): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
