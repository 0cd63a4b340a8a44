import type pg from 'pg';
import { CONTRIB_COLUMNS, type ContribTarget } from './contrib-builder';
import { CopySink } from './copy-sink';
import type { RecordEncoder } from './record-encoder';
import { RECORD_COLUMNS } from './record-row';
import { addDailyFigures } from './rollup';

export const RECORDS_COPY_SQL = `COPY report_record (${RECORD_COLUMNS.join(', ')}) FROM STDIN`;
const CONTRIB_COPY_SQL = `COPY rollup_contrib (${CONTRIB_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT binary)`;

/** Stream batches are sent to COPY once this many bytes are waiting. */
const COPY_CHUNK_BYTES = 1 << 20;
/** Rows sent but not yet taken by Postgres, at most; past this the parser waits. */
const MAX_QUEUED_BYTES = 64 << 20;

/**
 * Feeds a streamed report's rows to COPY as they are parsed, so that Postgres works on the
 * other core while the parser reads on. Nothing here waits for Postgres except the memory
 * bound: COPYs form a chain of statements that runs one after another on the client while
 * Node parses on (rows of a COPY not yet started wait in its stream), so Postgres runs its
 * COPYs back to back. Before this, each batch waited for its COPY to end and the rows parsed
 * meanwhile were written only once the rollup was done, leaving the Node core idle for
 * seconds (docs/performance.md, "Write path").
 *
 * For a one-day report with a domain it also writes the rollup contribution, which the
 * encoder writes as it goes, a row per record (ContribBuilder): every `batchRecords` records
 * the rows so far are COPYed into rollup_contrib between two COPYs of records, and
 * domain_daily is updated once at the end. Reading each batch back from report_record and
 * grouping it in SQL, as before, cost the Postgres core about as much again as the COPY of
 * the records.
 */
export class StreamCopier {
  private sink: CopySink | null = null;
  /** Records sent to COPY (taken from the encoder). */
  private copied = 0;
  /** Records whose contribution is queued. */
  private rolledUpTo = 0;
  /** The statements, each started when the one before has ended (a client runs one at a time). */
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private aborted = false;
  private queuedBytes = 0;
  private wake: (() => void) | null = null;
  /** True once the rollup was written here (otherwise the caller computes it in SQL). */
  rolledUp = false;

  constructor(
    private readonly client: pg.ClientBase,
    readonly encoder: RecordEncoder,
    /** A one-day report with a domain whose encoder collects the contribution; null: none written here. */
    private readonly contribTarget: ContribTarget | null,
    private readonly batchRecords: number,
    private readonly onRecords?: (stored: number) => void,
  ) {
    if (contribTarget && !encoder.contrib) throw new Error('StreamCopier: the encoder does not collect the contribution');
  }

  /** Called whenever the parser added rows to the encoder. */
  async pump(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.encoder.pendingBytes >= COPY_CHUNK_BYTES) this.send();
    if (this.contribTarget && this.encoder.count - this.rolledUpTo >= this.batchRecords) this.queueContrib();
    while (this.queuedBytes > MAX_QUEUED_BYTES && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<void> {
    this.send();
    this.endCopy();
    const target = this.contribTarget;
    if (target) {
      this.queueContrib();
      const contrib = this.encoder.contrib;
      if (contrib) this.then(() => addDailyFigures(this.client, target.domainId, target.day, contrib.daily()));
      this.rolledUp = true;
    }
    await this.chain;
    if (this.failure) throw this.failure;
    this.onRecords?.(this.encoder.count);
  }

  /** Abandons the COPY in progress, skips the statements not yet started, and waits until the client is usable again. */
  async abort(reason: Error): Promise<void> {
    this.aborted = true;
    const sink = this.sink;
    this.sink = null;
    await sink?.abort(reason);
    await this.chain;
  }

  private send(): void {
    if (this.encoder.pendingBytes === 0) return;
    if (!this.sink) {
      const sink = CopySink.deferred(RECORDS_COPY_SQL);
      this.then(() => void sink.start(this.client));
      this.sink = sink;
    }
    const count = this.encoder.count;
    const chunk = this.encoder.take();
    this.queuedBytes += chunk.length;
    this.sink.send(chunk, () => this.taken(chunk.length));
    this.copied = count;
    this.onRecords?.(count);
  }

  private taken(bytes: number): void {
    this.queuedBytes -= bytes;
    if (this.queuedBytes <= MAX_QUEUED_BYTES) this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Ends the COPY being written: the next statement starts once Postgres has taken all its rows. */
  private endCopy(): void {
    const sink = this.sink;
    if (!sink) return;
    this.sink = null;
    const done = sink.finish();
    done.catch(() => undefined); // observed by the chain; avoids an unhandled rejection meanwhile
    this.then(() => done.then(() => undefined));
  }

  /** Ends the records' COPY and queues one of the contribution grouped so far. */
  private queueContrib(): void {
    this.send();
    this.endCopy();
    this.rolledUpTo = this.copied;
    const rows = this.encoder.contrib?.take();
    if (!rows || rows.length === 0) return;
    const sink = CopySink.deferred(CONTRIB_COPY_SQL);
    this.then(() => void sink.start(this.client));
    this.queuedBytes += rows.length;
    sink.send(rows, () => this.taken(rows.length));
    this.sink = sink;
    this.endCopy();
  }

  /** Appends a statement to the chain; after a failure or an abort the rest is skipped. */
  private then(step: () => void | Promise<void>): void {
    this.chain = this.chain
      .then(() => (this.failure || this.aborted ? undefined : step()))
      .catch((err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
        this.wakeUp();
      });
  }
}
