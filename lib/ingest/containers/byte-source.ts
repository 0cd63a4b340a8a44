import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/**
 * Bytes that can be read more than once, from the start or from any offset: an input held in
 * memory, or a file (an input on disk, an upload spooled to disk, a container inflated to a
 * scratch file). Containers read through it so that nothing needs the whole input in memory:
 * gzip reads its header and trailer by offset and streams the middle, yauzl opens a file by
 * path, plain XML streams from disk.
 */
export interface ByteSource {
  readonly size: number;
  /** The bytes themselves when they are in memory (a view, never a copy). */
  readonly buffer: Buffer | null;
  /** The file holding the bytes when they are on disk. */
  readonly path: string | null;
  /** Up to `length` bytes from `start` (fewer at the end). */
  read(start: number, length: number): Promise<Buffer>;
  /** The bytes from `start` (inclusive) to `end` (exclusive), in chunks. */
  stream(start?: number, end?: number): AsyncIterable<Buffer>;
  /**
   * All the bytes in chunks that are valid only until the next one is asked for (a file is read
   * through one reused buffer): for readers that copy whatever they keep, such as the
   * streaming parser and hashing.
   */
  transientChunks(): AsyncIterable<Buffer>;
}

const FILE_CHUNK = 1 << 20;
const BUFFER_SLICE = 1 << 20;

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    buffer,
    path: null,
    read: async (start, length) => buffer.subarray(start, Math.min(buffer.length, start + length)),
    async *stream(start = 0, end = buffer.length) {
      for (let i = start; i < end; i += BUFFER_SLICE) yield buffer.subarray(i, Math.min(end, i + BUFFER_SLICE));
    },
    transientChunks() {
      return this.stream();
    },
  };
}

export async function fileSource(path: string): Promise<ByteSource> {
  const { size } = await stat(path);
  return fileSourceOfSize(path, size);
}

export function fileSourceOfSize(path: string, size: number): ByteSource {
  return {
    size,
    buffer: null,
    path,
    async read(start, length) {
      const handle = await open(path, 'r');
      try {
        const out = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
        const { bytesRead } = await handle.read(out, 0, out.length, start);
        return out.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    stream(start = 0, end = size) {
      // createReadStream's end is inclusive; an empty range must not read the first byte.
      if (end <= start) return (async function* () {})();
      return createReadStream(path, { start, end: end - 1, highWaterMark: FILE_CHUNK }) as AsyncIterable<Buffer>;
    },
    transientChunks: () => reusedChunks(path),
  };
}

/**
 * A file's bytes through one buffer, reused for every chunk: each chunk is valid only until the
 * next is asked for. Reading a large file into a fresh buffer per chunk (createReadStream) made
 * the kernel map new pages for every megabyte (measured on a 325 MB report: 0.25 s of CPU
 * against 0.05 s), and the hundreds of megabytes of buffers made V8 run a full collection
 * every ~64 MB of them.
 */
export async function* reusedChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(FILE_CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, FILE_CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** The whole source in memory (for the few readers that need it: mail, mbox). */
export async function readAll(source: ByteSource): Promise<Buffer> {
  if (source.buffer) return source.buffer;
  const out = Buffer.allocUnsafe(source.size);
  let at = 0;
  for await (const chunk of source.stream()) {
    chunk.copy(out, at);
    at += chunk.length;
  }
  return out.subarray(0, at);
}
