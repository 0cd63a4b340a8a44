import { isAscii } from 'node:buffer';
import type { XmlDecoder } from './xml-guard';

/**
 * UTF-8 decoding with a fast path for chunks that are pure ASCII (nearly every byte of a
 * DMARC report): `isAscii` (SIMD) and a latin1 copy cost a fraction of TextDecoder, which was
 * ~7 % of a large report's parse in the profile (docs/performance.md, "Write path"). The
 * text is identical either way: a chunk takes the fast path only when it is ASCII and the
 * decoder holds no partial sequence from the chunk before (that chunk was ASCII too).
 */
export class AsciiFastDecoder implements XmlDecoder {
  private inner: TextDecoder | null = null;
  /** The inner decoder may hold the start of a multi-byte sequence. */
  private dirty = false;
  /** Text was produced already: a BOM from here on is content, not a stream start to strip. */
  private started = false;

  /** Nothing is held back: the next byte starts a character. */
  get idle(): boolean {
    return !this.dirty;
  }

  decode(bytes: Uint8Array, options?: { stream?: boolean }): string {
    if (!this.dirty && isAscii(bytes)) {
      this.started ||= bytes.length > 0;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    }
    // TextDecoder strips a BOM at the start of its stream; it is not at the start of ours
    // once the fast path produced text, so it must then stay (as one TextDecoder keeps it).
    this.inner ??= new TextDecoder('utf-8', { ignoreBOM: this.started });
    const text = this.inner.decode(bytes, options);
    this.started ||= bytes.length > 0;
    // Any ASCII byte after a partial sequence ends it, so after an ASCII-ending chunk nothing is pending.
    this.dirty = options?.stream === true && bytes.length > 0 && bytes[bytes.length - 1] >= 0x80;
    if (!options?.stream) this.inner = null;
    return text;
  }
}
