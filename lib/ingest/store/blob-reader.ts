import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * The original bytes of a stored blob (raw_blob.bytes is gzip), as a stream: a download of a
 * 100 MB report never holds it whole. `size` is raw_blob.size, what we recorded when storing:
 * more output than that means the row is not what we wrote, and the stream fails.
 */
export function blobStream(gz: Buffer, size: number): Readable {
  let seen = 0;
  const gunzip = createGunzip();
  const out = Readable.from(
    (async function* () {
      for await (const chunk of Readable.from([gz]).pipe(gunzip)) {
        seen += (chunk as Buffer).length;
        if (seen > size) throw new Error(`stored blob inflates beyond its recorded ${size} bytes`);
        yield chunk as Buffer;
      }
    })(),
    { objectMode: false },
  );
  return out;
}

/** The first `max` bytes of a stored blob (what a page shows of a huge report), and whether that is all of it. */
export async function blobPrefix(gz: Buffer, size: number, max: number): Promise<{ bytes: Buffer; complete: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  const stream = blobStream(gz, size);
  for await (const chunk of stream) {
    const c = chunk as Buffer;
    parts.push(length + c.length > max ? c.subarray(0, max - length) : c);
    length = Math.min(max, length + c.length);
    if (length >= max) {
      stream.destroy();
      break;
    }
  }
  return { bytes: Buffer.concat(parts), complete: length >= size };
}
