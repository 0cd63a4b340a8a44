import type pg from 'pg';
import { CopySink } from './copy-sink';
import type { RecordEncoder } from './record-encoder';
import { RECORD_COLUMNS } from './record-row';
import { notePending, type PendingTarget } from './rollup';

export const RECORDS_COPY_SQL = `COPY report_record (${RECORD_COLUMNS.join(', ')}) FROM STDIN`;

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
 * A one-day report with a domain is stored pending (rollup_pending): its domain_daily figures,
 * which the encoder sums as it goes, are written at the end, and its rollup contribution is
 * left to compaction, which groups its records after the commit. Writing the contribution here
 * too, a row per record, cost Postgres a third as much again as the records' own COPY (and
 * reading each batch back from report_record to group it in SQL, as before that, about as
 * much again as the COPY).
 */
export class StreamCopier {
  private sink: CopySink | null = null;
  /** The statements, each started when the one before has ended (a client runs one at a time). */
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private aborted = false;
  private queuedBytes = 0;
  private wake: (() => void) | null = null;
  /** True once the report was stored pending here (otherwise the caller rolls it up in SQL). */
  rolledUp = false;

  constructor(
    private readonly client: pg.ClientBase,
    readonly encoder: RecordEncoder,
    /** A one-day report with a domain, whose encoder sums the domain_daily figures; null: rolled up by the caller. */
    private readonly pending: PendingTarget | null,
    private readonly onRecords?: (stored: number) => void,
  ) {
    if (pending && !encoder.daily) throw new Error('StreamCopier: the encoder does not sum the daily figures');
  }

  /** Called whenever the parser added rows to the encoder. */
  async pump(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.encoder.pendingBytes >= COPY_CHUNK_BYTES) this.send();
    while (this.queuedBytes > MAX_QUEUED_BYTES && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<void> {
    this.send();
    this.endCopy();
    const target = this.pending;
    const sums = this.encoder.daily;
    if (target && sums) {
      this.then(() => notePending(this.client, target, sums.daily()));
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
