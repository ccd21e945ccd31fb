/** Everything the CLI touches outside itself, so that tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads a UTF-8 text file (`-` for standard input); throws a `UserFacingError` on failure. */
  readonly readText: (path: string) => string;
  /**
   * Opens a file to read its bytes in pieces (merge parts, which may be large): a directory is
   * refused; throws a `UserFacingError` on failure.
   */
  readonly openInput: (path: string) => InputBytes;
  /**
   * Reads a text file as it is at a git revision (`git cat-file blob REV:./PATH`, from the current
   * folder's repository); throws a `UserFacingError` when git, the revision or the file is missing.
   */
  readonly readAtRevision: (revision: string, path: string) => string;
  /** Writes a whole file atomically (temporary file in the same folder, then rename). */
  readonly writeFileAtomic: (path: string, text: string) => void;
  /**
   * Opens FILE for writing in pieces: the pieces go to a temporary file in the same folder, which
   * `commit` renames over FILE; `abort` removes it, so FILE is never left half-written.
   */
  readonly openStream: (path: string) => OutputStream;
  /** Writes a new file; throws a `UserFacingError` if it exists already. */
  readonly writeNewFile: (path: string, text: string) => void;
  /** Same file on disk (to refuse overwriting the input). */
  readonly sameFile: (a: string, b: string) => boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Width of the terminal for charts (80 when standard output is not a terminal). */
  readonly columns: number;
  /** Milliseconds, for the progress bar only (never in a result). */
  readonly now: () => number;
  /** Cores available to this process (the default for --threads). */
  readonly cpus: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM (with an `Interrupted` reason): long runs stop and exit 130/143. */
  readonly signal?: AbortSignal;
  readonly version: string;
}

export interface InputBytes {
  /** Fills the front of `into`; the number of bytes read, 0 at the end. */
  read(into: Uint8Array): number;
  /** The size in bytes, for a regular file. */
  readonly size?: number;
  close(): void;
}

export interface OutputStream {
  write(data: string | Uint8Array): void;
  commit(): void;
  abort(): void;
}

/** An error whose message is already the one line to print (exit code 2). */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Documented exit codes. */
export const EXIT = { ok: 0, assertion: 1, usage: 2, internal: 3, sigint: 130, sigterm: 143 } as const;

/** The reason a run was aborted by a signal. */
export class Interrupted extends Error {
  constructor(readonly exitCode: number) {
    super('interrupted');
  }
}
