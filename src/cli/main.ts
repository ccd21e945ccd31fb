// The command line as a script (`npm run runway`, from source with tsx). The installed command,
// bin/runway.cjs, runs the same `main` from the build, dist/runway.cjs.
import { main } from './cli.js';

process.exitCode = await main();
