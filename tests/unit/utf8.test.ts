import { describe, expect, it } from 'vitest';
import { firstBadByte } from '../../src/cli/utf8.js';

describe('firstBadByte (RFC 3629 well-formed UTF-8)', () => {
  it.each<[string, number[], number]>([
    ['ASCII', [0x61, 0x62], -1],
    ['two-, three- and four-byte characters', [...Buffer.from('é破🙂')], -1],
    ['Latin-1 é', [0x61, 0xe9, 0x0a], 1],
    ['a NUL byte', [0x61, 0x00], 1],
    ['an overlong encoding of /', [0xc0, 0xaf], 0],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated sequence', [0x61, 0xe6, 0x97], 1],
    ['a stray continuation byte', [0x80], 0],
  ])('%s', (_name, bytes, expected) => {
    expect(firstBadByte(Uint8Array.from(bytes))).toBe(expected);
  });

  it('agrees with a fatal TextDecoder on 5000 random byte strings (without NUL)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let k = 0; k < 5000; k++) {
      // bytes 1..255, biased towards the lead and continuation bytes where the rules are
      const bytes = Uint8Array.from({ length: 6 }, () => (next() % 2 === 0 ? 0x80 + (next() % 0x80) : 1 + (next() % 255)));
      let decodes = true;
      try {
        decoder.decode(bytes);
      } catch {
        decodes = false;
      }
      expect(firstBadByte(bytes) === -1, Array.from(bytes, (b) => b.toString(16)).join(' ')).toBe(decodes);
    }
  });
});
