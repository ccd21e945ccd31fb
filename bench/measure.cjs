// Runs the runway CLI in this process and, on exit, reports its peak resident memory on stderr
// as one JSON line: node bench/measure.cjs simulate FILE ... (used by bench/run.ts). CommonJS,
// as bin/runway.cjs is: an ES module here would start Node.js's ES module loader, which the
// command itself does not.
'use strict';
const { join } = require('node:path');
const { resourceUsage } = require('node:process');

process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ maxRssKiB: resourceUsage().maxRSS })}\n`);
});
const bin = join(__dirname, '../bin/runway.cjs');
process.argv.splice(1, 1, bin);
require(bin);
