// Bundles the command line and the simulation worker that tsc built in dist/ into one file each
// (esbuild), and makes the V8 code caches of both bundles. Node.js then loads one file instead
// of ~150 modules and does not compile it again: about 0.25 s less start-up for every command,
// and a worker that runs its first block as fast as the main thread.
//  - dist/bundle/main.cjs: dist/cli/cli.js as CommonJS, so that bin/runway.js can compile it
//    with `vm.Script` and its code cache (src/cli/cached-bundle.ts; Node.js 20 has no code cache
//    for ES modules). `import.meta.url` becomes the bundle's own URL.
//  - dist/bundle/worker.cjs: dist/engine/worker.js, the same way; dist/bundle/worker.js, the
//    worker's entry (src/cli/worker-entry.ts) where src/engine/pool.ts looks for it, runs it.
//  - dist/bundle/cached-bundle.js: the loader of both (src/cli/cached-bundle.ts) for
//    bin/runway.js. The folder's package.json makes its .js files CommonJS, as bin/'s does: a
//    thread whose entry is an ES module starts Node.js's ES module loader first (~10 ms for the
//    main thread, ~20 ms for a worker).
//  - dist/bundle/main.cache and worker.cache: the code caches, written after one command on two
//    threads (RUNWAY_WRITE_CODE_CACHE; bin/runway.js writes the first, the worker the second), so
//    that they hold the functions a command compiles, not only the top level. V8 rejects a cache
//    from another Node.js version or other flags; the bundle then compiles as usual.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
const commonJs = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
// minified: a smaller file to read and a smaller code cache, ~15 ms of every start-up (names in
// stack traces are lost, so `--debug` runs the unbundled modules instead: bin/runway.js)
await build({ ...commonJs, minify: true, entryPoints: ['dist/cli/cli.js'], outfile: 'dist/bundle/main.cjs' });
await build({ ...commonJs, minify: true, entryPoints: ['dist/engine/worker.js'], outfile: 'dist/bundle/worker.cjs' });
// CommonJS too, so that neither thread starts Node.js's ES module loader (~20 ms for a worker)
await build({ ...commonJs, entryPoints: ['dist/cli/worker-entry.js'], outfile: 'dist/bundle/worker.js' });
await build({ ...commonJs, entryPoints: ['dist/cli/cached-bundle.js'], outfile: 'dist/bundle/cached-bundle.js' });
writeFileSync('dist/bundle/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
const caches = ['dist/bundle/main.cache', 'dist/bundle/worker.cache'];
rmSync('dist/bundle/main.js', { force: true }); // the ES module bundle of earlier versions
for (const cache of caches) rmSync(cache, { force: true });
const scratch = mkdtempSync(join(tmpdir(), 'runway-build-'));
try {
  // 8 blocks on two threads: the worker takes some (whatever the number of cores)
  execFileSync(process.execPath, ['bin/runway.js', 'simulate', 'scenarios/openai-2024.yaml', '--paths', '8192', '--threads', '2', '--format', 'json', '--out', join(scratch, 'result.json')], {
    env: { ...process.env, RUNWAY_WRITE_CODE_CACHE: '1' },
    stdio: 'inherit',
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
  // a worker ended while it wrote its cache leaves its temporary file
  for (const name of readdirSync('dist/bundle')) if (name.endsWith('.tmp')) rmSync(join('dist/bundle', name));
}
for (const cache of caches) if (!existsSync(cache)) throw new Error(`bundle: the code cache ${cache} was not written`);
