import Table from 'cli-table3';
import stringWidth from 'string-width';

/** A column of a table that fits a width. */
export interface FitColumn {
  readonly head: string;
  readonly align: 'left' | 'right';
  /** Cells of this column may be shortened (with …) down to this many characters: labels, never numbers. */
  readonly shrinkTo?: number;
  /** Columns are dropped in rising order of this rank when shortening was not enough; absent: never dropped. */
  readonly dropRank?: number;
}

/**
 * A box table (cli-table3, compact) that fits `width` characters: first the shrinkable columns
 * (labels) are shortened with an ellipsis, then the least useful columns are dropped, in their
 * `dropRank` order; numbers are never cut. Without a width, the table is as wide as it needs. When
 * columns were dropped, a line under the table says which, and how to get them back.
 *
 * @example
 * fitTable([{ head: 'scenario', align: 'left', shrinkTo: 12 }, { head: 'P(ruin)', align: 'right' }], [['a long scenario name', '6.44%']], 30)
 * // a table 30 characters wide with the name shortened to "a long scen…"
 */
export function fitTable(columns: readonly FitColumn[], rows: readonly (readonly string[])[], width: number | undefined, bold: (s: string) => string = (s) => s): string {
  const natural = columns.map((c, k) => Math.max(stringWidth(c.head), ...rows.map((r) => stringWidth(r[k] ?? ''))));
  const total = (keep: readonly number[], widths: readonly number[]) => keep.reduce((n, k) => n + widths[k]! + 3, 1); // "│ x " per column and the last "│"
  let keep = columns.map((_, k) => k);
  const widths = [...natural];
  if (width !== undefined) {
    // shorten labels, as little as needed
    for (const k of keep) {
      const floor = columns[k]!.shrinkTo;
      if (floor === undefined) continue;
      const over = total(keep, widths) - width;
      if (over > 0) widths[k] = Math.max(floor, widths[k]! - over);
    }
    // then drop the least useful columns, one at a time
    const droppable = keep.filter((k) => columns[k]!.dropRank !== undefined).sort((a, b) => columns[a]!.dropRank! - columns[b]!.dropRank!);
    for (const k of droppable) {
      if (total(keep, widths) <= width) break;
      keep = keep.filter((j) => j !== k);
    }
  }
  const table = new Table({ head: keep.map((k) => bold(columns[k]!.head)), style: { head: [], border: [], compact: true }, colAligns: keep.map((k) => columns[k]!.align) });
  for (const r of rows) table.push(keep.map((k) => shorten(r[k] ?? '', widths[k]!)));
  const dropped = columns.filter((_, k) => !keep.includes(k)).map((c) => c.head);
  return dropped.length === 0 ? table.toString() : `${table.toString()}\n(left out to fit ${width} columns: ${dropped.join(', ')}; --width to widen)`;
}

/** `text` cut to `width` characters with an ellipsis, or as it is when it fits. */
function shorten(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(`${out}${ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
}

/** Prose wrapped at spaces to lines of at most `width` characters (a word longer than that stays whole); as it is without a width. */
export function wrap(text: string, width: number | undefined): string {
  if (width === undefined || stringWidth(text) <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && stringWidth(`${line} ${word}`) > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

/** Every line of a report that is not part of a table or chart (box drawing), wrapped to `width`. */
export function wrapProse(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .map((line) => (/^[\s]*[┌│├└]/.test(line) ? line : wrap(line, width)))
    .join('\n');
}
