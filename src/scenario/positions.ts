import { type Document, type LineCounter, isMap, isPair, isScalar } from 'yaml';

export interface SourcePosition {
  readonly line: number;
  readonly col: number;
}

/**
 * Maps a field path to a line:column in the parsed YAML/JSON document. For a path that does not
 * exist (a missing required key) it falls back to the nearest existing parent; with `key: true`
 * it points at the key of the last segment rather than its value (for unknown keys).
 */
export function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
  options: { key?: boolean } = {},
): SourcePosition | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (options.key === true && depth === path.length && depth > 0) {
      const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const last = prefix[prefix.length - 1];
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === last);
        const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
        if (range) return lineCounter.linePos(range[0]);
      }
      continue;
    }
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]);
  }
  return undefined;
}
