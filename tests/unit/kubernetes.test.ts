import { readFileSync } from 'node:fs';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const MANIFEST = 'examples/kubernetes/runway-indexed-job.yaml';

/** The manifest's problems by the Kubernetes API schema (kubernetes-models' validators, generated from the OpenAPI spec), or []. */
function problems(manifest: unknown): string[] {
  try {
    new Job(manifest as ConstructorParameters<typeof Job>[0]).validate();
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

describe('the Kubernetes example', () => {
  const job = parse(readFileSync(MANIFEST, 'utf8')) as { spec: { completions: unknown; template: { spec: { containers: Record<string, unknown>[] } } } };

  it('is a valid batch/v1 Job by the Kubernetes API schema', () => {
    expect(problems(job)).toEqual([]);
  });

  it('whose shards, completions and parallelism agree, and whose pods write one part each', () => {
    const container = job.spec.template.spec.containers[0]!;
    const command = (container['command'] as string[]).join(' ');
    expect(command).toContain(`--shard auto/${String(job.spec.completions)}`);
    expect(command).toContain('--out /parts/part-$(JOB_COMPLETION_INDEX).runway-part');
    expect((job.spec as unknown as { completionMode: string }).completionMode).toBe('Indexed');
  });

  it('a broken manifest is caught (the check can fail)', () => {
    const broken = structuredClone(job);
    broken.spec.completions = 'four';
    delete broken.spec.template.spec.containers[0]!['name'];
    expect(problems(broken)).not.toEqual([]);
  });
});
