// The command line as a script (`npm run runway`, from source with tsx). The installed binary,
// bin/runway.js, runs the same `main` from the bundle of dist/cli/cli.js.
import { main } from './cli.js';

process.exitCode = await main();
