/**
 * The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or of the first NUL byte, or -1 when the text is clean.
 * @example firstBadByte(Buffer.from([0x61, 0xe9, 0x0a])) // 1 (Latin-1 é)
 */
export function firstBadByte(bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; ) {
    const b = bytes[k]!;
    if (b === 0) return k;
    if (b < 0x80) {
      k++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b === 0xe0) [need, min] = [2, 0xa0];
    else if (b >= 0xe1 && b <= 0xef) [need, min, max] = [2, 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b === 0xf0) [need, min] = [3, 0x90];
    else if (b >= 0xf1 && b <= 0xf3) [need, min] = [3, 0x80];
    else if (b === 0xf4) [need, min, max] = [3, 0x80, 0x8f];
    else return k;
    for (let j = 1; j <= need; j++) {
      const c = bytes[k + j];
      if (c === undefined || c < (j === 1 ? min : 0x80) || c > (j === 1 ? max : 0xbf)) return k;
    }
    k += need + 1;
  }
  return -1;
}
