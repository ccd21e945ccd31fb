// Runs the runway CLI in this process, as bin/runway.cjs does, and on exit reports its peak
// resident memory on stderr as one JSON line: node bench/measure.cjs simulate FILE ... (used by
// the benchmarks in bench/).
'use strict';
const { join } = require('node:path');
const { resourceUsage } = require('node:process');

process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ maxRssKiB: resourceUsage().maxRSS })}\n`);
});
const { load } = require(join(__dirname, '../bin/runway.cjs'));
load()
  .exports.main()
  .then((code) => {
    process.exitCode = code;
  });
