import zlib from 'node:zlib';
import { ByteSink } from './byte-sink';
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

/**
 * Streams the decompressed bytes of a gzip file member by member. Node's gunzip refuses
 * trailing bytes after the last member, which real reporters send (padding, a second
 * signature), so members are inflated one at a time with a raw inflater and the gzip framing
 * (header, CRC-32, size) is checked here. Limits are enforced per output chunk.
 */
export async function* gunzipChunks(input: Buffer, ctx: GunzipContext, info: GunzipInfo = newInfo()): AsyncGenerator<Buffer> {
  const guard = new InflateGuard(ctx.limits, ctx.budget, input.length, ctx.label);
  let pos = 0;
  for (;;) {
    const header = readHeader(input, pos, ctx.label);
    if (info.members === 0) info.name = header.name;
    const inflater = zlib.createInflateRaw({ chunkSize: CHUNK });
    let crc = 0;
    let size = 0;
    try {
      inflater.end(input.subarray(header.dataStart));
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        guard.add(chunk.length);
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    } catch (err) {
      throw inflateError(err, ctx.label);
    } finally {
      inflater.destroy();
    }
    const trailer = header.dataStart + inflater.bytesWritten;
    if (trailer + 8 > input.length) {
      throw new IngestError('gzip.truncated', `${ctx.label}: gzip data is truncated (the CRC/size trailer is missing). The file was cut short; ask for it again.`);
    }
    if (input.readUInt32LE(trailer) !== crc >>> 0 || input.readUInt32LE(trailer + 4) !== size % 2 ** 32) {
      throw new IngestError('gzip.corrupt', `${ctx.label}: gzip data is corrupt (CRC-32 or size does not match the trailer).`);
    }
    info.members++;
    pos = trailer + 8;
    if (pos >= input.length) return;
    if (input[pos] !== 0x1f || input[pos + 1] !== 0x8b) {
      info.trailingBytes = input.length - pos;
      return;
    }
  }
}

export function newInfo(): GunzipInfo {
  return { name: null, trailingBytes: 0, members: 0 };
}

export async function gunzip(input: Buffer, ctx: GunzipContext): Promise<{ data: Buffer } & GunzipInfo> {
  const info = newInfo();
  const sink = new ByteSink(expectedSize(input, ctx));
  for await (const chunk of gunzipChunks(input, ctx, info)) sink.push(chunk);
  return { data: sink.result(), ...info };
}

/**
 * The gzip trailer's ISIZE (size mod 2^32 of the last member) is only a hint — it can lie,
 * and is meaningless after trailing bytes — so it merely sizes the first buffer, capped.
 */
function expectedSize(input: Buffer, ctx: GunzipContext): number {
  const hint = input.length >= 18 ? input.readUInt32LE(input.length - 4) : 0;
  const cap = Math.min(ctx.limits.maxDecompressedBytes - ctx.budget.used, 64 * input.length);
  return hint > 0 && hint <= cap ? hint : Math.min(cap, 8 * input.length);
}

function readHeader(b: Buffer, start: number, label: string): { dataStart: number; name: string | null } {
  const truncated = () =>
    new IngestError('gzip.truncated', `${label}: gzip header is truncated. The file was cut short; ask for it again.`);
  if (start + 10 > b.length) throw truncated();
  if (b[start] !== 0x1f || b[start + 1] !== 0x8b) {
    throw new IngestError('gzip.corrupt', `${label}: not gzip data (bad magic bytes).`);
  }
  if (b[start + 2] !== 8) {
    throw new IngestError('gzip.corrupt', `${label}: unsupported gzip compression method ${b[start + 2]} (only deflate exists).`);
  }
  const flags = b[start + 3];
  let p = start + 10;
  if (flags & FEXTRA) {
    if (p + 2 > b.length) throw truncated();
    p += 2 + b.readUInt16LE(p);
  }
  let name: string | null = null;
  if (flags & FNAME) {
    const end = b.indexOf(0, p);
    if (end === -1) throw truncated();
    name = b.toString('latin1', p, end) || null;
    p = end + 1;
  }
  if (flags & FCOMMENT) {
    const end = b.indexOf(0, p);
    if (end === -1) throw truncated();
    p = end + 1;
  }
  if (flags & FHCRC) p += 2;
  if (p > b.length) throw truncated();
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
