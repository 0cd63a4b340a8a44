import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ByteSink } from './byte-sink';
import { IngestError, toIngestError } from '@/lib/ingest/errors';
import { InflateGuard, type DecompressionBudget } from './inflate-guard';
import { LimitError, type Limits } from '@/lib/ingest/limits';

export interface UnzipContext {
  limits: Limits;
  budget: DecompressionBudget;
  label: string;
}

export type ZipEntryResult = { name: string; data: Buffer } | { name: string; error: IngestError };

/**
 * Extracts the files of a zip archive held in memory. Entry names are never used as paths on
 * disk, but a name that tries to leave the archive (`../`, absolute, drive letter) marks the
 * archive as hostile and that entry is refused. Sizes and ratios are checked per output chunk.
 * An entry that fails yields an error item; the entries before it are kept.
 */
export async function unzip(input: Buffer, ctx: UnzipContext): Promise<ZipEntryResult[]> {
  const zip = await openZip(input, ctx.label);
  try {
    if (zip.entryCount > ctx.limits.maxZipEntries) {
      throw new LimitError('maxZipEntries', ctx.limits.maxZipEntries, `${ctx.label} holds ${zip.entryCount} entries`);
    }
    const results: ZipEntryResult[] = [];
    for (;;) {
      const entry = await nextEntry(zip, ctx.label);
      if (!entry) return results;
      const name = entryName(entry);
      if (name.endsWith('/')) continue;
      const problem = unsafeName(name);
      if (problem) {
        results.push({
          name,
          error: new IngestError('zip.unsafe_path', `${ctx.label}: entry '${name}' is refused: ${problem}. A genuine report archive never does this.`),
        });
        continue;
      }
      try {
        results.push({ name, data: await readEntry(zip, entry, ctx, `${ctx.label} › ${name}`) });
      } catch (err) {
        const error = toIngestError(err, 'zip.corrupt', `${ctx.label} › ${name}: cannot extract`);
        results.push({ name, error });
        // The budget is shared by the whole input: after a limit, later entries cannot fit either.
        if (error instanceof LimitError) return results;
      }
    }
  } finally {
    zip.close();
  }
}

function openZip(input: Buffer, label: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false so that a bad entry name refuses that entry instead of aborting the
    // whole archive (yauzl's own check emits a fatal error); sizes are checked while reading.
    yauzl.fromBuffer(input, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false }, (err, zip) => {
      if (err || !zip) reject(new IngestError('zip.corrupt', `${label}: not a readable zip archive (${err?.message ?? 'unknown error'}).`, { cause: err }));
      else resolve(zip);
    });
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

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, ctx: UnzipContext, label: string): Promise<Buffer> {
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
  const stream = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s)));
  });
  const guard = new InflateGuard(ctx.limits, ctx.budget, entry.compressedSize, label);
  const sink = new ByteSink(entry.uncompressedSize);
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      guard.add(chunk.length);
      if (guard.bytes > entry.uncompressedSize) {
        throw new IngestError('zip.size_mismatch', `${label}: the entry inflates beyond its declared size of ${entry.uncompressedSize} bytes (a zip bomb or a corrupt archive); refused.`);
      }
      crc = zlib.crc32(chunk, crc);
      sink.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  if (guard.bytes !== entry.uncompressedSize) {
    throw new IngestError('zip.corrupt', `${label}: the entry is ${guard.bytes} bytes but declares ${entry.uncompressedSize}; the archive is corrupt.`);
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new IngestError('zip.corrupt', `${label}: CRC-32 mismatch; the archive is corrupt.`);
  }
  return sink.result();
}
