import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { Readable } from 'node:stream';
import { createGunzip, createGzip, gzip, gzipSync } from 'node:zlib';
import type pg from 'pg';
import { reusedChunks } from '@/lib/ingest/containers/byte-source';

const gzipAsync = promisify(gzip);

/** Above this, compress for speed (level 3 is ~2.5× faster than 6 here) rather than size. */
const FAST_LEVEL_ABOVE = 4 * 1024 * 1024;
/** Up to this size a blob is compressed synchronously. */
const SYNC_GZIP_MAX = 64 * 1024;
/** Below this a blob is sent with its insert in one statement, even when it may exist. */
export const INLINE_INSERT_MAX = 256 * 1024;

/** Bytes to be kept as a raw_blob: identified by sha256, compressed only when stored. */
export interface BlobSource {
  sha256: string;
  size: number;
  compressed(): Promise<Buffer>;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function levelFor(size: number): number {
  return size > FAST_LEVEL_ABOVE ? 3 : 6;
}

export function blobFromBytes(bytes: Buffer, sha256 = sha256Hex(bytes)): BlobSource {
  let gz: Promise<Buffer> | null = null;
  return {
    sha256,
    size: bytes.length,
    // zlib's async API runs on the thread pool, so the event loop keeps parsing meanwhile; for
    // small inputs its per-call set-up costs more than compressing on the spot.
    compressed: () => (gz ??= bytes.length <= SYNC_GZIP_MAX ? Promise.resolve(gzipSmall(bytes)) : gzipAsync(bytes, { level: levelFor(bytes.length) })),
  };
}

/**
 * gzip level 6 with a window just large enough for the input: zlib's set-up of the default
 * 32 KB window (and its clearing) cost ~3× the compression of a small report (120 vs 40 µs
 * for 3 KB). A window covering the whole input plus zlib's lookahead finds exactly the
 * matches the default one finds, so the bytes are the same (tests/unit/ingest/blob-gzip.test.ts).
 */
export function gzipSmall(bytes: Buffer): Buffer {
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(bytes.length + 262))));
  return gzipSync(bytes, { level: 6, windowBits });
}

/** A file too large to hold twice: hashed now in one streaming pass, compressed in another if needed. */
export async function blobFromFile(path: string, size: number): Promise<BlobSource> {
  const hash = createHash('sha256');
  for await (const chunk of reusedChunks(path)) hash.update(chunk);
  const sha256 = hash.digest('hex');
  return {
    sha256,
    size,
    compressed: () => gzipStream(reusedChunks(path), levelFor(size)),
  };
}

/**
 * Bytes that are never held whole (a large report inflated from its container): hashed while
 * the input was unwrapped, compressed from a fresh read when stored.
 */
export function blobFromStream(sha256: string, size: number, open: () => AsyncIterable<Buffer>): BlobSource {
  return { sha256, size, compressed: () => gzipStream(open(), levelFor(size)) };
}

async function gzipStream(chunks: AsyncIterable<Buffer>, level: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  const z = createGzip({ level });
  const done = (async () => {
    for await (const chunk of z) parts.push(chunk as Buffer);
  })();
  done.catch(() => undefined); // observed below; a failed write may throw first
  for await (const chunk of chunks) {
    // The write's callback runs once zlib has consumed the chunk: a reader that reuses its
    // buffer (reusedChunks) may refill it only then.
    await new Promise<void>((resolve, reject) => z.write(chunk, (err) => (err ? reject(err) : resolve())));
  }
  z.end();
  await done;
  return Buffer.concat(parts);
}

/**
 * Large blobs are compressed while the rest of the input is processed (zlib works on the
 * thread pool): the row is inserted at once with its sha256 and empty bytes — so reports can
 * reference it — and completed by `flush` before the transaction commits. Nobody else can
 * see the row before then.
 */
export class PendingBlobs {
  private readonly jobs: Array<{ id: bigint; gz: Promise<Buffer> }> = [];

  add(id: bigint, gz: Promise<Buffer>): void {
    gz.catch(() => undefined); // observed in flush; avoids an unhandled rejection meanwhile
    this.jobs.push({ id, gz });
  }

  async flush(client: pg.ClientBase): Promise<void> {
    while (this.jobs.length > 0) {
      const job = this.jobs.shift() as { id: bigint; gz: Promise<Buffer> };
      const gz = await job.gz;
      // A row whose report was rolled back (a duplicate, a failure) is simply gone: no-op.
      await client.query('UPDATE raw_blob SET bytes = $2, compressed_size = $3 WHERE id = $1', [job.id.toString(), gz, gz.length]);
    }
  }
}

/**
 * The raw_blob id for these bytes, inserting them when no blob has this sha256 yet: every
 * input and every report XML is stored once however often it is ingested. Safe against a
 * concurrent insert of the same bytes (unique sha256, ON CONFLICT DO NOTHING, re-read).
 */
export async function storeBlob(client: pg.ClientBase, blob: BlobSource, pending?: PendingBlobs): Promise<bigint> {
  const select = () => client.query<{ id: string }>('SELECT id FROM raw_blob WHERE sha256 = $1 AND dropped_at IS NULL', [blob.sha256]);
  if (blob.size > INLINE_INSERT_MAX) {
    const found = await select();
    if (found.rows[0]) return BigInt(found.rows[0].id);
  }
  const deferred = pending !== undefined && blob.size > FAST_LEVEL_ABOVE;
  const gz = deferred ? Buffer.alloc(0) : await blob.compressed();
  const inserted = await client.query<{ id: string; inserted: boolean }>(
    `WITH ins AS (
       INSERT INTO raw_blob (sha256, size, compressed_size, bytes) VALUES ($1, $2, $3, $4)
       -- Bytes dropped by retention are stored again when they arrive again.
       ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes, compressed_size = excluded.compressed_size, dropped_at = NULL
         WHERE raw_blob.dropped_at IS NOT NULL
       RETURNING id
     )
     SELECT id, true AS inserted FROM ins UNION ALL SELECT id, false FROM raw_blob WHERE sha256 = $1`,
    [blob.sha256, blob.size, gz.length, gz],
  );
  // Empty only when another transaction committed the same bytes after this statement began.
  const row = inserted.rows[0] ?? { ...(await select()).rows[0], inserted: false };
  if (row.id === undefined) throw new Error(`raw_blob ${blob.sha256} vanished while being stored`);
  const id = BigInt(row.id);
  if (deferred && row.inserted) pending.add(id, blob.compressed());
  return id;
}

/** The original bytes of a stored blob, inflated as they are read (the caller decides where they go). */
export async function openBlob(client: pg.ClientBase | pg.Pool, id: bigint): Promise<AsyncIterable<Buffer>> {
  const res = await client.query<{ bytes: Buffer }>('SELECT bytes FROM raw_blob WHERE id = $1', [id.toString()]);
  const row = res.rows[0];
  if (!row) throw new Error(`raw_blob ${id} does not exist`);
  return Readable.from([row.bytes]).pipe(createGunzip());
}
