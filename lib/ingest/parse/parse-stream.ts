import { Readable } from 'node:stream';
import { IngestError } from '@/lib/ingest/errors';
import { normaliseHeader, normaliseRecord, type RawRecord } from './normalise';
import type { RawRecordSource } from './record-pool';
import type { TRecord, TReport, TReportHeader } from './schema';
import { StreamState } from './stream-state';
import { SummaryAccumulator, type ReportFigures } from './summary';
import { Warnings } from './warnings';
import { AsciiFastDecoder } from './ascii-fast-decoder';
import { PlainRecordReader } from './plain-record';
import { countLines, createXmlDecoder, ENCODING_SNIFF_BYTES, replacementWarning, scanProlog, sniffEncoding, type XmlDecoder } from './xml-guard';
import { XmlReader } from './xml-reader';

export type ReportStreamEvent =
  /** Metadata and policy, before the first records (or at the end for a report without records). */
  | { type: 'header'; header: TReportHeader }
  /** The next records, in document order. */
  | { type: 'records'; records: TRecord[] }
  /** With a row sink: more records went to it (at most one event per input chunk). */
  | { type: 'rows' }
  /** The complete header (with anything that came after the records), figures and warnings. */
  | { type: 'end'; header: TReportHeader; figures: ReportFigures; warnings: string[] };

export interface StreamOptions {
  /** ATLAS_MAX_RECORDS_PER_REPORT; unlimited when absent. */
  maxRecords?: number;
  /** Records per 'records' event, at most; default 5,000. */
  batchSize?: number;
  /**
   * False when only the figures are wanted: no 'records' events, and no record outlives its
   * own parsing (batches of them would survive into the old generation and grow the heap).
   */
  records?: boolean;
  /**
   * Where records go instead of 'records' events: the lean path, which writes each record
   * out (COPY bytes) as soon as it is closed, from one reused set of objects.
   */
  rows?: RowSink;
  /** False: saxes reads the whole document (the tests' reference reading of the quick path). */
  quick?: boolean;
  /**
   * False: with a row sink, plain records are not read straight from the bytes either
   * (plain-record.ts); the tests' reference reading of that path.
   */
  plainRecords?: boolean;
}

/** Takes each record as it is read; the objects are `objects`' and may be reused afterwards. */
export interface RowSink {
  readonly objects: RawRecordSource;
  add(raw: RawRecord, index: number, w: Warnings, acc: SummaryAccumulator): void;
  /** A record read straight from the bytes, already normalised (no warnings); it may be reused afterwards. */
  addRecord(record: TRecord, acc: SummaryAccumulator): void;
}

/** A chunk of an iterable input may be reused once the next is asked for: nothing of it is kept. */
export type StreamInput = Buffer | Uint8Array | AsyncIterable<Uint8Array | string> | Readable;

/** Slices taken from the input when it is one big buffer. */
const BUFFER_SLICE = 1024 * 1024;
const RECORD_OPEN = Buffer.from('<record>', 'latin1');
const RECORD_CLOSE = Buffer.from('</record>', 'latin1');
/** A record longer than this is left to the XML reader (a plain one is under a kilobyte). */
const MAX_PLAIN_RECORD_BYTES = 64 * 1024;
/** Records in a row the byte path turned down, after which it stops trying for this report. */
const PLAIN_GIVE_UP = 64;
/** Bytes decoded into one string: below V8's large-object size (see feedBytes). */
const DECODE_PIECE = 64 * 1024;

/**
 * Streams one aggregate report: the XML reader (xml-reader.ts; saxes for the unusual) reads it
 * as it arrives, so memory stays flat in the number of records (a store can COPY each batch
 * into Postgres as it comes). The input may be a Buffer or a byte stream (e.g. a gunzip
 * stream). The figures are accumulated on the way, with the same accumulator as the
 * whole-document path.
 *
 * Records are normalised by hand-written checks rather than a zod parse per record: zod on
 * millions of nested objects costs more than the XML parsing; the shapes are fixed by
 * construction in normalise.ts and zod guards the header and the test suite.
 */
export async function* streamReport(input: StreamInput, opts: StreamOptions = {}): AsyncGenerator<ReportStreamEvent> {
  const batchSize = opts.batchSize ?? 5000;
  const keepRecords = opts.records ?? true;
  const w = new Warnings();
  const acc = new SummaryAccumulator();
  let batch: TRecord[] = [];
  const rows = opts.rows ?? null;
  let rowsAdded = false;
  const ready: ReportStreamEvent[] = [];
  let header: TReportHeader | null = null;

  const emitHeaderIfReady = (state: StreamState, final: boolean): void => {
    if (header || (!final && !(state.header.hasMetadata && state.header.hasPolicy))) return;
    header = normaliseHeader(state.header, w);
    ready.push({ type: 'header', header });
  };
  const flush = (): void => {
    if (rowsAdded && header) {
      rowsAdded = false;
      ready.push({ type: 'rows' });
    }
    if (batch.length === 0 || !header) return;
    ready.push({ type: 'records', records: batch });
    batch = [];
  };

  let state: StreamState | null = null;
  let parser: XmlReader | null = null;
  let repaired = false;
  let decoder: XmlDecoder | null = null;
  let encoding = 'utf-8';
  let sawReplacement = false;
  let headBytes: Uint8Array[] = [];
  let headLength = 0;
  let pendingText = '';

  const startParser = (text: string, final: boolean): boolean => {
    const prolog = scanProlog(text, final);
    if (!prolog) return false;
    prolog.warnings.forEach((m) => w.add(m));
    repaired = prolog.repaired;
    const s = new StreamState(
      prolog.namespace,
      w,
      opts.maxRecords ?? Number.MAX_SAFE_INTEGER,
      () => emitHeaderIfReady(s, false),
      (raw: RawRecord, index: number) => {
        if (rows) {
          rows.add(raw, index, w, acc);
          rowsAdded = true;
          return;
        }
        const rec = normaliseRecord(raw, index, w);
        acc.add(rec);
        if (!keepRecords) return;
        batch.push(rec);
        if (batch.length >= batchSize) flush();
      },
      rows?.objects,
    );
    state = s;
    if (repaired) plain = null;
    // After a repaired prolog the dropped wrapper's end tag may follow: stop at </feedback>.
    parser = new XmlReader(
      s,
      { lineOffset: countLines(text, prolog.start), stopAtRootEnd: prolog.repaired, quick: opts.quick },
    );
    parser.write(text.slice(prolog.start));
    return true;
  };

  const feedText = (text: string, final: boolean): void => {
    if (!sawReplacement && text.includes('\uFFFD')) {
      sawReplacement = true;
      replacementWarning(text, encoding).forEach((m) => w.add(m));
    }
    if (parser) return parser.write(text);
    pendingText += pendingText === '' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (startParser(pendingText, final)) pendingText = '';
  };

  // The byte path (plain-record.ts): with a row sink and UTF-8 input, each plain <record> met
  // where the reader stands idle between the root's children is read from the bytes and
  // written out without being decoded or tokenized; the reader is told what it skipped.
  // Everything else — and any record the byte path declines — goes through the reader as
  // before, in document order, so what it reads and reports is unchanged.
  let plain: PlainRecordReader | null = rows && opts.plainRecords !== false && opts.quick !== false ? new PlainRecordReader() : null;
  let inRecords = false;
  let heldBytes: Buffer | null = null;
  let declined = 0;

  const decodeAll = (bytes: Uint8Array, final: boolean): void => {
    // Decoded 64 KB at a time: a string over V8's regular object size (~128 KB) is allocated in
    // large-object space, which the young-generation GC does not sweep, and the values sliced out
    // of it keep it alive. Measured, the reader on 150 MB: 1.08 s CPU in 64 KB strings against
    // 1.71 s in 1 MB ones and 2.21 s in 256 KB ones.
    const d = decoder as XmlDecoder;
    let i = 0;
    do {
      const end = Math.min(i + DECODE_PIECE, bytes.length);
      const last = final && end === bytes.length;
      feedText(d.decode(bytes.subarray(i, end), { stream: !last }), last);
      i = end;
    } while (i < bytes.length);
  };

  const readyForBytes = (): boolean =>
    parser !== null && (parser as XmlReader).idleInRoot() && state !== null && (state as StreamState).idleInRoot() && (decoder as AsciiFastDecoder).idle;

  /**
   * The byte path over `buf` from its start, until `stop`: returns where it stopped, all before
   * read (by it or by the reader). With `mayHold`, an unfinished record at the end is not read
   * yet: `holding` is then set and the rest waits for more input.
   */
  let holding = false;
  const runPlain = (buf: Buffer, mayHold: boolean, stop: number): number => {
    const n = buf.length;
    let i = 0;
    while (plain && i < n && i < stop) {
      if (!inRecords) {
        const at = buf.indexOf(RECORD_OPEN, i);
        if (at === -1) break;
        if (at > i) decodeAll(buf.subarray(i, at), false);
        if ((parser as XmlReader).handedOver) plain = null;
        i = at;
        if (readyForBytes()) {
          inRecords = true;
        } else {
          decodeAll(buf.subarray(at, at + RECORD_OPEN.length), false);
          i = at + RECORD_OPEN.length;
        }
        continue;
      }
      let at = i;
      while (at < n && (buf[at] === 0x20 || buf[at] === 0x0a || buf[at] === 0x09 || buf[at] === 0x0d)) at++;
      if (n - at < RECORD_CLOSE.length && mayHold) {
        holding = true;
        return i;
      }
      const isRecord = n - at >= RECORD_OPEN.length && buf.compare(RECORD_OPEN, 0, RECORD_OPEN.length, at, at + RECORD_OPEN.length) === 0;
      if (!isRecord) {
        // Something else (the root's end, say): the reader goes on from here.
        inRecords = false;
        continue;
      }
      // The record's end is found by reading it; looked for only when it is not read.
      const read = plain.read(buf, i, n);
      if (read > 0) {
        const index = (state as StreamState).takeRecord();
        if (index > 0) {
          (rows as RowSink).addRecord(plain.record, acc);
          rowsAdded = true;
          (parser as XmlReader).readElsewhere(plain.newlines, plain.lastNewline < 0 ? 0 : read - plain.lastNewline - 1, read - i);
          declined = 0;
          i = read;
          continue;
        }
      }
      const close = buf.indexOf(RECORD_CLOSE, at + RECORD_OPEN.length);
      if (close === -1 && mayHold && n - at <= MAX_PLAIN_RECORD_BYTES) {
        holding = true;
        return i;
      }
      inRecords = false;
      const end = close + RECORD_CLOSE.length;
      if (close < 0 || end - at > MAX_PLAIN_RECORD_BYTES) {
        // Too long to wait for: the reader takes this record (and looks for the next one).
        decodeAll(buf.subarray(i, at + RECORD_OPEN.length), false);
        i = at + RECORD_OPEN.length;
        continue;
      }
      if (read < 0 && ++declined >= PLAIN_GIVE_UP) plain = null;
      decodeAll(buf.subarray(i, end), false);
      i = end;
    }
    return i;
  };

  const feedPlain = (chunk: Uint8Array, final: boolean): void => {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (heldBytes) {
      // The unfinished record from the last chunk is completed from the start of this one (a
      // bounded copy: joining every chunk to its predecessor's tail copied the whole input).
      const held = heldBytes;
      heldBytes = null;
      const prefix = Math.min(buf.length, MAX_PLAIN_RECORD_BYTES);
      const joined = Buffer.concat([held, buf.subarray(0, prefix)]);
      const whole = prefix === buf.length;
      let j = runPlain(joined, whole && !final, whole ? joined.length : held.length);
      if (holding) {
        holding = false;
        heldBytes = Buffer.from(joined.subarray(j));
        return;
      }
      if (whole) {
        if (j < joined.length || final) decodeAll(joined.subarray(j), final);
        return;
      }
      if (j < held.length) {
        decodeAll(joined.subarray(j, held.length), false);
        j = held.length;
      }
      buf = buf.subarray(j - held.length);
    }
    const i = runPlain(buf, !final, buf.length);
    if (holding) {
      holding = false;
      heldBytes = Buffer.from(buf.subarray(i));
      return;
    }
    if (i < buf.length || final) decodeAll(buf.subarray(i), final);
  };

  const feedBytes = (bytes: Uint8Array, final: boolean): void => {
    if (plain && parser) return feedPlain(bytes, final);
    if (!decoder) {
      headLength += bytes.length;
      // Kept past this call: copied, since an input's chunks may be reused once handled.
      if (headLength < ENCODING_SNIFF_BYTES && !final) return void headBytes.push(Buffer.from(bytes));
      headBytes.push(bytes);
      const head = headBytes.length === 1 ? headBytes[0] : Buffer.concat(headBytes);
      headBytes = [];
      const info = sniffEncoding(head.subarray(0, ENCODING_SNIFF_BYTES));
      info.warnings.forEach((m) => w.add(m));
      encoding = info.encoding;
      decoder = createXmlDecoder(encoding);
      if (!(decoder instanceof AsciiFastDecoder)) plain = null;
      bytes = head.subarray(info.bomLength);
    }
    decodeAll(bytes, final);
  };

  for await (const chunk of chunks(input)) {
    if (typeof chunk === 'string') feedText(chunk, false);
    else feedBytes(chunk, false);
    if (rows) flush();
    yield* drain(ready);
    if (repaired && state && (state as StreamState).done) break;
  }
  if (decoder || headLength > 0) feedBytes(new Uint8Array(0), true);
  else if (!parser) feedText('', true);
  const s = state as StreamState | null;
  if (!parser || !s) throw new IngestError('xml.malformed', 'The XML document is empty.');
  (parser as XmlReader).close();
  emitHeaderIfReady(s, true);
  flush();
  yield* drain(ready);
  const finalHeader = normaliseHeader(s.header, new Warnings());
  yield { type: 'end', header: finalHeader, figures: acc.figures(finalHeader), warnings: w.list() };
}

function* drain(ready: ReportStreamEvent[]): Generator<ReportStreamEvent> {
  while (ready.length > 0) yield ready.shift() as ReportStreamEvent;
}

async function* chunks(input: StreamInput): AsyncGenerator<Uint8Array | string> {
  if (input instanceof Uint8Array) {
    for (let i = 0; i < input.length; i += BUFFER_SLICE) yield input.subarray(i, i + BUFFER_SLICE);
    return;
  }
  yield* input as AsyncIterable<Uint8Array | string>;
}

/** Reads a whole report through the streaming parser into the same shape as `parseReportFast`. */
export async function parseReportStreaming(input: StreamInput, opts: StreamOptions = {}): Promise<TReport> {
  const records: TRecord[] = [];
  for await (const ev of streamReport(input, opts)) {
    if (ev.type === 'records') {
      for (const r of ev.records) records.push(r);
    } else if (ev.type === 'end') {
      return { ...ev.header, records, warnings: ev.warnings };
    }
  }
  throw new Error('unreachable: the stream ended without an end event');
}

/** The figures of a report through the streaming parser, without keeping its records. */
export async function summariseStreaming(
  input: StreamInput,
  opts: StreamOptions = {},
): Promise<{ header: TReportHeader; figures: ReportFigures; warnings: string[] }> {
  for await (const ev of streamReport(input, { ...opts, records: false })) {
    if (ev.type === 'end') return { header: ev.header, figures: ev.figures, warnings: ev.warnings };
  }
  throw new Error('unreachable: the stream ended without an end event');
}
