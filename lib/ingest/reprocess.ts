import { getPool, type IngestSource } from '@/lib/platform/db';
import type { ByteSource } from '@/lib/ingest/containers/byte-source';
import { Workspace } from '@/lib/ingest/containers/workspace';
import { collectsRecords, parseReport, reportEvents } from '@/lib/ingest/parse/parse-report';
import { toIngestError } from './errors';
import { loadLimits, type Limits } from './limits';
import { openBlob } from '@/lib/ingest/store/blob';
import { isInfrastructureError, reingestStored, type IngestOutcome } from './pipeline';
import { removeReport } from '@/lib/ingest/store/remove-report';
import { storeReport, type ReportSource } from '@/lib/ingest/store/store-report';
import { withTransaction } from '@/lib/ingest/store/transaction';

const PAGE = 200;

export interface ReprocessedInput {
  ingestFileId: bigint;
  name: string;
  previousStatus: string;
  outcome: IngestOutcome;
}

/**
 * `atlas reprocess --failed`: runs every failed or partly failed input again from its stored
 * bytes (after a parser fix or a raised limit), on its own ingest_file row (status, reason,
 * counters updated, one more attempt). Reports stored by an earlier attempt are duplicates
 * now, so running it again changes nothing.
 */
export async function reprocessFailed(onInput?: (r: ReprocessedInput) => void): Promise<ReprocessedInput[]> {
  const done: ReprocessedInput[] = [];
  let after = 0n;
  for (;;) {
    const page = await getPool().query<{ id: string; name: string; source: IngestSource; blob_id: string; mailbox_id: number | null; status: string }>(
      `SELECT id, name, source, blob_id, mailbox_id, status FROM ingest_file
       WHERE status IN ('failed', 'partial') AND id > $1 ORDER BY id LIMIT ${PAGE}`,
      [after.toString()],
    );
    for (const row of page.rows) {
      const id = BigInt(row.id);
      after = id;
      const workspace = new Workspace();
      let outcome: IngestOutcome;
      try {
        const bytes = await storedBytes(BigInt(row.blob_id), workspace);
        outcome = await reingestStored(id, { bytes, name: row.name, source: row.source, mailboxId: row.mailbox_id });
      } finally {
        await workspace.dispose();
      }
      const result = { ingestFileId: id, name: row.name, previousStatus: row.status, outcome };
      done.push(result);
      onInput?.(result);
    }
    if (page.rows.length < PAGE) return done;
  }
}

/**
 * One stored input run again from its bytes, on its own ingest_file row (the ingest log's
 * "re-process" button): the same as `reprocessFailed` for that input alone. Null when no
 * input has this id. The caller decides who may (lib/queries finds the input in a scope).
 */
export async function reprocessInput(ingestFileId: bigint): Promise<ReprocessedInput | null> {
  const { rows } = await getPool().query<{ name: string; source: IngestSource; blob_id: string; mailbox_id: number | null; status: string }>(
    'SELECT name, source, blob_id, mailbox_id, status FROM ingest_file WHERE id = $1',
    [ingestFileId.toString()],
  );
  const row = rows[0];
  if (!row) return null;
  const workspace = new Workspace();
  try {
    const bytes = await storedBytes(BigInt(row.blob_id), workspace);
    const outcome = await reingestStored(ingestFileId, { bytes, name: row.name, source: row.source, mailboxId: row.mailbox_id });
    return { ingestFileId, name: row.name, previousStatus: row.status, outcome };
  } finally {
    await workspace.dispose();
  }
}

export type ReparseOutcome = 'unchanged' | 'replaced' | 'rekeyed' | 'failed';

export interface ReparsedReport {
  reportRowId: bigint;
  outcome: ReparseOutcome;
  error?: string;
  errorCode?: string;
}

/**
 * `atlas reprocess --all`: parses every stored report's XML again with the current parser.
 * Unchanged content is a duplicate (nothing written); changed content replaces the report in
 * place (records and rollups swapped); a report whose dedupe key changed (e.g. a parser fix
 * in how ids are read) is stored under its new key and the old row removed. A report that no
 * longer parses is left as it is and reported.
 */
export async function reprocessAll(onReport?: (r: ReparsedReport) => void): Promise<ReparsedReport[]> {
  const limits = loadLimits();
  const done: ReparsedReport[] = [];
  let after = 0n;
  for (;;) {
    const page = await getPool().query<{ id: string; xml_blob_id: string; sha256: string }>(
      // Reports whose bytes retention dropped cannot be parsed again: they stay as they are.
      `SELECT r.id, r.xml_blob_id, b.sha256 FROM report r JOIN raw_blob b ON b.id = r.xml_blob_id
       WHERE r.id > $1 AND b.dropped_at IS NULL AND r.records_dropped_at IS NULL ORDER BY r.id LIMIT ${PAGE}`,
      [after.toString()],
    );
    for (const row of page.rows) {
      const id = BigInt(row.id);
      after = id;
      const result = await reparse(id, BigInt(row.xml_blob_id), row.sha256, limits);
      done.push(result);
      onReport?.(result);
    }
    if (page.rows.length < PAGE) return done;
  }
}

/**
 * A stored blob's original bytes, unpacked into the workspace (memory within its allowance,
 * else a scratch file): a large report is never held whole to be parsed again.
 */
async function storedBytes(blobId: bigint, workspace: Workspace): Promise<ByteSource> {
  return workspace.spool(await openBlob(getPool(), blobId));
}

async function reparse(id: bigint, blobId: bigint, sha256: string, limits: Limits): Promise<ReparsedReport> {
  const workspace = new Workspace();
  try {
    return await reparseFrom(id, await storedBytes(blobId, workspace), blobId, sha256, limits);
  } finally {
    await workspace.dispose();
  }
}

async function reparseFrom(id: bigint, xml: ByteSource, blobId: bigint, sha256: string, limits: Limits): Promise<ReparsedReport> {
  // The same choice of parser as every other caller (parse-report.ts).
  const open = async (): Promise<ReportSource> =>
    xml.buffer && collectsRecords(xml.size, limits)
      ? { kind: 'parsed', report: await parseReport(xml.buffer, limits) }
      : { kind: 'stream', events: (rows) => reportEvents(xml.stream(), limits, rows)[Symbol.asyncIterator]() };
  try {
    return await withTransaction(async (client) => {
      const stored = await storeReport(client, await open(), { sha256, blobId, blob: null }, { ingestFileId: null, trustSameBytes: false, reparse: true, actor: { label: 'atlas reprocess --all' } });
      if (stored.reportRowId !== id) {
        await removeReport(client, id);
        return { reportRowId: stored.reportRowId, outcome: 'rekeyed' as const };
      }
      return { reportRowId: id, outcome: stored.outcome === 'duplicate' ? ('unchanged' as const) : ('replaced' as const) };
    });
  } catch (err) {
    if (isInfrastructureError(err)) throw err;
    const e = toIngestError(err, 'store.failed', 'Re-parsing failed');
    return { reportRowId: id, outcome: 'failed', error: e.message, errorCode: e.code };
  }
}
