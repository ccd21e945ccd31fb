// The simulation worker thread's program (dist/worker.cjs): only the engine and its message loop,
// so that a worker is ready a small fraction of the command line's start-up after it is started.
import { serveBlocks } from './worker.js';

serveBlocks();
