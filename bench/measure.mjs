// Runs the runway CLI in this process and, on exit, reports its peak resident memory on stderr
// as one JSON line: node bench/measure.mjs simulate FILE ... (used by bench/run.ts).
import { resourceUsage } from 'node:process';

process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ maxRssKiB: resourceUsage().maxRSS })}\n`);
});
process.argv.splice(1, 1, new URL('../bin/runway.js', import.meta.url).pathname);
await import('../bin/runway.js');
