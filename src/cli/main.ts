import { readFileSync } from 'node:fs';
import { nodeIo } from './node-io.js';
import { run } from './program.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0); // the reader went away (`| head`): stop quietly
  throw e;
});

process.exitCode = await run(process.argv.slice(2), nodeIo(pkg.version));
