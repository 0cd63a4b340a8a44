import { createHash, type Hash } from 'node:crypto';
import type { TRecord, TReportHeader } from '@/lib/ingest/parse/schema';
import { CopyWriter } from './copy-writer';
import { writeRecordContent } from './record-row';

/**
 * Turns a report's records into COPY rows for one report id and, on the way, into the
 * report's content hash: sha256 over each record's content columns (the report id excluded,
 * so the hash does not depend on where the report is stored) and finally the header. Two
 * parses of the same report — whichever parser, whatever the XML formatting — hash alike.
 */
export class RecordEncoder {
  private readonly writer: CopyWriter;
  private readonly hash: Hash = createHash('sha256');
  private readonly idSuffix: string;
  count = 0;

  /** `expectedRecords` sizes the buffer (small reports should not allocate a megabyte each). */
  constructor(reportId: bigint, expectedRecords?: number) {
    this.idSuffix = `${reportId}\n`;
    this.writer = new CopyWriter(expectedRecords === undefined ? undefined : Math.min(1 << 20, 512 + expectedRecords * 320));
  }

  add(record: TRecord): void {
    const w = this.writer;
    const start = w.pos;
    writeRecordContent(w, record, ++this.count);
    this.hash.update(w.view(start));
    w.raw(this.idSuffix);
  }

  addAll(records: Iterable<TRecord>): void {
    for (const r of records) this.add(r);
  }

  /** The COPY bytes written since the last call. */
  take(): Buffer {
    return this.writer.take();
  }

  get pendingBytes(): number {
    return this.writer.pos;
  }

  /** Call once, after the last record: the header may only be complete at the end of a stream. */
  contentHash(header: TReportHeader): string {
    this.hash.update(`\u0000${JSON.stringify(header)}`);
    return this.hash.digest('hex');
  }
}
