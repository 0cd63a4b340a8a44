import { emptyRecord, normaliseRecord, type RawRecord } from '@/lib/ingest/parse/normalise';
import type { RowSink } from '@/lib/ingest/parse/parse-stream';
import { RecordPool } from '@/lib/ingest/parse/record-pool';
import type { TRecord } from '@/lib/ingest/parse/schema';
import type { SummaryAccumulator } from '@/lib/ingest/parse/summary';
import type { Warnings } from '@/lib/ingest/parse/warnings';
import { DailySums } from './daily-sums';
import { RecordEncoder } from './record-encoder';

/**
 * The lean way from SAX events to COPY rows (large reports): the parser reads each record
 * into one reused set of objects (RecordPool), which is normalised into one reused TRecord
 * and written out at once as COPY bytes. No object is allocated per record and nothing of
 * a record is kept but its bytes, which are the ones RecordEncoder writes for a parsed
 * report (the same normaliser and writer), so the content hash is the same either way.
 */
export class LeanRows implements RowSink {
  readonly objects = new RecordPool();
  /** Sums the domain_daily figures as it goes: a large one-day report is stored pending (StreamCopier). */
  readonly encoder = new RecordEncoder(null, undefined, new DailySums());
  private readonly slot = emptyRecord();

  add(raw: RawRecord, index: number, w: Warnings, acc: SummaryAccumulator): void {
    const r = normaliseRecord(raw, index, w, this.slot);
    acc.add(r);
    this.encoder.add(r);
  }

  addRecord(r: TRecord, acc: SummaryAccumulator): void {
    acc.add(r);
    this.encoder.add(r);
  }
}
