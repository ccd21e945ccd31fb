#!/usr/bin/env node
// The installed command: the program built into dist/runway.cjs (`npm run build`), compiled with
// V8's code cache dist/runway.cache when there is one that fits this Node.js (the build writes it
// after running two commands, so it holds the functions a command compiles): start-up then skips
// parsing and compiling most of the program (about a fifth of a `validate`, a tenth of a
// `simulate` of the OpenAI scenario, measured in paired runs; the program is minified, which
// saves another ~10% of a `validate`). A cache made by another Node.js
// version or with other V8 flags is rejected, and the program compiles as usual. With --debug (or
// RUNWAY_DEBUG), the same file is loaded by require() without the cache, so that stack traces of
// internal errors name the TypeScript sources (Node.js applies source maps only to what it loads).
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const PROGRAM = join(__dirname, '../dist/runway.cjs');
const CACHE = join(__dirname, '../dist/runway.cache');

/** Runs dist/runway.cjs as Node.js runs a CommonJS module, with the code cache; its exports and script. */
function load() {
  let cachedData;
  try {
    cachedData = readFileSync(CACHE);
  } catch {
    // no cache: compile as usual
  }
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(PROGRAM, 'utf8')}\n})`;
  const script = new Script(source, { filename: PROGRAM, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(PROGRAM), module, PROGRAM, join(__dirname, '../dist'));
  return { exports: module.exports, script, cache: CACHE };
}

if (require.main === module) {
  const debug = process.argv.includes('--debug') || Boolean(process.env.RUNWAY_DEBUG);
  if (debug) process.setSourceMapsEnabled(true);
  const program = debug ? require(PROGRAM) : load().exports;
  program.main().then((code) => {
    process.exitCode = code;
  });
}

module.exports = { load };
