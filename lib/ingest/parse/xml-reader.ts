import { SaxesParser } from 'saxes';
import { IngestError } from '@/lib/ingest/errors';
import { MarkupGuard, MAX_TOKEN_CHARS, tooLong } from './markup-guard';
import { refusedDtd } from './xml-guard';

/** What the reader reports, in document order; text may come in several pieces per run. */
export interface XmlEvents {
  open(qname: string): void;
  close(): void;
  text(t: string): void;
  /**
   * False while whitespace before a start tag means nothing to the sink (it is where the
   * whitespace of pretty-printed XML goes): the reader may leave it out. Only that whitespace.
   */
  readonly wantsSpaceBeforeTags: boolean;
}

export interface XmlReaderOptions {
  /** Document lines before the root element (error messages count from the document's start). */
  lineOffset: number;
  /** Stop at the root's end tag, ignoring what follows (a repaired prolog: a dropped wrapper's end tag may follow). */
  stopAtRootEnd: boolean;
  /** False: saxes from the first character (the tests' reference reading). */
  quick?: boolean;
}

class StopReading extends Error {}

/** Attributes of one start tag the quick path reads (the duplicate check is pairwise). */
const MAX_ATTRIBUTES = 16;

/** The longest unfinished token the quick path holds between writes, in characters. */
const CARRY_LIMIT = 64 * 1024;

/**
 * Any character outside what the quick path reads without further checks: '&' (references),
 * '\r' (line-end normalisation), ']' ("]]>" is forbidden in text), and every character that is
 * not allowed in XML or needs a surrogate-pair check.
 */
const UNPLAIN = /[^\t\n\x20-\x25\x27-\x5c\x5e-\uD7FF\uE000-\uFFFD]/;
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** Names the quick path accepts (ASCII; saxes decides about the rest). */
const PLAIN_NAME = /^[A-Za-z_:][A-Za-z0-9._:-]*$/;
const NAMED_REFERENCE = /&(amp|lt|gt|quot|apos);/g;
/** An '&' that does not start one of the five predefined references. */
const OTHER_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos);)/;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NOT_WHITESPACE = /[^ \t\n\r]/;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/**
 * Reads a report's XML from its root element and reports elements and text, as saxes would.
 *
 * Why by hand: saxes checks every character through a general state machine (with position
 * tracking it cannot turn off) and was most of the parse time of a large report (measured: a
 * 500,000-record report parsed at ~51k records/s, saxes alone ~5 of ~11 CPU seconds). Aggregate
 * reports are nearly always plain elements and text, which this reads with indexOf (native)
 * a token at a time. It is a strict subset reader: at the first thing outside that subset
 * (comments, CDATA, processing instructions, DTDs, character references, non-ASCII names,
 * unusual attributes, any error at all) it hands the rest of the document, from the start of
 * that token, to saxes — primed with the open elements — so every error and every unusual
 * construct is judged exactly as before, with the same messages and positions.
 */
export class XmlReader {
  /** Qualified names of the open elements. */
  private readonly stack: string[] = [];
  /** The start of an unfinished token from the last write (it never holds a whole token). */
  private carry = '';
  private rootName = '';
  private rootClosed = false;
  private stopped = false;
  /** Newlines (saxes counting: \r\n and \r are one) before the carry, and characters since the last one. */
  private lines = 0;
  private column = 0;
  private readonly names = new Set<string>();
  private saxes: SaxesParser | null = null;
  private readonly guard = new MarkupGuard();
  /** Where saxes started: document line/column of its first character, and the length of its primer. */
  private origin = { line: 0, column: 0, primer: 0 };
  private saxesDepth = 0;

  constructor(
    private readonly sink: XmlEvents,
    private readonly opts: XmlReaderOptions,
  ) {
    if (opts.quick === false) this.startSaxes('', 0);
  }

  /** True once saxes reads the rest of the document (or read all of it). */
  get handedOver(): boolean {
    return this.saxes !== null;
  }

  /**
   * True when the reader stands between two children of the root with nothing pending (only
   * whitespace carried): the bytes of whole elements may then be read elsewhere (readElsewhere).
   */
  idleInRoot(): boolean {
    // A carried "\r" may be the first half of a line end whose "\n" the next text brings.
    return !this.saxes && !this.stopped && !this.rootClosed && this.stack.length === 1 && !NOT_WHITESPACE.test(this.carry) && !this.carry.endsWith('\r');
  }

  /**
   * Accounts for the document's text from here that was read elsewhere (whitespace and whole
   * elements): `newlines` line ends (counted as saxes counts them) in its `chars` characters,
   * `afterLast` of them after the last one. Positions in later error messages stay those of
   * the whole document.
   */
  readElsewhere(newlines: number, afterLast: number, chars: number): void {
    this.count(this.carry, this.carry.length);
    this.carry = '';
    if (newlines > 0) {
      this.lines += newlines;
      this.column = afterLast;
    } else {
      this.column += chars;
    }
  }

  write(s: string): void {
    if (this.stopped) return;
    if (this.saxes) return this.saxesWrite(s);
    const buf = this.carry === '' ? s : this.carry + s;
    this.carry = '';
    const plain = !UNPLAIN.test(buf);
    if (!plain && NOT_XML_CHAR.test(buf)) return this.startSaxes(buf, 0);
    const end = this.readTokens(buf, plain);
    if (end < 0) return;
    this.count(buf, end);
    this.carry = buf.slice(end);
    // The carry is copied into every next write: a token that outgrows it (no DMARC value
    // does) goes to saxes and its guard, which take it piece by piece.
    if (this.carry.length > CARRY_LIMIT) {
      const rest = this.carry;
      this.carry = '';
      this.startSaxes(rest, 0);
    }
  }

  close(): void {
    if (this.stopped) return;
    // After the root, only whitespace is left (the usual end): nothing for saxes to judge.
    if (!this.saxes && this.rootClosed && !NOT_WHITESPACE.test(this.carry)) return;
    if (!this.saxes) this.startSaxes(this.carry, 0);
    if (this.saxes) {
      try {
        this.saxes.close();
      } catch (err) {
        if (!(err instanceof StopReading)) throw this.xmlError(err);
      }
    }
  }

  /**
   * Reads whole tokens from `buf`; returns where the unfinished rest starts, or -1 when it
   * handed over to saxes. `plain`: the chunk holds no '&', '\r', ']' or unusual character.
   */
  private readTokens(buf: string, plain: boolean): number {
    const n = buf.length;
    const sink = this.sink;
    let i = 0;
    while (i < n) {
      const lt = buf.indexOf('<', i);
      if (lt === -1) return i;
      if (lt > i) {
        if (lt - i > MAX_TOKEN_CHARS) throw tooLong('text', MAX_TOKEN_CHARS);
        if (!sink.wantsSpaceBeforeTags && this.isSpaceBeforeStartTag(buf, i, lt)) {
          i = lt;
          continue;
        }
        let t = buf.slice(i, lt);
        if (!plain || this.stack.length === 0) {
          const read = this.plainText(t);
          if (read === null) return this.handOver(buf, i);
          t = read;
        }
        sink.text(t);
      }
      if (lt + 1 === n) return lt;
      const c = buf.charCodeAt(lt + 1);
      if (this.rootClosed || c === 0x21 /* ! */ || c === 0x3f /* ? */) return this.handOver(buf, lt);
      if (c === 0x2f /* / */) {
        // The expected end tag, compared in place (no slice); anything else goes to saxes.
        const top = this.stack[this.stack.length - 1];
        if (top === undefined) return this.handOver(buf, lt);
        let gt = lt + 2 + top.length;
        if (gt >= n) return lt;
        if (!buf.startsWith(top, lt + 2)) return this.handOver(buf, lt);
        while (gt < n && isSpace(buf.charCodeAt(gt))) gt++;
        if (gt === n) return lt;
        if (buf.charCodeAt(gt) !== 0x3e) return this.handOver(buf, lt);
        this.stack.pop();
        sink.close();
        i = gt + 1;
        if (this.stack.length === 0 && this.closeRoot()) return -1;
        continue;
      }
      const tagEnd = this.readStartTag(buf, lt);
      if (tagEnd === 0) return lt;
      if (tagEnd < 0) return this.handOver(buf, lt);
      i = tagEnd;
    }
    return i;
  }

  /** True when buf[i, lt) is whitespace and a start tag follows at lt (one that needs no more input to tell). */
  private isSpaceBeforeStartTag(buf: string, i: number, lt: number): boolean {
    const c = buf.charCodeAt(lt + 1);
    if (c === 0x2f || c === 0x21 || c === 0x3f || Number.isNaN(c) || this.stack.length === 0) return false;
    for (let k = i; k < lt; k++) if (!isSpace(buf.charCodeAt(k))) return false;
    return true;
  }

  /** The text as saxes reports it, or null when saxes must read it (references, "]]>", stray text outside the root). */
  private plainText(t: string): string | null {
    if (this.stack.length === 0 && NOT_WHITESPACE.test(t)) return null;
    if (t.includes(']]>')) return null;
    if (t.includes('&')) {
      // Anything but a named predefined reference: saxes resolves or refuses it.
      if (OTHER_REFERENCE.test(t)) return null;
      t = t.replace(NAMED_REFERENCE, (_m, name: string) => NAMED[name] as string);
    }
    return t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t;
  }

  /**
   * A start tag at `lt`: reports it (and its end, when empty) and returns the index after it;
   * 0 when the tag is not complete in `buf`; -1 when saxes must read it.
   */
  private readStartTag(buf: string, lt: number): number {
    const n = buf.length;
    let j = lt + 1;
    for (; j < n; j++) {
      const c = buf.charCodeAt(j);
      if (c === 0x3e || c === 0x2f || isSpace(c)) break;
    }
    if (j === n) return 0;
    const qname = buf.slice(lt + 1, j);
    if (!this.names.has(qname)) {
      if (!PLAIN_NAME.test(qname)) return -1;
      if (this.names.size < 512) this.names.add(qname);
    }
    let selfClosing = false;
    let k = j;
    let attributes: string[] | null = null;
    for (;;) {
      const from = k;
      while (k < n && isSpace(buf.charCodeAt(k))) k++;
      if (k === n) return 0;
      const c = buf.charCodeAt(k);
      if (c === 0x3e) break;
      if (c === 0x2f) {
        if (k + 1 === n) return 0;
        if (buf.charCodeAt(k + 1) !== 0x3e) return -1;
        selfClosing = true;
        k++;
        break;
      }
      // An attribute: only name="value" after whitespace, the value free of '<' and '&'.
      if (k === from) return -1;
      let a = k;
      while (a < n) {
        const d = buf.charCodeAt(a);
        if (d === 0x3d /* = */ || d === 0x3e || d === 0x2f || isSpace(d)) break;
        a++;
      }
      const name = buf.slice(k, a);
      if (!PLAIN_NAME.test(name)) return -1;
      // Few attributes, compared pairwise; a tag with more (no report has them) goes to saxes.
      if ((attributes ??= []).length === MAX_ATTRIBUTES || attributes.includes(name)) return -1;
      attributes.push(name);
      while (a < n && isSpace(buf.charCodeAt(a))) a++;
      if (a === n) return 0;
      if (buf.charCodeAt(a) !== 0x3d) return -1;
      let q = a + 1;
      while (q < n && isSpace(buf.charCodeAt(q))) q++;
      if (q === n) return 0;
      const quote = buf.charCodeAt(q);
      if (quote !== 0x22 && quote !== 0x27) return -1;
      const close = buf.indexOf(quote === 0x22 ? '"' : "'", q + 1);
      if (close === -1) return 0;
      const value = buf.slice(q + 1, close);
      if (value.includes('<') || value.includes('&')) return -1;
      k = close + 1;
    }
    if (this.stack.length === 0) this.rootName = qname;
    this.stack.push(qname);
    this.sink.open(qname);
    if (selfClosing) {
      this.stack.pop();
      this.sink.close();
      if (this.stack.length === 0 && this.closeRoot()) return -1;
    }
    return k + 1;
  }

  /** After the root's end tag; true when reading stops there. */
  private closeRoot(): boolean {
    this.rootClosed = true;
    if (!this.opts.stopAtRootEnd) return false;
    this.stopped = true;
    return true;
  }

  /** Newlines and the column after `buf[0, end)`, counted as saxes counts them ("\r\n" and a lone "\r" are one line end each). */
  private count(buf: string, end: number): void {
    let last = -1;
    const cr = buf.indexOf('\r');
    if (cr === -1 || cr >= end) {
      for (let nl = buf.indexOf('\n'); nl !== -1 && nl < end; nl = buf.indexOf('\n', nl + 1)) {
        this.lines++;
        last = nl;
      }
    } else {
      for (let k = 0; k < end; k++) {
        const c = buf.charCodeAt(k);
        if (c === 0x0d && k + 1 < end && buf.charCodeAt(k + 1) === 0x0a) k++;
        else if (c !== 0x0d && c !== 0x0a) continue;
        this.lines++;
        last = k;
      }
    }
    this.column = last === -1 ? this.column + end : end - last - 1;
  }

  private handOver(buf: string, at: number): -1 {
    this.startSaxes(buf, at);
    return -1;
  }

  /** Hands the document from `buf[at]` on to saxes, primed with the elements open there. */
  private startSaxes(buf: string, at: number): void {
    this.count(buf, at);
    this.carry = '';
    const parser = new SaxesParser({ position: true });
    const primer = this.rootClosed ? `<${this.rootName}/>` : this.stack.map((q) => `<${q}>`).join('');
    parser.write(primer);
    this.saxesDepth = this.rootClosed ? 0 : this.stack.length;
    this.origin = { line: this.lines, column: this.column, primer: primer.length };
    const sink = this.sink;
    parser.on('opentag', (tag) => {
      this.saxesDepth++;
      sink.open(tag.name);
    });
    parser.on('closetag', () => {
      sink.close();
      if (--this.saxesDepth === 0 && this.opts.stopAtRootEnd) {
        this.stopped = true;
        throw new StopReading();
      }
    });
    parser.on('text', (t) => sink.text(t));
    parser.on('cdata', (t) => sink.text(t));
    parser.on('doctype', (d) => {
      throw refusedDtd(`<!DOCTYPE ${d}`);
    });
    this.saxes = parser;
    this.saxesWrite(at === 0 ? buf : buf.slice(at));
  }

  private saxesWrite(text: string): void {
    if (this.stopped) return;
    this.guard.scan(text);
    try {
      (this.saxes as SaxesParser).write(text);
    } catch (err) {
      if (err instanceof StopReading) return;
      throw this.xmlError(err);
    }
  }

  /** saxes says "4:18: message." counting from its primer; the report counts from the document's first line. */
  private xmlError(err: unknown): IngestError {
    if (err instanceof IngestError) return err;
    const msg = err instanceof Error ? err.message : String(err);
    const m = /^(\d+):(\d+): (.*?)\.?$/s.exec(msg);
    if (!m) return new IngestError('xml.malformed', `XML not well-formed: ${msg.replace(/\.$/, '')}.`, { cause: err });
    const line = Number(m[1]);
    const column = line === 1 ? this.origin.column + Number(m[2]) - this.origin.primer : Number(m[2]);
    const where = `line ${this.origin.line + line + this.opts.lineOffset}, column ${column}`;
    return new IngestError('xml.malformed', `XML not well-formed: ${m[3]} (${where}).`, { cause: err });
  }
}
