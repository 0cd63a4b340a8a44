import { createHash, type Hash } from 'node:crypto';
import { isWithinDomain } from '@/lib/platform/net';
import type { TRecord, TReportHeader } from '@/lib/ingest/parse/schema';
import { DailySums } from './daily-sums';
import { CopyWriter } from './copy-writer';
import { storageMiddle, storagePrefix, writeRecordContent, type RecordTarget } from './record-row';

/** A record written before its report's storage was known: its content bytes, header_from and what its figures need. */
interface PendingRow {
  start: number;
  end: number;
  headerFrom: string | null;
  count: bigint;
  /** DailySums.flags of the record. */
  flags: number;
}

/**
 * Turns a report's records into COPY rows for one stored report and, on the way, into the
 * report's content hash: sha256 over each record's content columns (where it is stored
 * excluded, so the hash does not depend on it) and finally the header. Two parses of the same
 * report — whichever parser, whatever the XML formatting — hash alike.
 *
 * The target may be set late (`configure`): the streaming parser meets the first records
 * before the store has looked the report up; those rows wait, content only, and get their
 * storage columns once it is known.
 */
export class RecordEncoder {
  private readonly writer: CopyWriter;
  private readonly hash: Hash = createHash('sha256');
  private target: RecordTarget | null = null;
  private prefix = '';
  private middle = '';
  private pending: PendingRow[] = [];
  count = 0;
  /** Records whose header_from is not within the policy domain (flagged, out of the figures). */
  foreign = 0;

  /**
   * `expectedRecords` sizes the buffer (small reports should not allocate a megabyte each).
   * With `sums`, the records' domain_daily figures are summed too.
   */
  constructor(target: RecordTarget | null, expectedRecords?: number, private sums: DailySums | null = null) {
    this.writer = new CopyWriter(expectedRecords === undefined ? undefined : Math.min(1 << 20, 512 + expectedRecords * 340));
    if (target) this.configure(target);
  }

  /** The domain_daily figures summed alongside (null when they are not). */
  get daily(): DailySums | null {
    return this.sums;
  }

  /**
   * Where the rows are stored; rows written before get their storage columns now. Without
   * `sumDaily` no figures are summed (the report is set aside, or its rollup is computed in
   * SQL).
   */
  configure(target: RecordTarget, sumDaily = false): void {
    if (this.target) throw new Error('RecordEncoder: the target is already set');
    this.target = target;
    this.prefix = storagePrefix(target);
    this.middle = storageMiddle(target);
    const sums = sumDaily ? this.sums : null;
    this.sums = sums;
    if (this.pending.length === 0) return;
    const content = this.writer.take();
    this.pending.forEach((row, i) => {
      this.writer.bytes(content.subarray(row.start, row.end));
      if (this.writeStorage(i + 1, row.headerFrom)) sums?.addFigures(row.count, row.flags);
    });
    this.pending = [];
  }

  add(record: TRecord): void {
    const w = this.writer;
    const start = w.pos;
    const ord = ++this.count;
    writeRecordContent(w, record, ord);
    this.hash.update(w.view(start));
    if (this.target) {
      if (this.writeStorage(ord, record.header_from)) this.sums?.add(record);
      return;
    }
    // Whether the record is the policy domain's own is known only with the target: what its
    // figures need is kept now (the record object may be reused) and counted or dropped then.
    const flags = this.sums ? DailySums.flags(record) : 0;
    this.pending.push({ start, end: w.pos, headerFrom: record.header_from, count: record.count, flags });
  }

  addAll(records: Iterable<TRecord>): void {
    for (const r of records) this.add(r);
  }

  /** Returns whether the row is the policy domain's own (not flagged). */
  private writeStorage(ord: number, headerFrom: string | null): boolean {
    const w = this.writer;
    const own = isWithinDomain(headerFrom, (this.target as RecordTarget).policyDomain);
    if (!own) this.foreign++;
    w.raw(this.prefix);
    w.raw(String(ord));
    w.raw(this.middle);
    w.raw(own ? 'f\n' : 't\n');
    return own;
  }

  /** The COPY rows written since the last call (none before the target is set). */
  take(): Buffer {
    if (!this.target) throw new Error('RecordEncoder: rows cannot be taken before the target is set');
    return this.writer.take();
  }

  get pendingBytes(): number {
    return this.target ? this.writer.pos : 0;
  }

  /** Call once, after the last record: the header may only be complete at the end of a stream. */
  contentHash(header: TReportHeader): string {
    this.hash.update(`\u0000${JSON.stringify(header)}`);
    return this.hash.digest('hex');
  }
}
