/** JUnit XML for `runway check`, the format CI systems display (one testsuite per scenario). */
export interface CheckCase {
  readonly name: string;
  readonly verdict: 'pass' | 'breach' | 'inconclusive';
  readonly message: string;
}

export interface CheckSuite {
  readonly file: string;
  readonly cases: readonly CheckCase[];
}

/** A verdict as the terminal lines of `check` and the compare gate print it, padded to one width. */
export function verdictWord(verdict: CheckCase['verdict']): string {
  return verdict === 'pass' ? 'pass        ' : verdict === 'breach' ? 'BREACH      ' : 'INCONCLUSIVE';
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderJunit(suites: readonly CheckSuite[], name = 'runway check'): string {
  const count = (v: CheckCase['verdict']) => suites.reduce((n, s) => n + s.cases.filter((c) => c.verdict === v).length, 0);
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="${escapeXml(name)}" tests="${total}" failures="${count('breach')}" skipped="${count('inconclusive')}">`];
  for (const s of suites) {
    const failures = s.cases.filter((c) => c.verdict === 'breach').length;
    const skipped = s.cases.filter((c) => c.verdict === 'inconclusive').length;
    out.push(`  <testsuite name="${escapeXml(s.file)}" tests="${s.cases.length}" failures="${failures}" skipped="${skipped}">`);
    for (const c of s.cases) {
      const open = `    <testcase classname="${escapeXml(s.file)}" name="${escapeXml(c.name)}"`;
      if (c.verdict === 'pass') out.push(`${open}/>`);
      else if (c.verdict === 'breach') out.push(`${open}>`, `      <failure message="${escapeXml(c.message)}" type="breach"/>`, `    </testcase>`);
      else out.push(`${open}>`, `      <skipped message="${escapeXml(c.message)}"/>`, `    </testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
