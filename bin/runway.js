#!/usr/bin/env node
// Runs the command line from its bundle, dist/bundle/main.cjs, compiled with V8's code cache
// (dist/bundle/main.cache) when there is one that fits this Node.js: start-up then skips parsing
// and compiling 1.5 MB of JavaScript (see scripts/bundle.mjs, which makes both, and
// src/cli/cached-bundle.ts).
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runCachedBundle, writingCodeCache } from '../dist/cli/cached-bundle.js';

// A command that may simulate on several threads gets its first worker now, so that the worker's
// own start-up (~0.1 s) overlaps the command line's; src/engine/pool.ts adopts it from this
// registry. It is unreferenced until adopted: a command that ends without it (a bad scenario,
// --help, a run too small for two threads) is not kept alive by it.
const SIMULATING = new Set(['simulate', 'check', 'compare', 'sensitivity', 'solve']);
const args = process.argv.slice(2);
const oneThread = args.some((a, k) => a === '--threads=1' || (a === '--threads' && args[k + 1] === '1'));
if (SIMULATING.has(args[0]) && !oneThread && !args.includes('--help') && availableParallelism() > 1) {
  const worker = new Worker(new URL('../dist/bundle/worker.js', import.meta.url));
  const early = [worker];
  const drop = () => early.splice(early.indexOf(worker) >>> 0, 1);
  worker.on('error', drop).on('exit', drop).unref();
  globalThis[Symbol.for('runway.early-workers')] = early;
}

const bundle = runCachedBundle(fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url)));
process.exitCode = await bundle.exports.main();
if (writingCodeCache()) {
  try {
    bundle.writeCache();
  } catch (e) {
    process.stderr.write(`runway: cannot write the code cache: ${e.message}\n`);
    process.exitCode ||= 1;
  }
}
