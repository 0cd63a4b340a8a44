/**
 * Collects decompressed chunks into one buffer without the usual chunks-then-concat double
 * copy: for a report of hundreds of MB that copy is the peak of memory use. Starts at the
 * expected size when one is known and doubles when it is exceeded.
 */
export class ByteSink {
  private buf: Buffer;
  private length = 0;

  constructor(expected: number) {
    this.buf = Buffer.allocUnsafe(Math.max(expected, 1024));
  }

  push(chunk: Buffer): void {
    if (this.length + chunk.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + chunk.length));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    chunk.copy(this.buf, this.length);
    this.length += chunk.length;
  }

  /** The bytes collected (a view, not a copy; the sink must not be used afterwards). */
  result(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
