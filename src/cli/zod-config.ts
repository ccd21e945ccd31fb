// Imported first by the command line (cli.ts), before any schema is built: zod then checks a
// scenario with its interpreter instead of compiling a parser per object schema with
// `new Function`. That compilation pays off over many parses; a command parses one or a few
// scenario files, and it cost ~4 ms of every start-up.
import { z } from 'zod';

z.config({ jitless: true });
