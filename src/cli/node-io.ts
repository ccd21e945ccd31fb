import { closeSync, constants, fstatSync, fsyncSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type CliIo, type InputBytes, type OutputStream, UserFacingError } from './io.js';
import { firstBadByte } from './utf8.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Scenario files (and standard input) larger than this are refused before they are read whole. */
export const MAX_SCENARIO_BYTES = 1_048_576;

/**
 * How to write an output file: a path that exists and is not a regular file (a device such as
 * /dev/null or /dev/stdout on a terminal, a pipe such as bash's `>(jq .)`) is written directly,
 * since a temporary file renamed over it would replace the device or the pipe; anything else is
 * written to a temporary file beside its real path and renamed into place (so a symbolic link stays
 * a link, and the file is never seen half-written).
 */
function outputTarget(path: string): { readonly direct: boolean; readonly path: string } {
  try {
    if (!statSync(path).isFile()) return { direct: true, path };
  } catch {
    return { direct: false, path }; // not there yet
  }
  try {
    return { direct: false, path: realpathSync(path) };
  } catch {
    return { direct: false, path };
  }
}

/**
 * Writes every byte of `text` to `fd`, going on after a short write (a full disk returns one before
 * it fails), and throws the system's error (ENOSPC, EPIPE, EIO …) rather than stopping early.
 */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let at = 0; at < bytes.length; ) {
    let n: number;
    try {
      n = writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue; // a non-blocking pipe that is full: try again
      throw e;
    }
    if (n <= 0) throw Object.assign(new Error('no space left on device (a write made no progress)'), { code: 'ENOSPC' });
    at += n;
  }
}

/** The system's reason for a failed write, as a user reads it. */
function writeFailure(path: string, e: unknown): UserFacingError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' ? 'no space left on the device' : code === 'EPIPE' ? 'the reader closed the pipe' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'EDQUOT' ? 'disk quota exceeded' : (e as Error).message;
  return new UserFacingError(`${path}: cannot write: ${why}${code === 'ENOSPC' || code === 'EDQUOT' ? ' (nothing was replaced)' : ''}`);
}

/** Makes a written file durable before it is renamed into place (a device or pipe cannot be synced, and need not be). */
function syncFile(fd: number): void {
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP') throw e;
  }
}

function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Reads what is there into `into` (0 at the end), waiting for a pipe's data without spinning. */
function readSome(fd: number, into: Uint8Array): number {
  for (;;) {
    try {
      return readSync(fd, into, 0, into.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 5); // a pipe with no data yet: wait 5 ms and read again
        continue;
      }
      if (code === 'EOF') return 0;
      throw e;
    }
  }
}

/**
 * Reads a descriptor to its end, up to the size limit (refusing more as soon as it is passed, so
 * /dev/zero costs a mebibyte, not the memory), waiting for a pipe's data without spinning.
 */
function readLimited(fd: number, name: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(65_536);
  for (;;) {
    const n = readSome(fd, chunk);
    if (n === 0) break;
    total += n;
    if (total > MAX_SCENARIO_BYTES) throw new UserFacingError(`${name}: too large (more than ${MAX_SCENARIO_BYTES} bytes; input files are limited to ${MAX_SCENARIO_BYTES})`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/**
 * Runs a synchronous read with the default actions of SIGINT and SIGTERM, so that Ctrl-C ends a
 * read that waits on a slow pipe at once (exit 130 or 143; nothing is being written then). The
 * run's own handlers, which need the event loop, are put back afterwards.
 */
function withDefaultSignals<T>(read: () => T): T {
  const saved = (['SIGINT', 'SIGTERM'] as const).map((signal) => ({ signal, listeners: process.rawListeners(signal) as ((...args: unknown[]) => void)[] }));
  for (const { signal } of saved) process.removeAllListeners(signal);
  try {
    return read();
  } finally {
    for (const { signal, listeners } of saved) for (const l of listeners) process.on(signal, l);
  }
}

/**
 * The one reader of input files (scenarios, `extends` bases, merge parts, standard input): a
 * directory is refused; a regular file larger than the limit is refused by its size before it is
 * read; anything else (a device such as /dev/zero, a FIFO, a pipe from `<(…)`) is read up to the
 * limit and refused beyond it. A FIFO is opened without waiting for a writer (none: it reads as
 * empty), and Ctrl-C works while it waits for data.
 */
function readInput(path: string): Buffer {
  if (path === '-') return withDefaultSignals(() => readLimited(0, path));
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UserFacingError(`${path}: is a directory, expected a file`);
    if (stat.isFile() && stat.size > MAX_SCENARIO_BYTES) throw new UserFacingError(`${path}: too large (${stat.size} bytes; input files are limited to ${MAX_SCENARIO_BYTES})`);
    return withDefaultSignals(() => readLimited(fd, path));
  } finally {
    closeSync(fd);
  }
}

/** The system's reason for a failed read, as a user reads it. */
function readFailure(path: string, e: unknown): UserFacingError {
  if (e instanceof UserFacingError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
  return new UserFacingError(`${path}: cannot read: ${why}`);
}

/**
 * Opens an input to read in pieces, of any size (merge parts): a directory is refused; a FIFO is
 * opened without waiting for a writer, and Ctrl-C works while a read waits for data.
 */
function openInput(path: string): InputBytes {
  let fd: number;
  let size: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw readFailure(path, e);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UserFacingError(`${path}: is a directory, expected a file`);
    if (stat.isFile()) size = stat.size;
  } catch (e) {
    closeSync(fd);
    throw readFailure(path, e);
  }
  return {
    ...(size === undefined ? {} : { size }),
    read: (into) => {
      try {
        return withDefaultSignals(() => readSome(fd, into));
      } catch (e) {
        throw readFailure(path, e);
      }
    },
    close: () => closeSync(fd),
  };
}

/**
 * Opens an output for writing in pieces (`OutputStream`). A device or a pipe is written directly;
 * anything else goes, every byte of it, to a temporary file beside the target, which `commit`
 * syncs and renames over it: a full disk or any error leaves the target as it was and no temporary
 * file behind.
 */
function openOutput(path: string): OutputStream {
  const target = outputTarget(path);
  const temp = target.direct ? undefined : temporaryBeside(target.path);
  let fd: number;
  try {
    fd = openSync(temp ?? path, temp === undefined ? 'w' : 'wx');
  } catch (e) {
    throw writeFailure(path, e);
  }
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const discard = () => {
    close();
    if (temp !== undefined) rmSync(temp, { force: true });
  };
  return {
    write: (data) => {
      if (!open) throw new UserFacingError(`${path}: cannot write: closed after an earlier failure`);
      try {
        writeAll(fd, data);
      } catch (e) {
        discard();
        throw writeFailure(path, e);
      }
    },
    commit: () => {
      if (!open) throw new UserFacingError(`${path}: cannot write: closed after an earlier failure`);
      try {
        if (temp !== undefined) syncFile(fd);
        close();
        if (temp !== undefined) renameSync(temp, target.path);
      } catch (e) {
        discard();
        throw writeFailure(path, e);
      }
    },
    abort: discard,
  };
}

/**
 * A file at a git revision, through `git cat-file` (no pager, no filters): bounded like a scenario
 * file, and every failure one line naming the file and the revision.
 */
function readAtRevision(revision: string, path: string): string {
  const name = `${path}@${revision}`;
  if (revision.startsWith('-') || /\s|:/.test(revision)) throw new UserFacingError(`${name}: not a git revision`);
  const inRepo = relative(process.cwd(), resolve(path));
  if (inRepo.startsWith('..')) throw new UserFacingError(`${name}: outside the current folder's repository`);
  const r = spawnSync('git', ['cat-file', 'blob', `${revision}:./${inRepo}`], { encoding: 'utf8', maxBuffer: MAX_SCENARIO_BYTES, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error !== undefined) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new UserFacingError(code === 'ENOENT' ? `${name}: cannot read: git is not installed` : code === 'ENOBUFS' ? `${name}: too large (input files are limited to ${MAX_SCENARIO_BYTES} bytes)` : `${name}: cannot read: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const why = r.stderr.split('\n')[0]!.replace(/^fatal: /, '');
    throw new UserFacingError(`${name}: cannot read: ${why || `git exited with ${r.status}`}`);
  }
  return r.stdout;
}

/** The real process's I/O. */
export function nodeIo(version: string): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readText: (path) => {
      let bytes: Buffer;
      try {
        bytes = readInput(path);
      } catch (e) {
        throw readFailure(path, e);
      }
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new UserFacingError(`${path}: is UTF-16 text; save it as UTF-8`);
      const bad = firstBadByte(bytes);
      if (bad >= 0) {
        const what = bytes[bad] === 0 ? 'a NUL byte' : `byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}`;
        throw new UserFacingError(`${path}: not a UTF-8 text file (${what} at offset ${bad})`);
      }
      return decoder.decode(bytes).replace(/^\uFEFF/, '');
    },
    openInput,
    readAtRevision,
    writeFileAtomic: (path, text) => {
      const out = openOutput(path);
      out.write(text); // a failed write has already closed the output and removed its temporary file
      out.commit();
    },
    openStream: openOutput,
    writeNewFile: (path, text) => {
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw code === 'EEXIST' ? new UserFacingError(`${path}: exists already; not overwritten`) : writeFailure(path, e);
      }
      try {
        writeAll(fd, text);
        syncFile(fd);
      } catch (e) {
        closeSync(fd);
        rmSync(path, { force: true }); // a new file cut short is not left behind
        throw writeFailure(path, e);
      }
      closeSync(fd);
    },
    sameFile: (a, b) => {
      try {
        return realpathSync(a) === realpathSync(b);
      } catch {
        return false;
      }
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.isTTY === true && process.stdout.columns > 0 ? process.stdout.columns : 80,
    now: () => performance.now(),
    cpus: availableParallelism(),
    env: process.env,
    version,
  };
}
