import { createHash, type Hash } from 'node:crypto';
import { isWithinDomain } from '@/lib/platform/net';
import type { TRecord, TReportHeader } from '@/lib/ingest/parse/schema';
import { ContribBuilder, type ContribTarget } from './contrib-builder';
import { CopyWriter } from './copy-writer';
import { storageMiddle, storagePrefix, writeRecordContent, type RecordTarget } from './record-row';

/** A record written before its report's storage was known: its content bytes, header_from and contribution row. */
interface PendingRow {
  start: number;
  end: number;
  headerFrom: string | null;
  count: bigint;
  /** ContribBuilder.flags of the record. */
  flags: number;
  contribStart: number;
  contribEnd: number;
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
   * With `contrib`, the rollup contribution rows of the records are written too.
   */
  constructor(target: RecordTarget | null, expectedRecords?: number, private contribution: ContribBuilder | null = null) {
    this.writer = new CopyWriter(expectedRecords === undefined ? undefined : Math.min(1 << 20, 512 + expectedRecords * 340));
    if (target) this.configure(target);
  }

  /** The rollup contribution written alongside (null when it is not). */
  get contrib(): ContribBuilder | null {
    return this.contribution;
  }

  /**
   * Where the rows are stored; rows written before get their storage columns now. Without
   * `contribTarget` no contribution is written (the report is set aside, or its rollup is
   * computed in SQL).
   */
  configure(target: RecordTarget, contribTarget: ContribTarget | null = null): void {
    if (this.target) throw new Error('RecordEncoder: the target is already set');
    this.target = target;
    this.prefix = storagePrefix(target);
    this.middle = storageMiddle(target);
    const contrib = contribTarget ? this.contribution : null;
    this.contribution = contrib;
    if (contrib && contribTarget) contrib.configure(contribTarget);
    if (this.pending.length === 0) return;
    const content = this.writer.take();
    const contribRows = contrib?.takePending() ?? null;
    this.pending.forEach((row, i) => {
      this.writer.bytes(content.subarray(row.start, row.end));
      const own = this.writeStorage(i + 1, row.headerFrom);
      if (!own || !contrib || !contribRows) return;
      contrib.addFigures(row.count, row.flags);
      if (row.contribEnd > row.contribStart) contrib.keep(contribRows.subarray(row.contribStart, row.contribEnd));
    });
    this.pending = [];
  }

  add(record: TRecord): void {
    const w = this.writer;
    const start = w.pos;
    const ord = ++this.count;
    writeRecordContent(w, record, ord);
    this.hash.update(w.view(start));
    const contrib = this.contribution;
    if (this.target) {
      if (this.writeStorage(ord, record.header_from)) contrib?.add(record);
      return;
    }
    // Whether the record is the policy domain's own is known only with the target: its
    // contribution row is written now (the record object may be reused) and kept or dropped then.
    const contribStart = contrib ? contrib.pos : 0;
    const flags = contrib ? ContribBuilder.flags(record) : 0;
    contrib?.row(record, flags);
    this.pending.push({ start, end: w.pos, headerFrom: record.header_from, count: record.count, flags, contribStart, contribEnd: contrib ? contrib.pos : 0 });
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
