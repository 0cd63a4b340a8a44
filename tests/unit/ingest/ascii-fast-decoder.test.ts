import { describe, expect, it } from 'vitest';
import { AsciiFastDecoder } from '@/lib/ingest/parse/ascii-fast-decoder';

/** Decodes `bytes` in slices of the given sizes (cycled), as a byte stream arrives. */
function decodeInSlices(decoder: { decode(b: Uint8Array, o?: { stream?: boolean }): string }, bytes: Uint8Array, sizes: number[]): string {
  let out = '';
  let k = 0;
  for (let i = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    out += decoder.decode(bytes.subarray(i, i + n), { stream: true });
    i += n;
  }
  return out + decoder.decode(new Uint8Array(0));
}

const samples: Array<[string, Uint8Array]> = [
  ['plain ASCII', Buffer.from('<feedback><record><row><source_ip>192.0.2.1</source_ip></row></record></feedback>')],
  ['multi-byte characters split anywhere', Buffer.from('<org_name>Ünïcødé ✓ 𝔘 — 例え</org_name>'.repeat(5))],
  ['a BOM inside the text (content, not a stream start)', Buffer.concat([Buffer.from('<a>'.repeat(10)), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x</a>')])],
  ['a BOM at the very start (stripped, as TextDecoder does)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>x</a>')])],
  ['invalid and truncated sequences', Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x41, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98, 0x3c, 0x2f, 0x61, 0x3e, 0xe2, 0x82])],
];

describe('AsciiFastDecoder', () => {
  for (const [name, bytes] of samples) {
    it(`reads ${name} exactly as one streaming TextDecoder does, however the bytes are sliced`, () => {
      for (const sizes of [[bytes.length], [1], [2], [3], [7, 1, 2], [5, 11], [4, 1]]) {
        const expected = decodeInSlices(new TextDecoder('utf-8'), bytes, sizes);
        expect(decodeInSlices(new AsciiFastDecoder(), bytes, sizes), `slices ${sizes.join(',')}`).toBe(expected);
      }
    });
  }

  it('decodes a whole document in one call like TextDecoder', () => {
    for (const [, bytes] of samples) expect(new AsciiFastDecoder().decode(bytes)).toBe(new TextDecoder('utf-8').decode(bytes));
  });
});
