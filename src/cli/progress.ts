import type { CliIo } from './io.js';

/** What a run reports its progress to: `update(done, planned)` after each block; `finish()` when it ends. */
export interface Progress {
  update(done: number, planned: number): void;
  finish(): void;
}

/**
 * A progress bar on stderr for runs longer than about a second, drawn only when stderr is a
 * terminal (never into a pipe or a log), with the time so far and, once there is a rate to go by,
 * the time left. `finish()` clears the line.
 */
export function progressBar(io: CliIo, label: string): Progress {
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
      const filled = Math.min(width, Math.round((width * done) / planned));
      const elapsed = now - started;
      const left = done > 0 && elapsed >= 2000 && done < planned ? `, about ${duration((elapsed * (planned - done)) / done)} left` : '';
      io.stderr(`\r\x1b[2K${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${planned} blocks ${(elapsed / 1000).toFixed(1)}s${left}`);
    },
    finish() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}

/**
 * One bar for several runs in a row (the scenarios of `check` and `compare`, and their rounds of
 * more paths): each run is a part, and the bar shows the blocks of all parts, against the
 * `estimate` of the whole until the parts plan more (a round of doubled paths).
 */
export function progressTotal(io: CliIo, label: string, estimate: number): { part: () => Progress; finish: () => void } {
  const bar = progressBar(io, label);
  const done: number[] = [];
  const planned: number[] = [];
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    part() {
      const k = done.length;
      done.push(0);
      planned.push(0);
      return {
        update(d, p) {
          done[k] = d;
          planned[k] = p;
          bar.update(sum(done), Math.max(estimate, sum(planned)));
        },
        finish() {},
      };
    },
    finish: () => bar.finish(),
  };
}

/** A duration as a reader wants it: 12s, 3m 05s, 1h 02m. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
