import { describe, expect, it } from 'vitest';
import { CopyWriter } from '../../../lib/ingest/store/copy-writer';

describe('the COPY writer', () => {
  it('escapes what COPY text format must not see raw, and writes NULL as \\N', () => {
    const w = new CopyWriter(16);
    w.text('a\tb\nc\\d\re');
    w.byte(0x09);
    w.text(null);
    w.byte(0x09);
    w.text('été ✓');
    w.byte(0x09);
    w.jsonString('say "hi"\tthere');
    expect(w.take().toString('utf8')).toBe('a\\tb\\nc\\\\d\\re\t\\N\tété ✓\t"say \\\\"hi\\\\"\\\\tthere"');
  });

  it('hands over exactly what was written since the last take, across growth and empty takes', () => {
    const w = new CopyWriter(8);
    const taken: string[] = [];
    const expected: string[] = [];
    for (let round = 0; round < 50; round++) {
      // Rows of varying length: some takes hold far more than the first size, some nothing.
      const rows = round % 7 === 3 ? 0 : (round * 37) % 23;
      let text = '';
      for (let i = 0; i < rows; i++) {
        const row = `${round}-${i}-${'x'.repeat((i * 13) % 40)}\n`;
        w.raw(row);
        text += row;
      }
      const chunk = w.take();
      taken.push(chunk.toString('utf8'));
      expected.push(text);
    }
    expect(taken).toEqual(expected);
  });

  it('keeps the bytes handed over intact while it goes on writing', () => {
    const w = new CopyWriter(4);
    w.raw('first chunk\n');
    const first = w.take();
    w.raw('second chunk, longer than the first\n');
    const second = w.take();
    expect(first.toString()).toBe('first chunk\n');
    expect(second.toString()).toBe('second chunk, longer than the first\n');
  });
});
