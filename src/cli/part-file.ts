import { encodePart } from '../run/part-format.js';
import type { Part } from '../run/part.js';
import type { CliIo } from './io.js';

/** Writes a part file atomically: every byte to a temporary file beside it, then renamed into place. */
export function writePart(io: CliIo, path: string, part: Part): void {
  const out = io.openStream(path);
  try {
    for (const piece of encodePart(part)) out.write(piece);
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}
