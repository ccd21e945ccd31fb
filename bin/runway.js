#!/usr/bin/env node
// Runs the command line from its bundle, dist/bundle/main.cjs, compiled with V8's code cache
// (dist/bundle/main.cache) when there is one that fits this Node.js: start-up then skips parsing
// and compiling 1.5 MB of JavaScript (see scripts/bundle.mjs, which makes both).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

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
if (process.env.RUNWAY_WRITE_CODE_CACHE === '1') writeFileSync(cacheFile, script.createCachedData());
