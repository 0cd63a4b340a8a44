import { z } from 'zod';

// Every string a notification shows may come from an attacker-written report (reporter names,
// source host names, domains, error texts). React escapes markup in the HTML part; this removes
// what escaping does not: control characters (line breaks that forge lines in the text part or
// headers) and bidirectional overrides/isolates (U+202E turns "gpj.exe" into "exe.jpg"), and it
// bounds the length so one huge value cannot bloat a mail or break its layout.

// C0/C1 controls, and the bidi embeddings, overrides, isolates and marks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Zero-width characters render as nothing (and hide inside look-alike names); the line and
// paragraph separators break lines like \n.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const SEPARATORS = /[\u2028\u2029]/g;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** At most `max` graphemes (never splitting an emoji or a combining sequence), "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (out.length === max - 1) return `${out.join('')}…`;
    out.push(segment);
  }
  return out.join('');
}

/** One line of displayable text: unsafe characters become spaces, runs of spaces collapse. */
export function cleanText(value: string, max = 200): string {
  const line = value.replace(UNSAFE, ' ').replace(SEPARATORS, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return truncate(line, max);
}

/** A zod string that arrives cleaned and bounded (for any value that may come from outside). */
export const zText = (max = 200) => z.string().transform((value) => cleanText(value, max));
