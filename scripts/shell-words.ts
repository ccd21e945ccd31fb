/**
 * Splits a README command line into arguments as a shell would for the simple cases the README
 * uses: words separated by spaces, a word in 'single' or "double" quotes kept whole.
 */
export function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}
