import './zod-config.js';
import { readFileSync } from 'node:fs';
import { nodeIo } from './node-io.js';
import { EXIT, Interrupted } from './io.js';
import { run } from './program.js';

/** The version, set by the build (scripts/build.mjs); from source, package.json's. */
declare const RUNWAY_VERSION: string | undefined;

function version(): string {
  if (typeof RUNWAY_VERSION === 'string') return RUNWAY_VERSION;
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Runs the command line of this process (process.argv) on Node.js; resolves to the exit code. */
export async function main(): Promise<number> {

  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0); // the reader went away (`| head`): stop quietly
    // standard output redirected to a full disk, or a broken device: one line, exit 2
    process.stderr.write(`runway: cannot write standard output: ${e.code === 'ENOSPC' ? 'no space left on the device' : e.message}\n`);
    process.exit(EXIT.usage);
  });

  // SIGINT/SIGTERM abort the run: workers are terminated, --out is never half-written (it is
  // renamed into place only when complete), and the exit code is 130/143.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Interrupted(EXIT.sigint)));
  process.once('SIGTERM', () => controller.abort(new Interrupted(EXIT.sigterm)));

  return run(process.argv.slice(2), { ...nodeIo(version()), signal: controller.signal });
}
