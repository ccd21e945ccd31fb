// `npm run build`: the program as one minified CommonJS file, dist/runway.cjs, with its source
// map (stack traces with the real names under --debug), and
// the V8 code cache bin/runway.cjs loads it with; and the simulation worker's program,
// dist/worker.cjs (only the engine, so that a worker thread is ready in a fraction of the command
// line's start-up; src/run/pool.ts starts it). Every dependency is inside, so an installed runway
// needs no other package at run time. Type checking is separate (`npm run typecheck`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // in CommonJS, import.meta.url is the file's own URL
  define: { 'import.meta.url': '__fileUrl', RUNWAY_VERSION: JSON.stringify(version) },
  banner: { js: "const __fileUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...common, minify: true, entryPoints: ['src/cli/cli.ts'], outfile: 'dist/runway.cjs' });
await build({ ...common, entryPoints: ['src/run/worker-main.ts'], outfile: 'dist/worker.cjs' });

// The code cache: compiled as bin/runway.cjs compiles it, after a `validate` and a small
// one-thread `simulate`, so that it holds the functions commands compile, not only the top level.
rmSync('dist/runway.cache', { force: true });
const { load } = createRequire(import.meta.url)('../bin/runway.cjs');
const program = load();
const scratch = mkdtempSync(join(tmpdir(), 'runway-build-'));
const argv = process.argv;
try {
  for (const command of [
    ['validate', 'scenarios/openai-2024.yaml'],
    ['simulate', 'scenarios/openai-2024.yaml', '--paths', '2048', '--threads', '1', '--format', 'json', '--out', join(scratch, 'result.json')],
  ]) {
    process.argv = [argv[0], 'runway', ...command];
    if ((await program.exports.main()) !== 0) throw new Error(`build: runway ${command.join(' ')} failed`);
  }
} finally {
  process.argv = argv;
  rmSync(scratch, { recursive: true, force: true });
}
writeFileSync(program.cache, program.script.createCachedData());
