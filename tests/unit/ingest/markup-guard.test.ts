import { describe, expect, it } from 'vitest';
import { MarkupGuard } from '@/lib/ingest/parse/markup-guard';

/** Whether the guard (tokens of at most `max` characters) accepts `text` fed in slices of `size`. */
function accepts(text: string, max: number, size: number): boolean {
  const guard = new MarkupGuard(max);
  try {
    for (let i = 0; i < text.length; i += size) guard.scan(text.slice(i, i + size));
    return true;
  } catch {
    return false;
  }
}

const cases: Array<[string, string, number, boolean]> = [
  ['a quoted ">" stays inside its tag', '<a b=">>>>">text</a>', 12, true],
  ['a tag longer than the bound', '<abcdefghijkl>', 12, false],
  ['a tag at the bound', '<abcdefghijk>', 12, true],
  ['an attribute value making its tag too long', `<a b='0123456789'>`, 12, false],
  ['many short tags and texts', '<r><x>1</x><y>2</y></r>'.repeat(50), 12, true],
  ['a comment longer than the bound', '<r><!-- 0123456789abc --></r>', 12, false],
  ['a processing instruction within the bound', '<r><?pi x?></r>', 12, true],
];

describe('MarkupGuard', () => {
  for (const [name, text, max, ok] of cases) {
    it(`${ok ? 'accepts' : 'refuses'} ${name}, however the text is sliced`, () => {
      for (const size of [text.length, 1, 2, 3, 5]) expect(accepts(text, max, size), `slices of ${size}`).toBe(ok);
    });
  }

  it('refuses a DOCTYPE at once', () => {
    expect(() => new MarkupGuard().scan('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toThrow(/DOCTYPE|DTD/i);
  });
});
