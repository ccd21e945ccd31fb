import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * A CommonJS bundle compiled with V8's code cache, and the means to write that cache.
 * `exports` is the bundle's `module.exports`.
 */
export interface CachedBundle {
  readonly exports: Record<string, unknown>;
  /** Writes the code cache beside the bundle (X.cjs → X.cache), by a temporary file and a rename. */
  writeCache(): void;
}

/**
 * Runs the CommonJS bundle `file` (dist/bundle/main.cjs, dist/bundle/worker.cjs) in this thread,
 * compiled with its code cache X.cache when there is one that fits this Node.js. Node.js 20 has
 * no code cache for ES modules (`module.enableCompileCache` came in 22), so the bundles are
 * CommonJS, wrapped as Node.js wraps a module. The cache holds the bytecode of every function
 * compiled before it was written, so V8 neither parses nor compiles them again; a cache made by
 * another Node.js version or with other V8 flags is rejected, and the bundle compiles as usual.
 */
export function runCachedBundle(file: string): CachedBundle {
  const cacheFile = file.replace(/\.cjs$/, '.cache');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compile as usual
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    writeCache() {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    },
  };
}

/** Whether this process makes the code caches (`npm run build` sets it for one command). */
export function writingCodeCache(): boolean {
  return process.env.RUNWAY_WRITE_CODE_CACHE === '1';
}
