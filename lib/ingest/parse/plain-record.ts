import { canonicalIp } from '@/lib/platform/net';
import { emptyRecord, RECORD_VALUES } from './normalise';
import { MAX_FIELD_CHARS, MAX_REPEATS } from './report-caps';
import type { TDkimAuth, TReason, TRecord, TSpfAuth } from './schema';

/** The elements a plain record is made of. */
const enum N {
  Record, Row, SourceIp, Count, PolicyEvaluated, Disposition, Dkim, Spf, Reason, Type, Comment,
  Identifiers, HeaderFrom, EnvelopeFrom, EnvelopeTo, AuthResults, Domain, Selector, Result, HumanResult, Scope,
}
const NAMES = [
  'record', 'row', 'source_ip', 'count', 'policy_evaluated', 'disposition', 'dkim', 'spf', 'reason', 'type', 'comment',
  'identifiers', 'header_from', 'envelope_from', 'envelope_to', 'auth_results', 'domain', 'selector', 'result', 'human_result', 'scope',
];
const NAME_BYTES = NAMES.map((n) => Buffer.from(n, 'latin1'));
/** Element ids by the length of their name. */
const BY_LENGTH: number[][] = [];
NAMES.forEach((n, id) => (BY_LENGTH[n.length] ??= []).push(id));

/** Where a leaf's text starts and ends in the input; -1: the element is absent. */
const enum F { SourceIp, Count, Disposition, PolicyDkim, PolicySpf, HeaderFrom, EnvelopeFrom, EnvelopeTo, Size }
const enum D { Domain, Selector, Result, HumanResult, Size }
const enum S { Domain, Scope, Result, HumanResult, Size }
const enum R { Type, Comment, Size }

/** An enumeration's values as bytes, by length, each with the constant string it stands for. */
type Values = Array<Array<{ bytes: Buffer; value: string }>>;
function values(list: readonly string[]): Values {
  const out: Values = [];
  for (const value of list) (out[value.length] ??= []).push({ bytes: Buffer.from(value, 'latin1'), value });
  return out;
}
const DISPOSITION = values(RECORD_VALUES.disposition);
const VERDICT = values(RECORD_VALUES.verdict);
const REASON = values(RECORD_VALUES.reason);
const DKIM_RESULT = values(RECORD_VALUES.dkimResult);
const SPF_RESULT = values(RECORD_VALUES.spfResult);
const SPF_SCOPE = values(RECORD_VALUES.spfScope);

const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09;

/**
 * Reads one `<record>…</record>` straight from the input bytes into a normalised record, for
 * the records that are plain: ASCII, known elements only, each where the schema puts it and at
 * most once (results and reasons up to MAX_REPEATS), no attributes, references, comments,
 * CDATA or carriage returns inside values (CRLF between tags is read), and values the
 * normaliser accepts without a warning. Anything else
 * is declined (`read` returns false) and that record goes through the XML reader and the
 * normaliser as before. What a read record holds is what they make of it: the same
 * RECORD_VALUES, trimming (the only whitespace allowed is ' ', '\t', '\n'), ASCII lower-casing
 * and canonicalIp (tests/unit/ingest/plain-record.test.ts compares both ways on hostile input).
 *
 * Why by hand: a large report is hundreds of thousands of these records, and decoding them to
 * text, tokenizing it and building an object per element was most of the ingest's CPU time
 * (docs/performance.md); no XML library reads a fixed shape from bytes without those steps.
 */
export class PlainRecordReader {
  /** The record read last (reused: valid until the next `read`). */
  readonly record: TRecord = emptyRecord();
  /** Line ends in the bytes read last, and the position of the last one (-1: none). */
  newlines = 0;
  lastNewline = -1;

  private buf: Buffer = Buffer.alloc(0);
  private p = 0;
  private end = 0;
  /** Set by startTag: the tag was `<name/>`. */
  private selfClosing = false;
  private readonly f = new Int32Array(2 * F.Size);
  private readonly dkim = new Int32Array(2 * D.Size * MAX_REPEATS);
  private readonly spf = new Int32Array(2 * S.Size * MAX_REPEATS);
  private readonly reason = new Int32Array(2 * R.Size * MAX_REPEATS);
  private dkims = 0;
  private spfs = 0;
  private reasons = 0;
  private readonly dkimPool: TDkimAuth[] = [];
  private readonly spfPool: TSpfAuth[] = [];
  private readonly reasonPool: TReason[] = [];

  /**
   * Reads whitespace and then a record from `buf[from]`, within `buf[from, limit)`. Returns
   * where the record ends when it was plain (`record` then holds it normalised), or -1: not
   * plain, or not complete before `limit`.
   */
  read(buf: Buffer, from: number, limit: number): number {
    this.buf = buf;
    this.p = from;
    this.end = limit;
    this.newlines = 0;
    this.lastNewline = -1;
    this.f.fill(-1);
    this.dkims = this.spfs = this.reasons = 0;
    this.space();
    if (this.startTag() !== N.Record || this.selfClosing || !this.readRecord() || !this.normalise()) return -1;
    return this.p;
  }

  private readRecord(): boolean {
    let row = false;
    let ids = false;
    let auth = false;
    for (;;) {
      this.space();
      if (this.atEndTag()) return this.endTag(N.Record);
      const id = this.startTag();
      const open = !this.selfClosing;
      if (id === N.Row && !row) {
        row = true;
        if (open && !this.readRow()) return false;
      } else if (id === N.Identifiers && !ids) {
        ids = true;
        if (open && !this.readLeaves(N.Identifiers, this.f, 0)) return false;
      } else if (id === N.AuthResults && !auth) {
        auth = true;
        if (open && !this.readAuth()) return false;
      } else {
        return false;
      }
    }
  }

  private readRow(): boolean {
    let evaluated = false;
    for (;;) {
      this.space();
      if (this.atEndTag()) return this.endTag(N.Row);
      const id = this.startTag();
      if (id === N.SourceIp || id === N.Count) {
        if (!this.leaf(id, this.f, 2 * (id === N.SourceIp ? F.SourceIp : F.Count))) return false;
      } else if (id === N.PolicyEvaluated && !evaluated) {
        evaluated = true;
        if (!this.selfClosing && !this.readEvaluated()) return false;
      } else {
        return false;
      }
    }
  }

  private readEvaluated(): boolean {
    for (;;) {
      this.space();
      if (this.atEndTag()) return this.endTag(N.PolicyEvaluated);
      const id = this.startTag();
      if (id === N.Disposition) {
        if (!this.leaf(id, this.f, 2 * F.Disposition)) return false;
      } else if (id === N.Dkim) {
        if (!this.leaf(id, this.f, 2 * F.PolicyDkim)) return false;
      } else if (id === N.Spf) {
        if (!this.leaf(id, this.f, 2 * F.PolicySpf)) return false;
      } else if (id === N.Reason && this.reasons < MAX_REPEATS) {
        const at = 2 * R.Size * this.reasons++;
        this.reason.fill(-1, at, at + 2 * R.Size);
        if (!this.selfClosing && !this.readLeaves(N.Reason, this.reason, at)) return false;
      } else {
        return false;
      }
    }
  }

  private readAuth(): boolean {
    for (;;) {
      this.space();
      if (this.atEndTag()) return this.endTag(N.AuthResults);
      const id = this.startTag();
      let at: number;
      if (id === N.Dkim && this.dkims < MAX_REPEATS) {
        at = 2 * D.Size * this.dkims++;
        this.dkim.fill(-1, at, at + 2 * D.Size);
        if (!this.selfClosing && !this.readLeaves(N.Dkim, this.dkim, at)) return false;
      } else if (id === N.Spf && this.spfs < MAX_REPEATS) {
        at = 2 * S.Size * this.spfs++;
        this.spf.fill(-1, at, at + 2 * S.Size);
        if (!this.selfClosing && !this.readLeaves(N.Spf, this.spf, at)) return false;
      } else {
        return false;
      }
    }
  }

  /** The children of a container whose children are all leaves, into `slots` from `at`. */
  private readLeaves(container: N, slots: Int32Array, at: number): boolean {
    for (;;) {
      this.space();
      if (this.atEndTag()) return this.endTag(container);
      const id = this.startTag();
      const slot = leafSlot(container, id);
      if (slot < 0 || !this.leaf(id, slots, at + 2 * slot)) return false;
    }
  }

  /** After a leaf's start tag: its text up to its end tag, kept as a range at slots[at, at + 2) (once only). */
  private leaf(id: number, slots: Int32Array, at: number): boolean {
    if (slots[at] !== -1) return false;
    const start = this.p;
    if (this.selfClosing) {
      slots[at] = slots[at + 1] = start;
      return true;
    }
    const buf = this.buf;
    const end = this.end;
    let q = start;
    for (; q < end; q++) {
      const c = buf[q];
      if (c === 0x3c) break;
      // Outside: '&' (references), ']' ("]]>"), '\r' (line-end normalisation), control and non-ASCII bytes.
      if (c >= 0x7f || c === 0x26 || c === 0x5d || (c < 0x20 && c !== 0x09 && c !== 0x0a)) return false;
      if (c === 0x0a) {
        this.newlines++;
        this.lastNewline = q;
      }
    }
    slots[at] = start;
    slots[at + 1] = q;
    this.p = q;
    return this.endTag(id);
  }

  /** Whitespace between tags; line ends counted as saxes counts them ("\r\n" and a lone "\r" are one each). */
  private space(): void {
    const buf = this.buf;
    let p = this.p;
    for (; p < this.end; p++) {
      const c = buf[p];
      if (c === 0x0d && buf[p + 1] === 0x0a) p++;
      else if (c === 0x0d && p + 1 >= this.end) break;
      if (c === 0x0a || c === 0x0d) {
        this.newlines++;
        this.lastNewline = p;
      } else if (c !== 0x20 && c !== 0x09) break;
    }
    this.p = p;
  }

  private atEndTag(): boolean {
    return this.buf[this.p] === 0x3c && this.buf[this.p + 1] === 0x2f;
  }

  /** `<name>` or `<name/>` with a known lower-case name: its id (-1: anything else). */
  private startTag(): number {
    const buf = this.buf;
    const start = this.p + 1;
    if (buf[this.p] !== 0x3c) return -1;
    let q = start;
    for (; q < this.end; q++) {
      const c = buf[q];
      if (!((c >= 0x61 && c <= 0x7a) || c === 0x5f)) break;
    }
    const c = buf[q];
    if (c === 0x3e) {
      this.selfClosing = false;
      this.p = q + 1;
    } else if (c === 0x2f && buf[q + 1] === 0x3e) {
      this.selfClosing = true;
      this.p = q + 2;
    } else {
      return -1;
    }
    return nameAt(buf, start, q - start);
  }

  /** `</name>` of element `id` exactly. */
  private endTag(id: number): boolean {
    const name = NAME_BYTES[id];
    const buf = this.buf;
    if (buf[this.p] !== 0x3c || buf[this.p + 1] !== 0x2f) return false;
    let q = this.p + 2;
    if (q + name.length >= this.end) return false;
    for (let k = 0; k < name.length; k++, q++) if (buf[q] !== name[k]) return false;
    if (buf[q] !== 0x3e) return false;
    this.p = q + 1;
    return true;
  }

  /** The record from the ranges read, as normaliseRecord makes it; false where it would warn or throw. */
  private normalise(): boolean {
    const f = this.f;
    const r = this.record;
    const count = this.count(f[2 * F.Count], f[2 * F.Count + 1]);
    if (count < 0n) return false;
    if (f[2 * F.SourceIp] < 0 || f[2 * F.HeaderFrom] < 0) return false;
    if (f[2 * F.Disposition] < 0 && f[2 * F.PolicyDkim] < 0 && f[2 * F.PolicySpf] < 0) return false;
    const ipText = this.text(f[2 * F.SourceIp], f[2 * F.SourceIp + 1], false);
    const ip = typeof ipText === 'string' ? canonicalIp(ipText) : null;
    if (ip === null) return false;
    const disposition = this.choice(f, F.Disposition, DISPOSITION);
    const policyDkim = this.choice(f, F.PolicyDkim, VERDICT);
    const policySpf = this.choice(f, F.PolicySpf, VERDICT);
    const headerFrom = this.text(f[2 * F.HeaderFrom], f[2 * F.HeaderFrom + 1], true);
    const envelopeFrom = this.text(f[2 * F.EnvelopeFrom], f[2 * F.EnvelopeFrom + 1], true);
    const envelopeTo = this.text(f[2 * F.EnvelopeTo], f[2 * F.EnvelopeTo + 1], true);
    if (disposition === undefined || policyDkim === undefined || policySpf === undefined) return false;
    if (headerFrom === undefined || envelopeFrom === undefined || envelopeTo === undefined) return false;
    r.reasons.length = r.dkim.length = r.spf.length = 0;
    for (let i = 0; i < this.reasons; i++) {
      const s = this.reason;
      const at = 2 * R.Size * i;
      if (s[at + 2 * R.Type] < 0 && s[at + 2 * R.Comment] < 0) return false;
      const o = (this.reasonPool[i] ??= { type: null, comment: null });
      const type = this.choice(s, at / 2 + R.Type, REASON);
      const comment = this.text(s[at + 2 * R.Comment], s[at + 2 * R.Comment + 1], false);
      if (type === undefined || comment === undefined) return false;
      o.type = type;
      o.comment = comment;
      r.reasons.push(o);
    }
    for (let i = 0; i < this.dkims; i++) {
      const s = this.dkim;
      const at = 2 * D.Size * i;
      const o = (this.dkimPool[i] ??= { domain: null, selector: null, result: null, human_result: null });
      const domain = this.text(s[at + 2 * D.Domain], s[at + 2 * D.Domain + 1], true);
      const selector = this.text(s[at + 2 * D.Selector], s[at + 2 * D.Selector + 1], false);
      const result = this.choice(s, at / 2 + D.Result, DKIM_RESULT);
      const human = this.text(s[at + 2 * D.HumanResult], s[at + 2 * D.HumanResult + 1], false);
      if (domain === undefined || selector === undefined || result === undefined || human === undefined) return false;
      o.domain = domain;
      o.selector = selector;
      o.result = result;
      o.human_result = human;
      r.dkim.push(o);
    }
    for (let i = 0; i < this.spfs; i++) {
      const s = this.spf;
      const at = 2 * S.Size * i;
      const o = (this.spfPool[i] ??= { domain: null, scope: null, result: null, human_result: null });
      const domain = this.text(s[at + 2 * S.Domain], s[at + 2 * S.Domain + 1], true);
      const scope = this.choice(s, at / 2 + S.Scope, SPF_SCOPE);
      const result = this.choice(s, at / 2 + S.Result, SPF_RESULT);
      const human = this.text(s[at + 2 * S.HumanResult], s[at + 2 * S.HumanResult + 1], false);
      if (domain === undefined || scope === undefined || result === undefined || human === undefined) return false;
      o.domain = domain;
      o.scope = scope;
      o.result = result;
      o.human_result = human;
      r.spf.push(o);
    }
    r.source_ip = ip;
    r.source_ip_valid = true;
    r.count = count;
    r.disposition = disposition;
    r.policy_dkim = policyDkim;
    r.policy_spf = policySpf;
    r.header_from = headerFrom;
    r.envelope_from = envelopeFrom;
    r.envelope_to = envelopeTo;
    return true;
  }

  /** `<count>`: 1 to 18 digits after trimming (longer ones are left to parseCount and the store's checks); -1n otherwise. */
  private count(start: number, end: number): bigint {
    if (start < 0) return -1n;
    const buf = this.buf;
    while (start < end && isSpace(buf[start])) start++;
    while (end > start && isSpace(buf[end - 1])) end--;
    const digits = end - start;
    if (digits === 0 || digits > 18) return -1n;
    let n = 0;
    for (let i = start; i < end; i++) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) return -1n;
      n = n * 10 + d;
    }
    return digits <= 15 ? BigInt(n) : BigInt(buf.toString('latin1', start, end));
  }

  /**
   * A leaf's text trimmed (and lower-cased): null when absent, undefined when longer than
   * MAX_FIELD_CHARS (the normaliser would cut it and warn).
   */
  private text(start: number, end: number, lower: boolean): string | null | undefined {
    if (start < 0) return null;
    const buf = this.buf;
    while (start < end && isSpace(buf[start])) start++;
    while (end > start && isSpace(buf[end - 1])) end--;
    if (end - start > MAX_FIELD_CHARS) return undefined;
    const s = buf.toString('latin1', start, end);
    if (!lower) return s;
    for (let i = start; i < end; i++) if (isUpper(buf[i])) return s.toLowerCase();
    return s;
  }

  /**
   * An enumerated leaf (slot `slot` of `slots`): null when absent, the value's constant when it
   * is one (after trimming and lower-casing), undefined otherwise (the normaliser would warn).
   */
  private choice(slots: Int32Array, slot: number, list: Values): string | null | undefined {
    let start = slots[2 * slot];
    let end = slots[2 * slot + 1];
    if (start < 0) return null;
    const buf = this.buf;
    while (start < end && isSpace(buf[start])) start++;
    while (end > start && isSpace(buf[end - 1])) end--;
    const candidates = list[end - start];
    if (!candidates) return undefined;
    next: for (const { bytes, value } of candidates) {
      for (let i = 0; i < bytes.length; i++) {
        const c = buf[start + i];
        if ((isUpper(c) ? c + 0x20 : c) !== bytes[i]) continue next;
      }
      return value;
    }
    return undefined;
  }
}

/** The slot of leaf `id` in `container`'s ranges, or -1 when it is not one of its leaves. */
function leafSlot(container: N, id: number): number {
  switch (container) {
    case N.Identifiers:
      return id === N.HeaderFrom ? F.HeaderFrom : id === N.EnvelopeFrom ? F.EnvelopeFrom : id === N.EnvelopeTo ? F.EnvelopeTo : -1;
    case N.Reason:
      return id === N.Type ? R.Type : id === N.Comment ? R.Comment : -1;
    case N.Dkim:
      return id === N.Domain ? D.Domain : id === N.Selector ? D.Selector : id === N.Result ? D.Result : id === N.HumanResult ? D.HumanResult : -1;
    case N.Spf:
      return id === N.Domain ? S.Domain : id === N.Scope ? S.Scope : id === N.Result ? S.Result : id === N.HumanResult ? S.HumanResult : -1;
    default:
      return -1;
  }
}

function nameAt(buf: Buffer, start: number, length: number): number {
  const candidates = BY_LENGTH[length];
  if (!candidates) return -1;
  next: for (const id of candidates) {
    const name = NAME_BYTES[id];
    for (let k = 0; k < length; k++) if (buf[start + k] !== name[k]) continue next;
    return id;
  }
  return -1;
}
