import { IngestError } from '@/lib/ingest/errors';
import { refusedDtd } from './xml-guard';

/**
 * The longest run of text or single piece of markup (a tag with its attributes, a comment, a
 * CDATA section, a processing instruction) a report may hold, in characters. A DMARC report's
 * longest value is a few hundred characters; saxes collects each of these whole before it
 * emits it, so without this bound a gzip of a few KB inflating to a gigabyte of spaces (or one
 * endless comment) would become a gigabyte string.
 */
export const MAX_TOKEN_CHARS = 1024 * 1024;

const enum S {
  Text,
  /** After "<": deciding what kind of markup this is. */
  Open,
  Tag,
  Quote,
  Comment,
  CData,
  Pi,
}

/**
 * A small lexer run over the decoded text before saxes sees it: it only tracks where each
 * token starts and ends (scanning with indexOf where it can) and refuses a token longer than
 * MAX_TOKEN_CHARS, and any DTD construct at once (before saxes collects it). Kept apart from
 * saxes because saxes offers no limit of its own. Hand-written: no library bounds this.
 */
export class MarkupGuard {
  private state = S.Text;
  private run = 0;
  private quote = 0;
  /** Characters after "<" seen so far while in Open (at most 8: "![CDATA["). */
  private opening = '';
  /** The last characters of the construct's body in earlier chunks, for a terminator split across chunks. */
  private recent = '';

  constructor(private readonly maxChars = MAX_TOKEN_CHARS) {}

  scan(s: string): void {
    const len = s.length;
    let i = 0;
    // Next positions of '>', '"' and "'" at or after i (-2: not looked for yet, -1: none left).
    let gt = -2;
    let dq = -2;
    let sq = -2;
    while (i < len) {
      switch (this.state) {
        case S.Text: {
          const j = s.indexOf('<', i);
          if (j === -1) {
            this.grow(len - i, 'text');
            i = len;
          } else {
            this.grow(j - i, 'text');
            this.begin(S.Open);
            this.opening = '';
            i = j + 1;
          }
          break;
        }
        case S.Open: {
          // An element's tag (nearly every "<"): straight to Tag, as open() would decide, without building `opening`.
          const c = this.opening === '' ? s.charCodeAt(i) : 0x21;
          if (c !== 0x21 && c !== 0x3f) {
            this.state = S.Tag;
            this.run = 1;
            this.recent = '';
          } else {
            i = this.open(s, i);
          }
          break;
        }
        case S.Tag: {
          // The next '>' or quote, by indexOf (native) rather than a loop over every character.
          if (gt !== -1 && gt < i) gt = s.indexOf('>', i);
          if (dq !== -1 && dq < i) dq = s.indexOf('"', i);
          if (sq !== -1 && sq < i) sq = s.indexOf("'", i);
          const j = Math.min(gt === -1 ? len : gt, dq === -1 ? len : dq, sq === -1 ? len : sq);
          this.grow(j - i, 'tag');
          if (j === len) {
            i = len;
          } else if (s.charCodeAt(j) === 0x3e) {
            this.begin(S.Text);
            i = j + 1;
          } else {
            this.quote = s.charCodeAt(j);
            this.state = S.Quote;
            i = j + 1;
          }
          break;
        }
        case S.Quote: {
          const j = s.indexOf(String.fromCharCode(this.quote), i);
          const end = j === -1 ? len : j;
          this.grow(end - i, 'attribute value');
          if (j !== -1) this.state = S.Tag;
          i = j === -1 ? len : j + 1;
          break;
        }
        case S.Comment:
          i = this.until(s, i, '-->', 'comment');
          break;
        case S.CData:
          i = this.until(s, i, ']]>', 'CDATA section');
          break;
        case S.Pi:
          i = this.until(s, i, '?>', 'processing instruction');
          break;
      }
    }
  }

  private begin(state: S): void {
    this.state = state;
    this.run = 0;
  }

  private grow(n: number, what: string): void {
    this.run += n;
    if (this.run > this.maxChars) throw tooLong(what, this.maxChars);
  }

  /** Decides on the markup after "<" from up to 8 characters ("!--", "![CDATA[", "?", a name). */
  private open(s: string, i: number): number {
    while (i < s.length) {
      this.opening += s[i++];
      const o = this.opening;
      if (o === '?') return this.to(S.Pi, i);
      if (o[0] !== '!') return this.to(S.Tag, i - 1);
      if (o === '!--') return this.to(S.Comment, i);
      if (o === '![CDATA[') return this.to(S.CData, i);
      if (!'!--'.startsWith(o) && !'![CDATA['.startsWith(o)) throw refusedDtd(`<${o}`);
    }
    return i;
  }

  private to(state: S, i: number): number {
    this.state = state;
    this.run = this.opening.length;
    // The terminator is matched against the body only, never the opening ("<!-->" is no comment).
    this.recent = '';
    return i;
  }

  /** Scans for `term` (its last character is '>'), also when split across chunks. */
  private until(s: string, i: number, term: string, what: string): number {
    const k = term.length - 1;
    const wanted = term.slice(0, k);
    for (let from = i; ; ) {
      const j = s.indexOf('>', from);
      if (j === -1) {
        this.grow(s.length - i, what);
        this.recent = (this.recent + s.slice(i)).slice(-k);
        return s.length;
      }
      const before = j - k >= i ? s.slice(j - k, j) : (this.recent + s.slice(i, j)).slice(-k);
      if (before === wanted) {
        this.grow(j + 1 - i, what);
        this.begin(S.Text);
        return j + 1;
      }
      from = j + 1;
    }
  }
}

export function tooLong(what: string, maxChars: number): IngestError {
  return new IngestError(
    'xml.token_too_long',
    `XML refused: a ${what} longer than ${maxChars.toLocaleString('en-US')} characters. DMARC reports never hold one; this is broken or a decompression bomb.`,
  );
}
