import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kernelFor } from '../../src/engine/kernel.js';
import { GROUP_POSITION_OFFSET, GROUP_STATE_BYTES, GROUP_WEYL_OFFSET, SEED_MIXES } from '../../src/engine/random-code.js';
import { seedCharacters } from '../../src/engine/streams.js';
import { compile } from '../../src/model/compile.js';
import { scenario } from '../helpers.js';
import { simulateOneBlock } from '../../src/engine/simulate.js';
import { oracleBlock } from '../oracle/day.js';
import { seedState } from '../oracle/xor4096.js';

const plan = compile(scenario('name: seeding\nstart: 2025-01-01\nhorizon: 2025-01-31\npaths: 10\nseed: 1\ncash: { initial: 1M }\n'));
const kernel = kernelFor(plan, false);
const { layout, memory } = kernel;

/** Four texts seeded in the kernel: each lane's X, position and Weyl word, as seedrandom's state holds them. */
function seededInKernel(texts: readonly string[]): Int32Array[] {
  const chars = new Int32Array(memory.buffer, layout.scratchChars, 4 * SEED_MIXES);
  expect(seedCharacters(texts, chars)).toBe(true);
  kernel.seed4(layout.scratchGroup, layout.scratchChars);
  expect(Array.from(chars.subarray(0, 4)).every((zeros) => zeros < 128)).toBe(true);
  kernel.discard4(layout.scratchGroup);
  const words = new Int32Array(memory.buffer, layout.scratchGroup, GROUP_STATE_BYTES / 4);
  return texts.map((_, lane) => {
    const state = new Int32Array(130);
    for (let w = 0; w < 128; w++) state[w] = words[4 * w + lane]!;
    state[128] = words[GROUP_POSITION_OFFSET / 4]!;
    state[129] = words[GROUP_WEYL_OFFSET / 4 + lane]!;
    return state;
  });
}

describe("the kernel's seeding of four streams", () => {
  it("is seedrandom's xor4096 seeding, word for word, for texts of up to 127 characters (any characters)", () => {
    const text = fc.oneof(fc.string({ maxLength: 127 }), fc.string({ maxLength: 127, unit: 'binary' }).filter((t) => t.length <= 127), fc.constantFrom('', 'a', 'x'.repeat(127), '["2024",0,"events[e1]"]'));
    fc.assert(
      fc.property(fc.array(text, { minLength: 4, maxLength: 4 }), (texts) => {
        const got = seededInKernel(texts);
        texts.forEach((t, lane) => expect(Array.from(got[lane]!)).toEqual(Array.from(seedState(t))));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('streams with longer keys (long event names) are seeded by seedrandom and drawn four at a time all the same', () => {
    const long = (k: number) => `grant ${k} ${'x'.repeat(130)}`;
    const events = [0, 1, 2, 3].map((k) => `  - { name: "${long(k)}", date: 2025-01-05 to 2025-01-25, probability: 50%, amount: 100k to 300k }`).join('\n');
    const longPlan = compile(scenario(`name: long keys\nstart: 2025-01-01\nhorizon: 2025-01-31\npaths: 300\nseed: 1\ncash: { initial: 150k }\ncosts:\n  - { name: rent, amount: 10k, per: day }\nevents:\n${events}\n`));
    const engine = simulateOneBlock(longPlan, 1, 300, undefined, { keepRuinSteps: true, keepInputs: true });
    const oracle = oracleBlock(longPlan, 1, 300);
    expect(Array.from(engine.ruinStep)).toEqual(Array.from(oracle.ruinStep));
    expect(Array.from(engine.cash)).toEqual(oracle.columns.flatMap((c) => Array.from(c)));
  });

  it('leaves longer texts to seedrandom (they mix more characters)', () => {
    const chars = new Int32Array(4 * SEED_MIXES);
    expect(seedCharacters(['a', 'b', 'c', 'x'.repeat(128)], chars)).toBe(false);
    expect(seedCharacters(['a', 'b', 'c', 'x'.repeat(127)], chars)).toBe(true);
  });
});
