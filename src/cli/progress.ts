import type { CliIo } from './io.js';

/**
 * A progress bar on stderr for runs longer than about a second, drawn only when stderr is a
 * terminal (never into a pipe or a log). `update(done, planned)` after each block; `finish()`
 * clears the line.
 */
export function progressBar(io: CliIo, label: string): { update: (done: number, planned: number) => void; finish: () => void } {
  const started = io.now();
  let shown = false;
  let lastDraw = 0;
  const width = 30;
  return {
    update(done, planned) {
      if (!io.stderrIsTTY) return;
      const now = io.now();
      if (now - started < 1000 || (now - lastDraw < 100 && done < planned)) return;
      lastDraw = now;
      shown = true;
      const filled = Math.round((width * done) / planned);
      const seconds = ((now - started) / 1000).toFixed(1);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${planned} blocks ${seconds}s`);
    },
    finish() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
