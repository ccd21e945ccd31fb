import { readdirSync } from 'node:fs';

/** The documents whose ```console examples are run: README.md and docs/*.md. */
export const DOCUMENTS = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
