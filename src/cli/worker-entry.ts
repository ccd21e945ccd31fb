// The simulation worker's entry as built (dist/bundle/worker.js): it runs the worker's bundle,
// dist/bundle/worker.cjs, with its code cache, as bin/runway.js runs the command line's. Without
// the cache a worker compiled every function of its first block as it met it, twice the time
// the main thread took for the same block.
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { runCachedBundle, writingCodeCache } from './cached-bundle.js';

// from dist/cli/ and from dist/bundle/ alike
const bundle = runCachedBundle(fileURLToPath(new URL('../bundle/worker.cjs', import.meta.url)));

if (writingCodeCache()) {
  // after each request the worker handled (this listener runs after the bundle's): the last write
  // holds every function the blocks compiled; the main thread may end the worker at any time, and
  // a rename never leaves half a cache
  parentPort!.on('message', () => {
    try {
      bundle.writeCache();
    } catch (e) {
      process.stderr.write(`runway: cannot write the worker's code cache: ${(e as Error).message}\n`);
    }
  });
}
