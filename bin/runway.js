#!/usr/bin/env node
// Runs the command line from its bundle, dist/bundle/main.cjs, compiled with V8's code cache
// (dist/bundle/main.cache) when there is one that fits this Node.js: start-up then skips parsing
// and compiling 1.5 MB of JavaScript (see scripts/bundle.mjs, which makes both).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { Worker } from 'node:worker_threads';

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

const file = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));
const cacheFile = file.replace(/\.cjs$/, '.cache');
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache: compile as usual
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
process.exitCode = await module.exports.main();
if (process.env.RUNWAY_WRITE_CODE_CACHE === '1') {
  try {
    writeFileSync(cacheFile, script.createCachedData());
  } catch (e) {
    process.stderr.write(`runway: cannot write the code cache ${cacheFile}: ${e.message}\n`);
    process.exitCode ||= 1;
  }
}
