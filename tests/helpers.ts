import { runInThread } from '../src/run/run.js';
import type { Result } from '../src/analysis/result.js';
import type { CliIo, InputBytes } from '../src/cli/io.js';
import { UserFacingError } from '../src/cli/io.js';
import { run } from '../src/cli/program.js';
import { parseScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';
import { formatDiagnostic } from '../src/util/diagnostic.js';
import { readFileSync } from 'node:fs';

/** Parses scenario text, failing the test with the diagnostics when it is invalid. */
export function scenario(text: string): Scenario {
  const outcome = parseScenario(text);
  if (!outcome.ok) throw new Error(outcome.diagnostics.map((d) => formatDiagnostic(d, 'test.yaml')).join('\n'));
  return outcome.value;
}

/** The diagnostics of invalid scenario text, formatted as the CLI prints them. */
export function problems(text: string): string[] {
  const outcome = parseScenario(text);
  if (outcome.ok) return [];
  return outcome.diagnostics.map((d) => formatDiagnostic(d, 'x.yaml'));
}

export function simulateText(text: string): Result {
  return runInThread(scenario(text), 'test');
}

/** P(ruin by date) from a result. */
export function ruinBy(result: Result, date: string): number {
  const row = result.ruin.byDate.find((r) => r.date === date);
  if (!row) throw new Error(`no report date ${date}`);
  return row.probability;
}

export function cashOn(result: Result, date: string) {
  const row = result.cash.find((r) => r.date === date);
  if (!row) throw new Error(`no cash checkpoint ${date}`);
  return row;
}

/** A byte source over bytes in memory, read in pieces of at most `piece` bytes (as a pipe would give them). */
export function bytesInput(bytes: Uint8Array, piece = 65_536, size: number | undefined = bytes.length): InputBytes {
  let at = 0;
  return {
    ...(size === undefined ? {} : { size }),
    read: (into) => {
      const n = Math.min(into.length, piece, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
    close: () => undefined,
  };
}

/** An in-memory CLI environment over a map of files (text, or bytes for parts); binary outputs land in `bytes`. */
export function memoryIo(files: Record<string, string | Uint8Array> = {}, options: { tty?: boolean; stderrTty?: boolean; now?: () => number; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const bytes: Record<string, Uint8Array> = {};
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readText: (path) => {
      const file = files[path];
      if (file !== undefined) return typeof file === 'string' ? file : Buffer.from(file).toString('utf8');
      try {
        return readFileSync(path, 'utf8');
      } catch {
        throw new UserFacingError(`${path}: cannot read: no such file`);
      }
    },
    writeFileAtomic: (path, text) => {
      written[path] = text;
    },
    readAtRevision: (revision, path) => {
      const key = `${path}@${revision}`;
      const file = files[key];
      if (file === undefined) throw new UserFacingError(`${key}: cannot read: path '${path}' does not exist in '${revision}'`);
      return typeof file === 'string' ? file : Buffer.from(file).toString('utf8');
    },
    openInput: (path) => {
      const file = files[path] ?? bytes[path] ?? written[path];
      if (file !== undefined) return bytesInput(typeof file === 'string' ? Buffer.from(file) : file);
      try {
        return bytesInput(readFileSync(path));
      } catch {
        throw new UserFacingError(`${path}: cannot read: no such file`);
      }
    },
    openStream: (path) => {
      const pieces: (string | Uint8Array)[] = [];
      return {
        write: (data) => void pieces.push(typeof data === 'string' ? data : data.slice()),
        commit: () => {
          if (pieces.every((p) => typeof p === 'string')) written[path] = pieces.join('');
          else bytes[path] = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
        },
        abort: () => void pieces.splice(0),
      };
    },
    writeNewFile: (path, text) => {
      if (path in files || path in written) throw new UserFacingError(`${path}: exists already; not overwritten`);
      written[path] = text;
    },
    sameFile: (a, b) => a === b,
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.stderrTty ?? false,
    columns: 80,
    now: options.now ?? (() => 0),
    cpus: 1,
    env: options.env ?? {},
    version: '0.0.0-test',
  };
  return {
    io,
    written,
    bytes,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    run: (argv: string[]) => run(argv, io),
  };
}
