import { execFileSync } from 'node:child_process';

/** Builds dist/ (and its bundle) once, so that the tests that spawn bin/runway.js run the code under test. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
}
