import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { ByteSource } from './byte-source';
import { IngestError } from '@/lib/ingest/errors';
import { InflateGuard, type DecompressionBudget } from './inflate-guard';
import { LimitError, type Limits } from '@/lib/ingest/limits';

export interface UnzipContext {
  limits: Limits;
  budget: DecompressionBudget;
  label: string;
}

/** An entry as the central directory describes it; nothing is inflated yet. */
export interface ZipEntryInfo {
  /** Position in the archive, to open the entry again later. */
  index: number;
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export type ZipListItem = ZipEntryInfo | { name: string; error: IngestError };

/**
 * The files of a zip archive, from its central directory. Entry names are never used as
 * paths on disk, but a name that tries to leave the archive (`../`, absolute, drive letter)
 * marks the entry as hostile and it is refused; every entry is listed, refused or not.
 */
export async function listZip(source: ByteSource, ctx: Pick<UnzipContext, 'limits' | 'label'>): Promise<ZipListItem[]> {
  const zip = await openZip(source, ctx.label);
  try {
    if (zip.entryCount > ctx.limits.maxZipEntries) {
      throw new LimitError('maxZipEntries', ctx.limits.maxZipEntries, `${ctx.label} holds ${zip.entryCount} entries`);
    }
    const items: ZipListItem[] = [];
    for (let index = 0; ; index++) {
      const entry = await nextEntry(zip, ctx.label);
      if (!entry) return items;
      const name = entryName(entry);
      if (name.endsWith('/')) continue;
      const problem = unsafeName(name);
      if (problem) {
        items.push({ name, error: new IngestError('zip.unsafe_path', `${ctx.label}: entry '${name}' is refused: ${problem}. A genuine report archive never does this.`) });
        continue;
      }
      items.push({ index, name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize });
    }
  } finally {
    zip.close();
  }
}

/**
 * The inflated bytes of one entry, streamed: the archive is opened again (from memory or its
 * file) so the entry can be read as often as needed without holding it. Sizes, ratio and the
 * shared budget are checked per output chunk, the CRC-32 and declared size at the end.
 */
export async function* zipEntryChunks(source: ByteSource, info: ZipEntryInfo, ctx: UnzipContext): AsyncGenerator<Buffer> {
  const label = ctx.label;
  const zip = await openZip(source, label);
  let stream: Readable | null = null;
  try {
    let entry: yauzl.Entry | null = null;
    for (let i = 0; i <= info.index; i++) entry = await nextEntry(zip, label);
    if (!entry) throw new IngestError('zip.corrupt', `${label}: the entry is no longer in the archive.`);
    checkEntry(entry, ctx);
    stream = await new Promise<Readable>((resolve, reject) => {
      zip.openReadStream(entry as yauzl.Entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s)));
    });
    const guard = new InflateGuard(ctx.limits, ctx.budget, entry.compressedSize, label);
    let crc = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      guard.add(chunk.length);
      if (guard.bytes > entry.uncompressedSize) {
        throw new IngestError('zip.size_mismatch', `${label}: the entry inflates beyond its declared size of ${entry.uncompressedSize} bytes (a zip bomb or a corrupt archive); refused.`);
      }
      crc = zlib.crc32(chunk, crc);
      yield chunk;
    }
    if (guard.bytes !== entry.uncompressedSize) {
      throw new IngestError('zip.corrupt', `${label}: the entry is ${guard.bytes} bytes but declares ${entry.uncompressedSize}; the archive is corrupt.`);
    }
    if (crc >>> 0 !== entry.crc32 >>> 0) {
      throw new IngestError('zip.corrupt', `${label}: CRC-32 mismatch; the archive is corrupt.`);
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError('zip.corrupt', `${label}: cannot extract (${err instanceof Error ? err.message : String(err)}).`, { cause: err });
  } finally {
    stream?.destroy();
    zip.close();
  }
}

function checkEntry(entry: yauzl.Entry, ctx: UnzipContext): void {
  const label = ctx.label;
  if (entry.isEncrypted()) {
    throw new IngestError('zip.encrypted', `${label}: the entry is encrypted; send the report without a password.`);
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new IngestError('zip.unsupported', `${label}: compression method ${entry.compressionMethod} is not supported (only stored and deflate); re-create the archive with deflate.`);
  }
  // The central directory declares each size; an honest bomb is refused before inflating it,
  // a lying one as soon as it inflates past what it declared.
  if (entry.uncompressedSize > ctx.limits.maxDecompressedBytes - ctx.budget.used) {
    throw new LimitError('maxDecompressedBytes', ctx.limits.maxDecompressedBytes, `${label} declares ${entry.uncompressedSize} bytes uncompressed`);
  }
  if (entry.uncompressedSize > ctx.limits.maxDecompressionRatio * Math.max(entry.compressedSize, 1)) {
    throw new LimitError(
      'maxDecompressionRatio',
      ctx.limits.maxDecompressionRatio,
      `${label} declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed (a compression bomb?)`,
    );
  }
}

function openZip(source: ByteSource, label: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false so that a bad entry name refuses that entry instead of aborting the
    // whole archive (yauzl's own check emits a fatal error); sizes are checked while reading.
    const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false };
    const done = (err: Error | null, zip?: yauzl.ZipFile) => {
      if (err || !zip) reject(new IngestError('zip.corrupt', `${label}: not a readable zip archive (${err?.message ?? 'unknown error'}).`, { cause: err }));
      else resolve(zip);
    };
    if (source.buffer) yauzl.fromBuffer(source.buffer, options, done);
    else if (source.path) yauzl.open(source.path, options, done);
    else reject(new Error('a zip source must be in memory or in a file'));
  });
}

function nextEntry(zip: yauzl.ZipFile, label: string): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => { cleanup(); resolve(entry); };
    const onEnd = () => { cleanup(); resolve(null); };
    const onError = (err: Error) => {
      cleanup();
      reject(new IngestError('zip.corrupt', `${label}: corrupt zip archive (${err.message}).`, { cause: err }));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function entryName(entry: yauzl.Entry): string {
  // With decodeStrings: false yauzl leaves the raw bytes in fileName.
  const raw = entry.fileName as unknown as Buffer;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

function unsafeName(name: string): string | null {
  if (name.includes('\0')) return 'its name contains a NUL byte';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'it has an absolute path';
  if (name.split('/').includes('..')) return 'its path climbs out of the archive (..)';
  return null;
}
