#!/usr/bin/env node
// Runs the command line from its bundle, dist/bundle/main.cjs, compiled with V8's code cache
// (dist/bundle/main.cache) when there is one that fits this Node.js: start-up then skips parsing
// and compiling 1.5 MB of JavaScript (see scripts/bundle.mjs, which makes both, and
// src/cli/cached-bundle.ts). CommonJS (bin/package.json), so that Node.js does not start its ES
// module loader for it.
'use strict';
const { availableParallelism } = require('node:os');
const { join } = require('node:path');
const { Worker } = require('node:worker_threads');

// A command that may simulate on several threads gets its first worker now, so that the worker's
// own start-up (~0.1 s) overlaps the command line's; src/engine/pool.ts adopts it from this
// registry. It is unreferenced until adopted: a command that ends without it (a bad scenario,
// --help, a run too small for two threads) is not kept alive by it.
const SIMULATING = new Set(['simulate', 'check', 'compare', 'sensitivity', 'solve']);
const args = process.argv.slice(2);
// as src/cli/program.ts decides it
const debug = args.includes('--debug') || Boolean(process.env.RUNWAY_DEBUG);
const oneThread = args.some((a, k) => a === '--threads=1' || (a === '--threads' && args[k + 1] === '1'));
if (!debug && SIMULATING.has(args[0]) && !oneThread && !args.includes('--help') && availableParallelism() > 1) {
  const worker = new Worker(join(__dirname, '../dist/bundle/worker.js'));
  const early = [worker];
  const drop = () => early.splice(early.indexOf(worker) >>> 0, 1);
  worker.on('error', drop).on('exit', drop).unref();
  globalThis[Symbol.for('runway.early-workers')] = early;
}

if (debug) {
  // the bundle is minified: for an internal error's stack with the real function names, files
  // and lines, --debug runs the modules tsc wrote in dist/ (and their workers, dist/engine/worker.js)
  import('../dist/cli/cli.js').then((cli) => cli.main()).then((code) => {
    process.exitCode = code;
  });
  return;
}
const { runCachedBundle, writingCodeCache } = require('../dist/bundle/cached-bundle.js');
const bundle = runCachedBundle(join(__dirname, '../dist/bundle/main.cjs'));
bundle.exports.main().then((code) => {
  process.exitCode = code;
  if (writingCodeCache()) {
    try {
      bundle.writeCache();
    } catch (e) {
      process.stderr.write(`runway: cannot write the code cache: ${e.message}\n`);
      process.exitCode ||= 1;
    }
  }
});
