const EMPTY = Buffer.alloc(0);

/**
 * Builds Postgres COPY text-format data (tab-separated columns, newline-terminated rows,
 * NULL as \N, backslash/tab/newline/CR escaped) straight into a byte buffer.
 *
 * Why bytes rather than strings: a large report has millions of records, and building each
 * row as JavaScript strings (template literals, JSON.stringify of the auth results) costs
 * ~4 µs a row, mostly in rope flattening and garbage collection; writing ASCII bytes in a loop
 * costs ~1 µs. Anything outside plain ASCII takes a slower, exact path.
 */
export class CopyWriter {
  private buf: Buffer;
  /** The size of the buffer made at the first write after a take. */
  private nextSize = 0;
  pos = 0;

  constructor(private readonly initialSize = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** The bytes written so far (a view: valid until the next write), e.g. to hash one row. */
  view(start: number, end = this.pos): Buffer {
    return this.buf.subarray(start, end);
  }

  /**
   * Hands over the bytes written so far. The next buffer, made at the next write, is as large
   * as this one grew: a stream's writer that outgrew its first size between two takes would
   * otherwise grow (and copy what it holds) again before nearly every take.
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.nextSize = Math.max(this.initialSize, this.buf.length, this.nextSize);
    this.buf = EMPTY;
    this.pos = 0;
    return out;
  }

  byte(c: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  /** Bytes already in COPY form. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Text known to need no COPY escaping (separators, literals, numbers, canonical IPs). */
  raw(s: string): void {
    const n = s.length;
    this.ensure(n * 3);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p;
        this.pos += b.write(s.slice(i), p, 'utf8');
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** A column value, COPY-escaped; null writes \N. */
  text(s: string | null): void {
    if (s === null) {
      this.raw('\\N');
      return;
    }
    const n = s.length;
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x5c || c >= 0x80) {
        this.pos = p;
        this.escapedTail(s.slice(i));
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** A JSON string literal (or null) inside a COPY column. */
  jsonString(s: string | null): void {
    if (s === null) {
      this.raw('null');
      return;
    }
    const n = s.length;
    this.ensure(n + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x5c || c === 0x22 || c >= 0x80) {
        // Back to the opening quote: the whole string is written again, escaped.
        this.pos = p - 1 - i;
        this.escapedTail(JSON.stringify(s));
        return;
      }
      b[p++] = c;
    }
    b[p++] = 0x22;
    this.pos = p;
  }

  private escapedTail(s: string): void {
    const escaped = s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
    this.ensure(Buffer.byteLength(escaped, 'utf8'));
    this.pos += this.buf.write(escaped, this.pos, 'utf8');
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n, this.nextSize));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
