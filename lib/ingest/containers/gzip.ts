import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { bufferSource, type ByteSource } from './byte-source';
import { IngestError } from '@/lib/ingest/errors';
import { InflateGuard, type DecompressionBudget } from './inflate-guard';
import type { Limits } from '@/lib/ingest/limits';

export interface GunzipContext {
  limits: Limits;
  budget: DecompressionBudget;
  /** Where the data comes from, for error messages ("mail.eml › report.xml.gz"). */
  label: string;
}

/** Facts learnt while decompressing, filled in as the stream is consumed. */
export interface GunzipInfo {
  /** FNAME of the first member, when the compressor recorded one. */
  name: string | null;
  /** Bytes after the last gzip member that are not another member (ignored, as gzip(1) does). */
  trailingBytes: number;
  members: number;
}

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const CHUNK = 64 * 1024;
/** A member header (with its file name and comment) must fit in this many bytes. */
const HEADER_MAX = 64 * 1024;

/**
 * Streams the decompressed bytes of a gzip file member by member, never holding more than a
 * chunk: the compressed bytes are read from `source` as the inflater needs them and each
 * output chunk is counted against the limits before it is passed on. Node's gunzip refuses
 * trailing bytes after the last member, which real reporters send (padding, a second
 * signature), so members are inflated one at a time with a raw inflater and the gzip framing
 * (header, CRC-32, size) is checked here.
 */
export async function* gunzipChunks(input: ByteSource | Buffer, ctx: GunzipContext, info: GunzipInfo = newInfo()): AsyncGenerator<Buffer> {
  const source = Buffer.isBuffer(input) ? bufferSource(input) : input;
  const guard = new InflateGuard(ctx.limits, ctx.budget, source.size, ctx.label);
  let pos = 0;
  for (;;) {
    const header = readHeader(await source.read(pos, HEADER_MAX), source.size - pos, ctx.label);
    if (info.members === 0) info.name = header.name;
    const dataStart = pos + header.dataStart;
    const inflater = zlib.createInflateRaw({ chunkSize: CHUNK });
    const compressed = Readable.from(source.stream(dataStart));
    compressed.on('error', (err) => inflater.destroy(err));
    compressed.pipe(inflater);
    let crc = 0;
    let size = 0;
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        guard.add(chunk.length);
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    } catch (err) {
      throw inflateError(err, ctx.label);
    } finally {
      compressed.unpipe(inflater);
      compressed.destroy();
      inflater.destroy();
    }
    const trailerAt = dataStart + inflater.bytesWritten;
    const trailer = await source.read(trailerAt, 10);
    if (trailer.length < 8) {
      throw new IngestError('gzip.truncated', `${ctx.label}: gzip data is truncated (the CRC/size trailer is missing). The file was cut short; ask for it again.`);
    }
    if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== size % 2 ** 32) {
      throw new IngestError('gzip.corrupt', `${ctx.label}: gzip data is corrupt (CRC-32 or size does not match the trailer).`);
    }
    info.members++;
    pos = trailerAt + 8;
    if (pos >= source.size) return;
    if (trailer.length < 10 || trailer[8] !== 0x1f || trailer[9] !== 0x8b) {
      info.trailingBytes = source.size - pos;
      return;
    }
  }
}

export function newInfo(): GunzipInfo {
  return { name: null, trailingBytes: 0, members: 0 };
}

/** The FNAME of the first member, read from the header alone (no inflating). */
export async function gzipName(source: ByteSource, label: string): Promise<string | null> {
  return readHeader(await source.read(0, HEADER_MAX), source.size, label).name;
}

/** `head` holds the first bytes of a member; `available` how many bytes the file has from there. */
function readHeader(b: Buffer, available: number, label: string): { dataStart: number; name: string | null } {
  const truncated = () =>
    new IngestError('gzip.truncated', `${label}: gzip header is truncated. The file was cut short; ask for it again.`);
  const tooLong = () => new IngestError('gzip.corrupt', `${label}: gzip header is longer than ${HEADER_MAX} bytes (a file name or comment that long is not a report).`);
  const cut = () => (b.length < available ? tooLong() : truncated());
  if (b.length < 10) throw truncated();
  if (b[0] !== 0x1f || b[1] !== 0x8b) {
    throw new IngestError('gzip.corrupt', `${label}: not gzip data (bad magic bytes).`);
  }
  if (b[2] !== 8) {
    throw new IngestError('gzip.corrupt', `${label}: unsupported gzip compression method ${b[2]} (only deflate exists).`);
  }
  const flags = b[3];
  let p = 10;
  if (flags & FEXTRA) {
    if (p + 2 > b.length) throw cut();
    p += 2 + b.readUInt16LE(p);
  }
  let name: string | null = null;
  if (flags & FNAME) {
    const end = b.indexOf(0, p);
    if (end === -1) throw cut();
    name = b.toString('latin1', p, end) || null;
    p = end + 1;
  }
  if (flags & FCOMMENT) {
    const end = b.indexOf(0, p);
    if (end === -1) throw cut();
    p = end + 1;
  }
  if (flags & FHCRC) p += 2;
  if (p > b.length) throw cut();
  return { dataStart: p, name };
}

function inflateError(err: unknown, label: string): IngestError {
  if (err instanceof IngestError) return err;
  const code = (err as { code?: string }).code;
  const msg = err instanceof Error ? err.message : String(err);
  if (code === 'Z_BUF_ERROR') {
    return new IngestError('gzip.truncated', `${label}: gzip data is truncated (${msg}). The file was cut short; ask for it again.`, { cause: err });
  }
  return new IngestError('gzip.corrupt', `${label}: gzip data is corrupt (${msg}).`, { cause: err });
}
