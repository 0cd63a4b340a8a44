import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type CopyStream = ReturnType<typeof copyFrom>;

/**
 * One `COPY … FROM STDIN` on a client, written in chunks with backpressure. Unlike piping,
 * a failure on either side (Postgres rejecting a row, or the producer failing mid-stream) is
 * always observed and leaves the client ready for the next statement (ROLLBACK TO SAVEPOINT).
 */
export class CopySink {
  private failure: Error | null = null;
  private readonly closed: Promise<void>;
  /** The COPY statement was sent (a deferred sink buffers rows until then). */
  private started = false;

  private constructor(private readonly stream: CopyStream) {
    stream.on('error', (err: Error) => {
      this.failure ??= err;
    });
    this.closed = new Promise((resolve) => stream.once('close', () => resolve()));
  }

  static open(client: pg.ClientBase, sql: string): CopySink {
    return CopySink.deferred(sql).start(client);
  }

  /**
   * A COPY not yet sent: rows may be queued (`send`) and the end requested (`finish`) at once;
   * they go to Postgres once `start` sends the statement, when the client is free.
   */
  static deferred(sql: string): CopySink {
    return new CopySink(copyFrom(sql));
  }

  start(client: pg.ClientBase): this {
    if (this.started || this.stream.destroyed) return this;
    this.started = true;
    client.query(this.stream);
    return this;
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (chunk.length === 0 || this.stream.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        this.stream.off('drain', onDrain);
        reject(err);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  /**
   * Queues a chunk without waiting for Postgres (the COPY may not even have started: the
   * client runs it after the statements before it); `taken` is called once the chunk went to
   * the socket, or failed. The caller bounds how much it queues.
   */
  send(chunk: Buffer, taken: () => void): void {
    if (this.failure) throw this.failure;
    if (chunk.length === 0) return taken();
    this.stream.write(chunk, () => taken());
  }

  /** Ends the COPY and waits until Postgres has taken every row; returns the row count. */
  async finish(): Promise<number> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('finish', () => resolve());
      this.stream.once('error', reject);
      this.stream.end();
    });
    return this.stream.rowCount;
  }

  /** Abandons the COPY (Postgres discards its rows) and waits until the client is usable again. */
  async abort(reason: Error): Promise<void> {
    if (!this.stream.destroyed) this.stream.destroy(reason);
    // Never sent: nothing reached Postgres, and the stream only closes once the statement runs.
    if (this.started) await this.closed;
  }
}
