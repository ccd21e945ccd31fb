import { execFileSync } from 'node:child_process';

/** Builds dist/runway.cjs once, so that the tests that spawn bin/runway.cjs run the code under test. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
