import { closeSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type CliIo, UserFacingError } from './io.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The real process's I/O. */
export function nodeIo(version: string): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readText: (path) => {
      let bytes: Buffer;
      try {
        if (path !== '-' && statSync(path).isDirectory()) throw new UserFacingError(`${path}: is a directory, expected a scenario file`);
        bytes = readFileSync(path === '-' ? 0 : path);
      } catch (e) {
        if (e instanceof UserFacingError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
        throw new UserFacingError(`${path}: cannot read: ${why}`);
      }
      try {
        return decoder.decode(bytes);
      } catch {
        throw new UserFacingError(`${path}: not a UTF-8 text file`);
      }
    },
    writeFileAtomic: (path, text) => {
      const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      try {
        const fd = openSync(temp, 'wx');
        try {
          writeSync(fd, text);
        } finally {
          closeSync(fd);
        }
        renameSync(temp, path);
      } catch (e) {
        rmSync(temp, { force: true });
        throw new UserFacingError(`${path}: cannot write: ${(e as Error).message}`);
      }
    },
    writeNewFile: (path, text) => {
      try {
        writeFileSync(path, text, { flag: 'wx' });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UserFacingError(code === 'EEXIST' ? `${path}: exists already; not overwritten` : `${path}: cannot write: ${(e as Error).message}`);
      }
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
    now: () => performance.now(),
    cpus: availableParallelism(),
    env: process.env,
    version,
  };
}
